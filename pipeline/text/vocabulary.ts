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
import {textBlocks} from './line-edges.js'

/** A word: letters (with marks), optionally with inner apostrophes (“don’t”). */
const WORD = String.raw`[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*`
/** A word or a hyphenated compound of words. */
export const COMPOUND_RE = new RegExp(`${WORD}(?:[-\u2010]${WORD})*`, 'gu')
const LETTER_OR_DIGIT = /[\p{L}\p{M}\p{N}]/u
const UPPER_RE = /^\p{Lu}/u
/** Characters skipped when looking back for a sentence end: spaces, quotes, brackets. */
const SKIP_BACK = ' \t\n\u00A0"“‘\'(['
const SENTENCE_PUNCTUATION = '.!?:'

export class Vocabulary {
  private readonly words = new Map<string, number>()
  private readonly pairs = new Map<string, number>()
  /** Casing seen away from a sentence start: lowercased word → exact form → count. */
  private readonly forms = new Map<string, Map<string, number>>()

  /** Count a stretch of prose (one block's plain text). */
  add(text: string): void {
    COMPOUND_RE.lastIndex = 0
    for (const match of text.matchAll(COMPOUND_RE)) {
      const start = match.index
      const end = start + match[0].length
      // Not a word when glued to digits or letters outside the match ("20th", "M16A").
      if (start > 0 && LETTER_OR_DIGIT.test(text[start - 1]!)) continue
      if (end < text.length && LETTER_OR_DIGIT.test(text[end]!)) continue
      const sentenceStart = startsSentence(text, start)
      let previous = ''
      let index = 0
      for (const raw of match[0].split(/[-\u2010]/u)) {
        const last = raw.length - 2
        const part = last > 0 && raw[last + 1] === 's' && (raw[last] === '’' || raw[last] === "'") ? raw.slice(0, last) : raw
        const key = part.toLowerCase()
        this.words.set(key, (this.words.get(key) ?? 0) + 1)
        if (index > 0 || !sentenceStart) {
          let forms = this.forms.get(key)
          if (!forms) this.forms.set(key, (forms = new Map()))
          forms.set(part, (forms.get(part) ?? 0) + 1)
        }
        if (index > 0) {
          const pair = previous + '-' + key
          this.pairs.set(pair, (this.pairs.get(pair) ?? 0) + 1)
        }
        previous = key
        index++
      }
    }
  }

  /** How often `word` occurs (any case; also as part of a compound or with a possessive ’s). */
  count(word: string): number {
    return this.words.get(word.toLowerCase()) ?? 0
  }

  /** How often the document writes `left-right` with a hyphen (adjacent parts of a compound). */
  hyphenated(left: string, right: string): number {
    return this.pairs.get(left.toLowerCase() + '-' + right.toLowerCase()) ?? 0
  }

  /** The usual spelling of `word` away from sentence starts ("Azerbaijan", "the"), if seen there. */
  usualForm(word: string): string | undefined {
    const forms = this.forms.get(word.toLowerCase())
    if (!forms) return undefined
    let best: string | undefined
    let bestCount = 0
    for (const [form, n] of forms) {
      if (n > bestCount) {
        best = form
        bestCount = n
      }
    }
    return best
  }

  /** True when the document writes `word` capitalized even inside sentences (a name). */
  isName(word: string): boolean {
    const form = this.usualForm(word)
    return form !== undefined && UPPER_RE.test(form)
  }
}

/** True when the word at `index` of `text` starts a sentence (or the text). */
function startsSentence(text: string, index: number): boolean {
  let i = index - 1
  while (i >= 0 && SKIP_BACK.includes(text[i]!)) i--
  return i < 0 || SENTENCE_PUNCTUATION.includes(text[i]!)
}

/** Build the vocabulary of every prose block of the tree (links and code excluded). */
export function buildVocabulary(tree: Root): Vocabulary {
  const vocabulary = new Vocabulary()
  for (const {texts} of textBlocks(tree)) vocabulary.add(texts.map((t) => t.value).join(''))
  return vocabulary
}
