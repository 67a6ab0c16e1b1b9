/** `normalizeSpaces` skips the regex for lines with single spaces only; it must still collapse and trim exactly. */
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {normalizeSpaces} from '../pipeline/appendices/lines.js'

const PIECES = [' ', '  ', '\t', '\n', '\r', 'a', 'B', '\u00a0', '\u2003', '\u3000', '\ufeff', '1', '.']

describe('normalizeSpaces', () => {
  it('collapses every run of white space to one space and trims', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), {maxLength: 12}), (pieces) => {
        const text = pieces.join('')
        expect(normalizeSpaces(text)).toBe(text.replace(/[\s\u00a0]+/g, ' ').trim())
      }),
      {numRuns: 3000}
    )
  })
})
