/**
 * Finding two capitals in a row (`TWO_CAPITALS`: a capital, then capitals,
 * digits, `&` or `.`, then a capital: "OSCE", "U.S", "AT&T", "G7A") fast.
 *
 * The acronym scan tests every paragraph of a document, and this Unicode
 * regex was most of its time (V8 tries the `\p{Lu}` class at every position).
 * `findTwoCapitals` gives the same first match start by one pass over the
 * text: ASCII by character code, other characters through a table filled
 * from the regex classes on first sight. tests/capitals.test.ts checks it
 * against the regex. (A short run, without V8's optimizing compiler, uses
 * the regex: see there.)
 */

import {tiering} from '../tiering.js'
import {twin} from '../text/ascii.js'

/** The definition. */
export const TWO_CAPITALS = /\p{Lu}[\p{Lu}\p{N}&.]*\p{Lu}/u

/** `TWO_CAPITALS`, global, for `findTwoCapitals` in a short run. */
const SCAN = new RegExp(TWO_CAPITALS.source, 'gu')
/** Speed: SCAN or its Latin-1 twin for one text (text/ascii.ts). */
const scanFor = twin(SCAN)

const UPPER_LETTER = /^\p{Lu}$/u
const NUMBER = /^\p{N}$/u
/** Basic Multilingual Plane classes: 0 unknown yet, else 1 + (capital ? 2 : 0) + (number ? 4 : 0). */
const bmp = new Uint8Array(0x10000)

/** Class bits: a capital; a character that may sit inside the run (digit, `&`, `.`). */
const CAPITAL = 2
const NUMERIC = 4
const UPPER = {bits: CAPITAL, size: 1}
const INSIDE = {bits: NUMERIC, size: 1}
const OTHER = {bits: 0, size: 1}

/** Class bits of the character at `i`, and its length in code units (1 or 2). */
function classAt(text: string, i: number): {bits: number; size: number} {
  const c = text.charCodeAt(i)
  if (c < 0x80) {
    if (c >= 0x41 && c <= 0x5a) return UPPER
    return (c >= 0x30 && c <= 0x39) || c === 0x26 || c === 0x2e ? INSIDE : OTHER
  }
  if (c >= 0xd800 && c <= 0xdbff) {
    const point = text.codePointAt(i)!
    if (point > 0xffff) {
      const char = String.fromCodePoint(point)
      const bits = (UPPER_LETTER.test(char) ? CAPITAL : 0) | (NUMBER.test(char) ? NUMERIC : 0)
      return {bits, size: 2}
    }
  }
  let kind = bmp[c]!
  if (kind === 0) {
    const char = text[i]!
    bmp[c] = kind = 1 | (UPPER_LETTER.test(char) ? CAPITAL : 0) | (NUMBER.test(char) ? NUMERIC : 0)
  }
  return kind === 1 ? OTHER : kind & CAPITAL ? UPPER : INSIDE
}


/**
 * Index where the first match of `TWO_CAPITALS` at or after `from` starts,
 * or -1 (the same start as `exec` with a global copy of the regex).
 */
export function findTwoCapitals(text: string, from = 0): number {
  // A short run has no optimizing compiler (tiering.ts), and there the regex's machine code
  // beats the scan below, which only pays once optimized. Measured, every match in three corpus
  // texts: without TurboFan 1.6 ms by regex against 4.5 ms by hand; with it 1.5 against 0.6 ms.
  if (tiering() === 'short') {
    const scan = scanFor(text)
    scan.lastIndex = from
    return scan.exec(text)?.index ?? -1
  }
  let i = from
  while (i < text.length) {
    const first = classAt(text, i)
    if (!(first.bits & CAPITAL)) {
      i += first.size
      continue
    }
    // A run of capitals, digits, `&` and `.` from this capital: a match when it holds another capital.
    let j = i + first.size
    while (j < text.length) {
      const next = classAt(text, j)
      if (next.bits & CAPITAL) return i
      if (!next.bits) break
      j += next.size
    }
    // Every capital of the run was the only one in its run: go on after it.
    i = j
  }
  return -1
}
