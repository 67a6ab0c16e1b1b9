/** PDF writer (placeholder until the typesetter lands). */
import type {Root} from 'mdast'

export interface PdfOptions {
  pageSize?: 'A4' | 'Letter'
  date?: Date
}

export async function emitPdf(_tree: Root, _options: PdfOptions = {}): Promise<Uint8Array> {
  throw new Error('PDF output is not available yet')
}
