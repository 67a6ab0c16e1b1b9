/**
 * The PDF writer in a long-running process: parsed fonts, width tables and
 * glyph codes are kept between documents for speed, and none of that may
 * show in a file. Each test file runs in its own process, so the first PDF
 * written here is the first of its process.
 */
import {inflateSync} from 'node:zlib'
import type {Root} from 'mdast'
import {PDFDocument, PDFName, PDFRawStream} from 'pdf-lib'
import {describe, expect, it} from 'vitest'
import {emitPdf} from '../pipeline/emit/pdf/index.js'
import {extractPdf, parseMarkdown} from './fixtures/pdf/helpers.js'

const DATE = new Date(Date.UTC(2024, 4, 1, 12, 0, 0))

function doc(markdown: string, title: string): Root {
  const tree = parseMarkdown(markdown)
  tree.data = {metadata: {title, language: 'en', source: {path: 'x.txt', sha256: 'b'.repeat(64), encoding: 'utf-8', lines: 1}}}
  return tree
}

const PLAIN = '# Plain\n\nPlain words with u, i, o, s, c, e and a, set justified over a few lines so that the paragraph is broken, hyphenated and spaced like any other paragraph of a report.\n'
const RICH =
  '# Rich\n\nÜç ürək, ağ ü, İi ı, ö ş ç ə — Ελληνικά, Кириллица; *kursiv ǅ*, **bold ŉ**, ***both Ǿ***; chess ♞, check ✓ and Fraktur 𝔄.\n\n' +
  'A [link](https://example.org/a/long/path) and more text. '.repeat(40) +
  '\n'

describe('PDF writer across documents', () => {
  it('maps every glyph to its text in a document written after another (first test: the first PDF of the process)', async () => {
    // Cyrillic letters drawn as composites of Latin ones (с, і, ѕ → c, i, s) that the first document
    // does not draw on their own: subsetting makes glyphs for those as components, without code
    // points. A later document must not reuse such glyph objects (its ToUnicode map would have holes).
    await emitPdf(doc('Кириллица: с і ѕ х у', 'Кириллица'), {date: DATE})
    const pages = await extractPdf(await emitPdf(doc(PLAIN, 'Plain'), {date: DATE}))
    const text = pages.flatMap((p) => p.lines.map((l) => l.text)).join(' ')
    expect(text).toContain('Plain words with u, i, o, s, c, e and a')
  })

  it('writes the same bytes for a document whatever the process wrote before', async () => {
    const first = await emitPdf(doc(PLAIN, 'Plain'), {date: DATE})
    const rich = await emitPdf(doc(RICH, 'Rich'), {date: DATE})
    const again = await emitPdf(doc(PLAIN, 'Plain'), {date: DATE})
    expect(Buffer.from(again).equals(Buffer.from(first))).toBe(true)
    // And the other way round: the rich document is unchanged after more documents.
    await emitPdf(doc(PLAIN + PLAIN, 'Other'), {date: DATE})
    expect(Buffer.from(await emitPdf(doc(RICH, 'Rich'), {date: DATE})).equals(Buffer.from(rich))).toBe(true)
  })

  it('extracts every character of a rich document written after others', async () => {
    await emitPdf(doc(PLAIN, 'Plain'), {date: DATE})
    const pages = await extractPdf(await emitPdf(doc(RICH, 'Rich'), {date: DATE}))
    const text = pages.flatMap((p) => p.lines.map((l) => l.text)).join(' ')
    for (const word of ['Üç', 'ürək,', 'İi', 'ı,', 'ə', 'Ελληνικά,', 'Кириллица;', 'ǅ,', 'ŉ,', 'Ǿ;', '♞,', '✓', '𝔄.']) expect(text).toContain(word)
  })

  it('compresses every stream with Flate but the XMP metadata, and each one inflates', async () => {
    const bytes = await emitPdf(doc(RICH, 'Rich'), {date: DATE})
    const pdf = await PDFDocument.load(bytes)
    let streams = 0
    for (const [, object] of pdf.context.enumerateIndirectObjects()) {
      if (!(object instanceof PDFRawStream)) continue
      // XMP is left uncompressed, so that tools scanning the file for a packet find it.
      if (object.dict.get(PDFName.of('Type')) === PDFName.of('Metadata')) continue
      streams++
      expect(object.dict.get(PDFName.of('Filter'))).toBe(PDFName.of('FlateDecode'))
      expect(inflateSync(object.contents).length).toBeGreaterThan(0)
    }
    // Pages, font files and ToUnicode maps at least (object streams are unpacked by load).
    expect(streams).toBeGreaterThan(4)
  })
})
