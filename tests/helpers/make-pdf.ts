/**
 * Small PDFs for the reader's tests, written with pdf-lib: text placed at
 * given positions in Helvetica (regular or bold), so each geometry rule can
 * be tested on a page built for it.
 */
import {PDFDocument, StandardFonts, type PDFFont} from 'pdf-lib'

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

let metrics: Promise<{regular: PDFFont; bold: PDFFont}> | undefined

/** Width of a text in Helvetica, in points. */
export async function textWidth(text: string, size = 10, bold = false): Promise<number> {
  metrics ??= (async () => {
    const doc = await PDFDocument.create()
    return {regular: await doc.embedFont(StandardFonts.Helvetica), bold: await doc.embedFont(StandardFonts.HelveticaBold)}
  })()
  const fonts = await metrics
  return (bold ? fonts.bold : fonts.regular).widthOfTextAtSize(text, size)
}

/** A word made of letters only (no digits: digits fold together when pages are compared). */
export function word(n: number): string {
  let out = ''
  do {
    out = String.fromCharCode(97 + (n % 26)) + out
    n = Math.floor(n / 26)
  } while (n > 0)
  return out
}

/** Greedy line breaking of `text` into lines of at most `width` points, as a typesetter would (ragged right). */
export async function wrap(text: string, width: number, size = 10, firstWidth = width): Promise<string[]> {
  const lines: string[] = []
  let line = ''
  for (const w of text.split(' ')) {
    const candidate = line ? `${line} ${w}` : w
    if (line && (await textWidth(candidate, size)) > (lines.length === 0 ? firstWidth : width)) {
      lines.push(line)
      line = w
    } else line = candidate
  }
  if (line) lines.push(line)
  return lines
}

/** Lines of running text, `count` of them, from `y` down at a 12 pt leading, each of distinct words. */
export function column(prefix: string, x: number, y: number, count: number, options: {size?: number; leading?: number; words?: number} = {}): Placed[] {
  const out: Placed[] = []
  const words = options.words ?? 5
  for (let i = 0; i < count; i++) {
    const text = Array.from({length: words}, (_, w) => `${prefix}${word(i * words + w)}`).join(' ')
    out.push({text, x, y: y - i * (options.leading ?? 12), size: options.size})
  }
  return out
}
