/**
 * repair-edges: restore one character lost at a line edge.
 *
 * Extractors sometimes lose the first or last character of a line:
 * "egarding" (regarding), "zerbaijan’s" (Azerbaijan’s), "th" (the),
 * "cooperatio" (cooperation). A token at a line start or end that is not a
 * word, but becomes one by adding one letter on its broken side, is repaired
 * only when one candidate clearly wins:
 *
 * - candidates are known words: the document's own vocabulary (names, which
 *   are in no word list, come from here) or the English word list (words of
 *   three letters or more: the list also holds "ar" or "th"-like
 *   abbreviations that are not evidence);
 * - a single candidate wins; among several, the one the document uses at
 *   least `dominance` times as often as the next (and at least twice) wins;
 * - a capitalized token inside a sentence is a name: it is only repaired
 *   into a name the document uses ("Azerbaija" → "Azerbaijan").
 *
 * Otherwise the text stays and a warning (`repair-edges:suspect`) names the
 * token. Real words are never changed ("It" stays "It"), and neither are
 * acronyms, numbers, tokens with digits, or names the document uses. A line
 * that starts with a space inside a paragraph is where extractors typically
 * lost a character; a real word before it gets a warning, not a change.
 *
 * A repair needs positive evidence from the document: the repaired word is
 * printed elsewhere in it (a word-list word it never uses is a warning, not
 * a change). Identifiers, file names, code and addresses ("softmake.sty",
 * "\\isattribute", "tug.org/…") are never repaired.
 *
 * Repairs are recorded as `repair-edges:repair` with the evidence.
 */
import type {Root, Text} from 'mdast'
import type {Plugin} from 'unified'
import type {VFile} from 'vfile'
import {splitLines} from '../text/split-lines.js'
import {recordChange, warn} from '../messages.js'
import {noteEdit, spanAt, textBlocks} from '../text/line-edges.js'
import {endsSentence} from '../text/sentences.js'
import {buildVocabulary, type Vocabulary} from '../text/vocabulary.js'
import {englishWords, type WordLookup} from '../text/words.js'
import {asciiTwin, twinTest} from '../text/ascii.js'

export interface RepairEdgesOptions {
  /** Word lookup to use instead of the English word list (another language, tests). */
  words?: WordLookup
  /** How many times more often the best candidate must occur than the next. Default 2. */
  dominance?: number
  /** Letters that may have been lost. Default a–z. */
  alphabet?: string
  /**
   * Words of one or two letters that are real words without further
   * evidence. The word list also holds abbreviations and letter names ("ar",
   * "th"-like entries), so short tokens not listed here count as words only
   * when the document uses them elsewhere. Default: common English ones.
   */
  shortWords?: Iterable<string>
}

const SHORT_WORDS = [
  'a', 'i', 'o', 'ad', 'ah', 'am', 'an', 'as', 'at', 'aw', 'ax', 'be', 'by', 'do', 'eh', 'ex', 'go', 'ha', 'he', 'hi',
  'id', 'if', 'in', 'is', 'it', 'ma', 'me', 'my', 'no', 'of', 'oh', 'ok', 'on', 'or', 'ox', 'pa', 'so', 'to', 'up',
  'us', 'we', 'ye', 'yo'
]

type Side = 'start' | 'end'

interface Candidate {
  word: string
  count: number
  inWordList: boolean
}

const WORD = String.raw`[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*`
/** The first word of a line, after opening punctuation. */
const START_TOKEN = twinTest(new RegExp(String.raw`^([("“‘'\[]*)(${WORD})(?=$|[\s,.;:!?)"”’\]])`, 'u'))
/** The last word of a line, before closing punctuation and the separator. */
const END_TOKEN = twinTest(new RegExp(String.raw`(?:^|[\s("“‘\[])(${WORD})([,.;:!?)"”’\]]*)(\s*)$`, 'u'))
const POSSESSIVE = /['’]s$/u
const UPPER = twinTest(/^\p{Lu}/u)
const ALL_CAPS = twinTest(/^[\p{Lu}\p{M}]{2,}$/u)

export const repairEdges: Plugin<[RepairEdgesOptions?], Root> = function (options = {}) {
  const dominance = options.dominance ?? 2
  const alphabet = [...(options.alphabet ?? 'abcdefghijklmnopqrstuvwxyz')]
  const shortWords = new Set([...(options.shortWords ?? SHORT_WORDS)].map((w) => w.toLowerCase()))
  return (tree, file) => {
    // A tree from plain remark-parse holds a paragraph's lines in one text node.
    splitLines(tree, file)
    const words = options.words ?? englishWords()
    const vocabulary = buildVocabulary(tree)
    const judge = new EdgeJudge(file, vocabulary, words, dominance, alphabet, shortWords)
    // The source lines, for the columns printed beside each other (looked at only around line starts).
    const source = String(file.value ?? '').split('\n')
    for (const {parent, texts} of textBlocks(tree)) {
      const children = parent.children
      // Lines inside the block start at this column; a line starting further right lost something.
      const columns = texts.slice(1).map((t) => t.position?.start.column ?? 1)
      const baseColumn = columns.length > 0 ? columns.reduce((a, b) => (b < a ? b : a)) : 1 // not Math.min(...): a million lines overflow the stack
      for (let i = 0; i < children.length; i++) {
        const text = children[i]!
        if (text.type !== 'text') continue
        const previous = children[i - 1]
        const next = children[i + 1]
        // Only true line edges: not next to inline nodes, not inside a word joined across lines.
        const startsLine = previous === undefined || (previous.type === 'text' && /\s$/u.test(previous.value))
        const endsLine = next === undefined || (next.type === 'text' && /\s$/u.test(text.value))
        const previousText = previous?.type === 'text' ? previous.value : ''
        // After a line of columns side by side (a wide gap inside it), a line's first token may
        // continue a word broken in the left column ("ev-   …" / "ery"): not a lost letter.
        // Likewise when the last line that starts in the same column ends with a hyphen (a
        // right-column line came between them): the word goes on from there.
        const afterColumns = (token: string) =>
          COLUMN_GAP.test(previousText) || continuesColumnWord(source, text) || completesBrokenWord(source, text, token, (w) => judge.isWord(w))
        if (startsLine) judge.start(text, previousText === '' || endsSentence(previousText, text.value), previous === undefined, afterColumns)
        if (endsLine) {
          const indentedNext = next?.type === 'text' && (next.position?.start.column ?? 1) > baseColumn
          judge.end(text, indentedNext, next === undefined)
        }
      }
    }
  }
}

class EdgeJudge {
  constructor(
    private readonly file: VFile,
    private readonly vocabulary: Vocabulary,
    private readonly words: WordLookup,
    private readonly dominance: number,
    private readonly alphabet: string[],
    private readonly shortWords: ReadonlySet<string>
  ) {}

  /** The first token of a line: a letter may be missing before it. */
  start(text: Text, sentenceStart: boolean, blockEdge: boolean, continuesWord: (token: string) => boolean = () => false): void {
    const match = START_TOKEN.exec(text.value)
    if (!match) return
    const at = match[1]!.length
    const token = match[2]!
    // A capitalized first token is complete at its start ("Armenia", not "rmenia").
    if (UPPER.test(token)) return
    // (The checks below cost more than most tokens need: real words stop here.)
    if (token.length >= 2 && !POSSESSIVE.test(token) && this.isWord(token)) return
    if (IDENTIFIER.test(chunkAt(text.value, at))) return
    if (continuesWord(token)) {
      // The rest of a word broken earlier in its column: suspect when it is no word, never repaired.
      if (token.length >= 2 && !this.isWord(token)) this.suspect(token, spanAt(text, at, token.length), 'continues a word broken with a hyphen in its column')
      return
    }
    const replacement = this.repair(token, 'start', {sentenceStart, blockEdge}, text, at)
    if (replacement) {
      text.value = text.value.slice(0, at) + replacement + text.value.slice(at + token.length)
      noteEdit(text, at, token.length, replacement)
    }
  }

  /** The last token of a line: a letter may be missing after it. */
  end(text: Text, indentedNext: boolean, blockEdge: boolean): void {
    // The token follows the last white space before the line's trailing space: match from there
    // (the same match as over the whole line, without trying every earlier position).
    const from = lastSpaceBefore(text.value, text.value.trimEnd().length)
    const match = END_TOKEN.exec(from > 0 ? text.value.slice(from) : text.value)
    if (!match) return
    const token = match[1]!
    const at = from + match.index + match[0].length - match[3]!.length - match[2]!.length - token.length
    // Identifiers are looked for only where a repair could follow (not at real words).
    if (!this.isWord(token) && IDENTIFIER.test(chunkAt(text.value, at))) return
    const before = text.value.slice(0, at)
    const sentenceStart = before.trim() === '' || endsSentence(before, token)
    const replacement = this.repair(token, 'end', {sentenceStart, blockEdge, lostSignal: indentedNext}, text, at)
    if (replacement) {
      text.value = before + replacement + text.value.slice(at + token.length)
      noteEdit(text, at, token.length, replacement)
    }
  }

  /** The repaired token, or undefined (with a warning when the token is suspect). */
  private repair(
    token: string,
    side: Side,
    context: {sentenceStart: boolean; blockEdge: boolean; lostSignal?: boolean},
    text: Text,
    at: number
  ): string | undefined {
    const {sentenceStart, blockEdge, lostSignal = false} = context
    const possessive = POSSESSIVE.exec(token)?.[0] ?? ''
    // A token ending in a possessive is complete at its end.
    if (possessive && side === 'end') return undefined
    const base = possessive ? token.slice(0, -possessive.length) : token
    const place = spanAt(text, at, token.length)
    if (base.length < 2 || ALL_CAPS.test(base) || this.isWord(base)) {
      if (lostSignal && side === 'end' && base.length >= 1) {
        warn(
          this.file,
          `“${token}” ends a line and the next line starts with a space: a character may be lost (left unchanged)`,
          'repair-edges:suspect',
          place,
          'next line starts with a space'
        )
      }
      return undefined
    }
    // A capitalized token inside a sentence is a name: only the document's names are candidates.
    // A capitalized token, or one at a block edge (where a paragraph split inside a word leaves
    // fragments like "sions"), needs a candidate the document itself uses.
    const nameOnly = UPPER.test(base) && !sentenceStart
    const documentOnly = UPPER.test(base) || blockEdge
    const all = this.candidates(base, side)
    const candidates = all.filter(
      (c) => (!documentOnly || c.count > 0) && (!nameOnly || this.vocabulary.isName(c.word))
    )
    if (candidates.length === 0) {
      // A capitalized token whose only candidates are unused dictionary words is a name: silent.
      const worthWarning = UPPER.test(base) ? all.some((c) => c.count > 0) : all.length > 0 || lostSignal
      if (worthWarning) {
        this.suspect(token, place, all.length > 0 ? `possible: ${list(all)}; a name?` : 'no one-letter repair')
      }
      return undefined
    }
    const [best, second] = candidates
    // Positive evidence from the document itself: the repaired word is printed elsewhere in it.
    // A word-list word the document never uses is no evidence (on text that lost no letters,
    // "tance" → "stance" and "etc" → "etch" were all such repairs).
    // And it is a word or a name, not another fragment of a broken word ("gence", "mation").
    if (best!.count < 1 || !(best!.inWordList || this.vocabulary.isName(best!.word))) {
      this.suspect(token, place, `possible: ${list(candidates)}; not used elsewhere in the document`)
      return undefined
    }
    const wins =
      second === undefined || (best!.count >= 2 && best!.count >= this.dominance * second.count)
    if (!wins) {
      this.suspect(token, place, `ambiguous: ${list(candidates)}`)
      return undefined
    }
    const repaired = this.spell(best!.word, base, side) + possessive
    const evidence =
      `document: “${best!.word}” ×${best!.count}` +
      (best!.inWordList ? ', in word list' : '') +
      (second ? `; next “${second.word}” ×${second.count}` : '; only candidate') +
      (lostSignal ? '; next line starts with a space' : '')
    recordChange(this.file, {
      ruleId: 'repair-edges:repair',
      reason: `Restored a character lost at the line ${side}: “${token}” → “${repaired}”`,
      place,
      original: token,
      replacement: repaired,
      evidence
    })
    return repaired
  }

  /** A real word: used elsewhere in the document, a short word, or in the word list (3+ letters). */
  isWord(word: string): boolean {
    // The token itself was counted once by the vocabulary.
    if (this.vocabulary.count(word) >= 2) return true
    if (word.length <= 2) return this.shortWords.has(word.toLowerCase())
    return this.words.has(word)
  }

  /** Known words made by adding one letter on the broken side, most used first. */
  private candidates(base: string, side: Side): Candidate[] {
    const found: Candidate[] = []
    for (const letter of this.alphabet) {
      const word = side === 'start' ? letter + base : base + letter
      const count = this.vocabulary.count(word)
      const inWordList = word.length >= 3 && this.words.has(word)
      if (count > 0 || inWordList) found.push({word: this.vocabulary.usualForm(word) ?? word, count, inWordList})
    }
    return found.sort((a, b) => b.count - a.count || Number(b.inWordList) - Number(a.inWordList))
  }

  /** Spell the winner like the token: keep its letters, take the added letter's case from the document. */
  private spell(candidate: string, base: string, side: Side): string {
    if (side === 'end') return base + candidate.slice(-1)
    const usual = this.vocabulary.usualForm(candidate)
    const first = usual !== undefined && UPPER.test(usual) ? candidate[0]!.toUpperCase() : candidate[0]!.toLowerCase()
    return first + base
  }

  private suspect(token: string, place: ReturnType<typeof spanAt>, evidence: string): void {
    warn(
      this.file,
      `Suspect token at a line edge: “${token}” (${evidence}); left unchanged`,
      'repair-edges:suspect',
      place,
      evidence
    )
  }
}

/** Index of the last white space (`\s`) before `end`, or 0. */
function lastSpaceBefore(value: string, end: number): number {
  for (let i = end - 1; i > 0; i--) if (SPACE.test(value[i]!)) return i
  return 0
}

const SPACE = /\s/u
/** Speed: Latin-1 twins of \p{…} regexes (text/ascii.ts). */
const COLUMN_WORD_CUT = twinTest(/\p{L}-(?:\s*$| {3,}\S)/u)
/**
 * Whether an earlier source line (up to three back) that starts in the same
 * column as `text` ends a word with a hyphen, at its end or before a wide
 * gap (columns side by side: the word goes on in this line).
 */
function continuesColumnWord(source: readonly string[], text: Text): boolean {
  const start = text.position?.start
  if (!start || start.line < 2) return false
  for (let l = start.line - 1; l >= Math.max(1, start.line - 3); l--) {
    const line = source[l - 1] ?? ''
    const column = line.search(/\S/) + 1
    if (column !== start.column) continue
    return COLUMN_WORD_CUT.test(line)
  }
  return false
}

/**
 * Whether `token`, the first word of `text`, is the rest of a word broken
 * with a hyphen on one of the three source lines before it, anywhere on
 * that line (at its end, or before a wide gap where columns or a note stand
 * beside each other): the fragment and the token together make a word
 * ("Vulnera-" … "bility"). That is positive evidence against a lost letter,
 * even where the two pieces do not start in the same column (a note's first
 * line is indented by its number). Found on `pdftotext -layout` text, which
 * loses no letters: the one repair there ("bility" → "ability") was such a
 * piece.
 */
function completesBrokenWord(source: readonly string[], text: Text, token: string, isWord: (word: string) => boolean): boolean {
  const start = text.position?.start
  if (!start || start.line < 2 || token.length < 2) return false
  for (let l = start.line - 1; l >= Math.max(1, start.line - 3); l--) {
    for (const m of (source[l - 1] ?? '').matchAll(BROKEN_WORD)) {
      if (isWord(m[1]! + token)) return true
    }
  }
  return false
}

/** A word broken with a hyphen: at the line end or before a wide gap. */
const BROKEN_WORD = /(\p{L}+)-(?=\s*$| {3,}\S)/gu

/** Columns side by side on one line: a hyphen or a word, then three spaces or more, then text. */
const COLUMN_GAP = /\S {3,}\S/u

/**
 * A chunk that is an identifier, a file name, code or an address: letters
 * run into dots, slashes, underscores, backslashes, braces, `@`, `=` or
 * digits ("softmake.sty", "\\isattribute", "tug.org/texlive"). Such tokens
 * are never repaired: their spelling is not English.
 */
const IDENTIFIER = asciiTwin(
  /[\\/_@={}<>#~|]|:\/\/|\p{L}\.\p{L}|\p{L}\p{N}|\p{N}\p{L}/u,
  // The ASCII twin (text/ascii.ts): the Unicode form took ~0.6 ms to compile in a short run.
  /[\\/_@={}<>#~|]|:\/\/|[A-Za-z]\.[A-Za-z]|[A-Za-z][0-9]|[0-9][A-Za-z]/
)

/** The run of non-space characters around index `at`. */
function chunkAt(value: string, at: number): string {
  let start = at
  while (start > 0 && !SPACE.test(value[start - 1]!)) start--
  let end = at
  while (end < value.length && !SPACE.test(value[end]!)) end++
  return value.slice(start, end)
}

function list(candidates: Candidate[]): string {
  return candidates
    .slice(0, 6)
    .map((c) => `${c.word} ×${c.count}`)
    .join(', ')
}

/** The plugin as the module's default export, as remark plugins are published. */
export default repairEdges
