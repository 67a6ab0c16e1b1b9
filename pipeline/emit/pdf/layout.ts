/**
 * Layout: the document tree → a flat list of items (lines, table rows, rules)
 * with their heights and keep rules. Pagination (`paginate.ts`) places items
 * on pages; drawing (`draw.ts`) turns them into PDF operators. Nothing here
 * knows about pdf-lib, so tests can check the layout directly.
 *
 * Keep rules: a paragraph keeps its first two and its last two lines together
 * (no orphans, no widows); every line of a heading keeps with what follows,
 * so a heading never ends a page; a table's header row keeps with the first
 * row and is repeated after every page break inside the table.
 */
import type {FootnoteDefinition, List, PhrasingContent, Root, RootContent, Table, TableRow} from 'mdast'
import {toString} from 'mdast-util-to-string'
import type {Appendix, AppendixEntry, DocumentMetadata} from '../../types.js'
import {formatDate, type DateStyle} from '../format-date.js'
import * as markdownWriter from '../markdown.js'
import type {PageConfig} from './config.js'
import {stripInvisible, type FontSet, type TextStyle} from './fonts.js'
import type {Hyphenator} from './hyphenate.js'
import {breakLines, toWords, type Atom, type SetLine} from './line-break.js'
import {addElem, placeNotes, type StructElem} from './tags.js'

export interface TextOp {
  kind: 'text'
  /** Left edge of the line, in points from the page's left edge. */
  x: number
  /** Baseline, in points down from the item's top. */
  baseline: number
  size: number
  line: SetLine
  /** The structure element the line belongs to (tags.ts); without one the line is drawn as an artifact. */
  tag?: StructElem
  /** False when the line has no link or inline element (so drawing need not look at its pieces). */
  inline?: boolean
}

export interface RuleOp {
  kind: 'rule'
  /** Coordinates in points: x from the page's left edge, y down from the item's top. */
  x1: number
  y1: number
  x2: number
  y2: number
  width: number
}

export type Op = TextOp | RuleOp

export type ItemRole = 'title' | 'heading' | 'body' | 'row' | 'rule'

export interface Item {
  role: ItemRole
  height: number
  /** Space above the item; dropped at the top of a page. */
  spaceBefore: number
  /** The item must not be the last on its page. */
  keepWithNext: boolean
  ops: Op[]
  /** On the first line of a heading: its depth and text, for the outline. */
  heading?: {depth: number; title: string}
  /** Table rows: the table's number and whether this is its header row. */
  table?: {id: number; header: boolean}
  /** Lines of a paragraph: its number, this line's index and the paragraph's line count. */
  paragraph?: {id: number; line: number; lines: number}
}

export interface LayoutOptions {
  config: PageConfig
  fonts: FontSet
  hyphenate?: Hyphenator
  /** House style for dates, as in the Markdown writer. Default `dmy`. */
  dateStyle?: DateStyle
  /** The Document structure element to fill with the document's structure (tags.ts). */
  structure?: StructElem
}

interface Box {
  x: number
  width: number
}

interface Ctx extends LayoutOptions {
  items: Item[]
  tables: number
  paragraphs: number
  dateStyle: DateStyle
  /** The structure element that new block elements go into. */
  parent: StructElem
  /** The element whose inline content is being flattened (footnote references point to it). */
  current?: StructElem
  /** Depths of the open headings, for heading levels without gaps (H1, H2 … as in the outline). */
  headingDepths: number[]
  noteCount: number
  /** Footnotes: Note elements by identifier, and the element of each identifier's first reference. */
  notes: Map<string, StructElem>
  references: Map<string, StructElem>
}

const REGULAR: TextStyle = {}
const BOLD: TextStyle = {bold: true}

/**
 * Lay out the document. With `sink`, the items of each top-level block are
 * handed to it as soon as the block is laid out and are not kept (the returned
 * list is then empty): no block changes the items of an earlier one.
 */
export function layoutDocument(tree: Root, options: LayoutOptions, sink?: (items: Item[]) => void): Item[] {
  const parent = options.structure ?? {role: 'Document', kids: []}
  const ctx: Ctx = {
    ...options,
    dateStyle: options.dateStyle ?? 'dmy',
    items: [],
    tables: 0,
    paragraphs: 0,
    parent,
    headingDepths: [],
    noteCount: 0,
    notes: new Map(),
    references: new Map()
  }
  const {config} = ctx
  const box: Box = {x: config.margin.left, width: config.width - config.margin.left - config.margin.right}
  const children = tree.children.filter((n) => n.type !== 'pageBreak' && n.type !== 'yaml' && (n.type as string) !== 'toml')
  const flush = () => {
    if (!sink || ctx.items.length === 0) return
    const items = ctx.items
    ctx.items = []
    sink(items)
  }
  titleBlock(tree.data?.metadata, children, box, ctx)
  flush()
  children.forEach((node, index) => {
    block(node, box, ctx, children[index - 1])
    flush()
  })
  placeNotes(ctx.notes, ctx.references)
  return ctx.items
}

/** Run `fn` with new block elements going into `elem`. */
function inside(ctx: Ctx, elem: StructElem, fn: () => void): void {
  const saved = ctx.parent
  ctx.parent = elem
  try {
    fn()
  } finally {
    ctx.parent = saved
  }
}

/**
 * The tag of a heading of `depth`: its level in the outline (1 + the open
 * headings above it), so levels never skip (H1 then H3) and the first is H1,
 * as PDF/UA asks, whatever depths the source used. `depth` 0 is the title.
 */
function headingRole(depth: number, ctx: Ctx): string {
  const open = ctx.headingDepths
  while (open.length && open[open.length - 1]! >= depth) open.pop()
  open.push(depth)
  return `H${Math.min(6, open.length)}`
}

/** Comparable form of a title: letters and digits only, lower case. */
function normalize(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '')
}

function titleBlock(meta: DocumentMetadata | undefined, children: RootContent[], box: Box, ctx: Ctx): void {
  if (!meta) return
  const {config} = ctx
  const first = children[0]
  const titleIsHeading = Boolean(meta.title && first?.type === 'heading' && normalize(toString(first)) === normalize(meta.title))
  const parts: Array<{text: string; style: TextStyle; size: number; leading: number}> = []
  if (meta.title && !titleIsHeading) parts.push({text: meta.title, style: BOLD, size: config.title.size, leading: config.title.leading})
  if (meta.subtitle) parts.push({text: meta.subtitle, style: {italic: true}, size: config.title.subtitleSize, leading: config.title.subtitleSize * 1.3})
  const byline = [meta.author, meta.publisher && meta.publisher !== meta.author ? meta.publisher : undefined].filter(Boolean).join(' · ')
  if (byline) parts.push({text: byline, style: REGULAR, size: config.title.bylineSize, leading: config.title.bylineSize * 1.35})
  if (meta.date) parts.push({text: meta.date, style: REGULAR, size: config.title.bylineSize, leading: config.title.bylineSize * 1.35})
  if (!parts.length) return
  const start = ctx.items.length
  for (const part of parts) {
    const words = toWords([{text: stripInvisible(part.text), style: part.style}], ctx.fonts, part.size)
    const lines = breakLines(words, {...breakOptions(ctx, part.size, box.width), justify: false, hyphenate: undefined})
    // The title is the top heading; subtitle, byline and date are paragraphs.
    const tag = addElem(ctx.parent, part === parts[0] && part.style === BOLD ? headingRole(0, ctx) : 'P')
    lines.forEach((line, i) => {
      const item = lineItem(line, box.x + (box.width - line.width) / 2, part.size, part.leading, 'title', tag)
      if (part === parts[0] && i === 0 && parts[0].style === BOLD) item.heading = {depth: 1, title: part.text}
      if (i === 0 && part !== parts[0]) item.spaceBefore = part.size * 0.5
      ctx.items.push(item)
    })
  }
  const block = ctx.items.slice(start)
  for (const item of block) item.keepWithNext = true
  const last = block[block.length - 1]!
  const mid = box.x + box.width / 2
  last.height += config.title.spaceAfter
  last.ops.push({kind: 'rule', x1: mid - box.width / 6, x2: mid + box.width / 6, y1: last.height - config.title.spaceAfter / 2, y2: last.height - config.title.spaceAfter / 2, width: config.rule.width})
}

function breakOptions(ctx: Ctx, size: number, maxWidth: number) {
  return {
    fonts: ctx.fonts,
    size,
    maxWidth,
    justify: true,
    hyphenate: ctx.hyphenate,
    maxStretch: ctx.config.maxSpaceStretch,
    minShrink: ctx.config.minSpaceShrink
  }
}

/** Where the baseline sits inside a line of `leading` points. */
function baselineOffset(size: number, leading: number): number {
  return (leading - size) / 2 + size * 0.8
}

function lineItem(line: SetLine, x: number, size: number, leading: number, role: ItemRole, tag: StructElem, inline = false): Item {
  return {
    role,
    height: leading,
    spaceBefore: 0,
    keepWithNext: false,
    ops: [{kind: 'text', x, baseline: baselineOffset(size, leading), size, line, tag, inline}]
  }
}

/** No orphans, no widows: the first two and the last two lines of a block stay together. */
function keepLines(lines: Item[]): void {
  const n = lines.length
  if (n < 2) return
  lines[0]!.keepWithNext = true
  lines[n - 2]!.keepWithNext = true
}

function block(node: RootContent, box: Box, ctx: Ctx, previous: RootContent | undefined, spaceBefore?: number): void {
  const {config} = ctx
  const space = spaceBefore ?? config.body.paragraphSpace
  switch (node.type) {
    case 'heading': {
      const tag = addElem(ctx.parent, headingRole(node.depth, ctx))
      ctx.current = tag
      heading(toString(inlineText(node.children, ctx)), node.depth, box, ctx, tag)
      return
    }
    case 'paragraph': {
      const tag = addElem(ctx.parent, 'P')
      ctx.current = tag
      paragraph(atoms(node.children, REGULAR, undefined, ctx), box, ctx, space, true, tag)
      return
    }
    case 'list':
      list(node, box, ctx, space)
      return
    case 'blockquote': {
      const inner: Box = {x: box.x + config.blockquote.indent, width: box.width - config.blockquote.indent}
      const start = ctx.items.length
      inside(ctx, addElem(ctx.parent, 'BlockQuote'), () =>
        node.children.forEach((child, i) => block(child, inner, ctx, node.children[i - 1], i === 0 ? space : undefined))
      )
      const ruleX = inner.x - config.blockquote.ruleGap
      for (const item of ctx.items.slice(start)) item.ops.push({kind: 'rule', x1: ruleX, x2: ruleX, y1: 0, y2: item.height, width: 1.2})
      return
    }
    case 'table':
      table(node, box, ctx, space)
      return
    case 'thematicBreak': {
      const mid = box.x + box.width / 2
      const h = config.rule.space * 2
      ctx.items.push({role: 'rule', height: h, spaceBefore: 0, keepWithNext: false, ops: [{kind: 'rule', x1: mid - box.width / 6, x2: mid + box.width / 6, y1: h / 2, y2: h / 2, width: config.rule.width}]})
      return
    }
    case 'appendix':
      appendix(node, box, ctx, previous)
      return
    case 'pageBreak':
    case 'yaml':
    case 'definition':
      return
    case 'code': {
      // Preformatted text keeps its line breaks: one paragraph per source line, one element for the block.
      const tag = addElem(ctx.parent, 'P')
      for (const [i, text] of node.value.split('\n').entries()) if (text.trim()) paragraph([{text, style: REGULAR}], box, ctx, i === 0 ? space : 0, false, tag)
      return
    }
    case 'footnoteDefinition':
      footnote(node, box, ctx, space)
      return
    default: {
      // Anything else (html, raw lines, unknown types): its plain text.
      const text = 'value' in node && typeof node.value === 'string' ? node.value : toString(node)
      if (text.trim()) paragraph([{text, style: REGULAR}], box, ctx, space, true, addElem(ctx.parent, 'P'))
    }
  }
}

/** Some of the content is a link or an inline structure element (a footnote reference). */
function hasInline(content: Atom[]): boolean {
  for (const atom of content) if (atom.link !== undefined || atom.role !== undefined) return true
  return false
}

/** Inline content with date nodes replaced by their text, for headings. */
function inlineText(children: PhrasingContent[], ctx: Ctx): {type: 'root'; children: Array<{type: 'text'; value: string}>} {
  return {type: 'root', children: atoms(children, REGULAR, undefined, ctx).map((a) => ({type: 'text', value: a.text}))}
}

function heading(title: string, depth: number, box: Box, ctx: Ctx, tag: StructElem): void {
  const spec = ctx.config.headings[Math.min(depth, ctx.config.headings.length) - 1]!
  const style: TextStyle = {bold: true, italic: spec.italic}
  const words = toWords([{text: stripInvisible(title), style}], ctx.fonts, spec.size)
  if (!words.length) return
  const lines = breakLines(words, {...breakOptions(ctx, spec.size, box.width), justify: false, hyphenate: undefined})
  lines.forEach((line, i) => {
    const item = lineItem(line, box.x, spec.size, spec.leading, 'heading', tag)
    item.keepWithNext = true
    if (i === 0) {
      item.spaceBefore = spec.spaceBefore
      item.heading = {depth, title: title.replace(/\s+/g, ' ').trim()}
    }
    if (i === lines.length - 1) item.height += spec.spaceAfter
    ctx.items.push(item)
  })
}

function paragraph(content: Atom[], box: Box, ctx: Ctx, spaceBefore: number, justify: boolean, tag: StructElem): Item[] {
  const {size, leading} = ctx.config.body
  const words = toWords(content, ctx.fonts, size)
  if (!words.length) return []
  const lines = breakLines(words, {...breakOptions(ctx, size, box.width), justify})
  const id = ++ctx.paragraphs
  const inline = hasInline(content)
  const items = lines.map((line, index) => ({...lineItem(line, box.x, size, leading, 'body', tag, inline), paragraph: {id, line: index, lines: lines.length}}))
  items[0]!.spaceBefore = spaceBefore
  keepLines(items)
  // One push per line: a spread of a huge paragraph overflows the call stack.
  for (const item of items) ctx.items.push(item)
  return items
}

/** Flatten inline content to styled atoms. Only http(s) links stay links. */
function atoms(nodes: readonly PhrasingContent[] | readonly RootContent[], style: TextStyle, link: string | undefined, ctx: Ctx, out: Atom[] = []): Atom[] {
  for (const node of nodes as RootContent[]) {
    switch (node.type) {
      case 'text':
      case 'inlineCode':
      case 'html':
        out.push({text: stripInvisible(node.value), style, link})
        break
      case 'date':
        out.push({text: stripInvisible(node.quoted || node.kept ? node.value : dateText(node.value, node.edtf, ctx.dateStyle, node.inferred)), style, link})
        break
      case 'emphasis':
        atoms(node.children, {...style, italic: true}, link, ctx, out)
        break
      case 'strong':
        atoms(node.children, {...style, bold: true}, link, ctx, out)
        break
      case 'link':
        atoms(node.children, style, /^https?:\/\//i.test(node.url) ? node.url : link, ctx, out)
        break
      case 'break':
        out.push({text: ' ', style, link})
        break
      case 'image':
      case 'imageReference':
        if (node.alt) out.push({text: stripInvisible(node.alt), style, link})
        break
      case 'footnoteReference':
        out.push({text: `[${node.label ?? node.identifier}]`, style, link, role: 'Reference'})
        if (ctx.current && !ctx.references.has(node.identifier)) ctx.references.set(node.identifier, ctx.current)
        break
      default:
        if ('children' in node && Array.isArray(node.children)) atoms(node.children as PhrasingContent[], style, link, ctx, out)
        else if ('value' in node && typeof node.value === 'string') out.push({text: stripInvisible(node.value), style, link})
        else {
          const text = toString(node)
          if (text) out.push({text: stripInvisible(text), style, link})
        }
    }
  }
  return out
}

/** formatDate parses the printed date each time; the same dates recur, so results are kept. */
const formattedDates = new Map<string, string>()

function dateText(value: string, edtf: string, style: DateStyle, inferred: boolean): string {
  const key = `${style}\u0000${inferred ? 1 : 0}\u0000${edtf}\u0000${value}`
  let text = formattedDates.get(key)
  if (text === undefined) {
    text = formatDate(value, edtf, style, {inferred})
    if (formattedDates.size > 50_000) formattedDates.clear()
    formattedDates.set(key, text)
  }
  return text
}

const BULLETS = ['•', '◦', '▪']

function list(node: List, box: Box, ctx: Ctx, spaceBefore: number, level = 0): void {
  const {config} = ctx
  const size = config.body.size
  const start = node.start ?? 1
  // GFM task items show a ballot box, checked or not, in place of the bullet.
  const markers = node.children.map((item, i) =>
    typeof item.checked === 'boolean' ? (item.checked ? '☑' : '☐') : node.ordered ? `${start + i}.` : BULLETS[level % BULLETS.length]!
  )
  const markerWidth = markers.reduce((max, m) => Math.max(max, ctx.fonts.width(m, REGULAR, size)), 0)
  const indent = Math.max(config.list.indent, markerWidth + size * 0.6)
  const inner: Box = {x: box.x + indent, width: box.width - indent}
  const numbering = node.children.every((item) => typeof item.checked === 'boolean') ? 'None' : node.ordered ? 'Decimal' : LIST_NUMBERING[level % LIST_NUMBERING.length]!
  const listTag = addElem(ctx.parent, 'L', {attributes: {owner: 'List', names: {ListNumbering: numbering}}})
  node.children.forEach((item, i) => {
    const first = ctx.items.length
    const itemTag = addElem(listTag, 'LI')
    // The printed marker is the item's label; its content is the body.
    const label = addElem(itemTag, 'Lbl')
    inside(ctx, addElem(itemTag, 'LBody'), () =>
      item.children.forEach((child, k) => {
        const space = k === 0 ? (i === 0 ? spaceBefore : config.list.itemSpace) : config.body.paragraphSpace
        if (child.type === 'list') list(child, inner, ctx, config.list.itemSpace, level + 1)
        else block(child, inner, ctx, item.children[k - 1], space)
      })
    )
    const marker = markers[i]!
    const words = toWords([{text: marker, style: REGULAR}], ctx.fonts, size)
    const markerLine = breakLines(words, {...breakOptions(ctx, size, indent), justify: false, hyphenate: undefined})[0]!
    // Numbers are right-aligned in the indent, bullets sit at its left.
    const x = node.ordered ? inner.x - size * 0.4 - markerLine.width : box.x + size * 0.2
    hangLabel(ctx, first, markerLine, x, label, i === 0 ? spaceBefore : config.list.itemSpace)
  })
}

/** Bullets of unordered lists by nesting level, as PDF's ListNumbering names them (BULLETS). */
const LIST_NUMBERING = ['Disc', 'Circle', 'Square']

/**
 * A label (list marker, footnote number) in the margin of the first line laid out since item `first`;
 * with no such line, a line of its own.
 */
function hangLabel(ctx: Ctx, first: number, line: SetLine, x: number, tag: StructElem, spaceBefore: number): void {
  const size = ctx.config.body.size
  const target = ctx.items.slice(first).find((it) => it.ops.some((op) => op.kind === 'text'))
  if (target) {
    const op = target.ops.find((o): o is TextOp => o.kind === 'text')!
    // The label goes first, so text extraction reads it before the item.
    target.ops.unshift({kind: 'text', x, baseline: op.baseline, size, line, tag, inline: false})
  } else {
    const empty = lineItem(line, x, size, ctx.config.body.leading, 'body', tag)
    empty.spaceBefore = spaceBefore
    ctx.items.push(empty)
  }
}

/**
 * A footnote (mdast footnoteDefinition), where the tree has it: its label
 * ("[1]", as the reference is printed) hangs in the margin of its first
 * line. Tagged as a Note with a unique ID; placeNotes moves the element
 * after the block that references it.
 */
function footnote(node: FootnoteDefinition, box: Box, ctx: Ctx, spaceBefore: number): void {
  const size = ctx.config.body.size
  const note = addElem(ctx.parent, 'Note', {id: `note-${++ctx.noteCount}`})
  if (!ctx.notes.has(node.identifier)) ctx.notes.set(node.identifier, note)
  const label = addElem(note, 'Lbl')
  const words = toWords([{text: stripInvisible(`[${node.label ?? node.identifier}]`), style: REGULAR}], ctx.fonts, size)
  const labelLine = breakLines(words, {...breakOptions(ctx, size, box.width), justify: false, hyphenate: undefined})[0]
  const indent = Math.max(ctx.config.list.indent, (labelLine?.width ?? 0) + size * 0.6)
  const inner: Box = {x: box.x + indent, width: box.width - indent}
  const first = ctx.items.length
  inside(ctx, note, () => node.children.forEach((child, k) => block(child, inner, ctx, node.children[k - 1], k === 0 ? spaceBefore : undefined)))
  if (labelLine) hangLabel(ctx, first, labelLine, box.x, label, spaceBefore)
}

function table(node: Table, box: Box, ctx: Ctx, spaceBefore: number): void {
  const {config, fonts} = ctx
  const {size, leading, padX, padY, ruleWidth} = config.table
  const id = ++ctx.tables
  const rows = node.children
  const columns = rows.reduce((max, r) => Math.max(max, r.children.length), 0)
  if (!columns) return
  // The first row is the header: TH cells that head their columns; the others are the body.
  const tableTag = addElem(ctx.parent, 'Table')
  const head = addElem(tableTag, 'THead')
  const body = rows.length > 1 ? addElem(tableTag, 'TBody') : undefined
  const cellTags = rows.map((_, r) => {
    const row = addElem(r === 0 ? head : body!, 'TR')
    return Array.from({length: columns}, () =>
      r === 0 ? addElem(row, 'TH', {attributes: {owner: 'Table', names: {Scope: 'Column'}}}) : addElem(row, 'TD')
    )
  })
  const cellInline = rows.map(() => new Array<boolean>(columns).fill(false))
  const cells = rows.map((row, r) =>
    Array.from({length: columns}, (_, c) => {
      ctx.current = cellTags[r]![c]!
      const content = atoms(row.children[c]?.children ?? [], r === 0 ? BOLD : REGULAR, undefined, ctx)
      cellInline[r]![c] = hasInline(content)
      return toWords(content, fonts, size)
    })
  )
  // Column widths: at least the longest word, then shared in proportion to the natural widths.
  const min = new Array<number>(columns).fill(0)
  const natural = new Array<number>(columns).fill(0)
  for (const row of cells) {
    row.forEach((words, c) => {
      const longest = Math.max(0, ...words.map((w) => w.width))
      const full = words.reduce((sum, w, i) => sum + w.width + (i < words.length - 1 ? w.space : 0), 0)
      // A column needs its longest word, but never more than an equal share (longer words are broken).
      min[c] = Math.max(min[c]!, Math.min(longest, box.width / columns) + 2 * padX)
      natural[c] = Math.max(natural[c]!, full + 2 * padX)
    })
  }
  const widths = columnWidths(min, natural, box.width)
  const xs: number[] = []
  widths.reduce((x, w) => (xs.push(x), x + w), box.x)
  const start = ctx.items.length
  const left = box.x
  const right = box.x + widths.reduce((a, b) => a + b, 0)
  // A row taller than a page is split into parts that each fit (cell text continues in the next part).
  const textHeight = config.height - config.margin.top - config.margin.bottom
  const maxLines = Math.max(1, Math.floor((textHeight * 0.8 - 2 * padY) / leading))
  rows.forEach((_row: TableRow, r) => {
    const header = r === 0
    const set = cells[r]!.map((words, c) => (words.length ? breakLines(words, {...breakOptions(ctx, size, widths[c]! - 2 * padX), justify: false}) : []))
    const lines = Math.max(1, ...set.map((cell) => cell.length))
    const parts = header ? 1 : Math.ceil(lines / maxLines)
    for (let part = 0; part < parts; part++) {
      const from = header ? 0 : part * maxLines
      const to = header ? lines : Math.min(lines, from + maxLines)
      const ops: Op[] = []
      set.forEach((cell, c) => {
        const inner = widths[c]! - 2 * padX
        const align = node.align?.[c]
        cell.slice(from, to).forEach((line, k) => {
          const offset = align === 'right' ? inner - line.width : align === 'center' ? (inner - line.width) / 2 : 0
          ops.push({kind: 'text', x: xs[c]! + padX + Math.max(0, offset), baseline: padY + k * leading + baselineOffset(size, leading), size, line, tag: cellTags[r]![c]!, inline: cellInline[r]![c]!})
        })
      })
      const height = (to - from) * leading + 2 * padY
      if (header) ops.push({kind: 'rule', x1: left, x2: right, y1: 0, y2: 0, width: ruleWidth * 1.6})
      if (part === parts - 1) ops.push({kind: 'rule', x1: left, x2: right, y1: height, y2: height, width: header ? ruleWidth * 1.6 : ruleWidth * 0.6})
      ctx.items.push({role: 'row', height, spaceBefore: r === 0 ? spaceBefore + 2 : 0, keepWithNext: header, ops, table: {id, header}})
    }
  })
  // The last row closes the table with a full rule; a table of two rows stays together.
  const placed = ctx.items.slice(start)
  if (placed.length === 2) placed[0]!.keepWithNext = true
}

/**
 * Column widths, in the manner of HTML's automatic table layout: narrow columns
 * get their natural width, wide ones share what is left in proportion to their
 * natural widths, and no column is narrower than its longest word.
 */
function columnWidths(min: number[], natural: number[], available: number): number[] {
  const n = natural.length
  const sumNatural = natural.reduce((a, b) => a + b, 0)
  if (sumNatural <= available) return natural.map((w) => w + (available - sumNatural) / n)
  const widths = new Array<number>(n).fill(0)
  const open = new Set(natural.map((_, i) => i))
  let remaining = available
  // Settle the columns that fit in their fair share, narrowest first.
  for (const i of [...open].sort((a, b) => natural[a]! - natural[b]!)) {
    if (natural[i]! <= remaining / open.size) {
      widths[i] = natural[i]!
      remaining -= natural[i]!
      open.delete(i)
    } else break
  }
  const openNatural = [...open].reduce((sum, i) => sum + natural[i]!, 0) || 1
  for (const i of open) widths[i] = Math.max(min[i]!, (natural[i]! / openNatural) * remaining)
  const total = widths.reduce((a, b) => a + b, 0)
  if (total > available) {
    // Minimums pushed the table too wide: take the excess from columns above their minimum.
    const slack = widths.reduce((sum, w, i) => sum + (w - min[i]!), 0)
    const excess = total - available
    if (slack >= excess) return widths.map((w, i) => w - ((w - min[i]!) / (slack || 1)) * excess)
    return widths.map((w) => (w / total) * available)
  }
  return widths
}

function appendix(node: Appendix, box: Box, ctx: Ctx, previous: RootContent | undefined): void {
  // The appendices stage keeps the appendix's own heading before the node; only a bare node gets its title.
  if (previous?.type !== 'heading' && node.title) heading(node.title, 2, box, ctx, addElem(ctx.parent, headingRole(2, ctx)))
  for (const child of lowerAppendix(node, ctx.dateStyle)) block(child, box, ctx, undefined)
}

/**
 * An appendix as plain mdast, exactly as the Markdown writer shows it (same
 * lists, tables, group sub-headings and date forms), so the two writers agree
 * word for word. Re-exported for tests.
 */
export const lowerAppendix = markdownWriter.lowerAppendix
