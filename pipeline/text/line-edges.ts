/**
 * Walking the text of a document: the blocks that hold text, their text
 * nodes, and the line edges between them.
 *
 * After `paragraphs`, each paragraph (list items hold paragraphs too; later
 * stages add headings) keeps one `text` node per source line, so a line edge
 * is the boundary between two consecutive `text` siblings. Links, inline code
 * and code blocks are never entered: their text is not prose (a URL must not
 * be "repaired").
 */
import type {Nodes, Parent, Root, Text} from 'mdast'
import type {Position} from 'unist'

/** Node types whose content is not prose and must never be changed. */
const OPAQUE = new Set(['link', 'linkReference', 'image', 'imageReference', 'inlineCode', 'code', 'html', 'definition', 'yaml', 'toml'])

/** A parent with at least one direct `text` child (paragraph, heading, table cell, …). */
export interface TextBlock {
  parent: Parent
  /** The direct `text` children, in order. */
  texts: Text[]
}

/** One line edge: `before` ends a source line, `after` starts the next one. */
export interface LineEdge {
  parent: Parent
  before: Text
  after: Text
}

/** Every block that directly holds text, in document order; opaque nodes are skipped. */
export function textBlocks(tree: Root): TextBlock[] {
  const blocks: TextBlock[] = []
  const walk = (node: Nodes) => {
    if (OPAQUE.has(node.type) || !('children' in node)) return
    const parent = node as Parent
    const texts = parent.children.filter((child): child is Text => child.type === 'text')
    if (texts.length > 0) blocks.push({parent, texts})
    for (const child of parent.children) walk(child as Nodes)
  }
  walk(tree)
  return blocks
}

/**
 * The line edges of the document: consecutive `text` siblings that start on
 * different source lines. Values may be changed while iterating; the list of
 * edges is computed up front.
 */
export function lineEdges(tree: Root): LineEdge[] {
  const edges: LineEdge[] = []
  for (const {parent} of textBlocks(tree)) {
    const children = parent.children
    for (let i = 0; i + 1 < children.length; i++) {
      const before = children[i]!
      const after = children[i + 1]!
      if (before.type !== 'text' || after.type !== 'text') continue
      const a = before.position?.start.line
      const b = after.position?.start.line
      if (a !== undefined && b !== undefined && a === b) continue
      edges.push({parent, before, after})
    }
  }
  return edges
}

/**
 * The source point of `offset` within a text node's value (same line). Edits
 * that changed the value's length (a letter restored at the line start, a
 * hyphen restored, spaces collapsed) are kept in `data.edits`, so that later
 * stages still point at the right source column.
 */
export function pointAt(node: Text, offset: number): {line: number; column: number; offset?: number} | undefined {
  const start = node.position?.start
  if (!start) return undefined
  const edits = node.data?.edits
  let source = offset
  if (edits && edits.length > INDEXED_EDITS) source -= shiftBefore(node, edits, offset)
  else if (edits) for (const [at, delta] of edits) if (offset >= at) source -= delta
  source = Math.max(0, source)
  return {
    line: start.line,
    column: start.column + source,
    ...(start.offset === undefined ? {} : {offset: start.offset + source})
  }
}

/**
 * Note that `length` characters at `offset` of the node's current value were
 * replaced by `replacement` (call after computing positions, before or after
 * changing the value): positions after the edit shift by the length change.
 * Several edits of one pass (such as one `String#replace`) are noted in
 * increasing order of their offsets in the value before the pass, with `pass`
 * carrying the shift of the earlier ones.
 */
export function noteEdit(node: Text, offset: number, length: number, replacement: string, pass = {shift: 0}): void {
  const delta = replacement.length - length
  if (delta === 0) return
  const at = offset + pass.shift
  editIndex.delete(node)
  const edits = (node.data ??= {}).edits ?? []
  // Edits noted earlier that lie after this one move with it.
  for (const edit of edits) if (edit[0] > at) edit[0] += delta
  edits.push([at + replacement.length, delta])
  node.data.edits = edits
  pass.shift += delta
}

/**
 * The edits of one pass over a value at once: `[offset, length, replacement]`
 * in increasing offsets of the value before the pass, as `String#replace`
 * finds them. The same result as `noteEdit` for each in turn, in time linear
 * in the edits (one `noteEdit` per edit was quadratic on a line of 50,000
 * quotes). Positions for the pass's messages come from `pointBefore`.
 */
export function noteEdits(node: Text, pass: Array<[number, number, string]>): void {
  const changed = pass.filter(([, length, replacement]) => replacement.length !== length)
  if (changed.length === 0) return
  editIndex.delete(node)
  const edits = (node.data ??= {}).edits ?? []
  // An earlier edit after a pass edit moves by the pass's length changes before it.
  const offsets = changed.map(([offset]) => offset)
  const shifts: number[] = []
  let sum = 0
  for (const [, length, replacement] of changed) shifts.push((sum += replacement.length - length))
  for (const edit of edits) {
    // The number of pass edits strictly before edit[0] (in the value before the pass).
    let lo = 0
    let hi = offsets.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (offsets[mid]! < edit[0]) lo = mid + 1
      else hi = mid
    }
    if (lo > 0) edit[0] += shifts[lo - 1]!
  }
  let shift = 0
  for (const [offset, length, replacement] of changed) {
    const delta = replacement.length - length
    edits.push([offset + shift + replacement.length, delta])
    shift += delta
  }
  node.data.edits = edits
}

/** Nodes with many edits get a sorted index of them (dropped by every new edit). */
const INDEXED_EDITS = 16
const editIndex = new WeakMap<Text, {ats: Float64Array; sums: Float64Array}>()

/** The sum of the length changes of the edits at or before `offset`, by binary search. */
function shiftBefore(node: Text, edits: Array<[number, number]>, offset: number): number {
  let index = editIndex.get(node)
  if (!index) {
    const sorted = edits.slice().sort((a, b) => a[0] - b[0])
    const ats = new Float64Array(sorted.length)
    const sums = new Float64Array(sorted.length)
    let sum = 0
    sorted.forEach(([at, delta], k) => {
      ats[k] = at
      sums[k] = sum += delta
    })
    index = {ats, sums}
    editIndex.set(node, index)
  }
  let lo = 0
  let hi = index.ats.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (index.ats[mid]! <= offset) lo = mid + 1
    else hi = mid
  }
  return lo > 0 ? index.sums[lo - 1]! : 0
}

declare module 'mdast' {
  interface TextData {
    /** Length-changing edits of the value: [value offset where the shift starts, length change]. */
    edits?: Array<[number, number]>
  }
}

/** The source span of `length` characters at `offset` within a text node's value (one line). */
export function spanAt(node: Text, offset: number, length: number): Position | undefined {
  const start = pointAt(node, offset)
  const end = pointAt(node, offset + length)
  return start && end ? {start, end} : undefined
}

/** The length of each source line the text nodes cover, for spotting lines an extractor merged. */
export function lineLengths(tree: Root, options: {interiorOnly?: boolean} = {}): number[] {
  const lengths: number[] = []
  for (const {texts} of textBlocks(tree)) {
    for (const text of options.interiorOnly ? texts.slice(0, -1) : texts) {
      const p = text.position
      if (p && p.start.line === p.end.line) lengths.push(p.end.column - p.start.column)
    }
  }
  return lengths
}
