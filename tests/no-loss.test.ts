/**
 * Nothing lost (issue 16): for any input, every word of the input is in an
 * output (Markdown, the JSON's blocks, notes, table cells and appendix
 * entries, the YAML) or is named by a recorded change. Property-based over
 * the corpus: a window of its lines with line deletions, duplications,
 * shuffles, byte flips and truncation. A bounded number of runs (each renders
 * a few hundred lines), so it runs in every `make test`.
 */
import {readFileSync} from 'node:fs'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {renderDocument} from '../pipeline/build.js'
import {listChanges} from '../pipeline/messages.js'
import {tempDir, write} from './cli-harness.js'

const CORPUS = 'input/nagorno-karabakh-conflict.txt'
const corpus = readFileSync(CORPUS)
const lines = corpus.toString('latin1').split('\n') // bytes kept one to one, for byte flips

/** One edit of the input. */
type Mutation =
  | {kind: 'delete'; at: number; count: number}
  | {kind: 'duplicate'; at: number; count: number; times: number}
  | {kind: 'shuffle'; at: number; count: number; seed: number}
  | {kind: 'flip'; at: number; bit: number}
  | {kind: 'truncate'; at: number}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({kind: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({min: 1, max: 8})}),
  fc.record({kind: fc.constant('duplicate' as const), at: fc.nat(), count: fc.integer({min: 1, max: 8}), times: fc.integer({min: 1, max: 3})}),
  fc.record({kind: fc.constant('shuffle' as const), at: fc.nat(), count: fc.integer({min: 2, max: 12}), seed: fc.nat()}),
  fc.record({kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({min: 0, max: 6})}),
  fc.record({kind: fc.constant('truncate' as const), at: fc.nat()})
)

/** A window of the corpus, mutated; bytes (latin1 string → Buffer keeps every byte). */
function mutate(start: number, length: number, mutations: Mutation[]): Buffer {
  let window = lines.slice(start % lines.length, (start % lines.length) + length)
  let tail = ''
  for (const m of mutations) {
    const at = window.length > 0 ? m.at % window.length : 0
    if (m.kind === 'delete') window.splice(at, m.count)
    else if (m.kind === 'duplicate') window.splice(at, 0, ...Array.from({length: m.times}, () => window.slice(at, at + m.count)).flat())
    else if (m.kind === 'shuffle') {
      const part = window.slice(at, at + m.count)
      let s = m.seed
      for (let i = part.length - 1; i > 0; i--) {
        s = (s * 1103515245 + 12345) & 0x7fffffff
        const j = s % (i + 1)
        ;[part[i], part[j]] = [part[j]!, part[i]!]
      }
      window.splice(at, part.length, ...part)
    } else if (m.kind === 'flip') {
      const text = window.join('\n')
      if (text.length === 0) continue
      const i = m.at % text.length
      const code = text.charCodeAt(i)
      // ASCII bytes only, to another printable ASCII byte: a flip inside a UTF-8 sequence makes the
      // whole file Windows-1252 (an encoding question, issue 16's encoding items), not a loss.
      const flipped = code ^ (1 << m.bit)
      if (code >= 0x80 || flipped < 0x20 || flipped >= 0x7f) continue
      window = (text.slice(0, i) + String.fromCharCode(flipped) + text.slice(i + 1)).split('\n')
    } else if (m.kind === 'truncate') {
      const text = window.join('\n')
      // Cut at a line end or a space: cutting inside a UTF-8 sequence is again an encoding question.
      const half = Math.floor(text.length / 2)
      const cut = text.lastIndexOf(' ', half + (m.at % Math.max(1, text.length - half)))
      window = text.slice(0, Math.max(0, cut)).split('\n')
      tail = ''
    }
  }
  return Buffer.from(window.join('\n') + tail, 'latin1')
}

/** Comparable form of a word: letters and digits only, lower case, NFKC (ligatures, curly quotes aside). */
function key(word: string): string {
  return word.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')
}

function keys(text: string): Set<string> {
  const out = new Set<string>()
  for (const word of text.split(/\s+/)) {
    const k = key(word)
    if (k) out.add(k)
    // Parts too: a compound split differently ("well-known" / "well known") is still every word.
    for (const part of word.split(/[^\p{L}\p{N}]+/u)) {
      const p = key(part)
      if (p) out.add(p)
    }
  }
  return out
}

/** The words of the input that are neither in an output nor in a recorded change's original. */
async function lostWords(bytes: Buffer): Promise<{lost: string[]; furnitureWords: number; contentsWords: number; words: number; error?: string}> {
  const dir = tempDir('reprint-noloss-')
  const input = write(`${dir}/doc.txt`, bytes)
  const result = await renderDocument(input, {outputs: ['markdown', 'json', 'yaml']})
  const source = new TextDecoder('utf-8').decode(bytes).replace(/\uFFFD/g, ' ')
  if (result.error) return {lost: [], furnitureWords: 0, contentsWords: 0, words: 0, error: result.error}
  const texts: string[] = []
  for (const artifact of result.artifacts) {
    const text = new TextDecoder().decode(artifact.bytes)
    if (artifact.path.endsWith('.json')) {
      // The JSON's content (blocks, notes, cells, appendix entries), not its diagnostics: those are the ledger.
      const {diagnostics: _diagnostics, ...content} = JSON.parse(text) as Record<string, unknown>
      texts.push(JSON.stringify(content))
    } else texts.push(text)
  }
  const output = keys(texts.join('\n').replace(/\\[nt]/g, ' '))
  const changes = listChanges(result.file)
  const changed = keys(changes.map((m) => `${m.original ?? ''} ${m.replacement ?? ''}`).join('\n'))
  const wordsOf = (ruleId: string) =>
    changes.filter((m) => m.ruleId === ruleId).reduce((n, m) => n + (m.original ?? '').split(/\s+/).filter(Boolean).length, 0)
  const furnitureWords = wordsOf('layout:furniture')
  const contentsWords = wordsOf('layout:contents')
  const lost: string[] = []
  let words = 0
  for (const word of source.split(/\s+/)) {
    const k = key(word)
    if (!k) continue
    words++
    if (output.has(k) || changed.has(k)) continue
    const parts = word.split(/[^\p{L}\p{N}]+/u).map(key).filter(Boolean)
    if (parts.length > 0 && parts.every((p) => output.has(p) || changed.has(p))) continue
    lost.push(word)
  }
  return {lost, furnitureWords, contentsWords, words}
}

describe('no word is lost', () => {
  it('the corpus itself', async () => {
    const r = await lostWords(corpus)
    expect(r.error).toBeUndefined()
    expect(r.lost).toEqual([])
  })

  it('property: any window of the corpus with lines deleted, duplicated, shuffled, bytes flipped or cut off', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({max: lines.length - 1}),
        fc.integer({min: 60, max: 400}),
        fc.array(mutation, {minLength: 1, maxLength: 6}),
        async (start, length, mutations) => {
          const bytes = mutate(start, length, mutations)
          const r = await lostWords(bytes)
          // An input left with no text is refused (a one-line error), which loses nothing.
          if (r.error) {
            expect(r.error).toMatch(/^(no text|empty file)/)
            return
          }
          expect(r.lost).toEqual([])
        }
      ),
      {numRuns: 16, seed: Number(process.env.REPRINT_FUZZ_SEED ?? 16), endOnFailure: true}
    )
  }, 120_000)

  // Furniture (running heads and footers) removal stays under a bound. A chronology whose rows
  // repeat (the same place and occasion on many pages, several times a page) once lost genuine
  // rows at page edges as "running heads and footers": repeated body text is never furniture.
  it('furniture removal stays under 2% of the words of a chronology with repeating rows', async () => {
    const places = ['Paris', 'Geneva', 'Vienna', 'Brussels']
    const pages: string[] = []
    for (let p = 0; p < 30; p++) {
      const rows: string[] = []
      for (let r = 0; r < 12; r++) rows.push(`${((p * 12 + r) % 28) + 1} March 1999`, places[(r + p) % 4]!, 'Meeting of the working group')
      pages.push(rows.join('\n'))
    }
    const r = await lostWords(Buffer.from(`CHRONOLOGY\n\n${pages.join('\n\f')}\n`))
    expect(r.lost).toEqual([])
    expect(r.furnitureWords / r.words).toBeLessThan(0.02)
    // Nor is it a table of contents ("12 March 1999" is no entry with its page number).
    expect(r.contentsWords).toBe(0)
  })
})
