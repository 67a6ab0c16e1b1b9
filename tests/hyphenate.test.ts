/**
 * The PDF writer's hyphenator computes Liang's breaks itself from the
 * `hyphen` package's patterns (the package's own text scanner is slow). Its
 * breaks must be exactly those of the package's hyphenateSync, for any word.
 */
import {readFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {loadHyphenator, mayHyphenate, patternModule} from '../pipeline/emit/pdf/hyphenate.js'

const require = createRequire(import.meta.url)
const SOFT = '\u00AD'

/** The reference: the breaks hyphen's hyphenateSync marks with soft hyphens (the writer's rules around it). */
function reference(language: string): (word: string) => number[] {
  const name = patternModule(language)!
  const {hyphenateSync} = require(`hyphen/${name}`) as {hyphenateSync: (text: string, options: object) => string}
  return (word) => {
    const points: number[] = []
    const m = /^(\P{L}*)(\p{L}[\p{L}\p{M}'’]*\p{L})(\P{L}*)$/u.exec(word)
    if (!m || !mayHyphenate(m[2]!)) return points
    const core = m[2]!
    let offset = 0
    for (const ch of hyphenateSync(core, {hyphenChar: SOFT, minWordLength: 6})) {
      if (ch === SOFT) {
        if (offset >= 2 && core.length - offset >= 3) points.push(m[1]!.length + offset)
      } else offset += ch.length
    }
    return points
  }
}

const corpusWords = [...new Set(readFileSync(new URL('../input/nagorno-karabakh-conflict.txt', import.meta.url), 'utf8').split(/\s+/))]

const letters = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZəğışçöüİIÇŞĞÖÜäöüßéèñøåæœабвгдежзийклмнопрстуфхцчшщъыьэюяЖЯαβγδεζηθικλμνξοπρστυφχψωάέήίόύώ'.split(''), "'", '’', '-', '\u0301', '𝔄')
const word = fc.tuple(fc.constantFrom('', '“', '(', '«'), fc.array(letters, {minLength: 1, maxLength: 18}), fc.constantFrom('', '”', ',', '.', '),', '»;')).map(([a, w, b]) => a + w.join('') + b)

describe('hyphenation', () => {
  for (const language of ['en', 'en-GB', 'de', 'fr', 'ru', 'tr', 'el']) {
    it(`gives the breaks of the hyphen package (${language})`, async () => {
      const ours = await loadHyphenator(language)
      const theirs = reference(language)
      for (const w of corpusWords) expect(ours(w), w).toEqual(theirs(w))
      fc.assert(
        fc.property(word, (w) => {
          expect(ours(w), w).toEqual(theirs(w))
        }),
        {numRuns: 3000}
      )
    })
  }

  it('finds breaks in long English words, and none in short words, numbers, URLs or capitals', async () => {
    const hyphenate = await loadHyphenator('en')
    expect(hyphenate('international').length).toBeGreaterThan(1)
    expect(hyphenate('responsibilities,').length).toBeGreaterThan(1)
    for (const w of ['table', '1234567', 'https://example.org/path', 'NAGORNO']) expect(hyphenate(w)).toEqual([])
  })
})
