/**
 * Markdown writer: the tree → GFM with YAML front matter, through
 * remark-stringify. One paragraph per line, ATX headings. Source text is
 * escaped by mdast-util-to-markdown, so HTML, link syntax or emphasis markers
 * in the source stay plain text. reprint's own nodes are lowered to mdast
 * first (`lower`), each by a small function.
 */
import type {Root, RootContent, PhrasingContent, Table, TableRow} from 'mdast'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkStringify from 'remark-stringify'
import {unified} from 'unified'
import {stringify as stringifyYaml} from 'yaml'
import type {Appendix, DateMention, DocumentMetadata} from '../types.js'
import {formatDate, type DateStyle} from './format-date.js'
import {joinTexts} from './join-text.js'

export interface MarkdownOptions {
  /** House style for dates in prose. Default `dmy`. */
  dateStyle?: DateStyle
}

export function emitMarkdown(tree: Root, options: MarkdownOptions = {}): string {
  const style = options.dateStyle ?? 'dmy'
  const children: RootContent[] = []
  const meta = tree.data?.metadata
  if (meta) children.push({type: 'yaml', value: frontMatter(meta).trimEnd()})
  // Title H1, sections H2: a document that prints no title of its own gets
  // the metadata title as its H1, as the PDF's title block shows it.
  const hasTitle = tree.children.some((node) => node.type === 'heading' && node.depth === 1)
  if (meta?.title && !hasTitle) children.push({type: 'heading', depth: 1, children: [{type: 'text', value: meta.title}]})
  for (const node of tree.children) children.push(...lowerBlock(node, style))
  return stringifyMarkdown({type: 'root', children})
}

/** Print plain mdast (GFM, YAML front matter) in reprint's Markdown style. */
export function stringifyMarkdown(tree: Root): string {
  return unified()
    .use(remarkStringify, {bullet: '-', emphasis: '_', strong: '*', fences: true, rule: '-', listItemIndent: 'one'})
    .use(remarkGfm)
    .use(remarkFrontmatter, ['yaml'])
    .stringify(tree)
}

function frontMatter(meta: DocumentMetadata): string {
  const {source, ...rest} = meta
  const data: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(rest)) if (value !== undefined) data[key] = value
  data.source = {path: source.path, sha256: source.sha256}
  return stringifyYaml(data, {lineWidth: 0})
}

/** Lower one block of reprint's tree to plain mdast. */
function lowerBlock(node: RootContent, style: DateStyle): RootContent[] {
  switch (node.type) {
    case 'pageBreak':
    case 'rawLine':
      return node.type === 'rawLine' && node.value.trim() ? [{type: 'paragraph', children: [{type: 'text', value: node.value.trim()}]}] : []
    case 'appendix':
      return lowerAppendix(node, style)
    default:
      return [lowerInline(node, style)]
  }
}

/**
 * Replace `date` nodes by text in the house style, everywhere below `node`,
 * and join neighbouring `text` nodes where that cannot change the output
 * (see `mergeText`).
 */
function lowerInline<T extends RootContent>(node: T, style: DateStyle): T {
  if (!('children' in node)) return node
  const children = (node.children as RootContent[]).map((child) =>
    child.type === 'date' ? dateText(child, style) : lowerInline(child, style)
  )
  return {...node, children: joinTexts(children as PhrasingContent[])} as T
}

function dateText(node: DateMention, style: DateStyle): PhrasingContent {
  // Same call as the `dates` stage's `dates:style` record: inferred years are never printed.
  const value = node.quoted ? node.value : formatDate(node.value, node.edtf, style, {inferred: node.inferred})
  return {type: 'text', value}
}

export function lowerAppendix(node: Appendix, style: DateStyle): RootContent[] {
  const out: RootContent[] = []
  if (node.kind === 'references') {
    out.push({
      type: 'list',
      ordered: false,
      spread: false,
      children: node.entries.map((entry) => ({
        type: 'listItem',
        spread: false,
        // A title the appendix heading already prints is not repeated.
        children: [{type: 'paragraph', children: referenceInline(entry.title === node.title ? undefined : entry.title, entry.url ?? entry.text)}]
      }))
    })
  } else if (node.kind === 'chronology') {
    // Entries are in time order already; a table per sub-heading when the source had them.
    const extra = ((node.data as {columns?: string[]} | undefined)?.columns ?? []).slice(1).filter((c) => !/^(place|event|occasion)$/i.test(c))
    const groups: {name?: string; entries: typeof node.entries}[] = []
    for (const entry of node.entries) {
      const name = (entry as {group?: string}).group
      const last = groups.at(-1)
      if (last && last.name === name) last.entries.push(entry)
      else groups.push({name, entries: [entry]})
    }
    for (const group of groups) {
      if (group.name) out.push({type: 'heading', depth: 3, children: [{type: 'text', value: group.name}]})
      const rows = group.entries.filter((e) => e.date || e.place)
      if (rows.length > 0) out.push(chronologyTable(rows, extra, style))
      // Lines of the appendix that are not rows (a note) follow the table as text.
      for (const e of group.entries) if (!e.date && !e.place && e.text) out.push({type: 'paragraph', children: [{type: 'text', value: e.text}]})
    }
  } else if (!(node.data as {keptBlocks?: boolean} | undefined)?.keptBlocks) {
    // Text appendices normally keep their blocks after the node (they print themselves).
    for (const entry of node.entries) if (entry.text) out.push({type: 'paragraph', children: [{type: 'text', value: entry.text}]})
  }
  return out
}

function chronologyTable(entries: Appendix['entries'], extra: string[], style: DateStyle): Table {
  const row = (cells: string[]): TableRow => ({
    type: 'tableRow',
    children: cells.map((value) => ({type: 'tableCell', children: value ? [{type: 'text', value}] : []}))
  })
  return {
    type: 'table',
    align: [null, ...extra.map(() => null), null, null],
    children: [
      row(['Date', ...extra, 'Place', 'Occasion']),
      ...entries.map((e) => {
        const extras = (e as {extra?: Record<string, string>}).extra ?? {}
        return row([chronologyDate(e, style), ...extra.map((c) => extras[c] ?? ''), e.place ?? '', e.occasion ?? ''])
      })
    ]
  }
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/**
 * A chronology date in the house style, with its year (a year the text does
 * not settle is followed by a question mark); `preserve` prints day-month
 * tables in `dmy` since their cells carry no year.
 */
function chronologyDate(e: Appendix['entries'][number], style: DateStyle): string {
  if (!e.date) return e.dateText ?? ''
  const mark = e.certainty === 'ambiguous' ? '?' : ''
  if (style === 'iso') return e.date + mark
  const parse = (s: string) => {
    const m = /^(\d{4}|XXXX)-(\d{2})-(\d{2})$/.exec(s)
    return m ? {y: m[1]!, m: Number(m[2]), d: Number(m[3])} : undefined
  }
  const [a, b] = e.date.split('/').map(parse)
  if (!a || (e.date.includes('/') && !b)) return e.dateText ?? e.date
  const effective = style === 'preserve' ? (/^\d/.test(e.dateText ?? '') || !e.dateText ? 'dmy' : 'mdy') : style
  const year = (y: string) => (y === 'XXXX' ? '' : ` ${y}${mark}`)
  const month = (n: number) => MONTH_NAMES[n - 1]!
  if (!b) return effective === 'mdy' ? `${month(a.m)} ${a.d},${year(a.y)}`.replace(/,$/, '') : `${a.d} ${month(a.m)}${year(a.y)}`
  if (effective === 'mdy') {
    const left = a.m === b.m ? `${month(a.m)} ${a.d}–${b.d}` : `${month(a.m)} ${a.d}–${month(b.m)} ${b.d}`
    return a.y === b.y ? `${left},${year(b.y)}`.replace(/,$/, '') : `${month(a.m)} ${a.d},${year(a.y)} – ${month(b.m)} ${b.d},${year(b.y)}`
  }
  const left = a.m === b.m ? `${a.d}–${b.d} ${month(a.m)}` : `${a.d} ${month(a.m)} – ${b.d} ${month(b.m)}`
  return a.y === b.y ? `${left}${year(b.y)}` : `${a.d} ${month(a.m)}${year(a.y)} – ${b.d} ${month(b.m)}${year(b.y)}`
}

function referenceInline(title: string | undefined, url: string | undefined): PhrasingContent[] {
  const parts: PhrasingContent[] = []
  if (title) parts.push({type: 'text', value: url ? `${title}: ` : title})
  if (url) {
    if (/^https?:\/\//i.test(url)) parts.push({type: 'link', url, children: [{type: 'text', value: url}]})
    else parts.push({type: 'text', value: url})
  }
  return parts
}
