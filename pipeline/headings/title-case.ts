/**
 * Title case for headings printed in capitals ("CHRONOLOGY OF MEETINGS OF THE
 * OSCE MINSK GROUP" → "Chronology of Meetings of the OSCE Minsk Group").
 *
 * - Acronyms stay in capitals. Which words are acronyms is learned from the
 *   document itself: a word written in capitals inside ordinary mixed-case
 *   prose or headings ("the OSCE Minsk Group", "(NATO)") is an acronym there. A short
 *   list of common ones covers documents that never use them in prose.
 * - Small words (articles, short prepositions and conjunctions) are lower
 *   case, except first, last, and after a colon or dash.
 * - Roman numerals ("SALT II") stay in capitals; words with digits ("21ST")
 *   become lower case after the digits.
 */
import type {Root} from 'mdast'
import {toString} from 'mdast-util-to-string'
import {romanValue} from './appendix.js'
import {findTwoCapitals} from './capitals.js'
import {twin, twinTest} from '../text/ascii.js'

/** Small words that stay lower case inside a title (Chicago-style, short prepositions). */
export const SMALL_WORDS = new Set([
  'a', 'an', 'the', 'and', 'but', 'or', 'nor', 'for', 'so', 'yet', 'as', 'at', 'by', 'in', 'of', 'off', 'on',
  'per', 'to', 'up', 'via', 'vs', 'from', 'into', 'onto', 'over', 'with', 'upon', 'than'
])

/**
 * Acronyms common enough that a document may use them only in capitalized
 * headings. Only ones that are not also English words: "US", "WHO" or
 * "PACE" are acronyms only where the document itself writes them so.
 */
const COMMON_ACRONYMS = [
  'UN', 'USA', 'UK', 'EU', 'NATO', 'OSCE', 'CSCE', 'CIS', 'USSR', 'OIC', 'UNESCO', 'UNICEF', 'IMF', 'OECD',
  'OPEC', 'ASEAN', 'GDP', 'IDP', 'NGO', 'SSR', 'ICJ', 'ECHR', 'BSEC', 'UNHCR', 'ICRC', 'WTO'
]

/** Month names, printed in capitals in tables ("25 SEPTEMBER"): never acronyms. */
const MONTH = /^(?:JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER|JAN|FEB|MAR|APR|JUN|JUL|AUG|SEPT?|OCT|NOV|DEC)$/

/** A word in capitals: letters (two or more), optionally a plural "s" or possessive. */
const CAPS_WORD = /^[\p{Lu}][\p{Lu}\p{N}&.]*\p{Lu}(?:s|’s|'s)?$/u

/** Whether every cased letter of a text is upper case (and it has at least two letters). */
export function isAllCaps(text: string): boolean {
  if (LOWER.test(text)) return false
  let upper = 0
  for (const _ of text.matchAll(upperFor(text))) if (++upper >= 2) return true
  return false
}

/**
 * Whether a line is mostly in capitals: more than 60 % of its letters, and at
 * least `minimum` of them, six unless told (a scan of character codes; other
 * scripts by class).
 */
export function mostlyCaps(line: string, minimum = 6): boolean {
  let upper = 0
  let lower = 0
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i)
    if (c >= 65 && c <= 90) upper++
    else if (c >= 97 && c <= 122) lower++
    else if (c > 127) {
      // By code point: a letter outside the basic plane is a surrogate pair.
      const cp = line.codePointAt(i)!
      const ch = String.fromCodePoint(cp)
      if (cp > 0xffff) i++
      if (LOWER.test(ch)) lower++
      else if (UPPER_ONE.test(ch)) upper++
    }
  }
  return upper >= minimum && upper > (upper + lower) * 0.6
}

const UPPER_ONE = twinTest(/\p{Lu}/u)
const LOWER = twinTest(/\p{Ll}/u)
const UPPER = /\p{Lu}/gu
const upperFor = twin(UPPER)

/**
 * The acronyms of a document: words written in capitals within lines that
 * are otherwise mixed case. `extra` adds known ones.
 */
export function documentAcronyms(tree: Root, extra: Iterable<string> = COMMON_ACRONYMS): Set<string> {
  const acronyms = new Set<string>()
  for (const word of extra) acronyms.add(word)
  const visit = (node: Root | Root['children'][number]) => {
    if (node.type === 'paragraph' || node.type === 'heading' || node.type === 'listItem' || node.type === 'tableCell') {
      // An appendix heading's "Appendix 1: " prefix is ours: only its title counts.
      const text = node.type === 'heading' && node.data?.appendix ? node.children.slice(1).map((c) => toString(c)).join('') : toString(node)
      if (findTwoCapitals(text) < 0) return
      for (const line of sentencesWithCapitals(text)) {
        if (isAllCaps(line)) continue
        // A line mostly in capitals with a small word in lower case ("AGENDA ITEMS 1 and 2:
        // OPENING REMARKS") is a heading in capitals, not prose: its words are no acronyms.
        if (mostlyCaps(line)) continue
        for (const raw of wordsWithCapitals(line)) {
          const word = raw.replace(/^[("“‘\[]+|[)"”’\],.;:!?]+$/g, '')
          for (const part of word.split(/[-–]/)) {
            // Longer words in capitals inside prose are emphasis, not acronyms.
            if (part.length < 2 || part.length > 7 || !CAPS_WORD.test(part) || MONTH.test(part)) continue
            // "AND", "OF", "THE" in capitals are emphasis or a heading's words, never acronyms.
            if (SMALL_WORDS.has(part.toLowerCase())) continue
            acronyms.add(part.replace(/(?:’s|'s)$/, '').replace(/(?<=\p{Lu})s$/u, ''))
          }
        }
      }
      return
    }
    if ('children' in node) for (const child of node.children) visit(child as Root['children'][number])
  }
  visit(tree)
  return acronyms
}

/** Where `text.split(SENTENCE_BREAK)` would cut sentences apart (white space after . ; ! or ?). */
const SENTENCE_BREAK = /(?<=[.;!?])\s+/g

/**
 * The sentences of `text` (as `text.split(SENTENCE_BREAK)` cuts them) that
 * contain two capitals in a row, in order. Found from the matches, so that a
 * paragraph is not cut into all its sentences to test each one (a match
 * holds no white space, so it never straddles a cut).
 */
function sentencesWithCapitals(text: string): string[] {
  const sentences: string[] = []
  let start = 0
  for (let at = findTwoCapitals(text); at >= 0; ) {
    // Move to the sentence that holds the match.
    let end: number
    for (;;) {
      SENTENCE_BREAK.lastIndex = start
      const cut = SENTENCE_BREAK.exec(text)
      end = cut ? cut.index : text.length
      if (at < end) break
      start = cut!.index + cut![0].length
    }
    sentences.push(text.slice(start, end))
    // The next match worth finding is in a later sentence.
    at = end < text.length ? findTwoCapitals(text, end) : -1
  }
  return sentences
}

const WORD_BREAK = /[\s/]/

/**
 * The words of `line` (as `line.split(/[\s/]+/)` cuts them) that hold two
 * capitals in a row: only they can hold an acronym. A match never holds a
 * word break, so it names the word it is in.
 */
function wordsWithCapitals(line: string): string[] {
  const words: string[] = []
  for (let at = findTwoCapitals(line); at >= 0; ) {
    let start = at
    while (start > 0 && !WORD_BREAK.test(line[start - 1]!)) start--
    let end = at + 1
    while (end < line.length && !WORD_BREAK.test(line[end]!)) end++
    words.push(line.slice(start, end))
    at = end < line.length ? findTwoCapitals(line, end) : -1
  }
  return words
}

/** Title case a heading printed in capitals, keeping acronyms. */
export function titleCase(text: string, acronyms: ReadonlySet<string>): string {
  const tokens = text.split(/(\s+)/)
  const words = tokens.filter((t) => !/^\s*$/.test(t))
  let index = 0
  let afterBreak = true
  return tokens
    .map((token) => {
      if (/^\s*$/.test(token)) return token
      const first = index === 0 || afterBreak
      const last = index === words.length - 1
      index++
      const out = caseWord(token, acronyms, first, last)
      // After a colon or dash, and after a leading section number ("2.", "2.1", "II."), a word starts anew.
      afterBreak = /[:–—]$/.test(token) || token === '-' || (index === 1 && /^(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,5}\.|[A-Z]\.)$/.test(token))
      return out
    })
    .join('')
}

function caseWord(token: string, acronyms: ReadonlySet<string>, first: boolean, last: boolean): string {
  const match = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/u.exec(token)!
  const [, lead, core, trail] = match as unknown as [string, string, string, string]
  if (core === '') return token
  // Hyphenated compounds: each part on its own ("ARMENIA-AZERBAIJAN" → "Armenia-Azerbaijan").
  const parts = core.split(/([-–/])/)
  const cased = parts.map((part, i) => {
    if (i % 2 === 1) return part
    return casePart(part, acronyms, (first && i === 0) || i > 0, last || i > 0)
  })
  return lead + cased.join('') + trail
}

function casePart(part: string, acronyms: ReadonlySet<string>, first: boolean, last: boolean): string {
  if (!isAllCaps(part) && /\p{Ll}/u.test(part)) return part // mixed case as printed: leave it
  const possessive = /(’S|'S|’s|'s)$/.exec(part)?.[0] ?? ''
  const stem = possessive ? part.slice(0, -possessive.length) : part
  const tail = possessive.toLowerCase()
  if (acronyms.has(stem)) return stem + tail
  if (/s$/i.test(stem) && acronyms.has(stem.slice(0, -1)) && stem.length > 2) return stem.slice(0, -1) + 's' + tail
  if (stem.length > 1 && romanValue(stem) !== undefined && !['MI', 'DC', 'CD', 'MIX', 'DI', 'LI', 'MD', 'CIV', 'DIV', 'LIV', 'MIL', 'VIM', 'MC'].includes(stem)) return stem + tail
  if (/\p{N}/u.test(stem)) return stem.toLowerCase() + tail
  const lower = stem.toLowerCase()
  if (!first && !last && SMALL_WORDS.has(lower)) return lower + tail
  return lower.charAt(0).toUpperCase() + lower.slice(1) + tail
}
