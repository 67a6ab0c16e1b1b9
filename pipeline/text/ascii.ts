/**
 * Whether every letter of a text is an ASCII letter. In such a text a
 * Unicode class has a short ASCII twin (`\p{Ll}` is `[a-z]`, `\p{L}` is
 * `[A-Za-z]`: the other characters are in neither), and a regular
 * expression written with the twin gives the same answer. Why it matters:
 * V8 compiles a regular expression on its first run, and one with several
 * `\p{…}` classes takes ~1-1.5 ms to compile for a two-byte string (a short
 * run compiles each once: tiering.ts), more than running it costs on a
 * corpus document. Curly quotes and dashes are no letters: a line of English
 * prose passes.
 */
import {letterOrMarkCode} from './compounds.js'

/** True when `text` has no letter or mark outside ASCII, and no surrogate (an astral letter is not looked at). */
export function asciiLettersOnly(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x80) continue
    if ((c >= 0xd800 && c <= 0xdfff) || letterOrMarkCode(c)) return false
  }
  return true
}

const NUMBER = /^\p{N}/u
/** Basic Multilingual Plane: 0 unknown yet, 1 a number, 2 not. */
const numbers = new Uint8Array(0x10000)

/**
 * True when `text` has no letter, mark or number outside ASCII, and no
 * surrogate: then `\p{N}` is `[0-9]` on it too (besides the letters).
 */
export function asciiWordCharsOnly(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x80) continue
    if ((c >= 0xd800 && c <= 0xdfff) || letterOrMarkCode(c)) return false
    let kind = numbers[c]!
    if (kind === 0) numbers[c] = kind = NUMBER.test(String.fromCharCode(c)) ? 1 : 2
    if (kind === 1) return false
  }
  return true
}

/**
 * A regular expression with `\p{L}`, `\p{Ll}` or `\p{N}` classes and its ASCII
 * twin (`[A-Za-z]`, `[a-z]`, `[0-9]`), tested like a RegExp: a text whose
 * letters and numbers are all ASCII is tested by the twin, which compiles in
 * a fraction of the time (see above); any other text by the Unicode form.
 * Only for `test` on non-global expressions (no `lastIndex`).
 */
export function asciiTwin(unicode: RegExp, ascii: RegExp): {test(text: string): boolean} {
  return {test: (text: string) => (asciiWordCharsOnly(text) ? ascii : unicode).test(text)}
}
