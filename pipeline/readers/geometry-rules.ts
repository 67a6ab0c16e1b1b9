/**
 * What the stages learn from a line's geometry (set by the PDF reader,
 * pipeline/readers/pdf-lines.ts). Each stage keeps its text rules and asks
 * here first; without geometry (text input) every function answers
 * "unknown" and the text rules decide alone.
 *
 * - layout: lines the reader found repeated at the page edges (running
 *   heads and feet, page numbers) are furniture.
 * - paragraphs: the reader's block start (type change, vertical gap, first-
 *   line indent, short line against the column's measure) decides whether a
 *   block ends between two lines; a list marker is left to the text rules.
 * - headings: a short block in larger type than the body, or entirely in
 *   bold body type, is a heading; its depth follows the type size.
 * - JSON positions: the page and bounding box of the lines a node spans.
 */
import type {Paragraph, RootContent} from 'mdast'
import type {Position} from 'unist'
import type {VFile} from 'vfile'
import type {LineGeometry, RawLine} from '../types.js'

/** Add the lines the reader marked as page furniture to `found` (layout's map of line → kind). */
export function geometryFurniture(lines: Iterable<RawLine>, found: Map<RawLine, string>): void {
  for (const line of lines) {
    if (line.geometry?.furniture && !found.has(line)) found.set(line, 'running head or page number (by its place on the page)')
  }
}

/** PDF input: whether the line is set in note type at a page or column foot; undefined without geometry. */
export function noteType(line: RawLine): boolean | undefined {
  return line.geometry ? line.geometry.note === true : undefined
}

/** PDF input: whether the line runs to the right edge of its column (within an em); undefined without geometry. */
export function fullMeasure(line: RawLine): boolean | undefined {
  const g = line.geometry
  if (!g?.column) return undefined
  return g.column[1] - g.bbox[2] < g.fontSize
}

/** A block starts at `line` (true), goes on (false), or the geometry cannot tell (undefined). */
export function geometryBoundary(prev: RawLine, line: RawLine): boolean | undefined {
  const g = line.geometry
  if (!g || !prev.geometry || g.page !== prev.geometry.page && g.blockStart === undefined) return undefined
  return g.blockStart
}

/**
 * A numbered block whose second line does not hang right of the number
 * ("1. Purpose. …" with the next line back at or left of the "1") is a
 * numbered paragraph, not a list item: a list item's lines hang under its
 * text, right of the marker.
 */
export function indentedParagraph(line: RawLine, next: RawLine | undefined): boolean {
  const a = line.geometry
  const b = next?.geometry
  if (!a || !b || a.page !== b.page) return false
  return b.bbox[0] < a.bbox[0] + 0.5 * a.fontSize
}

/**
 * A paragraph the geometry shows is a heading: at most three lines, every
 * one in display type (larger than the body, or bold), none of them notes,
 * not ending with a semicolon (a clause of running text).
 */
export function geometryHeading(node: Paragraph, file: VFile): {rank: number} | undefined {
  const geometry = file.data.geometry
  if (!geometry || !node.position) return undefined
  const from = node.position.start.line
  const to = node.position.end.line
  if (to - from > 2) return undefined
  let rank = Infinity
  for (let n = from; n <= to; n++) {
    const g = geometry[n]
    if (!g) continue
    if (g.display === undefined || g.note || g.furniture) return undefined
    rank = Math.min(rank, g.display)
  }
  if (rank === Infinity) return undefined
  const text = node.children.map((c) => ('value' in c ? c.value : '')).join('').trim()
  if (text.length === 0 || text.length > 160 || /;$/.test(text)) return undefined
  return {rank}
}

/**
 * A run-in head printed in bold at the start of a paragraph ("Expand Scope
 * The VDP will …"): the number of its words, when the bold run is a short
 * phrase (2–12 words) without closing punctuation, followed by a capital.
 * A label ending in a colon or period ("Passes:", "Note.") stays in its
 * paragraph, and so does a list item.
 */
export function geometryRunIn(node: Paragraph, file: VFile): number | undefined {
  const first = node.children[0]
  const line = node.position?.start.line
  const lead = line !== undefined ? file.data.geometry?.[line]?.boldLead : undefined
  if (!lead || first?.type !== 'text') return undefined
  const phrase = first.value.slice(0, lead).trim()
  const rest = first.value.slice(lead).trim()
  const words = phrase.split(/\s+/)
  if (words.length < 2 || words.length > 12 || /[.:;,!?)\]”’"-]$/.test(phrase) || !/^\p{Lu}/u.test(phrase)) return undefined
  if (/^(?:[•▪◦●‣∙*–-]|\(?\w{1,3}[.)])\s/.test(phrase) || !/^["“‘(]?\p{Lu}/u.test(rest)) return undefined
  // The cut must fall between words of the text node as printed.
  if (!new RegExp(`^\\s*(?:\\S+\\s+){${words.length}}`).test(first.value) || first.value.trim().split(/\s+/).slice(0, words.length).join(' ') !== words.join(' ')) return undefined
  return words.length
}

/**
 * Whether two source lines are set in different type (display rank or size),
 * when the source is a PDF; false for text input, which cannot tell.
 */
export function differentType(file: VFile, a: number, b: number): boolean {
  const ga = file.data.geometry?.[a]
  const gb = file.data.geometry?.[b]
  if (!ga || !gb) return false
  return ga.display !== gb.display || Math.abs(ga.fontSize - gb.fontSize) > 0.5
}

/** The page and bounding box (union of its lines') of a source span, when the source is a PDF. */
export function geometryOf(file: VFile | undefined, position: Position | undefined): {page: number; bbox: [number, number, number, number]} | undefined {
  const geometry = file?.data.geometry
  if (!geometry || !position) return undefined
  let found: LineGeometry | undefined
  let bbox: [number, number, number, number] | undefined
  for (let n = position.start.line; n <= position.end.line && n < geometry.length; n++) {
    const g = geometry[n]
    if (!g) continue
    if (!found) {
      found = g
      bbox = [...g.bbox]
      continue
    }
    // A block that runs over a page points to where it starts.
    if (g.page !== found.page) break
    bbox = [Math.min(bbox![0], g.bbox[0]), Math.min(bbox![1], g.bbox[1]), Math.max(bbox![2], g.bbox[2]), Math.max(bbox![3], g.bbox[3])]
  }
  return found ? {page: found.page, bbox: bbox!} : undefined
}

export type {RootContent}
