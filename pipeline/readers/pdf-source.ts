/**
 * A PDF as source text for `ingest`: one line of text per printed line in
 * reading order, a form feed between pages, and beside it the geometry of
 * every line (by line number), so the tree built from a PDF is the same tree
 * as from extracted text, with `geometry` on its raw lines.
 *
 * What cannot be read is said on one line: an encrypted or damaged PDF is
 * an error, and so is a PDF over the page limit; pages without text (scans:
 * OCR them first) and glyphs without a Unicode map are warnings naming the pages.
 */
import type {VFile} from 'vfile'
import {InputError} from '../load-yaml.js'
import {warn} from '../messages.js'
import type {LineGeometry} from '../types.js'
import {pdfLines, type PdfLinesOptions} from './pdf-lines.js'
import {readPdf, type PdfReadOptions} from './pdf.js'

export interface PdfSourceOptions extends PdfReadOptions, PdfLinesOptions {}

export interface PdfSource {
  /** The text ingest parses. */
  text: string
  /** Geometry of each line of `text`, by 1-based line number (unset for page-break lines). */
  geometry: Array<LineGeometry | undefined>
  pageCount: number
  title?: string
}

export async function readPdfSource(bytes: Uint8Array, file: VFile, options: PdfSourceOptions = {}): Promise<PdfSource> {
  const doc = await readPdf(bytes, options)
  const result = pdfLines(doc, options)
  const textLines: string[] = []
  const geometry: Array<LineGeometry | undefined> = [undefined]
  for (const line of result.lines) {
    if (!line) {
      textLines.push('\f')
      geometry.push(undefined)
      continue
    }
    // A form feed inside the text would be read as a page break.
    textLines.push(line.text.replace(/[\f\n\r]/g, ' '))
    geometry.push(line.geometry)
  }
  const withText = doc.pages.length - result.emptyPages.length
  if (withText === 0) {
    throw new InputError(`PDF has no text layer on any of its ${doc.pageCount} page(s) (scanned images?): run OCR first, e.g. ocrmypdf`)
  }
  if (result.emptyPages.length > 0) {
    warn(file, `No text on page(s) ${pageList(result.emptyPages)} (images only, or blank): OCR them to read their text`, 'pdf:no-text')
  }
  const rotated = doc.pages.filter((page) => page.rotated > 0)
  if (rotated.length > 0) {
    const chars = rotated.reduce((n, page) => n + page.rotated, 0)
    warn(file, `Rotated text not read: ${chars} character(s) on page(s) ${pageList(rotated.map((page) => page.number))}`, 'pdf:rotated-text')
  }
  if (result.unmappedPages.length > 0) {
    warn(file, `Fonts without a Unicode map: text lost on page(s) ${pageList(result.unmappedPages)} (each lost glyph shown as U+FFFD)`, 'pdf:no-unicode')
  }
  return {text: textLines.join('\n'), geometry, pageCount: doc.pageCount, title: doc.title}
}

/** "3, 5–9, 12" */
export function pageList(pages: number[]): string {
  const parts: string[] = []
  for (let i = 0; i < pages.length; i++) {
    let j = i
    while (j + 1 < pages.length && pages[j + 1] === pages[j]! + 1) j++
    parts.push(j > i ? `${pages[i]}–${pages[j]}` : `${pages[i]}`)
    i = j
  }
  return parts.length > 12 ? `${parts.slice(0, 12).join(', ')} and ${parts.length - 12} more` : parts.join(', ')
}

/** Fail a PDF whose bytes are not a PDF at all (a `.pdf` name on something else). */
export function assertPdf(bytes: Uint8Array, looksLikePdf: (b: Uint8Array) => boolean): void {
  if (!looksLikePdf(bytes)) throw new InputError('not a PDF: no %PDF- header')
}

declare module 'vfile' {
  interface DataMap {
    /** Geometry of each source line by line number, when the input was a PDF. */
    geometry: Array<LineGeometry | undefined>
    /** sha256 of the input bytes when `file.value` is not them (a PDF's text). */
    inputSha256: string
    /** The input was read as a PDF. */
    pdf: {pages: number}
  }
}
