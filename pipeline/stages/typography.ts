/**
 * typography: spaces, apostrophes, quotes and numeric ranges.
 *
 * - Runs of spaces inside a line become one space (`typography:spaces`).
 * - Apostrophes: a backtick or straight apostrophe inside or after a word
 *   ("Azerbaijan`s", "don't", "the 1990s'") or before a digit ("'90s")
 *   becomes ’ (`typography:apostrophe`).
 * - Quotes: straight double quotes become “ or ” by their neighbours (a quote
 *   after a space, an opening bracket or a dash opens); a single straight
 *   quote or backtick that opens a word becomes ‘; TeX-style `` and '' become
 *   “ and ” (`typography:quote`). The neighbours are looked up across line
 *   edges, so a quote that starts a line is judged by the previous line.
 * - Numeric ranges "1918-1920", "25-26", "1990-91" take an en dash
 *   (`typography:range`); see `text/numbers.ts` for the shapes. Not phone
 *   numbers ("555-1234"), number chains (ISBNs, "2019-10-15"), decimals,
 *   identifiers with letters ("M-16") or hyphenated words.
 * - A line that starts with closing punctuation (", and …", ".", ":") goes
 *   on from the word that ends the line before, without a space: extractors
 *   break the line after a superscript note marker or before a lone stop
 *   ("frameworks5" / ", international"; "the VDP" / ".")
 *   (`typography:line-start-punctuation`).
 * - "No." before a number ("Resolution No. 1416") is an abbreviation, not a
 *   sentence end: this stage changes nothing around it, and
 *   `text/sentences.ts` (`endsSentence`) is the one place that decides
 *   sentence ends for the stages that need it.
 *
 * Every change is one message with its position (the text node's start plus
 * the offset in its value). Links, inline code and code are never touched.
 */
import type {Root, Text} from 'mdast'
import type {Plugin} from 'unified'
import type {VFile} from 'vfile'
import {splitLines} from '../text/split-lines.js'
import {recordChange} from '../messages.js'
import {noteEdits, spanAt, textBlocks} from '../text/line-edges.js'
import {isNumericRange} from '../text/numbers.js'
import {LINE_START_PUNCTUATION} from '../text/sentences.js'

export interface TypographyOptions {
  /**
   * Keep straight ASCII quotes instead of curly ones. Default false. With it,
   * straight quotes stay as they are, and backtick apostrophes and TeX-style
   * quotes become their ASCII forms (' and ").
   */
  asciiQuotes?: boolean
  /** Collapse runs of spaces. Default true. */
  spaces?: boolean
  /** En dash in numeric ranges. Default true. */
  ranges?: boolean
}

/** One pass over a value finds every candidate: quote marks, number-hyphen-number, space runs. */
const CANDIDATE = /(``|''|[`'"])|(\d{1,4})-(\d{1,4})|( {2,})/g
const WORDISH = /[\p{L}\p{N}]/u
const LETTER = /\p{L}/u
const DIGIT = /\d/
/** Characters after which a quote opens. */
const OPENER_BEFORE = /^$|[\s(\[{“‘"'\-–—/]/u

export const typography: Plugin<[TypographyOptions?], Root> = function (options = {}) {
  const ascii = options.asciiQuotes === true
  const spaces = options.spaces !== false
  const ranges = options.ranges !== false
  return (tree, file) => {
    // A tree from plain remark-parse holds a paragraph's lines in one text node.
    splitLines(tree, file)
    for (const {texts} of textBlocks(tree)) {
      if (spaces) joinLineStartPunctuation(texts, file)
      texts.forEach((text, i) => {
        const before = i > 0 ? (texts[i - 1]!.value.at(-1) ?? '') : ''
        const after = texts[i + 1]?.value[0] ?? ''
        fixText(text, before, after, file, {ascii, spaces, ranges})
      })
    }
  }
}

interface Settings {
  ascii: boolean
  spaces: boolean
  ranges: boolean
}

function fixText(text: Text, charBefore: string, charAfter: string, file: VFile, settings: Settings): void {
  const value = text.value
  // Positions come from the edits before this pass; the pass's own edits are noted at once after it.
  const pass: Array<[number, number, string]> = []
  text.value = value.replace(
    CANDIDATE,
    (match: string, quote: string | undefined, from: string | undefined, to: string | undefined, run: string | undefined, offset: number) => {
      const previous = offset > 0 ? value[offset - 1]! : charBefore
      const next = offset + match.length < value.length ? value[offset + match.length]! : charAfter
      let replacement = match
      let rule = ''
      let why = ''
      if (quote !== undefined) {
        ;[replacement, rule, why] = fixQuote(quote, previous, next, settings.ascii)
      } else if (from !== undefined && to !== undefined) {
        if (settings.ranges && isRangeContext(value, offset, match.length, previous) && isNumericRange(from, to)) {
          replacement = `${from}–${to}`
          rule = 'typography:range'
          why = 'Numeric range takes an en dash'
        }
      } else if (run !== undefined && settings.spaces) {
        replacement = ' '
        rule = 'typography:spaces'
        why = `Collapsed ${run.length} spaces into one`
      }
      if (replacement === match) return match
      recordChange(file, {
        ruleId: rule,
        reason: `${why}: “${match}” → “${replacement}”`,
        place: spanAt(text, offset, match.length),
        original: match,
        replacement
      })
      pass.push([offset, match.length, replacement])
      return replacement
    }
  )
  noteEdits(text, pass)
}

/**
 * A line that starts with closing punctuation continues the word that ends
 * the line before: the space at that line edge goes (recorded at the
 * punctuation). Punctuation never starts a printed line in running text.
 */
function joinLineStartPunctuation(texts: Text[], file: VFile): void {
  for (let i = 1; i < texts.length; i++) {
    const before = texts[i - 1]!
    const after = texts[i]!
    if (!LINE_START_PUNCTUATION.test(after.value)) continue
    // Only at a line edge, after a word (or a closing quote or bracket), with the edge's space.
    if (before.position && after.position && before.position.start.line === after.position.start.line) continue
    const trimmed = before.value.trimEnd()
    if (trimmed === before.value || !/[\p{L}\p{N}”’")\]]$/u.test(trimmed)) continue
    const word = /\S*$/u.exec(trimmed)![0]
    before.value = trimmed
    recordChange(file, {
      ruleId: 'typography:line-start-punctuation',
      reason: `Joined punctuation at a line start to the word before it: “${word} ${after.value[0]}” → “${word}${after.value[0]}”`,
      place: spanAt(after, 0, 1),
      original: `${word}\n${after.value[0]}`,
      replacement: `${word}${after.value[0]}`,
      evidence: 'a line that starts with closing punctuation goes on from the line before'
    })
  }
}

/** The replacement for one quote mark, with its rule id and reason. */
function fixQuote(quote: string, previous: string, next: string, ascii: boolean): [string, string, string] {
  const opens = OPENER_BEFORE.test(previous)
  if (quote === '``') return [ascii ? '"' : '“', 'typography:quote', 'TeX opening quote']
  if (quote === "''") return ascii ? ["''", '', ''] : ['”', 'typography:quote', 'TeX closing quote']
  if (quote === '"') {
    if (ascii) return ['"', '', '']
    return opens ? ['“', 'typography:quote', 'Opening double quote'] : ['”', 'typography:quote', 'Closing double quote']
  }
  // ' or `: an apostrophe inside or after a word, before a digit ('90s); otherwise an opening quote.
  const apostrophe = ascii ? "'" : '’'
  if (WORDISH.test(previous) && LETTER.test(next)) return [apostrophe, 'typography:apostrophe', 'Apostrophe']
  if (opens && DIGIT.test(next)) return [apostrophe, 'typography:apostrophe', 'Apostrophe before a number']
  if (opens && WORDISH.test(next)) {
    if (ascii) return quote === '`' ? ["'", 'typography:quote', 'Backtick quote'] : ["'", '', '']
    return ['‘', 'typography:quote', 'Opening single quote']
  }
  if (ascii) return quote === '`' ? ["'", 'typography:apostrophe', 'Backtick apostrophe'] : ["'", '', '']
  return WORDISH.test(previous)
    ? ['’', 'typography:apostrophe', 'Apostrophe']
    : ['’', 'typography:quote', 'Closing single quote']
}

/**
 * A number-hyphen-number inside the value is a range candidate only when it
 * stands alone: not part of a longer number, decimal, chain or word.
 */
function isRangeContext(value: string, offset: number, length: number, previous: string): boolean {
  if (/[\p{L}\p{N}.,/:\-–]/u.test(previous)) return false
  const rest = value.slice(offset + length)
  return !/^(?:[\p{L}\p{N}]|[-–/.:,]\d)/u.test(rest)
}

/** The plugin as the module's default export, as remark plugins are published. */
export default typography
