/**
 * The document's own vocabulary: how often each word occurs, which words it
 * writes with a hyphen ("nuclear-powered"), and how it capitalizes them.
 *
 * This is the first evidence for dehyphenation and edge repair: a document
 * that writes "Armenian" fifty times tells us how to join "Arme-" + "nian",
 * and one that writes "co-chairs" tells us to keep that hyphen, whatever an
 * English word list says. Names are not in any word list, but they are in the
 * document, capitalized.
 */
import type {Root} from 'mdast'
import {findCompound} from './compounds.js'
import {textBlocks} from './line-edges.js'

const LETTER_OR_DIGIT = /[\p{L}\p{M}\p{N}]/u
const UPPER_RE = /^\p{Lu}/u
/** Characters skipped when looking back for a sentence end: spaces, quotes, brackets. */
const SKIP_BACK = ' \t\n\u00A0"“‘\'(['
const SENTENCE_PUNCTUATION = '.!?:'

/**
 * What the vocabulary knows of one lowercased word: how often it occurs, and
 * its spellings seen away from a sentence start with their counts, in
 * first-seen order. Most words have one spelling, kept in fields (a document
 * has thousands of entries per build; two small arrays each were most of the
 * vocabulary's garbage).
 */
class Entry {
  count = 0
  form: string | undefined = undefined
  formCount = 0
  /** Further spellings: form, count, form, count, … */
  more: Array<string | number> | undefined = undefined

  addForm(form: string): void {
    if (this.form === undefined) {
      this.form = form
      this.formCount = 1
    } else if (this.form === form) this.formCount++
    else {
      const more = (this.more ??= [])
      const at = more.indexOf(form)
      if (at >= 0) (more[at + 1] as number)++
      else more.push(form, 1)
    }
  }

  /** The first spelling with the highest count. */
  usualForm(): string | undefined {
    let best = this.form
    let bestCount = this.formCount
    const more = this.more ?? []
    for (let i = 0; i < more.length; i += 2) {
      if ((more[i + 1] as number) > bestCount) {
        best = more[i] as string
        bestCount = more[i + 1] as number
      }
    }
    return best
  }
}

export class Vocabulary {
  /** Lowercased word → its counts (one map lookup per word counted). */
  private readonly words = new Map<string, Entry>()
  private readonly pairs = new Map<string, number>()
  private readonly span = {start: 0, end: 0}

  /** Count a stretch of prose (one block's plain text). */
  add(text: string): void {
    const span = this.span
    for (let from = 0; findCompound(text, from, span); from = span.end) {
      const {start, end} = span
      // Not a word when glued to digits or letters outside the match ("20th", "M16A").
      if (start > 0 && isLetterOrDigit(text, start - 1)) continue
      if (end < text.length && isLetterOrDigit(text, end)) continue
      const sentenceStart = startsSentence(text, start)
      // The parts of the compound, cut at its hyphens.
      let previous: string | undefined
      for (let partStart = start; partStart <= end; ) {
        const cut = nextHyphen(text, partStart, end)
        previous = this.addPart(text.slice(partStart, cut), previous !== undefined || !sentenceStart, previous)
        partStart = cut + 1
      }
    }
  }

  /** Count one part of a compound; returns its key (lowercased, without a possessive ’s). */
  private addPart(raw: string, countForm: boolean, previous: string | undefined): string {
    const last = raw.length - 2
    const part = last > 0 && raw[last + 1] === 's' && (raw[last] === '’' || raw[last] === "'") ? raw.slice(0, last) : raw
    const key = isLowerAscii(part) ? part : part.toLowerCase()
    let entry = this.words.get(key)
    if (!entry) this.words.set(key, (entry = new Entry()))
    entry.count++
    if (countForm) entry.addForm(part)
    if (previous !== undefined) {
      this.pairsByClosedForm = undefined
      this.pairsByPart = undefined
      const pair = previous + '-' + key
      this.pairs.set(pair, (this.pairs.get(pair) ?? 0) + 1)
    }
    return key
  }

  /** How often `word` occurs (any case; also as part of a compound or with a possessive ’s). */
  count(word: string): number {
    return this.words.get(word.toLowerCase())?.count ?? 0
  }

  /** How often the document writes `left-right` with a hyphen (adjacent parts of a compound). */
  hyphenated(left: string, right: string): number {
    return this.pairs.get(left.toLowerCase() + '-' + right.toLowerCase()) ?? 0
  }

  /** True when the document writes any two parts with a hyphen (else `hyphenatedSplits` is always empty). */
  hasHyphenatedPairs(): boolean {
    return this.pairs.size > 0
  }

  /**
   * Every place where `word` (written closed) could be cut so that the
   * document writes the two sides with a hyphen, ascending: `{at, count}`
   * with `count = hyphenated(word.slice(0, at), word.slice(at))` > 0.
   */
  hyphenatedSplits(word: string): Array<{at: number; count: number}> {
    if (this.pairs.size === 0) return []
    if (!isAscii(word)) {
      // Lowercasing is not always letter by letter (Greek final sigma): ask pair by pair.
      const splits: Array<{at: number; count: number}> = []
      for (let at = 1; at < word.length; at++) {
        const count = this.hyphenated(word.slice(0, at), word.slice(at))
        if (count > 0) splits.push({at, count})
      }
      return splits
    }
    // ASCII lowercases letter by letter, so the pairs can be looked up by their closed form.
    this.pairsByClosedForm ??= indexPairs(this.pairs)
    return this.pairsByClosedForm.get(word.toLowerCase()) ?? []
  }

  /**
   * How many hyphenated pairs of the document have `part` on one side
   * ("level" in "high-level"): the document's habit of hyphenating compounds
   * with that word.
   */
  hyphenatedWithPart(part: string): number {
    if (this.pairs.size === 0) return 0
    if (!this.pairsByPart) {
      this.pairsByPart = new Map()
      for (const [key, count] of this.pairs) {
        const at = key.indexOf('-')
        for (const side of new Set([key.slice(0, at), key.slice(at + 1)])) this.pairsByPart.set(side, (this.pairsByPart.get(side) ?? 0) + count)
      }
    }
    return this.pairsByPart.get(part.toLowerCase()) ?? 0
  }

  /**
   * The words of the document, other than `except`, that write `left` closed
   * with another word after it ("schoolchildren" for "school"): the
   * document's habit of closing compounds with that word. Walks the whole
   * vocabulary: for rare questions only.
   */
  closedAfter(left: string, isWord: (rest: string) => boolean, except: string): string[] {
    const prefix = left.toLowerCase()
    const found: string[] = []
    for (const key of this.words.keys()) {
      if (key.length < prefix.length + 3 || !key.startsWith(prefix) || key === except.toLowerCase()) continue
      if (isWord(key.slice(prefix.length))) found.push(key)
    }
    return found
  }

  private pairsByPart: Map<string, number> | undefined

  /** `left` + `right` → the pairs written `left-right`, by cut; built on first use. */
  private pairsByClosedForm: Map<string, Array<{at: number; count: number}>> | undefined

  /** The usual spelling of `word` away from sentence starts ("London", "the"), if seen there. */
  usualForm(word: string): string | undefined {
    return this.words.get(word.toLowerCase())?.usualForm()
  }

  /** True when the document writes `word` capitalized even inside sentences (a name). */
  isName(word: string): boolean {
    const form = this.usualForm(word)
    return form !== undefined && UPPER_RE.test(form)
  }
}

/** Index of the next hyphen (`-` or U+2010) in `text` from `from` before `end`, or `end`. */
function nextHyphen(text: string, from: number, end: number): number {
  for (let i = from; i < end; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x2d || c === 0x2010) return i
  }
  return end
}

/** `LETTER_OR_DIGIT` on the code unit at `index`, without the regex for ASCII. */
function isLetterOrDigit(text: string, index: number): boolean {
  const c = text.charCodeAt(index)
  if (c < 0x80) return (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a)
  return LETTER_OR_DIGIT.test(text[index]!)
}

/** Index pair keys ("left-right", lowercased parts without hyphens) by closed form and cut, cuts ascending. */
function indexPairs(pairs: ReadonlyMap<string, number>): Map<string, Array<{at: number; count: number}>> {
  const index = new Map<string, Array<{at: number; count: number}>>()
  for (const [key, count] of pairs) {
    const at = key.indexOf('-')
    const closed = key.slice(0, at) + key.slice(at + 1)
    let splits = index.get(closed)
    if (!splits) index.set(closed, (splits = []))
    splits.push({at, count})
  }
  for (const splits of index.values()) splits.sort((a, b) => a.at - b.at)
  return index
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) return false
  return true
}

/** True when `text` is all lowercase ASCII, so `toLowerCase` (a runtime call) would return it as is. */
function isLowerAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c >= 0x80 || (c >= 0x41 && c <= 0x5a)) return false
  }
  return true
}

/** True when the word at `index` of `text` starts a sentence (or the text). */
function startsSentence(text: string, index: number): boolean {
  let i = index - 1
  while (i >= 0 && SKIP_BACK.includes(text.charAt(i))) i--
  return i < 0 || SENTENCE_PUNCTUATION.includes(text.charAt(i))
}

/** Build the vocabulary of every prose block of the tree (links and code excluded). */
export function buildVocabulary(tree: Root): Vocabulary {
  const vocabulary = new Vocabulary()
  for (const {texts} of textBlocks(tree)) vocabulary.add(texts.map((t) => t.value).join(''))
  return vocabulary
}
