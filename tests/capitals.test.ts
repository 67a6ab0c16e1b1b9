/** `findTwoCapitals` is a hand-written `TWO_CAPITALS` (for speed): same first match, on any text. */
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {findTwoCapitals, TWO_CAPITALS} from '../pipeline/headings/capitals.js'

const GLOBAL = new RegExp(TWO_CAPITALS.source, 'gu')

function byRegex(text: string, from: number): number {
  GLOBAL.lastIndex = from
  return GLOBAL.exec(text)?.index ?? -1
}

// ASCII and other capitals (Greek, Armenian, astral), digits of several scripts, joiners, lone surrogates.
const PIECES = ['A', 'Z', 'a', 'Ω', 'Ա', 'ω', 'É', '𝐀', '𝐚', '1', '٣', '²', 'Ⅻ', '&', '.', ' ', '-', '’', '\uD835', '\uDC00']

describe('findTwoCapitals', () => {
  it('finds where TWO_CAPITALS first matches', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), {maxLength: 20}), fc.nat(20), (pieces, from) => {
        const text = pieces.join('')
        // Start at a character boundary, as callers do.
        const start = Math.min(from, text.length)
        if (/[\uDC00-\uDFFF]/.test(text[start] ?? '') && /[\uD800-\uDBFF]/.test(text[start - 1] ?? '')) return
        expect(findTwoCapitals(text, start)).toBe(byRegex(text, start))
      }),
      {numRuns: 5000}
    )
  })

  it('finds the same in a short run (by the regex, tiering.ts)', () => {
    const key = Symbol.for('reprint.tiering')
    const state = globalThis as {[key]?: string}
    const before = state[key]
    const text = 'the OSCE and 𝐀𝐁 group of U.S. and AT&T, Ω2Ա and Gx'
    const long = [0, 5, 10, 20, 30].map((from) => findTwoCapitals(text, from))
    state[key] = 'short'
    try {
      expect([0, 5, 10, 20, 30].map((from) => findTwoCapitals(text, from))).toEqual(long)
      expect(long).toEqual([0, 5, 10, 20, 30].map((from) => byRegex(text, from)))
    } finally {
      state[key] = before
    }
  })

  it('finds acronyms in prose', () => {
    expect(findTwoCapitals('the OSCE Minsk Group')).toBe(4)
    expect(findTwoCapitals('the U.S. and AT&T')).toBe(4)
    expect(findTwoCapitals('Minsk Group')).toBe(-1)
  })
})
