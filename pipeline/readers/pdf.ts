/**
 * The PDF reader: PDF bytes → positioned text items, page by page, with
 * pdfjs-dist (Apache-2.0), in this thread and without fetching anything.
 *
 * pdfjs is loaded on first use only (about 0.3 s of import): a run that reads
 * no PDF never pays for it. Its "worker" runs in the same thread
 * (`globalThis.pdfjsWorker`), so no worker file is looked up or downloaded.
 * The legacy build is the one that runs on Node 20.
 *
 * Coordinates are PDF user space in points: origin at the bottom-left corner
 * of the page's crop box, y upwards. `y` of an item is its baseline.
 *
 * Font names and weights are not part of pdfjs's text content; they come from
 * its font objects, which only an operator list delivers. A page's operator
 * list is asked for only when it uses a font not seen before, so most pages
 * cost one text-content pass.
 */
import {createRequire} from 'node:module'
import {dirname, join, sep} from 'node:path'
import {InputError} from '../load-yaml.js'

export interface PdfReadOptions {
  /**
   * Largest PDF read, in pages; a longer one is refused with a one-line error
   * before any page is read (time and memory grow with the pages: about
   * 600 MB for 500 pages through the whole build). Default 1000.
   */
  maxPages?: number
  /** Password for an encrypted PDF with a user password. */
  password?: string
}

/** One run of text as the PDF draws it. */
export interface PdfItem {
  text: string
  /** Left edge and baseline, in points from the page's bottom-left corner. */
  x: number
  y: number
  /** Advance width of the run, in points. */
  width: number
  /** Font size in points (the text matrix's vertical scale). */
  size: number
  /** The font's PostScript name without subset prefix, when known. */
  font: string
  bold: boolean
  italic: boolean
}

export interface PdfPage {
  /** 1-based page number. */
  number: number
  width: number
  height: number
  items: PdfItem[]
  /** Glyphs drawn whose font has no Unicode map (no text could be read for them). */
  unmapped: number
  /** Characters of rotated or mirrored text, not read into lines (margin stamps, vertical labels). */
  rotated: number
}

export interface PdfDocument {
  pages: PdfPage[]
  /** Total pages in the file (may exceed `pages.length` when capped). */
  pageCount: number
  /** The document information dictionary's title, when set. */
  title?: string
}

export const DEFAULT_MAX_PAGES = 1000

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs')
let pdfjs: PdfJs | undefined
/** pdfjs's own data folders (CMaps for CJK and other CID fonts, metrics of the standard 14 fonts), read from disk. */
let dataDirs: {cMapUrl: string; standardFontDataUrl: string} | undefined

/** Load pdfjs once. `require` of its ES modules works on Node ≥ 20.19 and inside the CommonJS bundle. */
function loadPdfJs(): PdfJs {
  if (pdfjs) return pdfjs
  const require = createRequire(import.meta.url)
  const g = globalThis as {pdfjsWorker?: unknown}
  g.pdfjsWorker ??= require('pdfjs-dist/legacy/build/pdf.worker.mjs')
  pdfjs = require('pdfjs-dist/legacy/build/pdf.mjs') as PdfJs
  const root = dirname(require.resolve('pdfjs-dist/package.json'))
  dataDirs = {cMapUrl: join(root, 'cmaps') + sep, standardFontDataUrl: join(root, 'standard_fonts') + sep}
  return pdfjs
}

/** True when the bytes start like a PDF (`%PDF-` within the first 1 kB, as readers allow). */
export function looksLikePdf(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1024)).toString('latin1')
  return head.includes('%PDF-')
}

const BOLD = /bold|black|heavy|semibold|demi|[-,](?:b|bd|bx)$/i
const ITALIC = /ital|oblique|slanted|[-,](?:i|it|bi|sl)$|[a-z]it$/i

/** Bold and italic from a font name: "NimbusSanL-Bold", "LMRoman10-BoldItalic", "CMBX10", "CMTI10". */
export function fontStyle(name: string): {bold: boolean; italic: boolean} {
  const bare = name.replace(/^[A-Z]{6}\+/, '')
  const tex = /^(?:CM|LM|EC|TC)/.test(bare) ? bare.replace(/^(?:CM|LM|EC|TC)/, '') : ''
  return {
    bold: BOLD.test(bare) || /^(?:BX|B\d|SSBX|BXTI)/i.test(tex),
    italic: ITALIC.test(bare) || /^(?:TI|SL|BXTI|SSI|MI)/i.test(tex)
  }
}

/** Read every page's text items. Throws InputError with a one-line reason for a PDF that cannot be read. */
export async function readPdf(bytes: Uint8Array, options: PdfReadOptions = {}): Promise<PdfDocument> {
  const lib = loadPdfJs()
  // pdfjs takes ownership of (and may detach) the buffer it is given: hand it a copy.
  const data = new Uint8Array(bytes)
  const task = lib.getDocument({
    data,
    password: options.password,
    ...dataDirs,
    cMapPacked: true,
    disableFontFace: true,
    isEvalSupported: false,
    isOffscreenCanvasSupported: false,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: 0
  })
  let doc: Awaited<typeof task.promise>
  try {
    doc = await task.promise
  } catch (error) {
    await task.destroy().catch(() => {})
    throw new InputError(pdfError(error))
  }
  try {
    const pageCount = doc.numPages
    if (pageCount === 0) throw new InputError('PDF has no pages')
    const max = options.maxPages ?? DEFAULT_MAX_PAGES
    if (pageCount > max) throw new InputError(`PDF too long: ${pageCount} pages (limit ${max}, see --max-pages)`)
    const limit = pageCount
    const pages: PdfPage[] = []
    const fonts = new Map<string, {font: string; bold: boolean; italic: boolean}>()
    for (let n = 1; n <= limit; n++) {
      const page = await doc.getPage(n)
      try {
        pages.push(await readPage(page, n, fonts))
      } finally {
        page.cleanup()
      }
    }
    let title: string | undefined
    try {
      const info = (await doc.getMetadata()).info as {Title?: unknown}
      if (typeof info?.Title === 'string' && info.Title.trim()) title = info.Title.trim()
    } catch {
      // no metadata: no title
    }
    return {pages, pageCount, title}
  } catch (error) {
    if (error instanceof InputError) throw error
    throw new InputError(pdfError(error))
  } finally {
    await doc.destroy().catch(() => {})
  }
}

type PdfPageProxy = Awaited<ReturnType<Awaited<ReturnType<PdfJs['getDocument']>['promise']>['getPage']>>

async function readPage(
  page: PdfPageProxy,
  number: number,
  fonts: Map<string, {font: string; bold: boolean; italic: boolean}>
): Promise<PdfPage> {
  const [x0, y0, x1, y1] = page.view as [number, number, number, number]
  const content = await page.getTextContent({includeMarkedContent: false, disableNormalization: false})
  const raw = content.items.filter((item): item is Extract<typeof item, {str: string}> => 'str' in item)
  // A font not met before: its name (and so its weight) comes with the operator list.
  if (raw.some((item) => item.str.trim() && !fonts.has(item.fontName))) {
    try {
      await page.getOperatorList()
    } catch {
      // names stay unknown: sizes still tell headings apart
    }
    for (const item of raw) {
      if (fonts.has(item.fontName)) continue
      let name = ''
      try {
        if (page.commonObjs.has(item.fontName)) name = String((page.commonObjs.get(item.fontName) as {name?: string}).name ?? '')
      } catch {
        // unknown font object
      }
      const bare = name.replace(/^[A-Z]{6}\+/, '')
      fonts.set(item.fontName, {font: bare, ...fontStyle(bare)})
    }
  }
  const items: PdfItem[] = []
  let unmapped = 0
  let rotated = 0
  for (const item of raw) {
    let text = item.str
    if (!text || !text.trim()) continue
    const [a, b, c, d, e, f] = item.transform as number[]
    // Only upright text is read; rotated runs (margin stamps) would break the lines. They are counted and reported.
    if (Math.abs(b!) > 1e-3 || Math.abs(c!) > 1e-3 || a! <= 0 || d! <= 0) {
      rotated += text.trim().length
      continue
    }
    // U+FFFD or private-use code points: glyphs without a Unicode map. So are C0 controls:
    // pdfjs passes a simple font's character code through when neither a ToUnicode map nor a
    // known glyph name (a subset's "g1", "g2", …) gives its character, and subsets number their
    // glyphs from 1. They are shown as U+FFFD, so the output marks where text was lost.
    const lost = text.match(UNMAPPED)
    if (lost) {
      unmapped += lost.length
      text = text.replace(CONTROL, '\uFFFD')
    }
    const font = fonts.get(item.fontName) ?? {font: '', bold: false, italic: false}
    items.push({text, x: e! - x0, y: f! - y0, width: item.width, size: Math.abs(d!), ...font})
  }
  return {number, width: x1 - x0, height: y1 - y0, items, unmapped, rotated}
}

/** Characters a text layer never holds for a glyph with a Unicode map. */
const UNMAPPED = /[\u0000-\u0008\u000b-\u001f\uFFFD\uE000-\uF8FF]/g
const CONTROL = /[\u0000-\u0008\u000b-\u001f]/g

/** A one-line reason for a PDF that pdfjs cannot open. */
function pdfError(error: unknown): string {
  const e = error as {name?: string; code?: number; message?: string}
  if (e?.name === 'PasswordException') {
    return e.code === 2 ? 'encrypted PDF: the password given is wrong' : 'encrypted PDF: it needs a password to open (not supported)'
  }
  if (e?.name === 'InvalidPDFException') return `damaged PDF: ${e.message?.split('\n')[0] ?? 'invalid structure'}`
  return `cannot read PDF: ${(e?.message ?? String(error)).split('\n')[0]}`
}
