/**
 * The PDF writer on the real corpus document, through the real pipeline:
 * word agreement with the Markdown, and the round trip (PDF text → reprint →
 * the same body).
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {renderDocument} from '../pipeline/build.js'
import {emitPdf, typeset} from '../pipeline/emit/pdf/index.js'
import {agreement, asRawText, extractPdf, markdownText, normalizeWords, pdfWords, type ExtractedPage} from './fixtures/pdf/helpers.js'

const CORPUS = 'input/nagorno-karabakh-conflict.txt'

let markdown = ''
let pages: ExtractedPage[] = []
let bodyArea = {top: 0, bottom: 0}
let title = ''

beforeAll(async () => {
  const result = await renderDocument(CORPUS, {outputs: ['markdown']})
  if (result.error) throw new Error(result.error)
  markdown = new TextDecoder().decode(result.artifacts[0]!.bytes)
  title = result.tree!.data?.metadata?.title ?? ''
  const bytes = await emitPdf(result.tree!, {date: new Date(Date.UTC(2020, 0, 1))})
  const {config} = await typeset(result.tree!)
  bodyArea = {top: config.margin.top, bottom: config.margin.bottom}
  pages = await extractPdf(bytes)
})

describe('PDF of the corpus document', () => {
  it('extracts the Markdown words in order (>= 99.5%)', () => {
    const expected = normalizeWords(`${title} ${markdownText(markdown)}`)
    const actual = pdfWords(pages, bodyArea)
    const score = agreement(expected, actual)
    console.log(`corpus PDF: ${pages.length} pages, ${actual.length} words extracted, ${expected.length} expected, agreement ${(score * 100).toFixed(2)}%`)
    expect(score).toBeGreaterThanOrEqual(0.995)
  })

  it('round trip: the extracted text, fed back into reprint, rebuilds the same body', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reprint-roundtrip-'))
    try {
      const file = join(dir, 'roundtrip.txt')
      writeFileSync(file, asRawText(pages))
      const again = await renderDocument(file, {outputs: ['markdown']})
      expect(again.error).toBeUndefined()
      const rebuilt = normalizeWords(markdownText(new TextDecoder().decode(again.artifacts[0]!.bytes)))
      const original = normalizeWords(markdownText(markdown))
      const score = agreement(original, rebuilt)
      console.log(`round trip: ${rebuilt.length} words rebuilt, ${original.length} original, agreement ${(score * 100).toFixed(2)}%`)
      expect(score).toBeGreaterThanOrEqual(0.99)
      // Page furniture is undone: no "page X of Y" left in the body, and the running
      // header (the title, on every page but the first) is not repeated into the text.
      expect(rebuilt.join(' ')).not.toMatch(/\bpage \d+ of \d+\b/)
      const count = (text: string) => text.split(title).length - 1
      const rebuiltText = markdownText(new TextDecoder().decode(again.artifacts[0]!.bytes))
      expect(pages.length).toBeGreaterThan(3)
      expect(count(rebuiltText)).toBeLessThanOrEqual(count(markdownText(markdown)) + 1) // + the title block
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })
})
