/**
 * dehyphenate: decide every line-end hyphen, and restore hyphens an extractor lost.
 *
 * For a line ending in a hyphen ("Arme-" / "nian") the hyphen is either a
 * soft break inside a word (join: "Armenian"; also inside a compound:
 * "Nagorno-Karab-" / "akh" → "Nagorno-Karabakh"), a real hyphen (keep:
 * "co-" / "chairs" → "co-chairs"), or a numeric range (range: "1988-" /
 * "1989" → "1988–1989", en dash). The evidence, strongest first:
 *
 * 1. the document's own spellings: how often it writes the joined word and
 *    how often the hyphenated pair (names are in no word list, but they are
 *    in the document);
 * 2. the English word list (`word-list`): the joined form is a word;
 * 3. shape: a capitalized second part ("Soviet-" / "American"), two parts
 *    that are words while the joined form is not, digits and number shapes.
 *
 * With no evidence for a real hyphen the break is joined: typesetters break
 * words far more often than they break at a real hyphen. A paragraph that
 * ends inside a word ("Coopera-") and a next one that starts in lowercase
 * ("tion member states") were split by a page, column or cell break: they
 * are merged back first, and the hyphen is decided like any other.
 *
 * Some extractors (pdftotext) join broken lines themselves and delete real
 * hyphens on the way ("nuclearpowered"). Such a token is restored when the
 * document writes the hyphenated form more often than the closed one (a
 * closed form the word list knows only on a merged line: "nonnuclear"), or
 * when it sits on a line the extractor merged (much longer than the text
 * width) and splits into two words while the whole is not one
 * ("nuclear-powered", "Soviet-American"). A tie on a merged line is a
 * warning: publishers are inconsistent too ("on-site" and "onsite").
 *
 * Every decision is recorded with its evidence (`dehyphenate:join`, `:keep`,
 * `:range`, `:restore`); an undecidable restore is a warning
 * (`dehyphenate:suspect`). Links and code are never touched.
 */
import type {Nodes, Parent, Root, Text} from 'mdast'
import type {Plugin} from 'unified'
import type {VFile} from 'vfile'
import {splitLines} from '../text/split-lines.js'
import {recordChange, warn} from '../messages.js'
import {lineEdges, lineLengths, noteEdit, pointAt, spanAt, textBlocks, type LineEdge} from '../text/line-edges.js'
import {isNumericRange} from '../text/numbers.js'
import {buildVocabulary, type Vocabulary} from '../text/vocabulary.js'
import {englishWords, type WordLookup} from '../text/words.js'
import {asciiTwin, twin, twinTest} from '../text/ascii.js'
import {wordAround} from '../text/word-count.js'

export interface DehyphenateOptions {
  /** Word lookup to use instead of the English word list (another language, tests). */
  words?: WordLookup
  /** Restore hyphens an extractor deleted when joining lines ("nuclearpowered"). Default true. */
  restore?: boolean
  /**
   * A line longer than this multiple of the text width (median length of
   * lines inside blocks) counts as merged by the extractor. Default 1.3.
   */
  mergedLine?: number
  /**
   * On a merged line, also restore a hyphen into a non-word made of two
   * words with no evidence from the document ("nuclearpowered"). Off by
   * default: on real manuals most such restorations put a hyphen into a word
   * the PDF prints whole ("exploit-ability", "Mail-Chimp"); a restoration
   * needs the document to print the hyphenated form. Default false.
   */
  mergedSplits?: boolean
}

type Action = 'join' | 'keep' | 'range'

interface Decision {
  action: Action
  evidence: string
}

/** Line end: a word (or compound, or number chain) followed by a hyphen and the line separator. */
const LINE_END_HYPHEN = twinTest(/([\p{L}\p{M}\p{N}]+(?:[-\u2010][\p{L}\p{M}\p{N}]+)*)([-\u2010\u00AD])(\s*)$/u)
/** A block that ends inside a word: a letter and a hyphen. */
const WORD_CUT = twinTest(/\p{L}[-\u2010\u00AD]$/u)
/** Line start: the first word or number of the next line. */
const LINE_START_TOKEN = twinTest(/^[\p{L}\p{M}\p{N}]+/u)
const DIGITS = /^\d+$/
const HAS_DIGIT = twinTest(/\p{N}/u)
const UPPER_START = twinTest(/^\p{Lu}/u)
/** A letters-only token for restoring (no hyphen, no digits). */
const PLAIN_WORD = /[\p{L}\p{M}]{6,}/gu
/** Speed: PLAIN_WORD or its Latin-1 twin for one text (text/ascii.ts). */
const plainWord = twin(PLAIN_WORD)
/** The rest of a line-start token that makes it an address or identifier: ".gov", "/path", "@host". */
// ASCII twins (text/ascii.ts): each Unicode form took ~0.2-0.6 ms to compile in a short run.
const IDENTIFIER_REST = asciiTwin(/^(?:\.[\p{L}\p{N}]|[/@_\\])/u, /^(?:\.[A-Za-z0-9]|[/@_\\])/)

/** A capitalized word (not all capitals): "Nether", not "US". */
const CAPITALIZED = /^\p{Lu}[\p{Ll}\p{M}]+$/u

/** Whether the text before index `at` of a line ends inside a sentence (a word or comma before, no sentence end). */
function insideSentence(line: string, at: number): boolean {
  const before = line.slice(0, at).trimEnd()
  if (before === '') return false
  return !/[.!?:;]["'”’)\]]*$/u.test(before)
}

const CAMEL = /^(\p{Lu}[\p{Ll}\p{M}]+)(\p{Lu}[\p{Ll}\p{M}]+)$/u

export const dehyphenate: Plugin<[DehyphenateOptions?], Root> = function (options = {}) {
  const restore = options.restore !== false
  const mergedShare = options.mergedLine ?? 1.3
  const mergedSplits = options.mergedSplits ?? false
  return (tree, file) => {
    // A tree from plain remark-parse holds a paragraph's lines in one text node.
    splitLines(tree, file)
    const words = options.words ?? englishWords()
    const vocabulary = buildVocabulary(tree)
    const continued = rejoinWordSplitBlocks(tree)
    const marks = noteMarks(tree)
    for (const edge of lineEdges(tree)) decideEdge(edge, file, vocabulary, words, continued, marks)
    if (restore) restoreLostHyphens(tree, file, vocabulary, words, mergedShare, mergedSplits)
  }
}

function decideEdge(
  edge: LineEdge,
  file: VFile,
  vocabulary: Vocabulary,
  words: WordLookup,
  continued: ReadonlySet<Text>,
  marks: ReadonlySet<string> = new Set()
): void {
  const {before, after} = edge
  if (joinDash(edge, file, vocabulary)) return
  // Most lines do not end in a hyphen: say so without running the regex over the line.
  if (!endsInHyphen(before.value)) {
    rejoinAddress(edge, file)
    return
  }
  const end = LINE_END_HYPHEN.exec(before.value)
  if (!end) return
  const start = LINE_START_TOKEN.exec(after.value)
  if (!start) return
  const whole = end[1]!
  const hyphen = end[2]!
  const hyphenAt = end.index + whole.length
  const segments = whole.split(/[-\u2010]/u)
  const left = segments.at(-1)!
  // A note marker glued to the word that ends the break ("im-" / "pact17") is no part of the word.
  const marked = MARKED_WORD.exec(start[0])
  const right = marked && marks.has(`${after.position?.start.line}:${Number(marked[2])}`) ? marked[1]! : start[0]
  const rightChain = DASH_NUMBER.test(after.value.slice(right.length))

  const decision =
    hyphen === '\u00AD'
      ? {action: 'join' as const, evidence: 'soft hyphen (U+00AD)'}
      : ADDRESS.test(lastChunk(before.value.slice(0, end.index + whole.length))) || PATH.test(lastChunk(before.value.slice(0, end.index + whole.length)))
        ? {action: 'keep' as const, evidence: 'inside an address: typesetters break addresses at their own hyphens, and add none'}
        : decide(left, right, segments.length > 1 || rightChain, vocabulary, words, insideSentence(before.value, end.index), IDENTIFIER_REST.test(after.value.slice(right.length)))

  const kept = before.value.slice(0, hyphenAt)
  const glue = decision.action === 'join' ? '' : decision.action === 'range' ? '–' : hyphen
  const joinedWord = whole + glue + right
  before.value = kept + glue
  const from = pointAt(before, hyphenAt - whole.length)
  const to = after.position ? {line: after.position.start.line, column: after.position.start.column + right.length} : undefined
  recordChange(file, {
    ruleId: `dehyphenate:${decision.action}`,
    reason: reasonFor(decision.action, `${whole}${hyphen}`, right, joinedWord),
    place: from && to ? {start: from, end: to} : from,
    original: `${whole}${hyphen}\n${right}`,
    replacement: joinedWord,
    evidence: continued.has(after) ? `${decision.evidence}; the word continued in the next block, which was merged back` : decision.evidence
  })
}

/** A word with a number glued to it: maybe a note marker ("pact17"). */
/** Speed: Latin-1 twin (text/ascii.ts). */
const DASH_NUMBER = twinTest(/^[-\u2010]\p{N}/u)
const MARKED_WORD = twinTest(/^(\p{L}+)(\d{1,3})$/u)

/** The note markers `footnotes` found, as "line:number" (`tree.data.footnoteMarks`). */
function noteMarks(tree: Root): Set<string> {
  const marks = (tree.data as {footnoteMarks?: Array<{line: number; identifier: string}>} | undefined)?.footnoteMarks
  return new Set((marks ?? []).map((mark) => `${mark.line}:${Number(mark.identifier)}`))
}

/** An address: a scheme, "www.", or a path after a host. */
const ADDRESS = asciiTwin(/:\/\/|^www\.|^[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+\//u, /:\/\/|^www\.|^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+\//)
/** A path inside an address that went on from the line before ("the-study-of-rivers/kent-"). */
const PATH = asciiTwin(/[\p{L}\p{N}]\/[\p{L}\p{N}]/u, /[A-Za-z0-9]\/[A-Za-z0-9]/)
/** The end of an address that goes on: a scheme's colon or a separator. */
const ADDRESS_GOES_ON = /(?:[/?&=#_.:~-])$/
/** The start of an address's continuation: a path, a query, or a lower-case run with separators and no sentence end. */
const ADDRESS_REST = asciiTwin(
  /^(?:\/|[?&#=])|^[\p{Ll}\p{N}][\p{L}\p{N}]*[/?&=#._~-][^\s]*[^\s.,;:!?)]$|^[\p{Ll}\p{N}][\p{L}\p{N}]*\//u,
  /^(?:\/|[?&#=])|^[a-z0-9][A-Za-z0-9]*[/?&=#._~-][^\s]*[^\s.,;:!?)]$|^[a-z0-9][A-Za-z0-9]*\//
)

/** The run of non-space characters at the end of a string. */
function lastChunk(value: string): string {
  return /\S*$/u.exec(value.trimEnd())?.[0] ?? ''
}

/**
 * An address broken at a line end ("https:" / "//tug.org", "…/docs/" /
 * "texlive/index.html") is one token: the lines are joined without a space
 * (`dehyphenate:address`). Only when the line ends inside an address that
 * goes on, and the next line starts with what can only continue it.
 */
function rejoinAddress(edge: LineEdge, file: VFile): void {
  const {before, after} = edge
  const value = before.value
  // Most lines hold no address: no slash, no "www.", no colon at the end.
  if (value.indexOf('/') < 0 && value.indexOf('www.') < 0 && !/:\s*$/.test(value)) return
  const tail = lastChunk(value)
  if (tail === '' || !(ADDRESS.test(tail) || /^https?:$/.test(tail))) return
  const head = /^\S+/u.exec(after.value)?.[0]
  if (!head) return
  const slashStart = /^\//.test(head)
  if (!slashStart && !(ADDRESS_GOES_ON.test(tail) && ADDRESS_REST.test(head))) return
  const trimmed = before.value.trimEnd()
  const from = pointAt(before, trimmed.length - tail.length)
  const to = after.position ? {line: after.position.start.line, column: after.position.start.column + head.length} : undefined
  before.value = trimmed
  recordChange(file, {
    ruleId: 'dehyphenate:address',
    reason: `Joined an address broken at the line end: “${tail}” + “${head}” → “${tail}${head}”`,
    place: from && to ? {start: from, end: to} : from,
    original: `${tail}\n${head}`,
    replacement: `${tail}${head}`,
    evidence: 'the line ends inside an address and the next starts with its continuation'
  })
}

/** A word (or closing quote or bracket) with a dash glued to it at the line end: "Files--", "yet—". */
const GLUED_DASH_END = twinTest(/[\p{L}\p{N}"”’')\]](?:--|—)$/u)
/** A line start that goes on after a dash: a lower-case word or a capitalized one (not a list marker "A."), or a quote before one. */
const WORD_START = twinTest(/^["“‘']?(?:(\p{Ll})|(\p{Lu}[\p{L}\p{M}]+))(?![.)])/u)

/**
 * A dash set close to the word before it ("the Central Files--" / "post and
 * lot files", "yet—" / "it was") is set close to the word after it too: the
 * line edge after it is no space (`dehyphenate:dash`). A spaced dash
 * ("files --") keeps its spaces; a next line that starts with a clause
 * marker ("shall—" / "(A) include") or a capitalized word that is no name
 * ("yet—" / "After two …", maybe a new paragraph) is left alone. (The lines
 * are in one paragraph already: a dash that ends a block stays there.)
 */
function joinDash(edge: LineEdge, file: VFile, vocabulary: Vocabulary): boolean {
  const {before, after} = edge
  // Most lines end in neither "-" nor "—" (before the space of the line edge): no string is made for them.
  const value = before.value
  let end = value.length
  while (end > 0 && (value.charCodeAt(end - 1) === 0x20 || value.charCodeAt(end - 1) === 0x0a)) end--
  const last = value.charCodeAt(end - 1)
  if (last !== 0x2d && last !== 0x2014) return false
  const trimmed = before.value.trimEnd()
  if (trimmed === before.value || !GLUED_DASH_END.test(trimmed)) return false
  const start = WORD_START.exec(after.value)
  // A capitalized word goes on only as a name (capitalized inside sentences too): "Files--" / "Post and Lot
  // Files"; else it may start a sentence the paragraphs did not part ("and yet—" / "After two").
  // (Seen twice at least: the word's own place here counts as inside a sentence.)
  if (!start || (start[2] !== undefined && !(vocabulary.count(start[2]) >= 2 && vocabulary.isName(start[2])))) return false
  const tail = lastChunk(trimmed)
  const head = /^\S+/u.exec(after.value)![0]
  before.value = trimmed
  const from = pointAt(before, trimmed.length - tail.length)
  const to = after.position ? {line: after.position.start.line, column: after.position.start.column + head.length} : undefined
  recordChange(file, {
    ruleId: 'dehyphenate:dash',
    reason: `Joined a dash at the line end to the next word without a space: “${tail}” + “${head}” → “${tail}${head}”`,
    place: from && to ? {start: from, end: to} : from,
    original: `${tail}\n${head}`,
    replacement: `${tail}${head}`,
    evidence: start[2] ? `the dash is set close to the word before it, and the next line goes on with the name “${start[2]}”` : 'the dash is set close to the word before it, and the next line goes on in lower case'
  })
  return true
}

/** True when the last character before trailing white space is a hyphen (a cheap test before `LINE_END_HYPHEN`). */
function endsInHyphen(value: string): boolean {
  // `trimEnd` removes exactly what `\s*$` matches.
  const trimmed = value.trimEnd()
  const last = trimmed.charCodeAt(trimmed.length - 1)
  return last === 0x2d || last === 0x2010 || last === 0xad
}

/**
 * A paragraph that ends inside a word ("Coopera-") and a next paragraph that
 * starts in lowercase ("tion member states") are one paragraph that a page,
 * column or cell break split: merge them back (a page break between them
 * moves after the paragraph) so that the hyphen is decided like any other.
 * Returns the first text nodes of the merged continuations.
 */
function rejoinWordSplitBlocks(tree: Root): Set<Text> {
  const continued = new Set<Text>()
  const visit = (parent: Parent) => {
    const children = parent.children as Nodes[]
    for (let i = 0; i < children.length; i++) {
      const node = children[i]!
      if (node.type !== 'paragraph') {
        if ('children' in node && node.type !== 'link') visit(node as Parent)
        continue
      }
      let j = i + 1
      while (children[j]?.type === 'pageBreak') j++
      const next = children[j]
      const last = node.children.at(-1)
      const first = next?.type === 'paragraph' ? next.children[0] : undefined
      if (next?.type !== 'paragraph' || last?.type !== 'text' || first?.type !== 'text') continue
      if (!WORD_CUT.test(last.value) || !/^\p{Ll}/u.test(first.value)) continue
      last.value += ' '
      for (const child of next.children) node.children.push(child)
      if (node.position && next.position) node.position = {start: node.position.start, end: next.position.end}
      const breaks = children.slice(i + 1, j)
      children.splice(i + 1, j - i, ...breaks)
      continued.add(first)
      i-- // the merged paragraph may continue into the next one too
    }
  }
  visit(tree)
  return continued
}

function reasonFor(action: Action, left: string, right: string, result: string): string {
  const shown = `“${left}” + “${right}”`
  if (action === 'join') return `Joined line-end hyphenation ${shown} → “${result}”`
  if (action === 'range') return `Line-end hyphen between numbers is a range: ${shown} → “${result}”`
  return `Kept real hyphen at line end: ${shown} → “${result}”`
}

/** Decide one hyphen between `left` (end of a line) and `right` (start of the next). */
export function decide(
  left: string,
  right: string,
  chained: boolean,
  vocabulary: Vocabulary,
  words: WordLookup,
  midSentence = false,
  identifier = false
): Decision {
  if (DIGITS.test(left) && DIGITS.test(right)) {
    if (chained) return {action: 'keep', evidence: 'part of a longer number chain (identifier, date or ISBN)'}
    if (isNumericRange(left, right)) return {action: 'range', evidence: `number shape: ${left} < ${right}`}
    return {action: 'keep', evidence: `number shape: ${left}-${right} is not an increasing range`}
  }
  if (HAS_DIGIT.test(left) || HAS_DIGIT.test(right)) {
    return {action: 'keep', evidence: 'letters and digits: an identifier'}
  }
  const joined = left + right
  const joinedCount = vocabulary.count(joined)
  const hyphenCount = vocabulary.hyphenated(left, right)
  const shownJoined = vocabulary.usualForm(joined) ?? joined
  if (joinedCount > hyphenCount) {
    return {action: 'join', evidence: `document: “${shownJoined}” ×${joinedCount}, “${left}-${right}” ×${hyphenCount}`}
  }
  if (hyphenCount > joinedCount) {
    return {action: 'keep', evidence: `document: “${left}-${right}” ×${hyphenCount}, “${shownJoined}” ×${joinedCount}`}
  }
  if (words.has(joined)) return {action: 'join', evidence: `word list: “${joined.toLowerCase()}”`}
  // Inside a name or an address ("US-" / "AJobs.gov"), a capital is no sign of a compound.
  if (identifier) return {action: 'join', evidence: `“${left}${right}” goes on as an address or identifier; no hyphenated form in the document`}
  if (UPPER_START.test(right)) return {action: 'keep', evidence: `capitalized second part “${right}”`}
  // A capitalized word inside a sentence, broken before a lower-case part, is a name cut by
  // the typesetter ("Nether-" / "lands", "Hick-" / "mans"): its hyphen is no compound marker.
  if (midSentence && CAPITALIZED.test(left)) {
    return {action: 'join', evidence: `capitalized “${left}” inside a sentence, lower-case “${right}”: a name broken at the line end`}
  }
  // The fragments themselves were counted once by the vocabulary (at this edge).
  const isWord = (w: string) => (w.length >= 3 && words.has(w)) || vocabulary.count(w) >= 2
  if (isWord(left) && isWord(right)) {
    return {action: 'keep', evidence: `“${left}” and “${right}” are words, “${joined}” is not`}
  }
  return {action: 'join', evidence: `no evidence for a real hyphen (“${joined}” unknown, fragments are not both words)`}
}

/** Restore hyphens an extractor deleted while joining lines ("nuclearpowered" → "nuclear-powered"). */
function restoreLostHyphens(
  tree: Root,
  file: VFile,
  vocabulary: Vocabulary,
  words: WordLookup,
  mergedShare: number,
  mergedSplits: boolean
): void {
  // The text width: the median length of lines that do not end a block. (A high
  // percentile would be taken by the merged lines themselves.)
  const lengths = lineLengths(tree, {interiorOnly: true}).sort((a, b) => a - b)
  const width = lengths.length > 0 ? lengths[Math.floor(lengths.length / 2)]! : Infinity
  const lineEnds = lineEndWindow(lengths, width * mergedShare)
  for (const {texts} of textBlocks(tree)) {
    for (const text of texts) {
      const p = text.position
      const merged = p !== undefined && p.start.line === p.end.line && p.end.column - p.start.column > width * mergedShare
      const pass = {shift: 0}
      const value = text.value
      // Tokens at the edges of the line belong to the line-edge decisions above.
      const lineEnd = value.trimEnd().length
      // Most lines are not merged and hold no word the document also writes hyphenated:
      // then every token below is kept, and the line need not be rebuilt.
      if (!merged && !hasDocumentSplit(value, lineEnd, vocabulary)) continue
      text.value = value.replace(plainWord(value), (token, index: number) => {
        if (index === 0 || index + token.length >= lineEnd || !isWholeToken(value, index, token.length)) return token
        // Where the extractor's join was: the column of each split, against the columns where lines end.
        // (Never inside an address or a path: "…/departmenthistory".)
        // The printed line ended after the first part and its hyphen (which the extractor deleted).
        // Asked only on merged lines; the source column is worked out once, for a token near the
        // line-end columns (the value's offset is the column give or take a few edited characters).
        const near = merged && p !== undefined && index + 4 <= lineEnds.to + 8 && index + token.length - 2 >= lineEnds.from - 8
        let tokenColumn: number | undefined
        const atLineEnd = near
          ? (at: number) => {
              tokenColumn ??= inAddress(value, index, token.length) ? -Infinity : (pointAt(text, index)?.column ?? 0) - p!.start.column
              return tokenColumn + at + 1 >= lineEnds.from && tokenColumn + at + 1 <= lineEnds.to
            }
          : undefined
        const split = restoreSplit(token, merged, vocabulary, words, mergedSplits, atLineEnd)
        if (!split) return token
        const place = spanAt(text, index + pass.shift, token.length)
        if (split.ambiguous) {
          warn(file, `Possibly lost hyphen in “${token}” (${split.evidence}); left unchanged`, 'dehyphenate:suspect', place, split.evidence)
          return token
        }
        const replacement = token.slice(0, split.at) + '-' + token.slice(split.at)
        noteEdit(text, index, token.length, replacement, pass)
        recordChange(file, {
          ruleId: 'dehyphenate:restore',
          reason: `Restored hyphen lost by the extractor: “${token}” → “${replacement}”`,
          place,
          original: token,
          replacement,
          evidence: split.evidence
        })
        return replacement
      })
    }
  }
}

/**
 * True when a token that `restoreLostHyphens` would look at (inside the line,
 * whole) is one the document writes hyphenated elsewhere: on a line that is
 * not merged, the only tokens `restoreSplit` may change.
 */
function hasDocumentSplit(value: string, lineEnd: number, vocabulary: Vocabulary): boolean {
  if (!vocabulary.hasHyphenatedPairs()) return false
  const words = plainWord(value)
  words.lastIndex = 0
  for (let match = words.exec(value); match; match = words.exec(value)) {
    const token = match[0]
    const index = match.index
    if (index === 0 || index + token.length >= lineEnd || !isWholeToken(value, index, token.length)) continue
    if (vocabulary.hyphenatedSplits(token).length > 0) return true
  }
  return false
}

/** The token (inside the line) is not glued to a hyphen, apostrophe or digit (part of something larger). */
function isWholeToken(value: string, index: number, length: number): boolean {
  const before = value.charCodeAt(index - 1)
  const after = value.charCodeAt(index + length)
  // ASCII answered by code, the rest by the character classes.
  if (before < 0x80 ? before === 0x2d || before === 0x27 || isDigit(before) : /[-\u2010'’\p{N}]/u.test(value[index - 1]!)) return false
  return after < 0x80 ? !(after === 0x2d || isDigit(after)) : !/[-\u2010\p{N}]/u.test(value[index + length]!)
}

/** The run of non-space characters around a token holds an address or path ("/", "@", "\\", "_", a dot before a letter). */
function inAddress(value: string, index: number, length: number): boolean {
  return /[/@\\_]|\.[\p{L}\p{N}]/u.test(wordAround(value, index, length))
}

const isDigit = (code: number) => code >= 0x30 && code <= 0x39

interface Split {
  at: number
  evidence: string
  ambiguous?: boolean
}

/**
 * The columns where the document's lines end: from the 10th to the 90th
 * percentile of the lengths of lines inside blocks, merged lines left out.
 * A word the extractor joined at a line end straddles one of these columns.
 */
function lineEndWindow(sortedLengths: readonly number[], mergedLength: number): {from: number; to: number} {
  const plain = sortedLengths.filter((length) => length <= mergedLength)
  // Too few lines to know the text width: no column is a line end.
  if (plain.length < 20) return {from: Infinity, to: -Infinity}
  return {from: plain[Math.floor(plain.length * 0.1)]!, to: plain[Math.floor(plain.length * 0.9)]!}
}

/**
 * Words that end many closed words as suffixes ("exploit" + "ability"): a
 * split before one of them is no evidence of a compound.
 */
const SUFFIX_WORDS = new Set([
  'ability', 'able', 'ably', 'age', 'ages', 'ally', 'ance', 'ant', 'ation', 'ations', 'dom', 'ence', 'ent', 'ers', 'ery', 'est',
  'ful', 'fully', 'hood', 'ing', 'ings', 'ion', 'ions', 'ism', 'isms', 'ist', 'ists', 'ite', 'ites', 'ive', 'ives', 'ize', 'ized',
  'less', 'like', 'ment', 'ments', 'ness', 'ous', 'ship', 'ships', 'some', 'ward', 'wards', 'ways', 'wise'
])

function restoreSplit(
  token: string,
  merged: boolean,
  vocabulary: Vocabulary,
  words: WordLookup,
  mergedSplits = true,
  atLineEnd?: (at: number) => boolean
): Split | undefined {
  // 1. The document writes the hyphenated form elsewhere, more often than the closed one.
  const documentSplits = vocabulary.hyphenatedSplits(token)
  // 2. On a line the extractor merged, the token straddles the column where its first line ended.
  if (documentSplits.length === 0 && merged && !mergedSplits) return atLineEnd ? lineEndSplit(token, vocabulary, words, atLineEnd) : undefined
  // Only a merged line can be repaired without such evidence (and most lines are not merged),
  // and only with mergedSplits on (step 2): else no word-list lookup for every token of the line
  // (measured: dehyphenate CPU per corpus document, warm, 8.4 → 7.2 ms).
  if (documentSplits.length === 0 && (!merged || !mergedSplits)) return undefined
  // A closed form the word list knows is the publisher's spelling unless the extractor merged the line.
  const isWord = words.has(token)
  if (isWord && !merged) return undefined
  for (const {at, count: hyphenCount} of documentSplits) {
    if (at < 2 || at > token.length - 2) continue
    const left = token.slice(0, at)
    const right = token.slice(at)
    const evidence = `document: “${left}-${right}” ×${hyphenCount}, “${token}” ×${vocabulary.count(token)}`
    // A tie is the publisher's own inconsistency as often as an extractor's loss.
    if (hyphenCount > vocabulary.count(token)) return {at, evidence}
    // Unless this closed form is the one the extractor made, where it joined a line ("selfsurvey"
    // straddling the line-end column): then the document prints it closed once less.
    if (merged && atLineEnd?.(at) && !isWord && hyphenCount > vocabulary.count(token) - 1) {
      return {at, evidence: `${evidence}, this one joined by the extractor at the line end`}
    }
    if (merged) return {at, evidence: evidence + ' (tie)', ambiguous: true}
  }
  // 2. On a line the extractor merged, a non-word made of two words, seen nowhere else closed.
  if (!mergedSplits || !merged || isWord || vocabulary.count(token) > 1) return undefined
  const camel = CAMEL.exec(token)
  if (camel) {
    const [, left, right] = camel as unknown as [string, string, string]
    const known = (w: string) => words.has(w) || vocabulary.count(w) >= 1
    if (known(left) && known(right)) {
      return {at: left.length, evidence: `merged line; “${left}” and “${right}” are words, “${token}” is not`}
    }
    return undefined
  }
  if (!/^[\p{Ll}\p{M}]+$/u.test(token)) return undefined
  const splits: number[] = []
  for (let at = 3; at <= token.length - 3; at++) {
    if (words.has(token.slice(0, at)) && words.has(token.slice(at))) splits.push(at)
  }
  if (splits.length === 0) return undefined
  const shown = splits.map((at) => `${token.slice(0, at)}-${token.slice(at)}`).join(', ')
  if (splits.length > 1) return {at: splits[0]!, evidence: `merged line; several splits: ${shown}`, ambiguous: true}
  return {at: splits[0]!, evidence: `merged line; “${shown}”: both parts are words, “${token}” is not`}
}

/**
 * A hyphen the extractor deleted where it joined a line: the token
 * straddles the column where the line ended (`atLineEnd`), it is lower-case
 * letters, the word list does not know it and the document writes it
 * nowhere else, and it splits at that column, and only there, into two
 * words ("agencywide" → "agency-wide"). A hyphenation break inside a word
 * leaves a closed word the word list or the document knows.
 */
function lineEndSplit(token: string, vocabulary: Vocabulary, words: WordLookup, atLineEnd: (at: number) => boolean): Split | undefined {
  let found: number | undefined
  let count = 0
  let lower: boolean | undefined
  for (let at = 3; at <= token.length - 3; at++) {
    if (!atLineEnd(at)) continue
    // (Most tokens straddle no line-end column: the shape is asked only of those that do.)
    lower ??= /^[\p{Ll}\p{M}]+$/u.test(token)
    if (!lower) return undefined
    const right = token.slice(at)
    if (SUFFIX_WORDS.has(right)) continue
    if (words.has(token.slice(0, at)) && words.has(right)) {
      found ??= at
      count++
    }
  }
  if (found === undefined) return undefined
  // Checked last: most tokens at a line-end column are not two words.
  if (words.has(token) || vocabulary.count(token) > 1) return undefined
  const left = token.slice(0, found)
  const right = token.slice(found)
  const shown = `${left}-${right}`
  if (count > 1) return {at: found, evidence: `merged line; several splits at the line end`, ambiguous: true}
  // Positive evidence: the document hyphenates other compounds of one of the parts ("high-level"
  // for "low-level"), and closes none with the first part ("schoolchildren" against "school-friends").
  // Without it a closed compound the word list lacks ("longstanding") is as likely as a hyphen.
  const family = vocabulary.hyphenatedWithPart(left) + vocabulary.hyphenatedWithPart(right)
  if (family === 0) return undefined
  const closed = vocabulary.closedAfter(left, (rest) => rest.length >= 3 && words.has(rest), token)
  if (closed.length > 0) return undefined
  return {
    at: found,
    evidence: `merged line; the extractor joined “${shown}” at the line end: both parts are words, “${token}” is not, and the document hyphenates other compounds of “${left}” or “${right}” (×${family})`
  }
}

/** The plugin as the module's default export, as remark plugins are published. */
export default dehyphenate
