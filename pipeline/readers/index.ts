/**
 * Readers: what turns an input into source lines for `ingest`. Text is read
 * by ingest itself (stages/ingest.ts); a PDF is first read into lines with
 * their geometry here, then ingested the same way, so both build one tree.
 */
import type {VFile} from 'vfile'
import {createHash} from 'node:crypto'
import {InputError} from '../load-yaml.js'
import {looksLikePdf} from './pdf.js'
import {readPdfSource, type PdfSourceOptions} from './pdf-source.js'

/** A PDF by its name (`.pdf`) or by its `%PDF-` signature. */
export function isPdfInput(input: string, bytes: Uint8Array): boolean {
  return /\.pdf$/i.test(input) || looksLikePdf(bytes)
}

/** Replace `file.value` (the PDF bytes) by the PDF's text, and keep each line's geometry in `file.data.geometry`. */
export async function readPdfInput(bytes: Uint8Array, file: VFile, options: PdfSourceOptions = {}): Promise<void> {
  if (!looksLikePdf(bytes)) throw new InputError('not a PDF: the file has no %PDF- header')
  const source = await readPdfSource(bytes, file, options)
  file.value = source.text
  file.data.geometry = source.geometry
  file.data.inputSha256 = createHash('sha256').update(bytes).digest('hex')
  file.data.pdf = {pages: source.pageCount}
}

export {looksLikePdf}
