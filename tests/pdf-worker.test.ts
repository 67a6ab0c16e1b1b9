/**
 * A one-document build typesets its PDF on a second thread (pdf-worker.ts).
 * It must give the same bytes and the same errors as writing it in the main
 * thread, and fall back to the main thread when the worker cannot run.
 */
import {copyFileSync, mkdtempSync, readFileSync, readdirSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import {describe, expect, it} from 'vitest'
import {emitPdf} from '../pipeline/emit/pdf/index.js'
import {startPdfWorker} from '../pipeline/pdf-worker.js'
import {CLI, ROOT, reprint} from './cli-harness.js'
import {parseMarkdown} from './fixtures/pdf/helpers.js'

const DATE = new Date(Date.UTC(2024, 4, 1))
const corpus = join(ROOT, 'input', 'nagorno-karabakh-conflict.txt')

function files(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const name of readdirSync(dir, {recursive: true}) as string[]) {
    if (!name.endsWith('.json') || !name.includes('manifest')) {
      try {
        out[name] = readFileSync(join(dir, name)).toString('base64')
      } catch {
        // a folder
      }
    }
  }
  return out
}

describe('PDF on a second thread', () => {
  it('one document with --jobs 2 gives the same bytes as --jobs 1', () => {
    const root = mkdtempSync(join(tmpdir(), 'reprint-pdfw-'))
    copyFileSync(corpus, join(root, 'doc.txt'))
    const two = reprint(['build', join(root, 'doc.txt'), '--out', join(root, 'two'), '--jobs', '2'])
    const one = reprint(['build', join(root, 'doc.txt'), '--out', join(root, 'one'), '--jobs', '1'])
    expect([two.code, one.code]).toEqual([0, 0])
    const a = files(join(root, 'two', 'doc'))
    expect(Object.keys(a)).toContain('doc.pdf')
    expect(a).toEqual(files(join(root, 'one', 'doc')))
  })

  it('a writer error fails the document with the same one-line error', () => {
    const root = mkdtempSync(join(tmpdir(), 'reprint-pdfw-'))
    writeFileSync(join(root, 'doc.txt'), 'A TITLE\n\nText with a Chinese character 漢 in it, which no font here can draw.\n')
    for (const jobs of ['1', '2']) {
      const run = reprint(['build', join(root, 'doc.txt'), '--out', join(root, `out${jobs}`), '--jobs', jobs])
      expect(run.code).toBe(1)
      expect(run.stderr).toMatch(/doc\.txt: error: .*no font can draw the character "漢" \(U\+6F22\)/)
      expect(readdirSync(join(root, `out${jobs}`)).filter((n) => n !== 'manifest.json' && !n.startsWith('.'))).toEqual([])
    }
  })

  it('writes through the worker, and in this thread when the worker cannot start', async () => {
    const tree = parseMarkdown('# Title\n\nA paragraph of text that is typeset twice.\n')
    const expected = await emitPdf(structuredClone(tree), {date: DATE})

    const working = startPdfWorker(pathToFileURL(CLI))
    try {
      expect(Buffer.from(await working.write(structuredClone(tree), {date: DATE})).equals(Buffer.from(expected))).toBe(true)
      expect(working.fallbacks).toBe(0)
    } finally {
      working.close()
    }

    const broken = startPdfWorker(pathToFileURL(join(ROOT, 'no-such-worker.js')))
    try {
      expect(Buffer.from(await broken.write(structuredClone(tree), {date: DATE})).equals(Buffer.from(expected))).toBe(true)
      expect(broken.fallbacks).toBe(1)
    } finally {
      broken.close()
    }
  })
})
