/**
 * dates: find every date expression in the text and give it an EDTF value.
 *
 * Each mention becomes a `date` node (see `DateMention` in ../types.ts) whose
 * `value` is the text exactly as printed, so the words of the document do not
 * change here. A paragraph keeps one text node per source line; the stage
 * reads the paragraph as one string, so a date broken across two lines
 * ("January" / "30-31, 1992") is still one mention, and rebuilds the
 * children around the mentions, keeping each piece's source position.
 *
 * Years: a day or month printed without a year takes the year of the nearest
 * preceding mention that printed one, in the same section (since the last
 * heading), and is marked `inferred`; a day printed earlier in the section
 * with its year keeps that year (see ../dates/resolve-years.ts). With none,
 * the year stays unspecified (`XXXX-07-18`) and a warning
 * `dates:unresolved-year` is recorded.
 *
 * Bare years count only where they mean a time: after a time word (in, since,
 * until, by, from, throughout, during, of, for …) and not followed by a
 * counted noun ("in 1500 villages"); in ranges ("1988-1989", "from 1988 to
 * 1993"); in lists after another year ("1905-1906, 1918-1920"); before an
 * event ("the 1994 Budapest summit"); or as a whole block or source line (a
 * chronology's year label, a table cell). Numbers after reference words (No., Resolution, Article,
 * paragraphs) and numbers with thousands separators are never dates.
 *
 * Appendices (from the first heading marked `data.appendix` on) are left to
 * the appendices stage, which replaces their blocks with structured entries;
 * the JSON lists their dated entries with the prose mentions.
 *
 * House style: writers restyle dates (`dateStyle`, see ../emit/format-date.ts)
 * but read only the tree, so this stage records each rewrite that the style
 * implies (`dates:style`, with the original and the replacement). Pass the
 * same `dateStyle` here and to the Markdown writer. Quotations (inside “…”)
 * are marked `quoted` and never rewritten.
 *
 * In a remark pipeline the stage registers a remark-stringify handler for
 * `date` nodes that prints exactly what it recorded: the house-style text
 * when a `dates:style` change was recorded, the printed text otherwise.
 */
import type {Heading, Nodes, Parent, PhrasingContent, Root, RootContent, Text} from 'mdast'
import type {Plugin} from 'unified'
import type {Point, Position} from 'unist'
import type {VFile} from 'vfile'
import {findDates, YearContext} from '../dates/index.js'
import {formatDate, type DateStyle} from '../emit/format-date.js'
import {recordChange, warn} from '../messages.js'
import type {DateMention} from '../types.js'
import {assignHeadingIds} from '../headings/slug.js'

export interface DatesOptions {
  /**
   * House style the writers will print dates in; every rewrite it implies is
   * recorded as a `dates:style` change. Default `dmy` (the Markdown default).
   */
  dateStyle?: DateStyle
}

/** Stands for a non-text child (emphasis, link …) in the paragraph's string: dates never span it. */
const OPAQUE = '\uFFFC'

/** What each `date` node prints as, when the stage recorded a rewrite of it. */
const PRINTED = new WeakMap<DateMention, string>()

/** The text a `date` node prints as in Markdown: its recorded house-style rewrite, or the text as printed. */
export function printedDate(node: DateMention): string {
  return PRINTED.get(node) ?? node.value
}

/** The text of a node as the Markdown prints it: dates in their recorded house style. */
function printedText(node: Nodes): string {
  if (node.type === 'date') return printedDate(node as DateMention)
  if ('children' in node) return (node.children as Nodes[]).map(printedText).join('')
  return 'value' in node && typeof node.value === 'string' ? node.value : ''
}

/** mdast-util-to-markdown extension: print `date` nodes as `printedDate` says. */
export const dateToMarkdown = {
  handlers: {
    date(node: DateMention, _parent: unknown, state: {safe: (value: string, info: unknown) => string}, info: unknown): string {
      return state.safe(printedDate(node), info)
    }
  }
}

export const dates: Plugin<[DatesOptions?], Root> = function (options = {}) {
  const style = options.dateStyle ?? 'dmy'
  // So that remark-stringify can print the tree this stage leaves (no extra plugin needed).
  const data = this.data() as {toMarkdownExtensions?: unknown[]}
  const extensions = (data.toMarkdownExtensions ??= [])
  if (!extensions.includes(dateToMarkdown)) extensions.push(dateToMarkdown)
  return (tree: Root, file: VFile) => {
    const years = new YearContext()
    let inAppendix = false
    for (const node of tree.children) {
      // From the first appendix heading on, blocks belong to the appendices stage, which rebuilds
      // them (chronology dates included) and records its own changes: restyling them here would
      // record rewrites that no writer prints. Appendix headings stay, so their dates are found.
      if (node.type === 'heading' && node.data?.appendix) inAppendix = true
      if (inAppendix && !(node.type === 'heading' && node.data?.appendix)) continue
      if (node.type === 'heading') years.reset()
      visit(node)
    }

    // A heading prints its dates in the house style: its GitHub id is the slug of that text.
    const headings = tree.children.filter((node): node is Heading => node.type === 'heading' && node.data?.id !== undefined)
    if (headings.some((heading) => heading.children.some((child) => child.type === 'date' && PRINTED.has(child)))) {
      assignHeadingIds(tree, headings, printedText)
    }

    function visit(node: RootContent): void {
      if (!('children' in node)) return
      const children = node.children as RootContent[]
      if (children.some((child) => child.type === 'text')) markDates(node as Parent, years, style, file)
      else for (const child of children) visit(child)
    }
  }
}

interface Segment {
  start: number
  end: number
  node: PhrasingContent
}

function markDates(parent: Parent | Heading, years: YearContext, style: DateStyle, file: VFile): void {
  const segments: Segment[] = []
  let text = ''
  for (const child of parent.children as PhrasingContent[]) {
    const piece = child.type === 'text' ? child.value : OPAQUE
    segments.push({start: text.length, end: text.length + piece.length, node: child})
    text += piece
  }
  // Each line's text without its separating spaces: a year alone on a line is a table cell or a label.
  const lines = segments
    .filter((seg) => seg.node.type === 'text')
    .map((seg) => {
      const value = (seg.node as Text).value
      const start = seg.start + (value.length - value.trimStart().length)
      return [start, start + value.trim().length] as const
    })
  const found = findDates(text, {whole: true, lines})
  if (found.length === 0) return
  const quoted = quoteMap(text)
  const out: PhrasingContent[] = []
  let cursor = 0
  for (const mention of found) {
    const resolved = years.resolve(mention)
    if (!resolved) continue
    for (const node of slice(segments, text, cursor, mention.start)) out.push(node)
    const start = pointAt(segments, mention.start, false)
    const end = pointAt(segments, mention.end, true)
    // A tree built without source positions (remark users) gets date nodes without one.
    const position: Position | undefined = start && end ? {start, end} : undefined
    const node: DateMention = {
      type: 'date',
      value: mention.text,
      edtf: resolved.edtf,
      inferred: resolved.inferred,
      ...(quoted[mention.start] ? {quoted: true} : {}),
      ...(position ? {position} : {})
    }
    out.push(node)
    cursor = mention.end
    if (resolved.unresolved) {
      warn(
        file,
        `No year for “${mention.text}”: no earlier date in this section prints one; kept as ${resolved.edtf}`,
        'dates:unresolved-year',
        position
      )
    }
    if (!node.quoted && style !== 'preserve') {
      const replacement = formatDate(node.value, node.edtf, style, {inferred: node.inferred})
      if (replacement !== node.value) {
        PRINTED.set(node, replacement)
        recordChange(file, {
          ruleId: 'dates:style',
          reason: `Date in house style (${style}): “${node.value}” → “${replacement}”`,
          place: position,
          original: node.value,
          replacement,
          evidence: `EDTF ${node.edtf}`
        })
      }
    }
  }
  for (const node of slice(segments, text, cursor, text.length)) out.push(node) // not push(...): a huge paragraph overflows the stack
  parent.children = out as typeof parent.children
}

/** For each offset, true when it is inside a quotation (“…”, or "…" when quotes are still straight). */
function quoteMap(text: string): Uint8Array {
  const map = new Uint8Array(text.length + 1)
  let curly = 0
  let straight = false
  // By char code: `text[i]` makes a new string for every character outside Latin-1.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x201c) curly++ // “
    else if (c === 0x201d) curly = Math.max(0, curly - 1) // ”
    else if (c === 0x22) straight = !straight // "
    map[i] = curly > 0 || straight ? 1 : 0
  }
  return map
}

/** The children covering [from, to) of the paragraph string: text pieces with their positions, other nodes as they were. */
function slice(segments: Segment[], text: string, from: number, to: number): PhrasingContent[] {
  const out: PhrasingContent[] = []
  if (to <= from) return out
  // Segments are contiguous and in order: start at the first that reaches `from`
  // (a scan from the first segment for every date was quadratic in a long paragraph).
  for (let k = firstReaching(segments, from); k < segments.length; k++) {
    const seg = segments[k]!
    if (seg.start >= to) break
    if (seg.end <= from) continue
    if (seg.node.type !== 'text') {
      out.push(seg.node)
      continue
    }
    const a = Math.max(from, seg.start)
    const b = Math.min(to, seg.end)
    if (a === seg.start && b === seg.end) {
      out.push(seg.node)
      continue
    }
    const piece: Text = {type: 'text', value: text.slice(a, b)}
    if (seg.node.position) piece.position = {start: shift(seg.node, a - seg.start), end: shift(seg.node, b - seg.start)}
    out.push(piece)
  }
  return out
}

/** The source point at an offset of the paragraph string (`end`: the point just after the previous character). */
function pointAt(segments: Segment[], offset: number, end: boolean): Point | undefined {
  for (let k = firstReaching(segments, offset); k < segments.length; k++) {
    const seg = segments[k]!
    if (seg.start > offset) break
    const inside = end ? offset > seg.start && offset <= seg.end : offset >= seg.start && offset < seg.end
    if (inside) return seg.node.position ? shift(seg.node, offset - seg.start) : undefined
  }
  return undefined
}

/** The index of the first segment whose end is at or after `offset` (segments are contiguous, in order). */
function firstReaching(segments: Segment[], offset: number): number {
  let lo = 0
  let hi = segments.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (segments[mid]!.end < offset) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * The point `k` characters into a text node. Columns follow the node's own
 * start; earlier stages may have changed the text's length (collapsed spaces,
 * a joined hyphen), so the result is clamped to the node's end.
 */
function shift(node: PhrasingContent, k: number): Point {
  const {start, end} = node.position!
  const point: Point = {line: start.line, column: start.column + k}
  if (start.offset !== undefined) point.offset = start.offset + k
  if (start.line === end.line && point.column > end.column) {
    point.column = end.column
    if (end.offset !== undefined) point.offset = end.offset
  }
  return point
}

/** The plugin as the module's default export, as remark plugins are published. */
export default dates
