/**
 * HTML writer: the tree → one self-contained, semantic, accessible page,
 * through remark-rehype (mdast → hast) and rehype-stringify.
 *
 * - `<html lang>` from the metadata, `<title>` from the metadata or the first
 *   heading; a small embedded stylesheet for screen and print; no script, no
 *   external request (no image, font or stylesheet is ever linked).
 * - Every block keeps its JSON id (`data.id`) as its `id`, so `#<heading id>`
 *   links work the same on the JSON outline and on the page.
 * - Dates the `dates` stage found are `<time datetime="EDTF">` around the text
 *   in the house style (the Markdown writer's words); chronology cells too.
 * - Tables have `<th scope="col">`; footnotes are remark-rehype's GFM section
 *   with back links.
 * - Source text is inert: every string of the document becomes a hast text
 *   node (escaped by the serializer); raw `html` nodes print as text; links
 *   keep only http(s) and mailto targets; images print their alt text.
 *
 * The hast is exported (`documentHast`) for the review page, which adds its
 * highlights to the same tree the HTML output prints.
 */
import type {Element, ElementContent, Properties, Root as HastRoot, RootContent as HastContent} from 'hast'
import type {FootnoteDefinition, Nodes as MdastNodes, Root, RootContent, Table, TableCell} from 'mdast'
import {toString} from 'mdast-util-to-string'
import rehypeStringify from 'rehype-stringify'
import type {Handler, State} from 'mdast-util-to-hast'
import remarkRehype, {defaultHandlers} from 'remark-rehype'
import {unified} from 'unified'
import type {Appendix, DateMention} from '../types.js'
import {formatDate, type DateStyle} from './format-date.js'
import {lowerAppendix} from './markdown.js'
import {Utf8Chunks} from './utf8-chunks.js'

export interface HtmlOptions {
  /** House style for dates in prose (as in the Markdown). Default `dmy`. */
  dateStyle?: DateStyle
  /** Generator string for `<meta name="generator">`, e.g. `reprint 0.1.0`. */
  generator?: string
}

/** A chronology cell's date: printed text in a `<time>` (only built here). */
interface TimeNode {
  type: 'reprintTime'
  value: string
  datetime: string
}

/** Print a whole page: `<!doctype html>` … `</html>` plus a final newline. */
export function emitHtml(tree: Root, options: HtmlOptions = {}): string {
  const parts: string[] = []
  printHtml(tree, options, (text) => parts.push(text))
  return parts.join('')
}

/** The same page as UTF-8 bytes, never held as one string (see utf8-chunks.ts). */
export function emitHtmlBytes(tree: Root, options: HtmlOptions = {}): Uint8Array {
  const out = new Utf8Chunks()
  printHtml(tree, options, (text) => out.put(text))
  return out.bytes()
}

/** Stands for the article's content in the page skeleton; replaced by the blocks. */
const BODY = 'reprint:article'

/**
 * Print the page a block at a time: the skeleton around the article, then
 * each top-level block as soon as remark-rehype has converted it (a `root`
 * handler prints and drops it), then the footnotes section it adds last. The
 * page's whole hast is never built: on 25 MB of prose it held about 600 MB
 * of heap while it was printed, more than the document's tree itself.
 * The bytes are those of printing the whole tree (`documentHast` in
 * `pageHast`): the serializer prints an element the same whatever its
 * siblings, and joined text nodes print as the texts one after the other
 * (tests/output-stream.test.ts).
 */
function printHtml(tree: Root, options: HtmlOptions, put: (text: string) => void): void {
  const style = options.dateStyle ?? 'dmy'
  const page = stringifyHtml(
    pageHast({
      lang: language(tree),
      title: documentTitle(tree),
      generator: options.generator,
      style: DOCUMENT_CSS,
      body: [el('main', {}, [el('article', {}, [{type: 'comment', value: BODY}])])]
    })
  )
  const marker = `<!--${BODY}-->`
  const at = page.indexOf(marker)
  put(page.slice(0, at))
  const printer = unified().use(rehypeStringify)
  const print = (children: HastRoot['children']) => {
    const root: HastRoot = {type: 'root', children}
    addTableScopes(root)
    mergeText(root)
    put(printer.stringify(root))
  }
  const root: Handler = (state, node) => {
    // mdast-util-to-hast's root handler (`state.wrap(state.all(node))`), a block at a time.
    const nodes = (node as Root).children
    let first = true
    for (let index = 0; index < nodes.length; index++) {
      const result = state.one(nodes[index]!, node as Root)
      if (!result) continue
      for (const value of (Array.isArray(result) ? result : [result]) as HastRoot['children']) {
        print(first ? [value] : [{type: 'text', value: '\n'}, value])
        first = false
      }
    }
    // (`all` also trims a text after a hard break: a break is phrasing, never a child of the root.)
    return {type: 'root', children: []} as never
  }
  const rest = unified().use(remarkRehype, hastOptions(style, {root})).runSync(lowerDocument(tree, style)) as HastRoot
  // What remark-rehype adds after the root: the footnotes section.
  print(rest.children)
  put(page.slice(at + marker.length))
}

export function stringifyHtml(root: HastRoot): string {
  return unified().use(rehypeStringify).stringify(root) + '\n'
}

/** The document's language for `lang`: the metadata's, else `en` (the pipeline's rules are for English). */
export function language(tree: Root): string {
  const lang = tree.data?.metadata?.language
  return lang && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(lang) ? lang : 'en'
}

/** The metadata title, else the first heading's text, else `Document`. */
export function documentTitle(tree: Root): string {
  const meta = tree.data?.metadata?.title
  if (meta) return meta
  const heading = tree.children.find((node) => node.type === 'heading')
  return (heading && toString(heading).trim()) || 'Document'
}

/** A page skeleton: doctype, head with charset, viewport, title and one stylesheet, then `body`. */
export function pageHast(page: {lang: string; title: string; generator?: string; style: string; body: ElementContent[]; bodyProps?: Properties; tail?: ElementContent[]}): HastRoot {
  const head: ElementContent[] = [
    el('meta', {charSet: 'utf-8'}),
    el('meta', {name: 'viewport', content: 'width=device-width, initial-scale=1'}),
    el('title', {}, [text(page.title)])
  ]
  if (page.generator) head.push(el('meta', {name: 'generator', content: page.generator}))
  head.push(el('style', {}, [text(page.style)]))
  return {
    type: 'root',
    children: [
      {type: 'doctype'},
      el('html', {lang: page.lang}, [el('head', {}, head), el('body', page.bodyProps ?? {}, [...page.body, ...(page.tail ?? [])])])
    ]
  }
}

/** The document's blocks as hast (the content of `<article>`), positions kept. */
export function documentHast(tree: Root, options: HtmlOptions = {}): HastRoot {
  const style = options.dateStyle ?? 'dmy'
  const hast = unified().use(remarkRehype, hastOptions(style)).runSync(lowerDocument(tree, style)) as HastRoot
  addTableScopes(hast)
  mergeText(hast)
  return hast
}

/** The document as plain mdast for remark-rehype: reprint's own nodes lowered. */
function lowerDocument(tree: Root, style: DateStyle): Root {
  const children: RootContent[] = []
  const meta = tree.data?.metadata
  // As in the Markdown: a document without a printed title gets the metadata title as its H1.
  const hasTitle = tree.children.some((node) => node.type === 'heading' && node.depth === 1)
  if (meta?.title && !hasTitle) children.push({type: 'heading', depth: 1, children: [{type: 'text', value: meta.title}]})
  const referenced = footnoteReferences(tree)
  for (const node of tree.children) {
    // remark-rehype prints only the footnotes that are referenced: a note whose
    // mark the text lost still prints, as a block where it stands.
    if (node.type === 'footnoteDefinition' && !referenced.has(node.identifier.toLowerCase())) children.push(unreferencedNote(node))
    else for (const block of lowerBlock(node, style)) children.push(block)
  }
  return {type: 'root', children}
}

function hastOptions(style: DateStyle, extra: Record<string, Handler> = {}) {
  return {
    handlers: {...handlers(style), ...extra},
    // Never pass raw HTML through (we print `html` nodes as text anyway).
    allowDangerousHtml: false,
    footnoteBackLabel: (index: number, rereference: number) => `Back to reference ${index + 1}${rereference > 1 ? `-${rereference}` : ''}`
  }
}

/**
 * Join neighbouring text nodes (the stages keep one per source line, and a
 * joined word can straddle two): the same HTML, and the review page can mark
 * a word whole.
 */
function mergeText(node: HastRoot | Element): void {
  const out: Array<HastRoot["children"][number]> = []
  for (const child of node.children) {
    const last = out.at(-1)
    if (child.type === 'text' && last?.type === 'text') {
      out[out.length - 1] = {type: 'text', value: last.value + child.value, ...(last.position && child.position ? {position: {start: last.position.start, end: child.position.end}} : {})}
    } else {
      if (child.type === 'element') mergeText(child)
      out.push(child as HastRoot["children"][number])
    }
  }
  node.children = out as typeof node.children
}

function footnoteReferences(tree: Root): Set<string> {
  const ids = new Set<string>()
  const walk = (node: {type: string; identifier?: string; children?: unknown[]}) => {
    if (node.type === 'footnoteReference' && node.identifier) ids.add(node.identifier.toLowerCase())
    for (const child of (node.children ?? []) as (typeof node)[]) walk(child)
  }
  walk(tree)
  return ids
}

/** An unreferenced footnote as a blockquote led by its label, so no word of it is lost. */
function unreferencedNote(node: FootnoteDefinition): RootContent {
  const children = [...node.children] as RootContent[]
  const first = children[0]
  const label = `${node.label ?? node.identifier}. `
  if (first?.type === 'paragraph') children[0] = {...first, children: [{type: 'text', value: label}, ...first.children]}
  else children.unshift({type: 'paragraph', children: [{type: 'text', value: label}]})
  return {type: 'blockquote', children: children as never, position: node.position, data: {...node.data, hProperties: {className: ['footnote']}}} as RootContent
}

function lowerBlock(node: RootContent, style: DateStyle): RootContent[] {
  switch (node.type) {
    case 'pageBreak':
      return []
    case 'rawLine':
      return node.value.trim() ? [{type: 'paragraph', children: [{type: 'text', value: node.value.trim()}], position: node.position}] : []
    case 'appendix':
      return lowerAppendixHtml(node, style)
    default:
      return [node]
  }
}

/**
 * The appendix as the Markdown prints it (`lowerAppendix`), with each
 * chronology row given its entry's position and its date cell a `<time>`.
 * Rows come out in entry order, one per entry with a date or a place.
 */
function lowerAppendixHtml(node: Appendix, style: DateStyle): RootContent[] {
  const lowered = lowerAppendix(node, style)
  if (node.kind === 'chronology') {
    const rows = node.entries.filter((e) => e.date || e.place)
    let next = 0
    for (const block of lowered) {
      if (block.type !== 'table') continue
      for (const row of (block as Table).children.slice(1)) {
        const entry = rows[next++]
        if (!entry) continue
        if (entry.position) row.position = entry.position
        const cell = row.children[0] as TableCell | undefined
        if (cell && entry.date && cell.children.length > 0) {
          const time: TimeNode = {type: 'reprintTime', value: toString(cell), datetime: entry.date}
          cell.children = [time as unknown as TableCell['children'][number]]
        }
      }
    }
  }
  for (const block of lowered) if (!block.position && node.position) block.position = node.position
  return lowered
}

function handlers(style: DateStyle): Record<string, Handler> {
  // Every block with a JSON id keeps it as its HTML id.
  const withId =
    (handler: Handler): Handler =>
    (state, node, parent) => {
      const result = handler(state, node as never, parent)
      const id = (node as MdastNodes).data?.id
      if (id && result && !Array.isArray(result) && result.type === 'element') result.properties = {...result.properties, id}
      return result
    }
  return {
    heading: withId(defaultHandlers.heading),
    paragraph: withId(defaultHandlers.paragraph),
    list: withId(defaultHandlers.list),
    table: withId(defaultHandlers.table),
    blockquote: withId(defaultHandlers.blockquote),
    date(state: State, node: DateMention) {
      // Same words as the Markdown writer: inferred years are never printed.
      const value = node.quoted || node.kept ? node.value : formatDate(node.value, node.edtf, style, {inferred: node.inferred})
      const result = el('time', {dateTime: node.edtf}, [text(value)])
      state.patch(node, result)
      return result
    },
    reprintTime(state: State, node: TimeNode) {
      const result = el('time', {dateTime: node.datetime}, [text(node.value)])
      state.patch(node as never, result)
      return result
    },
    // Raw HTML in the tree is source text: printed, never parsed.
    html(_state: State, node: {value: string}) {
      return text(node.value)
    },
    link(state: State, node: {url: string; title?: string | null; children: RootContent[]}) {
      const children = state.all(node as never)
      if (!/^(https?:\/\/|mailto:)/i.test(node.url)) return children.length === 1 ? children[0]! : el('span', {}, children)
      const result = el('a', {href: node.url}, children)
      state.patch(node as never, result)
      return result
    },
    // No external request: an image prints its alt text.
    image(_state: State, node: {alt?: string | null}) {
      return text(node.alt ?? '')
    }
  } as unknown as Record<string, Handler>
}

/** Header cells name their column for assistive technology. */
function addTableScopes(node: HastRoot | Element): void {
  for (const child of node.children) {
    if (child.type !== 'element') continue
    if (child.tagName === 'th' && child.properties.scope === undefined) child.properties.scope = 'col'
    addTableScopes(child)
  }
}

export function el(tagName: string, properties: Properties = {}, children: ElementContent[] = []): Element {
  return {type: 'element', tagName, properties, children}
}

export function text(value: string): HastContent & {type: 'text'} {
  return {type: 'text', value}
}

/** Screen and print: a readable measure, clear tables, footnotes, no colour needed to read. */
export const DOCUMENT_CSS = `
:root{color-scheme:light}
body{margin:0;background:#fff;color:#1a1a1a;font:1.0625rem/1.6 Georgia,"DejaVu Serif",serif}
main{max-width:42rem;margin:0 auto;padding:2rem 1.25rem 4rem}
h1,h2,h3,h4,h5,h6{font-family:system-ui,"DejaVu Sans",sans-serif;line-height:1.25;margin:2rem 0 .75rem}
h1{font-size:1.9rem}h2{font-size:1.45rem}h3{font-size:1.2rem}
p{margin:0 0 1rem}
a{color:#0645ad}
a:focus-visible{outline:3px solid #1a56db;outline-offset:2px}
table{border-collapse:collapse;width:100%;margin:1rem 0 1.5rem;font-size:.95rem}
th,td{border:1px solid #c8c8c8;padding:.3rem .5rem;text-align:left;vertical-align:top}
thead th{background:#f1f1f1}
time{font-variant-numeric:tabular-nums}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
section.footnotes{border-top:1px solid #c8c8c8;margin-top:2.5rem;font-size:.9rem}
@media print{
  body{font-size:11pt}
  main{max-width:none;padding:0}
  a{color:inherit;text-decoration:none}
  h1,h2,h3{break-after:avoid}
  tr,li{break-inside:avoid}
}
`.trim()
