/**
 * text/word-count.ts counts and takes words without splitting the text: it
 * must agree with `split(/\s+/).filter(Boolean)` on any text.
 */
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {countWords, firstWords, isSpaceCode} from '../pipeline/text/word-count.js'

const words = (text: string) => text.split(/\s+/).filter(Boolean)
// Every white space \s knows, characters that are not (ZWSP, NEL, letters, marks), surrogates.
const PIECES = ['a', 'Bc', 'é', '\u0301', '𝐀', '7', '.', '—', ' ', '  ', '\t', '\n', '\r', '\v', '\f', '\u00a0', '\u1680', '\u2000', '\u200a', '\u200b', '\u0085', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff', '\u180e', '\uD800']

describe('word count', () => {
  it('isSpaceCode is \\s for every code unit', () => {
    for (let c = 0; c <= 0xffff; c++) expect(isSpaceCode(c), c.toString(16)).toBe(/\s/.test(String.fromCharCode(c)))
  })

  it('countWords and firstWords agree with split(/\\s+/).filter(Boolean)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), {maxLength: 40}), fc.integer({min: 0, max: 12}), (pieces, n) => {
        const text = pieces.join('')
        expect(countWords(text)).toBe(words(text).length)
        expect(countWords(text, n) < n).toBe(words(text).length < n)
        expect(countWords(text, n) >= n).toBe(words(text).length >= n)
        expect(firstWords(text, n)).toBe(words(text).slice(0, n).join(' '))
      }),
      {numRuns: 5000}
    )
  })

  it('counts the words of a line', () => {
    expect(countWords('  The Nagorno-Karabakh  conflict,\u00a01994 ')).toBe(4)
    expect(countWords('one two three four five', 3)).toBe(3)
    expect(firstWords(' Opening   Session - 9:07 a.m.', 3)).toBe('Opening Session -')
  })
})
