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

/**
 * A character that may be a letter, mark or number outside ASCII, or a
 * surrogate: anything but ASCII, Latin-1 punctuation and symbols and the
 * General Punctuation block (curly quotes, dashes, spaces; none of them a
 * letter, mark or number: tests/fast-paths.test.ts). One regex run instead of
 * a loop over the text: ~50 ns against ~2 µs for a line of prose with curly
 * quotes in a short run (3,000 tests, no TurboFan), so a twin pays off even
 * on a line tested once; a line with other characters is looked at only there.
 */
export const MAYBE_WORD_CHAR = /[^\x00-\x7f\u00a0-\u00a9\u00ab-\u00b1\u00b4\u00b6-\u00b8\u00bb\u00bf\u00d7\u00f7\u2000-\u206f]/

/** True when `text` has no letter or mark outside ASCII, and no surrogate (an astral letter is not looked at). */
export function asciiLettersOnly(text: string): boolean {
  for (let i = nextMaybeWordChar(text, 0); i >= 0; i = nextMaybeWordChar(text, i + 1)) {
    const c = text.charCodeAt(i)
    if ((c >= 0xd800 && c <= 0xdfff) || letterOrMarkCode(c)) return false
  }
  return true
}

const MAYBE_WORD_CHARS = new RegExp(MAYBE_WORD_CHAR.source, 'g')

/** Index of the first `MAYBE_WORD_CHAR` at or after `from`, or -1: the loops above and below look only there. */
function nextMaybeWordChar(text: string, from: number): number {
  MAYBE_WORD_CHARS.lastIndex = from
  return MAYBE_WORD_CHARS.test(text) ? MAYBE_WORD_CHARS.lastIndex - 1 : -1
}

const NUMBER = /^\p{N}/u
/** Basic Multilingual Plane: 0 unknown yet, 1 a number, 2 not. */
const numbers = new Uint8Array(0x10000)

/**
 * True when `text` has no letter, mark or number outside ASCII, and no
 * surrogate: then `\p{N}` is `[0-9]` on it too (besides the letters).
 */
export function asciiWordCharsOnly(text: string): boolean {
  for (let i = nextMaybeWordChar(text, 0); i >= 0; i = nextMaybeWordChar(text, i + 1)) {
    const c = text.charCodeAt(i)
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

/**
 * Latin-1 twins of the Unicode classes `latin1RegExp` rewrites, inside a
 * character class: the class's members up to U+00FF (tests/fast-paths.test.ts
 * checks them against the Unicode classes). Latin-1, not ASCII only: a line
 * with "café" or "Müller" keeps the twin, and a class of a few ranges
 * compiles as fast.
 */
const CLASS_TWINS: Record<string, string> = {
  L: 'A-Za-z\\u00aa\\u00b5\\u00ba\\u00c0-\\u00d6\\u00d8-\\u00f6\\u00f8-\\u00ff',
  Lu: 'A-Z\\u00c0-\\u00d6\\u00d8-\\u00de',
  Ll: 'a-z\\u00b5\\u00df-\\u00f6\\u00f8-\\u00ff',
  N: '0-9\\u00b2\\u00b3\\u00b9\\u00bc-\\u00be',
  M: ''
}

/**
 * The Latin-1 twin of a regular expression written with `\p{L}`, `\p{Lu}`,
 * `\p{Ll}`, `\p{N}` and `\p{M}` (inside or outside a character class): each
 * class becomes its part up to U+00FF (`\p{M}` none), flags kept. On a text
 * where `latin1WordCharsOnly` holds, every character is in the Unicode class
 * exactly when it is in the twin (case folding under `iu` too: the letters
 * it adds, like Ÿ and μ, are not in such a text), so both give the same
 * answers, matches and indexes. Throws on anything else (`\P{…}`, another property), so a twin
 * is never wrong by omission.
 */
export function latin1RegExp(unicode: RegExp): RegExp {
  const src = unicode.source
  let out = ''
  let inClass = false
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!
    if (c === '\\') {
      const next = src[i + 1]
      if (next === 'p' || next === 'P') {
        const end = src.indexOf('}', i)
        const name = src.slice(i + 3, end)
        const twin = CLASS_TWINS[name]
        // Under `i` a case class is closed over case (/\p{Lu}/iu matches "µ" and "ÿ", whose capitals are past Latin-1).
        if (next === 'P' || twin === undefined || (unicode.ignoreCase && (name === 'Lu' || name === 'Ll'))) throw new Error(`latin1RegExp: no Latin-1 twin for ${src.slice(i, end + 1)} in /${src}/`)
        out += inClass ? twin : `[${twin}]`
        i = end
        continue
      }
      out += c + (next ?? '')
      i++
      continue
    }
    if (c === '[' && !inClass) inClass = true
    else if (c === ']' && inClass) inClass = false
    out += c
  }
  return new RegExp(out, unicode.flags)
}

/**
 * A regular expression with `\p{…}` classes and its Latin-1 twin
 * (`latin1RegExp`), made on first use: `twin(RE)(text)` is the one to run on
 * `text` (exec, test, match, replace, split; for a global or sticky one,
 * the same object through one scan of one text). A short run compiles each
 * `\p{…}` regex it runs (~0.1-0.4 ms each, tiering.ts) and the pipeline has
 * dozens; the twins compile in a fraction of it. Measured (with batch.ts's
 * lazy child_process): \p{…} regexes compiled on doc1/raw-mutool 79 -> 39
 * (base 23e864e: 41); callgrind, whole process, doc1/raw-mutool 1.886 ->
 * 1.738 G instructions, doc2/raw-mutool 1.840 -> 1.707 G.
 */
export function twin(unicode: RegExp): (text: string, at?: number) => RegExp {
  let latin1: RegExp | undefined
  return (text, at) => (at === undefined ? latin1WordCharsOnly(text) : latin1CodeAt(text, at)) ? (latin1 ??= latin1RegExp(unicode)) : unicode
}

/** A character past Latin-1 and the General Punctuation block (quotes, dashes, spaces): maybe a letter, mark or number. */
const PAST_LATIN1 = /[^\x00-\xff\u2000-\u206f]/g

/** True when `text` has no letter, mark or number past U+00FF, and no surrogate (only `PAST_LATIN1` characters are looked at). */
function latin1WordCharsOnly(text: string): boolean {
  PAST_LATIN1.lastIndex = 0
  while (PAST_LATIN1.test(text)) if (!latin1CodeAt(text, PAST_LATIN1.lastIndex - 1)) return false
  return true
}

/**
 * For `twin(RE)(text, at)`, where every class of RE only ever looks at the
 * code unit at `at` (`/^\p{L}/` at 0, `/\p{L}$/` at the last): true when that
 * one is Latin-1 or no letter, mark, number or surrogate (or there is none),
 * so the twin answers alike without scanning the whole text.
 */
function latin1CodeAt(text: string, at: number): boolean {
  const c = text.charCodeAt(at)
  if (!(c >= 0x100)) return true
  if ((c >= 0xd800 && c <= 0xdfff) || letterOrMarkCode(c)) return false
  let kind = numbers[c]!
  if (kind === 0) numbers[c] = kind = NUMBER.test(String.fromCharCode(c)) ? 1 : 2
  return kind !== 1
}

/** `twin(RE)` as an object with RE's `test` and `exec` (not for a global or sticky RE), for a constant run in many places; `at` as for `twin`. */
export function twinTest(
  unicode: RegExp,
  at?: 'first' | 'last'
): {test(text: string): boolean; exec(text: string): RegExpExecArray | null} {
  const twinFor = twin(unicode)
  // `at`: every class of the regex looks only at the first or last code unit (see `twin`).
  const pick = at === undefined ? twinFor : (text: string) => twinFor(text, at === 'first' ? 0 : text.length - 1)
  return {test: (text: string) => pick(text).test(text), exec: (text: string) => pick(text).exec(text)}
}
