/**
 * `documentAcronyms` only looks at the sentences and words that hold two
 * capitals in a row (for speed). It must find exactly what testing every
 * sentence and every word finds (the reference below, the plain definition).
 */
import fc from 'fast-check'
import type {Root} from 'mdast'
import {describe, expect, it} from 'vitest'
import {documentAcronyms, isAllCaps, SMALL_WORDS} from '../pipeline/headings/title-case.js'

const TWO_CAPITALS = /\p{Lu}[\p{Lu}\p{N}&.]*\p{Lu}/u
const CAPS_WORD = /^[\p{Lu}][\p{Lu}\p{N}&.]*\p{Lu}(?:s|’s|'s)?$/u
const MONTH = /^(?:JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER|JAN|FEB|MAR|APR|JUN|JUL|AUG|SEPT?|OCT|NOV|DEC)$/

function reference(texts: string[]): Set<string> {
  const acronyms = new Set<string>()
  for (const text of texts) {
    if (!TWO_CAPITALS.test(text)) continue
    for (const line of text.split(/(?<=[.;!?])\s+/)) {
      if (!TWO_CAPITALS.test(line) || isAllCaps(line)) continue
      // A line mostly in capitals is a heading in capitals: no acronyms from it.
      const upper = (line.match(/\p{Lu}/gu) ?? []).length
      const lower = (line.match(/\p{Ll}/gu) ?? []).length
      if (upper >= 6 && upper > (upper + lower) * 0.6) continue
      for (const raw of line.split(/[\s/]+/)) {
        const word = raw.replace(/^[("“‘\[]+|[)"”’\],.;:!?]+$/g, '')
        for (const part of word.split(/[-–]/)) {
          if (part.length < 2 || part.length > 7 || !CAPS_WORD.test(part) || MONTH.test(part)) continue
          if (SMALL_WORDS.has(part.toLowerCase())) continue
          acronyms.add(part.replace(/(?:’s|'s)$/, '').replace(/(?<=\p{Lu})s$/u, ''))
        }
      }
    }
  }
  return acronyms
}

const PIECES = ['OSCE', 'U.S', 'AT&T', 'NKR’s', 'MAY', 'Minsk', 'the', 'A', 'B', 'Ω', '𝐀', '1', '.', ';', '!', ' ', '  ', '\n', '/', '-', '–', '(', ')', '“', '”', 'x', 'ÉU']
const paragraph = fc.array(fc.constantFrom(...PIECES), {maxLength: 25}).map((p) => p.join(''))

describe('documentAcronyms', () => {
  it('takes no acronyms from headings in capitals with a small word in lower case, and never small words', () => {
    const tree: Root = {
      type: 'root',
      children: [
        {type: 'paragraph', children: [{type: 'text', value: 'AGENDA ITEMS 1 and 2: OPENING REMARKS AND SELECTION OF COMMITTEE CHAIRMAN'}]},
        {type: 'paragraph', children: [{type: 'text', value: 'The board of the FAQ site met, AND the OSCE sent a note.'}]}
      ]
    }
    const found = documentAcronyms(tree, [])
    expect([...found].sort()).toEqual(['FAQ', 'OSCE'])
  })

  it('finds what testing every sentence and word finds', () => {
    fc.assert(
      fc.property(fc.array(paragraph, {minLength: 1, maxLength: 4}), (texts) => {
        const tree: Root = {type: 'root', children: texts.map((value) => ({type: 'paragraph', children: [{type: 'text', value}]}))}
        expect([...documentAcronyms(tree, [])].sort()).toEqual([...reference(texts)].sort())
      }),
      {numRuns: 3000}
    )
  })
})
