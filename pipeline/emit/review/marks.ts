/**
 * Put every recorded change (and warning) of a document into the document's
 * hast as a `<mark>`, for the review page.
 *
 * A change knows its source position, not where its words ended up: the
 * blocks do (remark-rehype keeps their positions). So each change goes to the
 * smallest block whose source range holds its start, and inside the block to
 * the occurrence of its replacement text nearest to where the source position
 * says it should be (the characters from the block's start to the change,
 * counted in the source). A change whose words are not in the block (a
 * removal, a structural change, text an emitter prints differently) gets an
 * empty mark at the block's start, so every change has a place on the page.
 */
import type {Element, ElementContent, Root as HastRoot, Text} from 'hast'

export interface MarkTarget {
  /** Index of the change in the page's list; the mark's id is `c-<index>`. */
  index: number
  rule: string
  severity: 'info' | 'warning'
  line: number
  column: number
  /** The text after the change, as it should appear in the document. */
  replacement: string
}

const BLOCKS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'tr', 'blockquote', 'pre', 'table'])
/** Containers whose own children cannot hold a mark: an empty mark goes into their first cell or item. */
const CONTAINERS = new Set(['table', 'thead', 'tbody', 'tr', 'ul', 'ol'])

interface Block {
  node: Element
  startLine: number
  startColumn: number
  endLine: number
  endColumn: number
  /** Text nodes in reading order with their offsets in the block's text; built when first needed. */
  segments?: {node: Text; parent: Element; start: number}[]
  flat?: string
  taken?: [number, number][]
}

/** Adds marks to `root` in place; returns how many landed on their words (the rest are empty marks). */
export function addMarks(root: HastRoot, targets: MarkTarget[], sourceLines: string[]): number {
  const blocks: Block[] = []
  collectBlocks(root, blocks)
  if (blocks.length === 0) return 0
  // Blocks by start, for the fallback (the last block starting before the change).
  const byStart = [...blocks].sort((a, b) => a.startLine - b.startLine || a.startColumn - b.startColumn)
  const inText: {block: Block; target: MarkTarget; start: number; end: number}[] = []
  const empty: {block: Block; target: MarkTarget}[] = []
  for (const target of targets) {
    const block = findBlock(blocks, byStart, target.line, target.column)
    const found = target.replacement.trim() ? findOccurrence(block, target, sourceLines) : undefined
    if (found) inText.push({block, target, ...found})
    else empty.push({block, target})
  }
  // Split text nodes from the end so that earlier offsets stay valid.
  const bySegment = new Map<Text, {parent: Element; pieces: {start: number; end: number; target: MarkTarget}[]}>()
  for (const hit of inText) {
    const segment = hit.block.segments!.findLast((s) => s.start <= hit.start)!
    const entry = bySegment.get(segment.node) ?? {parent: segment.parent, pieces: []}
    entry.pieces.push({start: hit.start - segment.start, end: hit.end - segment.start, target: hit.target})
    bySegment.set(segment.node, entry)
  }
  for (const [node, {parent, pieces}] of bySegment) {
    pieces.sort((a, b) => a.start - b.start)
    const out: ElementContent[] = []
    let at = 0
    for (const piece of pieces) {
      if (piece.start > at) out.push({type: 'text', value: node.value.slice(at, piece.start)})
      out.push(mark(piece.target, [{type: 'text', value: node.value.slice(piece.start, piece.end)}]))
      at = piece.end
    }
    if (at < node.value.length) out.push({type: 'text', value: node.value.slice(at)})
    const index = parent.children.indexOf(node)
    parent.children.splice(index, 1, ...out)
  }
  for (const {block, target} of empty) {
    let host = block.node
    while (CONTAINERS.has(host.tagName)) {
      const first = host.children.find((c): c is Element => c.type === 'element')
      if (!first) break
      host = first
    }
    host.children.unshift(mark(target, []))
  }
  return inText.length
}

function mark(target: MarkTarget, children: ElementContent[]): Element {
  return {
    type: 'element',
    tagName: 'mark',
    properties: {id: `c-${target.index}`, className: children.length ? ['chg', target.severity] : ['chg', target.severity, 'spot'], dataRule: target.rule, tabIndex: -1},
    children
  }
}

function collectBlocks(node: HastRoot | Element, out: Block[]): void {
  for (const child of node.children) {
    if (child.type !== 'element') continue
    const p = child.position
    if (BLOCKS.has(child.tagName) && p && p.start.line > 0) {
      out.push({node: child, startLine: p.start.line, startColumn: p.start.column, endLine: p.end.line, endColumn: p.end.column})
    }
    collectBlocks(child, out)
  }
}

const before = (l1: number, c1: number, l2: number, c2: number) => l1 < l2 || (l1 === l2 && c1 <= c2)

function findBlock(blocks: Block[], byStart: Block[], line: number, column: number): Block {
  let best: Block | undefined
  let bestSpan = Infinity
  for (const b of blocks) {
    if (!before(b.startLine, b.startColumn, line, column) || !before(line, column, b.endLine, b.endColumn)) continue
    const span = (b.endLine - b.startLine) * 10000 + (b.endColumn - b.startColumn)
    if (span < bestSpan) {
      best = b
      bestSpan = span
    }
  }
  if (best) return best
  let fallback = byStart[0]!
  for (const b of byStart) if (before(b.startLine, b.startColumn, line, column)) fallback = b
  return fallback
}

function findOccurrence(block: Block, target: MarkTarget, lines: string[]): {start: number; end: number} | undefined {
  if (!block.segments) {
    block.segments = []
    block.flat = ''
    block.taken = []
    const walk = (node: Element) => {
      for (const child of node.children) {
        if (child.type === 'text') {
          block.segments!.push({node: child, parent: node, start: block.flat!.length})
          block.flat += child.value
        } else if (child.type === 'element') walk(child)
      }
    }
    walk(block.node)
  }
  const expected = sourceOffset(lines, block.startLine, block.startColumn, target.line, target.column)
  const flat = block.flat!
  let best: {start: number; end: number} | undefined
  let bestDistance = Infinity
  for (let at = flat.indexOf(target.replacement); at !== -1; at = flat.indexOf(target.replacement, at + 1)) {
    const end = at + target.replacement.length
    if (block.taken!.some(([s, e]) => at < e && end > s)) continue
    // Within one text node only (a mark cannot cross an element boundary).
    const segment = block.segments.findLast((s) => s.start <= at)!
    if (end > segment.start + segment.node.value.length) continue
    const distance = Math.abs(at - expected)
    if (distance < bestDistance) {
      best = {start: at, end}
      bestDistance = distance
    }
  }
  if (best) block.taken!.push([best.start, best.end])
  return best
}

/** Characters from (l1, c1) to (l2, c2) in the source, a line break counting as one (a space once joined). */
function sourceOffset(lines: string[], l1: number, c1: number, l2: number, c2: number): number {
  if (l2 < l1) return 0
  if (l1 === l2) return Math.max(0, c2 - c1)
  let n = (lines[l1 - 1]?.length ?? 0) - (c1 - 1) + 1
  for (let l = l1 + 1; l < l2 && l - l1 < 10000; l++) n += (lines[l - 1]?.trim().length ?? 0) + 1
  return n + Math.max(0, c2 - 1)
}
