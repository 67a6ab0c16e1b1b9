/**
 * Markdown writer: the tree → GFM with YAML front matter, through
 * remark-stringify. One paragraph per line, ATX headings. Source text is
 * escaped by mdast-util-to-markdown, so HTML, link syntax or emphasis markers
 * in the source stay plain text. reprint's own nodes are lowered to mdast
 * first (`lower`), each by a small function.
 */
import type {Nodes, Root, RootContent, PhrasingContent, Table, TableRow, Text} from 'mdast'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkStringify, {type Options as StringifyOptions} from 'remark-stringify'
import {unified} from 'unified'
import {stringify as stringifyYaml} from 'yaml'
import type {Appendix, DateMention, DocumentMetadata} from '../types.js'
import {formatDate, type DateStyle} from './format-date.js'
import {joinTexts} from './join-text.js'
import {linkAddresses} from './autolinks.js'
import {PANDOC_BLOCK_START, publishable, type TextRun} from './markdown-escape.js'
import {Utf8Chunks} from './utf8-chunks.js'

export interface MarkdownOptions {
  /** House style for dates in prose. Default `dmy`. */
  dateStyle?: DateStyle
}

export function emitMarkdown(tree: Root, options: MarkdownOptions = {}): string {
  const parts: string[] = []
  printMarkdown(tree, options, (text) => parts.push(text))
  return parts.join('')
}

/** The same Markdown as UTF-8 bytes, never held as one string (see utf8-chunks.ts). */
export function emitMarkdownBytes(tree: Root, options: MarkdownOptions = {}, groupBlocks = GROUP_BLOCKS): Uint8Array {
  const out = new Utf8Chunks()
  printMarkdown(tree, options, (text) => out.put(text), groupBlocks)
  return out.bytes()
}

/**
 * Top-level blocks printed at a time. A document with more is printed in
 * groups of about this many blocks, cut only between two paragraphs: the
 * writer joins those with one blank line whatever surrounds them, and keeps
 * no state from one to the other (the list bullet it alternates is reset
 * after every block that is not a list). So the groups, joined with a blank
 * line, are the bytes of printing the whole tree (tests/output-stream.test.ts),
 * and the largest string alive is one group's instead of the whole file's,
 * which mdast-util-to-markdown builds as an array of every block's text and
 * then a join of it (25 MB of prose: about 270 MB of heap above the tree).
 */
export const GROUP_BLOCKS = 500

function printMarkdown(tree: Root, options: MarkdownOptions, put: (text: string) => void, groupBlocks = GROUP_BLOCKS): void {
  const style = options.dateStyle ?? 'dmy'
  const children: RootContent[] = []
  const meta = tree.data?.metadata
  // The title is in the front matter, where pandoc reads it (`pandoc -s` prints it as the title
  // block) and GitHub shows it: it is not repeated as an H1. A document that prints its own H1
  // keeps it, and its front matter names the title `pagetitle` (pandoc's page title, no title
  // block), so that pandoc does not print the title twice either.
  const ownH1 = tree.children.some((node) => node.type === 'heading' && node.depth === 1)
  if (meta) children.push({type: 'yaml', value: frontMatter(meta, ownH1).trimEnd()})
  for (const node of tree.children) for (const block of lowerBlock(node, style)) children.push(block)
  if (children.length <= groupBlocks) return put(stringifyMarkdown({type: 'root', children}))
  const processor = markdownProcessor(printText)
  let start = 0
  for (let index = start + groupBlocks; index < children.length; index++) {
    if (index - start < groupBlocks || !groupEnd(children[index - 1]!, children[index]!)) continue
    // The writer ends a document with one line feed; between groups that line feed and one more make the blank line.
    put(processor.stringify({type: 'root', children: children.slice(start, index)}))
    put('\n')
    start = index
  }
  put(processor.stringify({type: 'root', children: children.slice(start)}))
}

/**
 * A group may end after `left` when `left` and `right` are paragraphs and the
 * printed `left` cannot end in a line ending (its last text does not): the
 * writer adds the final line feed only to text that does not end in one.
 */
function groupEnd(left: RootContent, right: RootContent): boolean {
  if (left.type !== 'paragraph' || right.type !== 'paragraph') return false
  const last = left.children.at(-1)
  return last?.type === 'text' && last.value.length > 0 && !/[\r\n]$/.test(last.value)
}

const STYLE = {bullet: '-', emphasis: '_', strong: '*', fences: true, rule: '-', listItemIndent: 'one'} as const

function markdownProcessor(text: TextHandler) {
  return unified()
    .use(remarkStringify, {...STYLE, handlers: {text}})
    .use(remarkGfm)
    .use(remarkFrontmatter, ['yaml'])
}

/** Print plain mdast (GFM, YAML front matter) in reprint's Markdown style. */
export function stringifyMarkdown(tree: Root): string {
  return markdownProcessor(printText).stringify(tree)
}

/** The same without the plain-text shortcut: what `printText` must always agree with (tests). */
export function stringifyMarkdownStock(tree: Root): string {
  return markdownProcessor(printTextReference).stringify(tree)
}

type TextHandler = NonNullable<NonNullable<StringifyOptions['handlers']>['text']>

/**
 * mdast-util-to-markdown's `text` handler, with a shortcut: text that no
 * unsafe pattern can match is printed as is, instead of running all ~70
 * patterns over it (most of the writer's time). See `isPlainText`.
 */
const printText: TextHandler = (node, parent, state, info) => {
  if (isPlainText(node.value, info.after, state.stack)) return node.value
  return printTextReference(node, parent, state, info)
}

/**
 * The stock handler (mdast-util-to-markdown/lib/handle/text.js), then the
 * escapes for pandoc and without the needless ones (see markdown-escape.ts).
 */
const printTextReference: TextHandler = (node, parent, state, info) => {
  const siblings = parent ? parent.children : []
  const index = state.indexStack[state.indexStack.length - 1]!
  const escaped = state.safe(node.value, {...info, afterNode: siblings[index + 1], beforeNode: siblings[index - 1]})
  // Inside `<…>` nothing is interpreted, backslashes included.
  if (state.stack.includes('autolink')) return escaped
  const inLabel = !state.stack.every((construct) => UNESCAPE_CONSTRUCTS.has(construct))
  return publishable(escaped, info.before, info.after, inLabel, escaped.includes('[') ? textRun(siblings, index, info.after) : undefined)
}

/** The run of `text` siblings around `index` (see `TextRun`). */
function textRun(siblings: readonly Nodes[], index: number, after: string): TextRun {
  let start = index
  while (start > 0 && siblings[start - 1]!.type === 'text') start--
  let end = index
  while (end + 1 < siblings.length && siblings[end + 1]!.type === 'text') end++
  const value = (i: number) => (siblings[i] as Text).value
  let rest = ''
  for (let i = index + 1; i <= end; i++) rest += value(i)
  let all = ''
  for (let i = start; i <= end; i++) all += value(i)
  // What follows the run: the line's end, or another node that may start with link syntax.
  const next = end === index ? after.charAt(0) : end + 1 < siblings.length ? '(' : ''
  return {rest, syntax: /\][([:{]/.test(all + next)}
}

/** Constructs whose scoped patterns are all handled by `isPlainText` (the others: labels, titles, destinations, code fences, autolinks). */
const PLAIN_CONSTRUCTS = new Set(['paragraph', 'phrasing', 'headingAtx', 'headingSetext', 'list', 'listItem', 'table', 'tableRow', 'tableCell'])
/** Constructs where `publishable` may drop an escape (not inside link text, titles or destinations). */
const UNESCAPE_CONSTRUCTS = new Set([...PLAIN_CONSTRUCTS, 'emphasis', 'strong'])
/** Characters escaped or giving context without a line ending (plus line endings, controls and the backslash). */
const RISKY = /[\u0000-\u001f\u007f!#$&*+<=>@[\\\]^_`|~]/
/** What may follow a text that ends in a space for it to stay plain: not a line ending (nor a space or tab, to stay simple). */
const TRAILING_SPACE_SAFE_AFTER = /^[^\r\n \t]/
/** GFM autolink literals: `www.` and `http:/` / `https:/`, also across the end of the text. */
const AUTOLINK = /[Ww]\.[-.\w]|[ps]:\//

/**
 * True when mdast-util-to-markdown's `safe` would return `value` unchanged
 * (no escape, no character reference). With the patterns of CommonMark, GFM
 * and front matter, and no line ending in the text:
 *
 * - patterns "at a break" need a line ending, then spaces, tabs or digits,
 *   before their character: none can start inside the text, and none reaches
 *   into it from before when it starts with a letter, or digits that are not
 *   followed by `.` or `)` (an ordered list marker);
 * - a space is escaped only next to a line ending: not at the end, then,
 *   unless what follows is known and is no line ending;
 * - the other characters that patterns target anywhere are `RISKY`, apart
 *   from GFM's autolink literals (`AUTOLINK`), which may take the character
 *   after the text as context;
 * - quotes, parentheses and the like are targeted only inside constructs
 *   outside `PLAIN_CONSTRUCTS`.
 *
 * Anything else goes through `safe`. tests/markdown-plain-text.test.ts
 * compares with the stock writer on generated text.
 */
export function isPlainText(value: string, after: string | undefined, stack: readonly string[]): boolean {
  if (value.length === 0 || RISKY.test(value)) return false
  // A trailing space is escaped only before a line ending: it is plain before a character that is
  // none (the next text of a paragraph, whose source lines end in their joining space).
  if (value.charCodeAt(value.length - 1) === 0x20 && !(after && TRAILING_SPACE_SAFE_AFTER.test(after))) return false
  // A list marker pandoc reads at a line start (`a)`, `iv.`), a dash or ellipsis run of pandoc's
  // `smart` extension: `publishable` escapes them.
  if (PANDOC_BLOCK_START.test(value) || value.includes('--') || value.includes('..')) return false
  for (const construct of stack) if (!PLAIN_CONSTRUCTS.has(construct)) return false
  const first = value.charCodeAt(0)
  if (first >= 0x30 && first <= 0x39) {
    let i = 1
    while (i < value.length && value.charCodeAt(i) >= 0x30 && value.charCodeAt(i) <= 0x39) i++
    if (value[i] === '.' || value[i] === ')') return false
  } else if (first < 0x80 && !((first | 0x20) >= 0x61 && (first | 0x20) <= 0x7a)) {
    // ASCII other than letters and digits: a space, or syntax that a break before the text may make a marker.
    return false
  }
  return !AUTOLINK.test(value) && !(after && AUTOLINK.test(value.slice(-2) + after.charAt(0)))
}

/** Metadata keys under the names pandoc reads (`lang`, `title`, `date`, …). */
const PANDOC_KEYS: Record<string, string> = {language: 'lang'}

function frontMatter(meta: DocumentMetadata, ownH1: boolean): string {
  const {source, ...rest} = meta
  const data: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(rest)) {
    if (value === undefined) continue
    const name = key === 'title' && ownH1 ? 'pagetitle' : PANDOC_KEYS[key] ?? key
    data[name] = value
  }
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
  if (!('children' in node) || node.type === 'link') return node
  const children = (node.children as RootContent[]).map((child) =>
    child.type === 'date' ? dateText(child, style) : lowerInline(child, style)
  )
  // Web addresses in the text become autolinks (the text stays as printed).
  const linked = (children as PhrasingContent[]).flatMap((child) => (child.type === 'text' ? linkAddresses(child) : [child]))
  return {...node, children: joinTexts(linked)} as T
}

function dateText(node: DateMention, style: DateStyle): PhrasingContent {
  // Same call as the `dates` stage's `dates:style` record: inferred years are never printed.
  const value = node.quoted || node.kept ? node.value : formatDate(node.value, node.edtf, style, {inferred: node.inferred})
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
      const legend = chronologyLegend(rows)
      if (legend) out.push(legend)
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
 * Under a chronology table whose years are not all printed in the source:
 * what the marks mean. Only the marks the table uses are explained.
 */
function chronologyLegend(entries: Appendix['entries']): RootContent | undefined {
  const used = new Set(entries.filter((e) => e.date && /^\d{4}/.test(e.date)).map((e) => e.certainty))
  const parts: string[] = []
  if (used.has('inferred')) parts.push('[year] not printed with the date, inferred from the text')
  if (used.has('ambiguous')) parts.push('[year?] not settled by the text, the likeliest year')
  if (parts.length === 0) return undefined
  return {type: 'paragraph', children: [{type: 'emphasis', children: [{type: 'text', value: `Years in brackets: ${parts.join('; ')}.`}]}]}
}

/**
 * A chronology date in the house style, with its year. A year the source does
 * not print with the date is in brackets, `[1997]` when inferred and
 * `[1997?]` when ambiguous (the cataloguers' convention for supplied and
 * probable dates), explained by a legend under the table. `preserve` prints
 * day-month tables in `dmy` since their cells carry no year.
 */
function chronologyDate(e: Appendix['entries'][number], style: DateStyle): string {
  if (!e.date) return e.dateText ?? ''
  const supplied = (text: string) => (e.certainty === 'ambiguous' ? `[${text}?]` : e.certainty === 'inferred' ? `[${text}]` : text)
  if (style === 'iso') return /^\d{4}/.test(e.date) ? supplied(e.date) : e.date
  const parse = (s: string) => {
    const m = /^(\d{4}|XXXX)-(\d{2})-(\d{2})$/.exec(s)
    return m ? {y: m[1]!, m: Number(m[2]), d: Number(m[3])} : undefined
  }
  const [a, b] = e.date.split('/').map(parse)
  if (!a || (e.date.includes('/') && !b)) return e.dateText ?? e.date
  const effective = style === 'preserve' ? (/^\d/.test(e.dateText ?? '') || !e.dateText ? 'dmy' : 'mdy') : style
  const year = (y: string) => (y === 'XXXX' ? '' : ` ${supplied(y)}`)
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
