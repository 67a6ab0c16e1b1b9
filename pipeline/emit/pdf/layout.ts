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
import type {List, PhrasingContent, Root, RootContent, Table, TableRow} from 'mdast'
import {toString} from 'mdast-util-to-string'
import type {Appendix, AppendixEntry, DocumentMetadata} from '../../types.js'
import {formatDate, type DateStyle} from '../format-date.js'
import * as markdownWriter from '../markdown.js'
import type {PageConfig} from './config.js'
import {stripInvisible, type FontSet, type TextStyle} from './fonts.js'
import type {Hyphenator} from './hyphenate.js'
import {breakLines, toWords, type Atom, type SetLine} from './line-break.js'

export interface TextOp {
  kind: 'text'
  /** Left edge of the line, in points from the page's left edge. */
  x: number
  /** Baseline, in points down from the item's top. */
  baseline: number
  size: number
  line: SetLine
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
}

const REGULAR: TextStyle = {}
const BOLD: TextStyle = {bold: true}

export function layoutDocument(tree: Root, options: LayoutOptions): Item[] {
  const ctx: Ctx = {...options, dateStyle: options.dateStyle ?? 'dmy', items: [], tables: 0, paragraphs: 0}
  const {config} = ctx
  const box: Box = {x: config.margin.left, width: config.width - config.margin.left - config.margin.right}
  const children = tree.children.filter((n) => n.type !== 'pageBreak' && n.type !== 'yaml' && (n.type as string) !== 'toml')
  titleBlock(tree.data?.metadata, children, box, ctx)
  children.forEach((node, index) => block(node, box, ctx, children[index - 1]))
  return ctx.items
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
    lines.forEach((line, i) => {
      const item = lineItem(line, box.x + (box.width - line.width) / 2, part.size, part.leading, 'title')
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

function lineItem(line: SetLine, x: number, size: number, leading: number, role: ItemRole): Item {
  return {
    role,
    height: leading,
    spaceBefore: 0,
    keepWithNext: false,
    ops: [{kind: 'text', x, baseline: baselineOffset(size, leading), size, line}]
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
      heading(toString(inlineText(node.children, ctx)), node.depth, box, ctx)
      return
    }
    case 'paragraph':
      paragraph(atoms(node.children, REGULAR, undefined, ctx), box, ctx, space)
      return
    case 'list':
      list(node, box, ctx, space)
      return
    case 'blockquote': {
      const inner: Box = {x: box.x + config.blockquote.indent, width: box.width - config.blockquote.indent}
      const start = ctx.items.length
      node.children.forEach((child, i) => block(child, inner, ctx, node.children[i - 1], i === 0 ? space : undefined))
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
    case 'code':
      // Preformatted text keeps its line breaks: one paragraph per source line.
      for (const [i, text] of node.value.split('\n').entries()) if (text.trim()) paragraph([{text, style: REGULAR}], box, ctx, i === 0 ? space : 0, false)
      return
    default: {
      // Anything else (html, footnote definitions, raw lines, unknown types): its plain text.
      let text = 'value' in node && typeof node.value === 'string' ? node.value : toString(node)
      // A footnote prints its number before its text, as its reference prints "[n]".
      if (node.type === 'footnoteDefinition') text = `[${node.label ?? node.identifier}] ${text}`
      if (text.trim()) paragraph([{text, style: REGULAR}], box, ctx, space)
    }
  }
}

/** Inline content with date nodes replaced by their text, for headings. */
function inlineText(children: PhrasingContent[], ctx: Ctx): {type: 'root'; children: Array<{type: 'text'; value: string}>} {
  return {type: 'root', children: atoms(children, REGULAR, undefined, ctx).map((a) => ({type: 'text', value: a.text}))}
}

function heading(title: string, depth: number, box: Box, ctx: Ctx): void {
  const spec = ctx.config.headings[Math.min(depth, ctx.config.headings.length) - 1]!
  const style: TextStyle = {bold: true, italic: spec.italic}
  const words = toWords([{text: stripInvisible(title), style}], ctx.fonts, spec.size)
  if (!words.length) return
  const lines = breakLines(words, {...breakOptions(ctx, spec.size, box.width), justify: false, hyphenate: undefined})
  lines.forEach((line, i) => {
    const item = lineItem(line, box.x, spec.size, spec.leading, 'heading')
    item.keepWithNext = true
    if (i === 0) {
      item.spaceBefore = spec.spaceBefore
      item.heading = {depth, title: title.replace(/\s+/g, ' ').trim()}
    }
    if (i === lines.length - 1) item.height += spec.spaceAfter
    ctx.items.push(item)
  })
}

function paragraph(content: Atom[], box: Box, ctx: Ctx, spaceBefore: number, justify = true): Item[] {
  const {size, leading} = ctx.config.body
  const words = toWords(content, ctx.fonts, size)
  if (!words.length) return []
  const lines = breakLines(words, {...breakOptions(ctx, size, box.width), justify})
  const id = ++ctx.paragraphs
  const items = lines.map((line, index) => ({...lineItem(line, box.x, size, leading, 'body'), paragraph: {id, line: index, lines: lines.length}}))
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
        out.push({text: stripInvisible(node.quoted ? node.value : dateText(node.value, node.edtf, ctx.dateStyle, node.inferred)), style, link})
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
        out.push({text: `[${node.label ?? node.identifier}]`, style, link})
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
  const markerWidth = Math.max(...markers.map((m) => ctx.fonts.width(m, REGULAR, size)), 0)
  const indent = Math.max(config.list.indent, markerWidth + size * 0.6)
  const inner: Box = {x: box.x + indent, width: box.width - indent}
  node.children.forEach((item, i) => {
    const first = ctx.items.length
    item.children.forEach((child, k) => {
      const space = k === 0 ? (i === 0 ? spaceBefore : config.list.itemSpace) : config.body.paragraphSpace
      if (child.type === 'list') list(child, inner, ctx, config.list.itemSpace, level + 1)
      else block(child, inner, ctx, item.children[k - 1], space)
    })
    const marker = markers[i]!
    const words = toWords([{text: marker, style: REGULAR}], ctx.fonts, size)
    const markerLine = breakLines(words, {...breakOptions(ctx, size, indent), justify: false, hyphenate: undefined})[0]!
    // Numbers are right-aligned in the indent, bullets sit at its left.
    const x = node.ordered ? inner.x - size * 0.4 - markerLine.width : box.x + size * 0.2
    const target = ctx.items.slice(first).find((it) => it.ops.some((op) => op.kind === 'text'))
    if (target) {
      const op = target.ops.find((o): o is TextOp => o.kind === 'text')!
      // The marker goes first, so text extraction reads it before the item.
      target.ops.unshift({kind: 'text', x, baseline: op.baseline, size, line: markerLine})
    } else {
      const empty = lineItem(markerLine, x, size, config.body.leading, 'body')
      empty.spaceBefore = i === 0 ? spaceBefore : config.list.itemSpace
      ctx.items.push(empty)
    }
  })
}

function table(node: Table, box: Box, ctx: Ctx, spaceBefore: number): void {
  const {config, fonts} = ctx
  const {size, leading, padX, padY, ruleWidth} = config.table
  const id = ++ctx.tables
  const rows = node.children
  const columns = Math.max(...rows.map((r) => r.children.length), 0)
  if (!columns) return
  const cells = rows.map((row, r) =>
    Array.from({length: columns}, (_, c) => toWords(atoms(row.children[c]?.children ?? [], r === 0 ? BOLD : REGULAR, undefined, ctx), fonts, size))
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
          ops.push({kind: 'text', x: xs[c]! + padX + Math.max(0, offset), baseline: padY + k * leading + baselineOffset(size, leading), size, line})
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
  if (previous?.type !== 'heading' && node.title) heading(node.title, 2, box, ctx)
  for (const child of lowerAppendix(node, ctx.dateStyle)) block(child, box, ctx, undefined)
}

/**
 * An appendix as plain mdast, exactly as the Markdown writer shows it (same
 * lists, tables, group sub-headings and date forms), so the two writers agree
 * word for word. Re-exported for tests.
 */
export const lowerAppendix = markdownWriter.lowerAppendix
