/**
 * The word model of the PDF writer: whitespace (and only whitespace) ends a
 * word, touching atoms of different styles make one word of several pieces.
 */
import fc from 'fast-check'
import {beforeAll, describe, expect, it} from 'vitest'
import {loadFonts, type FontSet} from '../pipeline/emit/pdf/fonts.js'
import {toWords, type Atom} from '../pipeline/emit/pdf/line-break.js'

let fonts: FontSet
beforeAll(async () => {
  fonts = await loadFonts()
})

/** The words as text, by the definition: split at runs of the word-separating whitespace. */
function reference(atoms: Atom[]): string[][] {
  const SPACE = /[ \t\n\r\f\v\u1680\u2000-\u2006\u2008-\u200a\u2028\u2029\u205f\u3000]+/
  const words: string[][] = []
  let current: string[] = []
  for (const atom of atoms) {
    atom.text.split(SPACE).forEach((part, index) => {
      if (index > 0 && current.length) {
        words.push(current)
        current = []
      }
      if (part) current.push(part)
    })
  }
  if (current.length) words.push(current)
  return words
}

const chars = fc.constantFrom('a', 'b', 'é', 'ə', '-', '.', '“', ' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u2007', '\u202f', '\u2002', '\u2009', '\u200a', '\u2028', '\u3000', '\u1680', '\u205f', '\u200b', '𝔄')
const atom = fc.record({text: fc.array(chars, {maxLength: 12}).map((a) => a.join('')), style: fc.constantFrom({}, {bold: true}, {italic: true})})

describe('toWords', () => {
  it('splits at whitespace runs only (no-break spaces stay inside words), pieces keep their styles and widths', () => {
    fc.assert(
      fc.property(fc.array(atom, {maxLength: 6}), (atoms) => {
        const words = toWords(atoms, fonts, 10)
        expect(words.map((w) => w.pieces.map((p) => p.text))).toEqual(reference(atoms))
        for (const word of words) {
          let sum = 0
          for (const piece of word.pieces) {
            expect(piece.width).toBe(fonts.width(piece.text, piece.style, 10))
            sum += piece.width
          }
          expect(word.width).toBe(sum)
          expect(word.space).toBe(fonts.width(' ', word.pieces[word.pieces.length - 1]!.style, 10))
        }
      }),
      {numRuns: 2000}
    )
  })
})
