/**
 * PDF writer: the document tree → a typeset, searchable, deterministic PDF.
 *
 *   typeset   tree → items (layout.ts) → pages (paginate.ts)   [fontkit only]
 *   emitPdf   typeset + draw (draw.ts) + outline + structure tree (tags.ts)
 *             + metadata (Info and XMP, xmp.ts)                  [pdf-lib]
 *
 * pdf-lib and fontkit are imported here, on first use, never at module load:
 * other outputs must not pay for them.
 */
import {createHash} from 'node:crypto'
import type {Root} from 'mdast'
import {toString} from 'mdast-util-to-string'
import type {DateStyle} from '../format-date.js'
import {pageConfig, type PageConfig, type PageSizeName} from './config.js'
import {save, useNativeDeflate} from './deflate.js'
import {startDrawing} from './draw.js'
import {loadFonts, sharedFontkit, stripInvisible, type FontFiles, type Fontkit, type FontSet, type TextStyle} from './fonts.js'
import {loadHyphenator} from './hyphenate.js'
import {layoutDocument, type Item, type TextOp} from './layout.js'
import {breakLines, toWords} from './line-break.js'
import {addOutline, type OutlineEntry} from './outline.js'
import {paginate, Paginator, type Page} from './paginate.js'
import {Marks, writeStructure, type StructElem} from './tags.js'
import {xmpPacket} from './xmp.js'
import {VERSION} from '../../version.js'

export interface PdfOptions {
  /** Paper size. Default A4. */
  pageSize?: PageSizeName
  /** CreationDate and ModDate. Default: `pdfDate(sha256 of the input)`. */
  date?: Date
  /** House style for dates in prose, as in the Markdown writer. Default `dmy`. */
  dateStyle?: DateStyle
  /** Font files (TTF, OTF or WOFF) to use instead of DejaVu Serif, by style; DejaVu remains the fallback. */
  fonts?: FontFiles
  /** Lay out twice and draw each page as it is paginated, to bound memory (see STREAM_CHARS). Default: for documents over STREAM_CHARS characters. */
  stream?: boolean
  /**
   * Internal, for bench/pdf.mjs and tests only (build.ts never passes it; not a
   * user option): `false` writes no marked content and no structure tree, to
   * measure what tagging costs. Tagging costs well under the 15 % of PDF time
   * above which issue 14 allowed a user option to turn it off (README.md).
   */
  tagged?: boolean
}

export interface TypesetResult {
  config: PageConfig
  items: Item[]
  pages: Page[]
  fonts: FontSet
  /** Running header text. */
  header?: string
  /** The Document structure element (tags.ts), filled by layout. */
  structure: StructElem
}

export type {Item, Page, PageConfig}

/** Lay out and paginate `tree` without writing a PDF (used by emitPdf and by tests). */
export async function typeset(tree: Root, options: PdfOptions = {}): Promise<TypesetResult> {
  const setup = await typesetSetup(tree, options)
  const {config, fonts, hyphenate, header} = setup
  const structure: StructElem = {role: 'Document', kids: []}
  const items = layoutDocument(tree, {config, fonts, hyphenate, dateStyle: options.dateStyle, structure})
  const pages = paginate(items, textHeight(config))
  return {config, items, pages, fonts, header, structure}
}

/** What layout needs before it starts: page geometry, fonts, hyphenation, and the running header's text. */
async function typesetSetup(tree: Root, options: PdfOptions) {
  const config = pageConfig(options.pageSize ?? 'A4')
  const meta = tree.data?.metadata
  const [fonts, hyphenate] = await Promise.all([loadFonts(options.fonts), loadHyphenator(meta?.language)])
  const firstHeading = tree.children.find((n) => n.type === 'heading')
  const header = meta?.title ?? (firstHeading ? toString(firstHeading) : undefined)
  return {config, fonts, hyphenate, header: header?.replace(/\s+/g, ' ').trim() || undefined}
}

const textHeight = (config: PageConfig) => config.height - config.margin.top - config.margin.bottom

/**
 * Documents with more text than this (in characters) are typeset in streaming
 * mode: a first layout pass only counts the pages (the footers say "page i of
 * n"), a second lays out again and draws each page as soon as it is paginated,
 * so the laid-out lines of the whole document (about 45 bytes of memory per
 * character of text: 10 MB of prose held 430 MB) are never in memory at once.
 * It costs a second layout, which is why smaller documents lay out once.
 * Both modes write the same bytes (tests/pdf-streaming.test.ts).
 */
export const STREAM_CHARS = 2_000_000

/** Characters of text in the tree (stops counting past `limit`). */
function textChars(tree: Root, limit: number): number {
  let total = 0
  const stack: unknown[] = [tree]
  while (stack.length && total <= limit) {
    const node = stack.pop() as {value?: unknown; children?: unknown[]}
    if (typeof node.value === 'string') total += node.value.length
    if (node.children) for (const child of node.children) stack.push(child)
  }
  return total
}

/**
 * The date for CreationDate/ModDate: SOURCE_DATE_EPOCH when set, else a date
 * derived from the input's hash (so the same input always gives the same bytes).
 */
export function pdfDate(sha256?: string, env: Record<string, string | undefined> = process.env): Date {
  const epoch = env.SOURCE_DATE_EPOCH
  if (epoch && /^\d+$/.test(epoch.trim())) return new Date(Number(epoch.trim()) * 1000)
  // 2000-01-01 plus up to ~30 years, from the first 32 bits of the hash.
  const seconds = sha256 && /^[0-9a-f]{8}/i.test(sha256) ? parseInt(sha256.slice(0, 8), 16) % (30 * 365 * 86400) : 0
  return new Date(Date.UTC(2000, 0, 1) + seconds * 1000)
}

export async function emitPdf(tree: Root, options: PdfOptions = {}): Promise<Uint8Array> {
  const stream = options.stream ?? textChars(tree, STREAM_CHARS) > STREAM_CHARS
  const [lib, fontkit, setup] = await Promise.all([
    import('pdf-lib'),
    import('@pdf-lib/fontkit').then((m) => (m as {default?: unknown}).default ?? m),
    typesetSetup(tree, options)
  ])
  const {config, fonts, hyphenate, header} = setup
  const layoutOptions = {config, fonts, hyphenate, dateStyle: options.dateStyle}
  let pages: Page[] | undefined
  let structure: StructElem = {role: 'Document', kids: []}
  let total: number
  if (stream) {
    // First pass: the page count only; each page's items are dropped as soon as it is complete.
    const counter = new Paginator(textHeight(config), () => {})
    layoutDocument(tree, {...layoutOptions, structure}, (items) => counter.push(items))
    counter.finish()
    total = counter.pages
  } else {
    pages = paginate(layoutDocument(tree, {...layoutOptions, structure}), textHeight(config))
    total = pages.length
  }
  const meta = tree.data?.metadata
  const date = options.date ?? pdfDate(meta?.source?.sha256)
  if (Number.isNaN(date.getTime())) throw new Error('PDF: invalid date for CreationDate/ModDate')

  // Furniture is measured before fonts are embedded, so its faces are embedded too.
  const footers = Array.from({length: total}, (_, i) => furnitureLine(`page ${i + 1} of ${total}`, {}, config, fonts, config.height - config.footerBaseline))
  const headerOp = header ? furnitureLine(header, {italic: true}, config, fonts, config.headerBaseline) : undefined

  const doc = await lib.PDFDocument.create({updateMetadata: false})
  useNativeDeflate(doc)
  // pdf-lib asks fontkit for a font object per embedded face and document. The
  // file is parsed once per process; each document gets a fresh font object
  // over it (own glyph cache, see sharedFontkit), so subsets stay per document.
  doc.registerFontkit(sharedFontkit(fontkit as Fontkit) as Parameters<typeof doc.registerFontkit>[0])
  const marks = options.tagged === false ? undefined : new Marks(total)
  const drawer = await startDrawing({lib, doc, fonts, config, furniture: {header: headerOp, footers}, marks})
  const outline: OutlineEntry[] = []
  const drawPage = (page: Page) => {
    const {ref} = drawer.draw(page)
    for (const {item, top, repeated} of page.placed) {
      if (item.heading && !repeated) {
        outline.push({title: item.heading.title, depth: item.heading.depth, pageRef: ref, x: config.margin.left, y: config.height - config.margin.top - top + 4})
      }
    }
  }
  if (pages) pages.forEach(drawPage)
  else {
    // Second pass: the same layout again (a fresh structure tree), each page drawn and dropped as it is paginated.
    structure = {role: 'Document', kids: []}
    const pager = new Paginator(textHeight(config), drawPage)
    layoutDocument(tree, {...layoutOptions, structure}, (items) => pager.push(items))
    pager.finish()
    if (pager.pages !== total) throw new Error(`PDF: the second layout pass gave ${pager.pages} pages, the first ${total}`)
  }
  pages = undefined
  const {pages: drawn, digest} = drawer.finish()
  if (marks) writeStructure(lib, doc, structure, marks, drawn.map((p) => p.ref))

  addOutline(lib, doc, outline)

  // PDF/UA asks for a title shown in the window's title bar: the metadata's, else the first heading's, else the file's name.
  const title = meta?.title ?? header ?? fileTitle(meta?.source?.path)
  doc.setTitle(title, {showInWindowTitleBar: true})
  const author = meta?.author ?? meta?.publisher
  if (author) doc.setAuthor(author)
  if (meta?.subject) doc.setSubject(meta.subject)
  if (meta?.keywords?.length) doc.setKeywords(meta.keywords)
  if (meta?.language) doc.setLanguage(meta.language)
  const producer = `reprint ${VERSION}`
  doc.setProducer(producer)
  doc.setCreator('reprint')
  doc.setCreationDate(date)
  doc.setModificationDate(date)

  // The file identifier: a hash of what the file shows (page contents, links, metadata) and of the
  // input's bytes, not a random value; the input's path is left out, so a moved input gives the same file.
  const {source, ...shown} = meta ?? ({} as Partial<NonNullable<typeof meta>>)
  const id = createHash('md5')
    .update(JSON.stringify([digest, shown, source?.sha256 ?? null, outline.map((o) => o.title), options.pageSize ?? 'A4', date.toISOString()]))
    .digest('hex')
  doc.context.trailerInfo.ID = doc.context.obj([lib.PDFHexString.of(id), lib.PDFHexString.of(id)])

  // XMP: the Info dictionary's facts again, plus the PDF/UA identification. Uncompressed, as readers scan for it.
  const xmp = xmpPacket({
    title,
    creator: author,
    description: meta?.subject,
    keywords: meta?.keywords?.length ? meta.keywords.join(' ') : undefined,
    language: meta?.language,
    producer,
    creatorTool: 'reprint',
    date,
    id
  })
  const metadata = doc.context.stream(new TextEncoder().encode(xmp), {Type: 'Metadata', Subtype: 'XML'})
  doc.catalog.set(lib.PDFName.of('Metadata'), doc.context.register(metadata))

  // Object streams and the cross-reference stream compressed with node:zlib (see deflate.ts).
  return save(lib, doc)
}

/** A title from the input's file name (no folders, no extension), for a document with neither title nor heading. */
function fileTitle(path: string | undefined): string {
  const base = (path ?? '').split(/[\\/]/).pop()?.replace(/\.[^.]*$/, '').trim()
  return base || 'Untitled'
}

/** A one-line text op for the header or footer, centred; too long text is cut with an ellipsis. */
function furnitureLine(text: string, style: TextStyle, config: PageConfig, fonts: FontSet, fromTop: number): TextOp {
  const size = config.furnitureSize
  const maxWidth = config.width - config.margin.left - config.margin.right
  const words = toWords([{text: stripInvisible(text), style}], fonts, size)
  const options = {fonts, size, maxWidth, justify: false, maxStretch: 1, minShrink: 1}
  let lines = breakLines(words, options)
  if (lines.length > 1) {
    const fit = lines[0]!.words.map((w) => w.map((p) => p.text).join('')).join(' ')
    lines = breakLines(toWords([{text: fit.replace(/\S+$/, '') + '…', style}], fonts, size), options)
  }
  const line = lines[0] ?? breakLines(toWords([{text: ' ', style}], fonts, size), options)[0]!
  return {kind: 'text', x: config.margin.left + (maxWidth - (line?.width ?? 0)) / 2, baseline: fromTop, size, line}
}
