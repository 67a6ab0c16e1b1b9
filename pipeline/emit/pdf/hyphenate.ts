/**
 * Hyphenation points from the TeX patterns of the `hyphen` package (Liang's
 * algorithm), chosen by the document language.
 *
 * Never hyphenated: words under 6 letters, anything with a digit, URLs, e-mail
 * addresses and paths, words in capitals (acronyms). At least 2 letters stay
 * before a break and 3 after it.
 */

import {createRequire} from 'node:module'

/** Returns the offsets (in UTF-16 units) where `word` may be broken with a hyphen. */
export type Hyphenator = (word: string) => number[]

const MIN_LETTERS = 6
const LEFT_MIN = 2
const RIGHT_MIN = 3
const SOFT = '\u00AD'

/** Pattern sets of the `hyphen` package by language subtag. */
const LANGUAGES = new Set([
  'af', 'be', 'bg', 'ca', 'cs', 'cy', 'da', 'de', 'el', 'en-gb', 'en-us', 'es', 'et', 'eu', 'fi', 'fr', 'ga', 'gl',
  'hr', 'hu', 'hy', 'ia', 'id', 'is', 'it', 'ka', 'la', 'lt', 'lv', 'mk', 'mn', 'nb', 'nl', 'nn', 'no', 'oc', 'pl',
  'pt', 'rm', 'ro', 'ru', 'sk', 'sl', 'sq', 'sv', 'tk', 'tr', 'uk'
])

/** The pattern module for a BCP 47 tag (`en` → `en-us`), or undefined when there is none. */
export function patternModule(language: string | undefined): string | undefined {
  const tag = (language ?? 'en').toLowerCase().replace(/_/g, '-')
  if (tag === 'en' || tag.startsWith('en-us')) return 'en-us'
  if (tag.startsWith('en-')) return 'en-gb'
  if (LANGUAGES.has(tag)) return tag
  const primary = tag.split('-')[0]!
  return LANGUAGES.has(primary) ? primary : undefined
}

/** Whether a word may be hyphenated at all. */
export function mayHyphenate(word: string): boolean {
  if (word.length < MIN_LETTERS) return false
  if (/[\d@/\\:_=?&#%]/.test(word) || /^www\./i.test(word)) return false
  const letters = word.match(/\p{L}/gu)
  if (!letters || letters.length < MIN_LETTERS) return false
  if (word === word.toUpperCase()) return false
  return true
}

const cache = new Map<string, Hyphenator>()

/** Load the hyphenator for `language` (falls back to no hyphenation when no patterns exist). */
export async function loadHyphenator(language: string | undefined): Promise<Hyphenator> {
  const name = patternModule(language)
  if (!name) return () => []
  const cached = cache.get(name)
  if (cached) return cached
  // The pattern modules are CommonJS folders (`hyphen/en-us/index.js`): load them with require.
  const mod = createRequire(import.meta.url)(`hyphen/${name}`) as {hyphenateSync: (t: string, o: object) => string}
  const hyphenateSync = mod.hyphenateSync
  const memo = new Map<string, number[]>()
  const hyphenator: Hyphenator = (word) => {
    let points = memo.get(word)
    if (points) return points
    points = []
    // Only the letters between leading and trailing punctuation are hyphenated.
    const m = /^(\P{L}*)(\p{L}[\p{L}\p{M}'’]*\p{L})(\P{L}*)$/u.exec(word)
    if (m && mayHyphenate(m[2]!)) {
      const core = m[2]!
      const marked = hyphenateSync(core, {hyphenChar: SOFT, minWordLength: MIN_LETTERS})
      let offset = 0
      for (const ch of marked) {
        if (ch === SOFT) {
          if (offset >= LEFT_MIN && core.length - offset >= RIGHT_MIN) points.push(m[1]!.length + offset)
        } else offset += ch.length
      }
    }
    memo.set(word, points)
    return points
  }
  cache.set(name, hyphenator)
  return hyphenator
}
