/**
 * A small tokenizer for date finding: numbers (with their ordinal or plural
 * suffix, and a flag for thousands separators), words, possessive ’s, dashes
 * and single punctuation marks, each with its offsets in the text.
 */

export type TokenKind = 'num' | 'word' | 'poss' | 'dash' | 'punct'

export interface Token {
  kind: TokenKind
  text: string
  /** Lower-cased text (words only; equal to `text` otherwise). */
  lower: string
  start: number
  end: number
  /** Numbers: the digits as a number (integer part). */
  value?: number
  /** Numbers: how many digits the integer has (1,154 and 3.5 count as 0: never dates). */
  digits?: number
  /** Numbers: letters glued to the number (`st`, `th`, `s`, `km`). */
  suffix?: string
}

// Numbers: grouped (1,154), decimal (3.5) or plain, with optional glued letters.
// Words: letters and combining marks. Possessive ’s. Dashes. Anything else: one mark.
const TOKEN = /(\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?)([\p{L}]+)?|([\p{L}\p{M}]+)|([’']s)(?![\p{L}])|([\u2010-\u2015\u2212-])|(\S)/gu

export function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  let last = 0
  for (const m of text.matchAll(TOKEN)) {
    const start = m.index
    const raw = m[0]
    last = start + raw.length
    if (m[1] !== undefined) {
      const plain = /^\d+$/.test(m[1])
      tokens.push({
        kind: 'num',
        text: raw,
        lower: raw.toLowerCase(),
        start,
        end: last,
        value: plain ? Number(m[1]) : Number.NaN,
        digits: plain ? m[1].length : 0,
        suffix: m[2]?.toLowerCase()
      })
    } else if (m[3] !== undefined) {
      tokens.push({kind: 'word', text: raw, lower: raw.toLowerCase(), start, end: last})
    } else if (m[4] !== undefined) {
      tokens.push({kind: 'poss', text: raw, lower: '’s', start, end: last})
    } else if (m[5] !== undefined) {
      tokens.push({kind: 'dash', text: raw, lower: raw, start, end: last})
    } else {
      tokens.push({kind: 'punct', text: raw, lower: raw, start, end: last})
    }
  }
  return tokens
}
