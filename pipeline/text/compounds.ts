/**
 * Finding words and hyphenated compounds in prose, fast.
 *
 * `COMPOUND_RE` is the definition: a word is letters (with marks), with
 * inner apostrophes (“don’t”); a compound is words joined by single hyphens
 * (`-` or U+2010). The vocabulary scans every word of a document twice per
 * build, and the regex (with its match arrays) was its largest cost, so
 * `findCompound` does the same match by hand: ASCII by character code, other
 * characters through a table filled from the regex's own character class on
 * first sight. tests/compounds.test.ts checks it against the regex. (A
 * short run, without V8's optimizing compiler, uses the regex: see there.)
 */

import {tiering} from '../tiering.js'

/** A word: letters (with marks), optionally with inner apostrophes (“don’t”). */
const WORD = String.raw`[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*`
/** A word or a hyphenated compound of words (global, Unicode). */
export const COMPOUND_RE = new RegExp(`${WORD}(?:[-\u2010]${WORD})*`, 'gu')

/**
 * `COMPOUND_RE` anchored where it is tried (sticky), for `findCompound` in a
 * short run: `test` moves `lastIndex` to the match's end without making a
 * match array and its string (`exec` made 1.5 MB of them per corpus document).
 */
const STICKY = new RegExp(COMPOUND_RE.source, 'uy')

const LETTER_OR_MARK = /^[\p{L}\p{M}]$/u
/** Basic Multilingual Plane classes: 0 unknown yet, 1 letter or mark, 2 other. */
const bmp = new Uint8Array(0x10000)

/** Code units a letter or mark at `i` takes (1, or 2 for a surrogate pair), or 0 if none is there. */
function letterAt(text: string, i: number): number {
  if (i >= text.length) return 0
  const c = text.charCodeAt(i)
  if (c < 0x80) return (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a ? 1 : 0
  if (c < 0xd800 || c > 0xdbff) {
    let kind = bmp[c]!
    if (kind === 0) bmp[c] = kind = LETTER_OR_MARK.test(text[i]!) ? 1 : 2
    return kind === 1 ? 1 : 0
  }
  const point = text.codePointAt(i)!
  if (point <= 0xffff) return 0 // a lone high surrogate
  return LETTER_OR_MARK.test(String.fromCodePoint(point)) ? 2 : 0
}

/** End of the run of letters starting at `i`. */
function lettersEnd(text: string, i: number): number {
  for (let n = letterAt(text, i); n > 0; n = letterAt(text, i)) i += n
  return i
}

const isApostrophe = (c: number) => c === 0x27 || c === 0x2019
const isHyphen = (c: number) => c === 0x2d || c === 0x2010

/** End of the word (letters and inner apostrophes) that starts with a letter at `i`. */
function wordEnd(text: string, i: number): number {
  i = lettersEnd(text, i)
  while (isApostrophe(text.charCodeAt(i)) && letterAt(text, i + 1) > 0) i = lettersEnd(text, i + 1)
  return i
}

/** Where a match was found: `text.slice(start, end)`. Reused between calls. */
export interface Span {
  start: number
  end: number
}

/**
 * The first match of `COMPOUND_RE` in `text` at or after `from`, written to
 * `span`; false when there is none. Same result as `exec` with `lastIndex = from`.
 */
export function findCompound(text: string, from: number, span: Span): boolean {
  // A match starts at the first letter or mark at or after `from`.
  let i = from
  while (i < text.length) {
    if (letterAt(text, i) > 0) break
    // Step by code point, as a Unicode regex does.
    const c = text.charCodeAt(i)
    i += c >= 0xd800 && c <= 0xdbff && (text.codePointAt(i) ?? 0) > 0xffff ? 2 : 1
  }
  if (i >= text.length) return false
  span.start = i
  // A short run has no optimizing compiler (tiering.ts), and there the regex's machine code
  // beats the scan below, which only pays once optimized. Measured, every word of three corpus
  // texts: without TurboFan 2.4 ms by regex against 5.9 ms by hand; with it 5.3 against 1.7 ms.
  // The regex runs sticky from the first letter and only its end is read: the same CPU as
  // `exec` without its garbage (whole process, corpus documents: allocation 40.3 -> 38.8 MB).
  if (tiering() === 'short') {
    STICKY.lastIndex = i
    STICKY.test(text)
    span.end = STICKY.lastIndex
    return true
  }
  i = wordEnd(text, i)
  while (isHyphen(text.charCodeAt(i)) && letterAt(text, i + 1) > 0) i = wordEnd(text, i + 1)
  span.end = i
  return true
}
