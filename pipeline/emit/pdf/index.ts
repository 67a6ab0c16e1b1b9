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
import {drawPages} from './draw.js'
import {loadFonts, sharedFontkit, stripInvisible, type FontFiles, type Fontkit, type FontSet, type TextStyle} from './fonts.js'
import {loadHyphenator} from './hyphenate.js'
import {layoutDocument, type Item, type TextOp} from './layout.js'
import {breakLines, toWords} from './line-break.js'
import {addOutline, type OutlineEntry} from './outline.js'
import {paginate, type Page} from './paginate.js'
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
  const config = pageConfig(options.pageSize ?? 'A4')
  const meta = tree.data?.metadata
  const [fonts, hyphenate] = await Promise.all([loadFonts(options.fonts), loadHyphenator(meta?.language)])
  const structure: StructElem = {role: 'Document', kids: []}
  const items = layoutDocument(tree, {config, fonts, hyphenate, dateStyle: options.dateStyle, structure})
  const pages = paginate(items, config.height - config.margin.top - config.margin.bottom)
  const firstHeading = tree.children.find((n) => n.type === 'heading')
  const header = meta?.title ?? (firstHeading ? toString(firstHeading) : undefined)
  return {config, items, pages, fonts, header: header?.replace(/\s+/g, ' ').trim() || undefined, structure}
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
  const [lib, fontkit, result] = await Promise.all([
    import('pdf-lib'),
    import('@pdf-lib/fontkit').then((m) => (m as {default?: unknown}).default ?? m),
    typeset(tree, options)
  ])
  const {config, pages, fonts, header, structure} = result
  const meta = tree.data?.metadata
  const date = options.date ?? pdfDate(meta?.source?.sha256)
  if (Number.isNaN(date.getTime())) throw new Error('PDF: invalid date for CreationDate/ModDate')

  // Furniture is measured before fonts are embedded, so its faces are embedded too.
  const total = pages.length
  const footers = pages.map((_, i) => furnitureLine(`page ${i + 1} of ${total}`, {}, config, fonts, config.height - config.footerBaseline))
  const headerOp = header ? furnitureLine(header, {italic: true}, config, fonts, config.headerBaseline) : undefined

  const doc = await lib.PDFDocument.create({updateMetadata: false})
  useNativeDeflate(doc)
  // pdf-lib asks fontkit for a font object per embedded face and document. The
  // file is parsed once per process; each document gets a fresh font object
  // over it (own glyph cache, see sharedFontkit), so subsets stay per document.
  doc.registerFontkit(sharedFontkit(fontkit as Fontkit) as Parameters<typeof doc.registerFontkit>[0])
  const marks = new Marks(pages.length)
  const {pages: drawn, digest} = await drawPages({
    lib,
    doc,
    fonts,
    config,
    pages,
    furniture: {header: headerOp, footers},
    marks
  })
  writeStructure(lib, doc, structure, marks, drawn.map((p) => p.ref))

  const outline: OutlineEntry[] = []
  pages.forEach((page, i) => {
    for (const {item, top, repeated} of page.placed) {
      if (item.heading && !repeated) {
        outline.push({title: item.heading.title, depth: item.heading.depth, pageRef: drawn[i]!.ref, x: config.margin.left, y: config.height - config.margin.top - top + 4})
      }
    }
  })
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
