/**
 * The vocabulary's indexes must answer exactly like the plain definitions:
 * `hyphenatedSplits(word)` lists every cut at which `hyphenated` is non-zero.
 */
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {Vocabulary} from '../pipeline/text/vocabulary.js'

// Few letters (so that words and compounds repeat), both cases, Greek sigma (lowercases by context), hyphens.
const LETTERS = ['a', 'b', 'A', 'B', 'é', 'Σ', 'σ', 'ς', 'İ']
const word = fc.array(fc.constantFrom(...LETTERS), {minLength: 1, maxLength: 4}).map((l) => l.join(''))
const compound = fc.array(word, {minLength: 1, maxLength: 3}).map((w) => w.join('-'))
const prose = fc.array(compound, {maxLength: 30}).map((c) => c.join(' '))

function bruteForce(vocabulary: Vocabulary, token: string): Array<{at: number; count: number}> {
  const splits = []
  for (let at = 1; at < token.length; at++) {
    const count = vocabulary.hyphenated(token.slice(0, at), token.slice(at))
    if (count > 0) splits.push({at, count})
  }
  return splits
}

describe('Vocabulary.hyphenatedSplits', () => {
  it('finds every cut the document writes with a hyphen', () => {
    fc.assert(
      fc.property(prose, fc.array(fc.array(word, {minLength: 2, maxLength: 3}), {maxLength: 10}), (text, tokens) => {
        const vocabulary = new Vocabulary()
        vocabulary.add(text)
        for (const parts of tokens) {
          const token = parts.join('')
          expect(vocabulary.hyphenatedSplits(token)).toEqual(bruteForce(vocabulary, token))
        }
      }),
      {numRuns: 1000}
    )
  })

  it('sees pairs counted after an earlier lookup', () => {
    const vocabulary = new Vocabulary()
    vocabulary.add('a nuclear-powered ship')
    expect(vocabulary.hyphenatedSplits('nuclearpowered')).toEqual([{at: 7, count: 1}])
    vocabulary.add('Nuclear-Powered, and co-chairs')
    expect(vocabulary.hyphenatedSplits('NuclearPowered')).toEqual([{at: 7, count: 2}])
    expect(vocabulary.hyphenatedSplits('cochairs')).toEqual([{at: 2, count: 1}])
  })
})
