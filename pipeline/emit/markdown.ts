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

export interface MarkdownOptions {
  /** House style for dates in prose. Default `dmy`. */
  dateStyle?: DateStyle
}

export function emitMarkdown(tree: Root, options: MarkdownOptions = {}): string {
  const style = options.dateStyle ?? 'dmy'
  const children: RootContent[] = []
  const meta = tree.data?.metadata
  if (meta) children.push({type: 'yaml', value: frontMatter(meta).trimEnd()})
  for (const node of tree.children) children.push(...lowerBlock(node, style))
  const out: Root = {type: 'root', children}
  return unified()
    .use(remarkStringify, {bullet: '-', emphasis: '_', strong: '*', fences: true, rule: '-', listItemIndent: 'one'})
    .use(remarkGfm)
    .use(remarkFrontmatter, ['yaml'])
    .stringify(out)
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

/** Replace `date` nodes by text in the house style, everywhere below `node`. */
function lowerInline<T extends RootContent>(node: T, style: DateStyle): T {
  if (!('children' in node)) return node
  const children = (node.children as RootContent[]).map((child) =>
    child.type === 'date' ? dateText(child, style) : lowerInline(child, style)
  )
  return {...node, children} as T
}

function dateText(node: DateMention, style: DateStyle): PhrasingContent {
  // Same call as the `dates` stage's `dates:style` record: inferred years are never printed.
  const value = node.quoted ? node.value : formatDate(node.value, node.edtf, style, {inferred: node.inferred})
  return {type: 'text', value}
}

function lowerAppendix(node: Appendix, style: DateStyle): RootContent[] {
  const out: RootContent[] = []
  if (node.kind === 'references') {
    out.push({
      type: 'list',
      ordered: false,
      spread: false,
      children: node.entries.map((entry) => ({
        type: 'listItem',
        spread: false,
        children: [{type: 'paragraph', children: referenceInline(entry.title, entry.url)}]
      }))
    })
  } else if (node.kind === 'chronology') {
    const row = (cells: string[]): TableRow => ({
      type: 'tableRow',
      children: cells.map((value) => ({type: 'tableCell', children: value ? [{type: 'text', value}] : []}))
    })
    const table: Table = {
      type: 'table',
      align: [null, null, null],
      children: [
        row(['Date', 'Place', 'Occasion']),
        ...node.entries.map((e) =>
          row([e.date ? formatDate(e.dateText ?? e.date, e.date, style === 'preserve' ? 'dmy' : style) : e.dateText ?? '', e.place ?? '', e.occasion ?? ''])
        )
      ]
    }
    out.push(table)
  } else {
    for (const entry of node.entries) if (entry.text) out.push({type: 'paragraph', children: [{type: 'text', value: entry.text}]})
  }
  return out
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
