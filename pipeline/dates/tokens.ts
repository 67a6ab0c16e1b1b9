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

const LETTER = /[\p{L}]/u
const LETTER_OR_MARK = /[\p{L}\p{M}]/u
const SPACE = /\s/

const isDigit = (c: number) => c >= 48 && c <= 57
const isAsciiLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff
/** Length (0, 1 or 2 code units) of the character at `i` when it matches `re`. */
const charLength = (text: string, i: number, re: RegExp): number => {
  const c = text.charCodeAt(i)
  if (isAsciiLetter(c)) return 1
  if (c <= 127 || Number.isNaN(c)) return 0
  const width = isHighSurrogate(c) && i + 1 < text.length ? 2 : 1
  return re.test(text.slice(i, i + width)) ? width : 0
}
const letterLength = (text: string, i: number) => charLength(text, i, LETTER)
const wordCharLength = (text: string, i: number) => charLength(text, i, LETTER_OR_MARK)
const isDash = (c: number) => c === 45 || (c >= 0x2010 && c <= 0x2015) || c === 0x2212

/**
 * A hand-written scanner (a single regular expression with capture groups
 * was three times slower): numbers, words, possessive ’s, dashes, and any
 * other non-space character as one mark.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  const n = text.length
  let i = 0
  while (i < n) {
    const c = text.charCodeAt(i)
    if (c === 32 || (c >= 9 && c <= 13) || (c > 127 && SPACE.test(text[i]!))) {
      i++
      continue
    }
    const start = i
    if (isDigit(c)) {
      let j = i
      while (j < n && isDigit(text.charCodeAt(j))) j++
      let end = j
      let plain = true
      // Thousands separators: 1,154 or 250,000 (groups of exactly three digits, not followed by a digit).
      if (j - i <= 3) {
        let k = j
        let best = -1
        while (text[k] === ',' && isDigit(text.charCodeAt(k + 1)) && isDigit(text.charCodeAt(k + 2)) && isDigit(text.charCodeAt(k + 3))) {
          k += 4
          if (!isDigit(text.charCodeAt(k))) best = k
        }
        if (best > 0) {
          end = best
          plain = false
        }
      }
      if (plain && text[end] === '.' && isDigit(text.charCodeAt(end + 1))) {
        end += 1
        while (end < n && isDigit(text.charCodeAt(end))) end++
        plain = false
      }
      const numberEnd = end
      for (let w = letterLength(text, end); end < n && w > 0; w = letterLength(text, end)) end += w
      const raw = text.slice(start, end)
      tokens.push({
        kind: 'num',
        text: raw,
        lower: raw.toLowerCase(),
        start,
        end,
        value: plain ? Number(text.slice(start, numberEnd)) : Number.NaN,
        digits: plain ? numberEnd - start : 0,
        suffix: end > numberEnd ? text.slice(numberEnd, end).toLowerCase() : undefined
      })
      i = end
    } else if (wordCharLength(text, i) > 0) {
      let end = i
      for (let w = wordCharLength(text, end); end < n && w > 0; w = wordCharLength(text, end)) end += w
      const raw = text.slice(start, end)
      tokens.push({kind: 'word', text: raw, lower: raw.toLowerCase(), start, end})
      i = end
    } else if ((c === 0x2019 || c === 39) && text[i + 1] === 's' && !(i + 2 < n && letterLength(text, i + 2) > 0)) {
      tokens.push({kind: 'poss', text: text.slice(i, i + 2), lower: '’s', start, end: i + 2})
      i += 2
    } else if (isDash(c)) {
      tokens.push({kind: 'dash', text: text[i]!, lower: text[i]!, start, end: i + 1})
      i++
    } else {
      // One mark; a surrogate pair stays whole.
      const end = isHighSurrogate(c) && i + 1 < n ? i + 2 : i + 1
      const raw = text.slice(start, end)
      tokens.push({kind: 'punct', text: raw, lower: raw, start, end})
      i = end
    }
  }
  return tokens
}
