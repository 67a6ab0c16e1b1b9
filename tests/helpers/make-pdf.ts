/**
 * Small PDFs for the reader's tests, written with pdf-lib: text placed at
 * given positions in Helvetica (regular or bold), so each geometry rule can
 * be tested on a page built for it.
 */
import {PDFDocument, StandardFonts} from 'pdf-lib'

export interface Placed {
  text: string
  x: number
  /** Baseline, in points from the bottom of the page. */
  y: number
  size?: number
  bold?: boolean
}

export async function makePdf(pages: Placed[][], size: [number, number] = [612, 792]): Promise<Uint8Array> {
  const doc = await PDFDocument.create()
  const regular = await doc.embedFont(StandardFonts.Helvetica)
  const bold = await doc.embedFont(StandardFonts.HelveticaBold)
  for (const items of pages) {
    const page = doc.addPage(size)
    for (const item of items) page.drawText(item.text, {x: item.x, y: item.y, size: item.size ?? 10, font: item.bold ? bold : regular})
  }
  return doc.save({useObjectStreams: false})
}

/** Lines of running text, `count` of them, from `y` down at a 12 pt leading, each a distinct sentence. */
export function column(prefix: string, x: number, y: number, count: number, options: {size?: number; leading?: number; words?: number} = {}): Placed[] {
  const out: Placed[] = []
  const words = options.words ?? 7
  for (let i = 0; i < count; i++) {
    const text = Array.from({length: words}, (_, w) => `${prefix}${i}w${w}`).join(' ')
    out.push({text, x, y: y - i * (options.leading ?? 12), size: options.size})
  }
  return out
}
