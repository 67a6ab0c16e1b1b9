/**
 * Finding words and hyphenated compounds in prose, fast.
 *
 * `compoundRegExp()` is the definition: a word is letters (with marks), with
 * inner apostrophes (“don’t”); a compound is words joined by single hyphens
 * (`-` or U+2010). The vocabulary scans every word of a document twice per
 * build, and the regex (with its match arrays) was its largest cost, so
 * `findCompound` does the same match by hand: ASCII by character code, other
 * characters through a table filled from the regex's own character class on
 * first sight. tests/compounds.test.ts checks it against the regex.
 */

/** A word: letters (with marks), optionally with inner apostrophes (“don’t”). */
const WORD = String.raw`[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*`
/**
 * A word or a hyphenated compound of words (global, Unicode), made on
 * request: a build never runs it (`findCompound` is its hand-made twin), and
 * making it at start-up cost 0.5 ms (V8 parses its eight \p{…} classes).
 */
export function compoundRegExp(): RegExp {
  return new RegExp(`${WORD}(?:[-\u2010]${WORD})*`, 'gu')
}

const LETTER_OR_MARK = /^[\p{L}\p{M}]$/u
/** Basic Multilingual Plane classes: 0 unknown yet, 1 letter or mark, 2 other. */
const bmp = new Uint8Array(0x10000)

/** Whether the code unit `c` (not a surrogate) is a letter or a mark, remembered per code unit. */
export function letterOrMarkCode(c: number): boolean {
  if (c < 0x80) return (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a
  let kind = bmp[c]!
  if (kind === 0) bmp[c] = kind = LETTER_OR_MARK.test(String.fromCharCode(c)) ? 1 : 2
  return kind === 1
}

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
  const length = text.length
  for (;;) {
    // ASCII letters in the loop itself, without a call per character (see findCompound).
    while (i < length) {
      const c = text.charCodeAt(i) | 0x20
      if (c < 0x61 || c > 0x7a) break
      i++
    }
    if (i >= length || text.charCodeAt(i) < 0x80) return i
    const n = letterAt(text, i)
    if (n === 0) return i
    i += n
  }
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
 * The first match of `compoundRegExp()` in `text` at or after `from`, written to
 * `span`; false when there is none. Same result as its `exec` with `lastIndex = from`.
 */
export function findCompound(text: string, from: number, span: Span): boolean {
  // By hand in every run, ASCII letters tested in the loops themselves. Measured without V8's
  // optimizing compiler (a short run, tiering.ts), each corpus text scanned twice as the vocabulary
  // does, fresh process: 4.7 ms, against 5.7 ms by the regex (its compilation for two-byte text
  // included) and more by this scan with a call per character; and no match arrays (the regex's
  // exec made 1.5 MB of them per corpus document). With the optimizing compiler it was 1.7 ms
  // against 5.3 ms by the regex.
  const length = text.length
  let i = from
  while (i < length) {
    const c = text.charCodeAt(i)
    if (c < 0x80) {
      if ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) break
      i++
      continue
    }
    if (letterAt(text, i) > 0) break
    // Step by code point, as a Unicode regex does.
    i += c >= 0xd800 && c <= 0xdbff && (text.codePointAt(i) ?? 0) > 0xffff ? 2 : 1
  }
  if (i >= length) return false
  span.start = i
  i = wordEnd(text, i)
  while (isHyphen(text.charCodeAt(i)) && letterAt(text, i + 1) > 0) i = wordEnd(text, i + 1)
  span.end = i
  return true
}
