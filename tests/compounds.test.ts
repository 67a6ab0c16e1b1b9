/**
 * `findCompound` is a hand-written `compoundRegExp()` (for speed): it must find
 * exactly the matches the regex finds, on any text.
 */
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {compoundRegExp, findCompound} from '../pipeline/text/compounds.js'

const COMPOUND_RE = compoundRegExp()

function byRegex(text: string): Array<[number, number]> {
  return [...text.matchAll(COMPOUND_RE)].map((m) => [m.index, m.index + m[0].length])
}

function byScanner(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = []
  const span = {start: 0, end: 0}
  for (let from = 0; findCompound(text, from, span); from = span.end) spans.push([span.start, span.end])
  return spans
}

// Letters of several scripts, combining marks, astral letters and digits, lone surrogates, separators.
const PIECES = ['a', 'Z', 'é', 'ß', 'Ա', 'ж', '\u0301', '𝐀', '𐐷', '7', '٣', '\uD800', '\uDC00', "'", '’', '-', '\u2010', '\u00AD', ' ', '.', '“', '—']

describe('findCompound', () => {
  it('finds what COMPOUND_RE finds', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), {maxLength: 30}), (pieces) => {
        const text = pieces.join('')
        expect(byScanner(text)).toEqual(byRegex(text))
      }),
      {numRuns: 5000}
    )
  })

  it('finds what COMPOUND_RE finds in a short run too (tiering.ts)', () => {
    const key = Symbol.for('reprint.tiering')
    const state = globalThis as {[key]?: string}
    const before = state[key]
    state[key] = 'short'
    try {
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...PIECES), {maxLength: 30}), (pieces) => {
          const text = pieces.join('')
          expect(byScanner(text)).toEqual(byRegex(text))
        }),
        {numRuns: 5000}
      )
    } finally {
      state[key] = before
    }
  })

  it('finds the same in a short run (tiering.ts)', () => {
    const key = Symbol.for('reprint.tiering')
    const state = globalThis as {[key]?: string}
    const before = state[key]
    const text = 'Don’t re-elect the Nagorno‐Karabakh co-chairs’ 20th M16A rock-’n’-roll 𝐀𝐁 é\u0301t\u00E9'
    const long = byScanner(text)
    state[key] = 'short'
    try {
      expect(byScanner(text)).toEqual(long)
      expect(byScanner(text)).toEqual(byRegex(text))
    } finally {
      state[key] = before
    }
  })

  it('finds compounds with apostrophes and both hyphens', () => {
    const text = 'Don’t re-elect the Nagorno‐Karabakh co-chairs’ 20th M16A rock-’n’-roll'
    expect(byScanner(text)).toEqual(byRegex(text))
    expect(byScanner(text).map(([s, e]) => text.slice(s, e))).toContain('Nagorno‐Karabakh')
  })
})
