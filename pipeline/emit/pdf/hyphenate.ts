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

/**
 * A pattern set of the `hyphen` package (its `patterns` export): a table of
 * level vectors, a trie of patterns over UTF-16 units (a node is a subtrie,
 * a level-table index, or both as [subtrie, index]), and exceptions (word →
 * break positions).
 */
type TrieNode = Trie | number | [Trie, number]
interface Trie {
  [unit: string]: TrieNode | undefined
}
type PatternSet = [levels: number[][], trie: Trie, exceptions?: Record<string, number[]>]

/**
 * Liang's algorithm as the `hyphen` package runs it (hyphen.js,
 * hyphenateWord), so that the breaks are the same: the patterns are matched
 * over ".word." in lower case, from every start, and a pattern's levels
 * raise the levels of the positions it covers. Its quirks are kept: the
 * matches from the leading dot and from the first letter both start at
 * position 0, the level vector has one slot per unit of the word as written
 * (so one that lower-cases longer, like "İ", is matched past its end), and
 * the two first and two last slots are cleared. Odd levels are breaks.
 */
function liang(text: string, lowered: string, [table, trie]: PatternSet): number[] {
  const units = '.' + lowered + '.'
  const levels: number[] = new Array<number>(text.length + 1).fill(0)
  for (let start = 0; units.length - start >= 3; start++) {
    const at = start === 0 ? 0 : start - 1
    let node: Trie | undefined = trie
    for (let i = start; i < units.length && node; i++) {
      const entry: TrieNode | undefined = node[units[i]!]
      if (entry === undefined) break
      let index = -1
      if (Array.isArray(entry)) {
        node = entry[0]
        index = entry[1]
      } else if (typeof entry === 'number') {
        node = undefined
        index = entry
      } else node = entry
      if (index < 0) continue
      const pattern = table[index]!
      // Math.max as in hyphen.js: a slot past the end is undefined, and stays NaN (never a break).
      for (let k = 0; k < pattern.length; k++) levels[at + k] = Math.max(pattern[k]!, levels[at + k]!)
    }
  }
  const n = levels.length
  levels[0] = levels[1] = levels[n - 1] = levels[n - 2] = 0
  const markers: number[] = []
  for (let i = 0; i < n; i++) if ((levels[i]! & 1) === 1) markers.push(i)
  return markers
}

/** Breaks of a word of hyphen's letters, by its lower-case form (as hyphen.js keeps them): exceptions first. */
function markersOf(patterns: PatternSet, memo: Map<string, number[]>): (word: string) => number[] {
  return (word) => {
    const lowered = word.toLocaleLowerCase()
    let markers = memo.get(lowered)
    if (!markers) {
      markers = liang(word, lowered, patterns)
      // Only real words are remembered: hostile 100 kB "words" would fill memory.
      if (lowered.length < 256) memo.set(lowered, markers)
    }
    return markers
  }
}

const cache = new Map<string, Hyphenator>()

/**
 * The hyphenator for `language` (falls back to no hyphenation when no
 * patterns exist). The patterns are loaded on the first word that may be
 * hyphenated, not before: a document with no such word never loads them.
 *
 * The breaks are those of the `hyphen` package's hyphenateSync with a soft
 * hyphen and a minimum word length of 6, computed here from its pattern data
 * (its own text scanner costs several times more, ~0.1 ms a word when cold).
 */
export async function loadHyphenator(language: string | undefined): Promise<Hyphenator> {
  const name = patternModule(language)
  if (!name) return () => []
  const cached = cache.get(name)
  if (cached) return cached
  let markers: ((word: string) => number[]) | undefined
  const load = () => {
    // The pattern modules are CommonJS folders (`hyphen/en-us/index.js`): load them with require.
    const patterns = (createRequire(import.meta.url)(`hyphen/${name}`) as {patterns: PatternSet}).patterns
    return markersOf(patterns, new Map(Object.entries(patterns[2] ?? {})))
  }
  const memo = new Map<string, number[]>()
  const hyphenator: Hyphenator = (word) => {
    let points = memo.get(word)
    if (points) return points
    points = []
    // Only the letters between leading and trailing punctuation are hyphenated.
    const m = /^(\P{L}*)(\p{L}[\p{L}\p{M}'’]*\p{L})(\P{L}*)$/u.exec(word)
    if (m && mayHyphenate(m[2]!)) {
      const core = m[2]!
      markers ??= load()
      // hyphen.js takes "’" (not "'") as a word boundary, and hyphenates each part of at least MIN_LETTERS units.
      let start = 0
      for (const part of core.split('’')) {
        if (part.length >= MIN_LETTERS) {
          for (const marker of markers(part)) {
            // A break past the end (see liang) falls at the end, as hyphen.js inserts it.
            const offset = start + Math.min(marker, part.length)
            if (offset >= LEFT_MIN && core.length - offset >= RIGHT_MIN) points.push(m[1]!.length + offset)
          }
        }
        start += part.length + 1
      }
    }
    if (word.length < 256) memo.set(word, points)
    return points
  }
  cache.set(name, hyphenator)
  return hyphenator
}
