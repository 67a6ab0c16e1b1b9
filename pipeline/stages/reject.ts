/**
 * reject: undo the repairs an editor rejected, after every other stage.
 *
 * `<name>.corrections.yaml` may hold, beside appendix corrections,
 *
 *   corrections:
 *     - reject: {rule: dehyphenate:join, position: {line: 15, column: 125}}
 *       note: the author hyphenates this name
 *
 * (the review page writes these). Each names one recorded change by its rule
 * and the start of its source position. The change is undone where its words
 * now are (the smallest block holding that position, the occurrence of its
 * replacement nearest to where the source puts it), its record is removed
 * from the ledger (the repair did not happen) and an info message
 * `corrections:reject` says so. A line-end hyphenation rejected keeps its
 * hyphen (`Arme-nian`), as the line join prints any hyphen it keeps.
 *
 * A reject that names no recorded change, or a change of a rule that cannot
 * be undone here (structural ones: split headings, removed page furniture),
 * fails the document with a one-line reason: a decision is never ignored.
 *
 * Why one stage after the others rather than a check in each stage: the
 * decisions are the editor's, about the finished text; undoing them in one
 * place keeps every stage free of it and works the same for every rule whose
 * change is a replacement of words.
 */
import type {Root} from 'mdast'
import type {Plugin} from 'unified'
import type {Point, Position} from 'unist'
import type {VFile} from 'vfile'
import type {ReprintMessage} from '../messages.js'
import type {Appendix, DateMention} from '../types.js'

export interface RejectOptions {
  /** Turn the stage off (decisions in the corrections file are then ignored). Default true. */
  enabled?: boolean
}

/** One rejected repair in the corrections file. */
export interface Rejection {
  reject: {rule: string; position: {line: number; column?: number}}
  note?: string
}

/** Rules whose changes replace words, and so can be undone here. */
export const REJECTABLE_RULES = new Set([
  'dehyphenate:join',
  'dehyphenate:range',
  'dehyphenate:restore',
  'repair-edges:repair',
  'typography:apostrophe',
  'typography:quotes',
  'typography:range',
  'typography:spaces',
  'typography:dash',
  'typography:ellipsis',
  'ingest:ligature',
  'headings:spaces',
  'headings:title-case',
  'dates:style',
  'appendices:month-case'
])

/** A rule can be rejected when it is listed, or when it is one of the typography rules (all replace characters). */
export function isRejectable(rule: string): boolean {
  return REJECTABLE_RULES.has(rule) || rule.startsWith('typography:')
}

export const reject: Plugin<[RejectOptions?], Root> = function (options = {}) {
  return (tree: Root, file: VFile) => {
    if (options.enabled === false) return
    const list = (file.data as {corrections?: {corrections?: unknown[]}}).corrections?.corrections ?? []
    list.forEach((item, index) => {
      if (!item || typeof item !== 'object' || !('reject' in item)) return
      const {rule, position} = (item as Rejection).reject
      const where = `${position.line}${position.column !== undefined ? `:${position.column}` : ''}`
      const name = `corrections: correction ${index + 1} (reject ${rule} at ${where})`
      const messages = file.messages as ReprintMessage[]
      const at = messages.findIndex((m) => m.change === true && m.ruleId === rule && samePoint(start(m.place), position))
      if (at === -1) throw new Error(`${name} matches no recorded change`)
      if (!isRejectable(rule)) throw new Error(`${name}: ${rule} changes the structure and cannot be rejected`)
      const message = messages[at]!
      undo(tree, message, rule, name)
      messages.splice(at, 1)
      const info = file.info(`Rejected by the editor: “${message.replacement ?? ''}” kept as “${message.original ?? ''}”`, {
        place: message.place,
        ruleId: 'corrections:reject',
        source: 'reprint'
      }) as ReprintMessage
      info.evidence = (item as Rejection).note ?? 'corrections file'
    })
  }
}

function start(place: Position | Point | undefined): Point | undefined {
  if (!place) return undefined
  return 'start' in place ? place.start : place
}

function samePoint(point: Point | undefined, wanted: {line: number; column?: number}): boolean {
  return point !== undefined && point.line === wanted.line && (wanted.column === undefined || point.column === wanted.column)
}

/** The original as it reads inline: a line break after a hyphen joins, any other reads as a space. */
export function inlineOriginal(original: string): string {
  return original.replace(/-\n\s*/g, '-').replace(/\s*\n\s*/g, ' ')
}

interface Holder {
  node: {value: string}
  date?: DateMention
}

function undo(tree: Root, message: ReprintMessage, rule: string, name: string): void {
  const point = start(message.place)!
  const original = message.original ?? ''
  const replacement = message.replacement ?? ''
  if (rule === 'dates:style') {
    const date = findDate(tree, point)
    if (!date) throw new Error(`${name}: the date is no longer in the document`)
    date.kept = true
    return
  }
  if (rule === 'appendices:month-case') {
    for (const node of tree.children) {
      if (node.type !== 'appendix') continue
      const entry = (node as Appendix).entries.find((e) => e.position?.start.line === point.line && e.dateText === replacement)
      if (entry) {
        entry.dateText = original
        return
      }
    }
    throw new Error(`${name}: no chronology entry “${replacement}” on that line`)
  }
  const block = smallestBlock(tree, point)
  if (!block) throw new Error(`${name}: no block of the document holds that position`)
  // The stages keep a text node per source line: a repaired word may straddle two.
  mergeText(block)
  const holders: Holder[] = []
  collectText(block, holders)
  // The occurrence nearest to the change's place in the block (one text node; offsets in the block's text).
  let flat = 0
  let best: {holder: Holder; at: number} | undefined
  let bestDistance = Infinity
  const expected = block.position ? offsetGuess(block.position.start, point) : 0
  for (const holder of holders) {
    const value = holder.node.value
    for (let at = value.indexOf(replacement); replacement && at !== -1; at = value.indexOf(replacement, at + 1)) {
      const distance = Math.abs(flat + at - expected)
      if (distance < bestDistance) {
        best = {holder, at}
        bestDistance = distance
      }
    }
    flat += value.length
  }
  if (!best) throw new Error(`${name}: “${replacement}” is no longer where the change put it`)
  const {holder, at} = best
  holder.node.value = holder.node.value.slice(0, at) + inlineOriginal(original) + holder.node.value.slice(at + replacement.length)
  // A date whose printed words changed is printed as they now read.
  if (holder.date) holder.date.kept = true
}

/** A rough count of characters from a block's start to a point (columns on one line; ~70 a line otherwise). */
function offsetGuess(from: Point, to: Point): number {
  return to.line === from.line ? Math.max(0, to.column - from.column) : (to.line - from.line) * 70 + to.column
}

type AnyNode = {type: string; position?: Position; children?: AnyNode[]; value?: string}

function contains(position: Position | undefined, point: Point): boolean {
  if (!position) return false
  const {start: s, end: e} = position
  const afterStart = point.line > s.line || (point.line === s.line && point.column >= s.column)
  const beforeEnd = point.line < e.line || (point.line === e.line && point.column <= e.column)
  return afterStart && beforeEnd
}

/** The innermost node with children whose position holds `point`. */
function smallestBlock(tree: Root, point: Point): AnyNode | undefined {
  let found: AnyNode | undefined
  const walk = (node: AnyNode) => {
    for (const child of node.children ?? []) {
      if (!child.children || child.type === 'appendix') continue
      if (contains(child.position, point)) {
        found = child
        walk(child)
        return
      }
    }
  }
  walk(tree as unknown as AnyNode)
  return found
}

function mergeText(node: AnyNode): void {
  if (!node.children) return
  const out: AnyNode[] = []
  for (const child of node.children) {
    const last = out.at(-1)
    if (child.type === 'text' && last?.type === 'text') {
      last.value = (last.value ?? '') + (child.value ?? '')
      if (last.position && child.position) last.position = {start: last.position.start, end: child.position.end}
    } else {
      mergeText(child)
      out.push(child)
    }
  }
  node.children = out
}

function collectText(node: AnyNode, out: Holder[]): void {
  for (const child of node.children ?? []) {
    if (child.type === 'text' && typeof child.value === 'string') out.push({node: child as {value: string}})
    else if (child.type === 'date') out.push({node: child as unknown as {value: string}, date: child as unknown as DateMention})
    else if (child.children) collectText(child, out)
  }
}

function findDate(tree: Root, point: Point): DateMention | undefined {
  let found: DateMention | undefined
  const walk = (node: AnyNode) => {
    for (const child of node.children ?? []) {
      if (found) return
      if (child.type === 'date' && child.position && child.position.start.line === point.line && child.position.start.column === point.column) found = child as unknown as DateMention
      else if (child.children) walk(child)
    }
  }
  walk(tree as unknown as AnyNode)
  return found
}
