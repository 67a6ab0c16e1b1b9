/**
 * Glyph codes are written as PDF literal strings (two bytes per glyph). A
 * subset numbers its glyphs in drawing order, so a document with more than
 * a hundred distinct characters in one face has glyph codes whose low byte
 * is LF (10), CR (13), "(" (40), ")" (41) or a backslash (92): these must be
 * escaped, or the shown text changes.
 */
import {inflateSync} from 'node:zlib'
import type {Root} from 'mdast'
import {PDFArray, PDFDocument, PDFName, PDFRawStream} from 'pdf-lib'
import {describe, expect, it} from 'vitest'
import {emitPdf} from '../pipeline/emit/pdf/index.js'
import {extractPdf, parseMarkdown} from './fixtures/pdf/helpers.js'

const DATE = new Date(Date.UTC(2024, 4, 1, 12, 0, 0))

const LETTERS =
  'abcdefghijklmnopqrstuvwxyz' +
  'ABCDEFGHIJKLMNOPQRSTUVWXYZ' +
  '0123456789' +
  'αβγδεζηθικλμνξοπρστυφχψω' +
  'ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ' +
  'абвгдежзийклмнопрстуфхцчшщъыьэюя' +
  'АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ'

/** The letters as words of four (too short to be hyphenated). */
const WORDS = Array.from({length: Math.ceil(LETTERS.length / 4)}, (_, i) => LETTERS.slice(i * 4, i * 4 + 4))

function doc(markdown: string): Root {
  const tree = parseMarkdown(markdown)
  tree.data = {metadata: {title: 'Glyphs', language: 'en', source: {path: 'x.txt', sha256: 'c'.repeat(64), encoding: 'utf-8', lines: 1}}}
  return tree
}

/** The decompressed content streams of all pages, one byte per character. */
async function contents(bytes: Uint8Array): Promise<string> {
  const pdf = await PDFDocument.load(bytes)
  const streams = pdf.getPages().flatMap((page) => {
    const value = pdf.context.lookup(page.node.get(PDFName.of('Contents')))
    return value instanceof PDFArray ? value.asArray().map((ref) => pdf.context.lookup(ref)) : [value]
  })
  return streams.map((s) => Buffer.from(inflateSync((s as PDFRawStream).getContents())).toString('latin1')).join('\n')
}

describe('glyph codes as literal strings', () => {
  it('draws every character of a document with over a hundred distinct glyphs in one face', async () => {
    const bytes = await emitPdf(doc('# Glyphs\n\n' + WORDS.join(' ') + '\n'), {date: DATE})
    // The codes that need escaping were written, escaped.
    const content = await contents(bytes)
    for (const escaped of ['\\(', '\\)', '\\\\', '\\n', '\\r']) expect(content).toContain('\x00' + escaped)
    expect(content).not.toMatch(/\x00[\r\n]/)
    // And they are read back as the characters drawn.
    const pages = await extractPdf(bytes)
    const text = pages.flatMap((p) => p.lines.map((l) => l.text)).join(' ')
    const words = text.split(/\s+/)
    for (const word of WORDS) expect(words).toContain(word)
  })
})
