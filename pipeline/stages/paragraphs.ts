/**
 * paragraphs: raw lines → paragraphs and lists.
 *
 * The stage decides, for every two lines that follow each other, whether a
 * block ends between them. It looks at what separates them (nothing, a blank
 * line, a page break) and at the shape of the lines, measured against the
 * text width (the most common length of full lines):
 *
 * - a line clearly shorter than the text width that ends a sentence ends a
 *   paragraph, blank line or not;
 * - a blank line or a page break does not end a paragraph that is cut in mid
 *   sentence (a column or page break): the paragraph goes on;
 * - a full-width line ending a sentence at the foot of a page usually goes on
 *   at the top of the next one, unless the document never runs a sentence
 *   over a page (then its pages end with paragraphs);
 * - extractors split one printed line in two at a wide justified space after
 *   a sentence ("… the United Nations." / "The United"): two lines that
 *   together make one full line are read as one;
 * - an indented line after a sentence end starts a paragraph;
 * - a sentence end followed by a capital, where the two lines measured in
 *   ems (not characters) fall clearly short of two local column widths,
 *   ends a paragraph: its last line is set loose, the next one is indented
 *   (this survives extractors that drop the indent);
 * - a short standalone line without closing punctuation (a heading) is a
 *   one-line paragraph of its own, or two lines when the second plainly
 *   continues the first; the headings stage turns these into headings. A
 *   line that plainly goes on after that (lowercase, after a hyphen) shows
 *   it was no heading, and the block goes on;
 * - lines starting with `1.`, `a)`, `(b)`, `(1)`, `(A)`, `i.`, `•`, `–` are
 *   list items, except a numbered heading ("2. Background") followed by
 *   running text; items nest by marker family (`(a)` › `(1)` › `(A)` ›
 *   `(i)`), a list goes on over a page break, and a short item line without
 *   closing punctuation ends its item when a capital follows.
 *
 * - text without blank lines between blocks (`pdftotext -raw`): a short
 *   line without closing punctuation ends a block when the next line starts
 *   with a capital (or a clause marker such as "(a)(1)") and its first word
 *   would have fit on the short line (`paragraphs:short-line`, recorded); a
 *   run of short lines (a table's cells) is left alone;
 * - a heading set in capitals runs over its capitals lines, and starts a
 *   block even after a line without closing punctuation
 *   (`paragraphs:capitals-heading`, recorded); a question in Title Case
 *   after a full line is a heading line too; "Mr." / "Holm" ends no
 *   sentence; an item's short line followed by a capital goes on when the
 *   capitalized word would not have fit on it.
 *
 * Extractors that join hyphenated lines themselves (pdftotext) leave lines
 * longer than the text width; their last printed line is what counts as
 * short or not.
 *
 * Each paragraph keeps one `text` node per source line, with its position;
 * the node's value ends with the separator to the next line (a space), so the
 * paragraph's plain text is the concatenation of its children. Later stages
 * (dehyphenate, repair-edges, headings) work on these line edges. A
 * `pageBreak` node stays between two blocks where a page ended, and is
 * dropped where a paragraph goes on across the break. No text is dropped:
 * every non-blank line ends up in exactly one block.
 */
import type {Code, List, ListItem, Paragraph, Root, RootContent, Text} from 'mdast'
import type {Plugin} from 'unified'
import {recordDecision} from '../messages.js'
import {codeRuns} from '../text/code-lines.js'
import {LIST_MARKER, markerInfo} from '../text/list-markers.js'
import {FIGURES} from './tables.js'
import {YEAR_KEY, YEAR_ROW} from '../text/row-shapes.js'
import type {PageBreak, RawLine} from '../types.js'
import {geometryBoundary, indentedParagraph} from '../readers/geometry-rules.js'
import {twinTest} from '../text/ascii.js'
import {letterOrMarkCode} from '../text/compounds.js'
import {countWords} from '../text/word-count.js'

export interface ParagraphsOptions {
  /**
   * A line shorter than this share of the text width can end a paragraph.
   * Default: measured on the document, as the length that all but 2% of its
   * surely full lines reach (lines followed by a lowercase continuation),
   * kept within 0.85–0.92 of the width; 0.85 when there are too few lines.
   */
  shortLine?: number
  /** A heading line is at most this share of the text width. Default 0.75. */
  headingLine?: number
  /**
   * Two lines whose lengths add up to this range of the text width, the
   * first ending a sentence, are one printed line split by the extractor.
   * Default [0.8, 0.965]: a line stretched to be justified holds fewer
   * characters than a typical one.
   */
  splitLine?: [number, number]
}

const BULLET = /^[•▪◦●‣∙]/
/**
 * Closing punctuation of a sentence, possibly followed by closing quotes or
 * brackets, and by a footnote marker ("withheld.6"; not "3.2").
 */
const SENTENCE_END = /(?:[.!?:;…]["'”’)\]]*|(?<![\d.])[.!?;…]["'”’)\]]*\d{1,3})$/
/** Any closing punctuation a heading would not end with. */
const CLOSING_PUNCTUATION = /[.!?:;,…]["'”’\]]*$/
const ENUMERATION_END = /(?:[;,]\s+(?:and|or)|[—–])$/
const STARTS_LOWER = twinTest(/^["“‘'(\[]*\p{Ll}/u)
const STARTS_UPPER = twinTest(/^["“‘'(\[]*[\p{Lu}\p{N}]/u)
/** Abbreviated titles and labels that stand before a name or a number, never at a sentence's end. */
const TITLE_BEFORE_NAME = /(?:^|[\s(])(?:Mr|Mrs|Ms|Messrs|Dr|Prof|Rev|Hon|Gen|Col|Capt|Lt|Sgt|St|No|Nos|Art|Fig|Figs|Sec|Vol|pp?)\.$/
/** Clause markers printed together, "(a)(1)", "(b)(2)(A)": a statute's clause starts here. */
const GLUED_CLAUSE = /^\((?:[a-z]{1,4}|[A-Z]|\d{1,3})\)\((?:[a-z]{1,4}|[A-Z]|\d{1,3})\)/
/** A line in capitals: two or more capital letters and no lowercase one. */
const ALL_CAPS = twinTest(/^(?=(?:.*\p{Lu}){2})[^\p{Ll}]+$/u)
/** Words and marks that leave a heading line unfinished. */
const CONTINUES_HEADING = twinTest(/(?:[,:;&–—-]|(?<![\p{L}/])(?:and|or|of|the|a|an|for|in|on|to|with|from|by|at|as|under|between|against|vs\.?))$/iu)

/** Speed: Latin-1 twins of \p{…} regexes (text/ascii.ts). */
const STARTS_NUMBER = twinTest(/^\p{N}/u, 'first')
const QUOTED_CAPITAL_START = twinTest(/^["“‘']?\p{Lu}/u)

interface Line {
  node: RawLine
  /** Trimmed text. */
  text: string
  indent: number
  /** What separates this line from the one before: nothing, a blank line, a page break. */
  gap: 'none' | 'blank' | 'page'
  /** Page break nodes between this line and the one before. */
  breaks: PageBreak[]
  marker?: RegExpExecArray
  /** True when the extractor split this line off the end of the printed line before it. */
  fragment?: boolean
  /** Length of the printed line that ends with this line (fragments included). */
  printed: number
  /** A numbered heading line ("2. Background"), not a list item. */
  heading?: boolean
  /** Width of the line in ems of a typical proportional font; unset for merged lines and fragments. */
  ems?: number
  /** Width of the full lines around this one, in the same ems (the local column width). */
  localEms?: number
  /** The widest line around this one, in the same ems: what a line can hold. */
  capEms?: number
  /** `capEms` for every line with enough measured lines around, short ones included. */
  roomEms?: number
  /** Set in capitals (`capitalsLine`), once asked. */
  capitals?: boolean
  /** Its capital and lowercase letters (`\p{Lu}`, `\p{Ll}`), once counted (`letterCounts`). */
  upper?: number
  lower?: number
  /** The kind of key the line starts with (`lineKey`), once asked; '' for none. */
  key?: LineKey | ''
}

interface Shape {
  width: number
  short: number
  heading: number
  split: [number, number]
  /** Lines longer than this are two or more printed lines the extractor joined. */
  merged: number
  /** Every page of the document ends with a paragraph (no sentence runs over a page). */
  pagesEndParagraphs: boolean
  /** Share of two local line widths under which a sentence end + first line pair is short (0: not measured). */
  pairShort: number
  /** The extractor sets every paragraph apart with a blank line (MuPDF on spaced paragraphs). */
  blankParagraphs: boolean
  /**
   * The extractor sets nothing apart: no blank lines between blocks (`pdftotext -raw`). Line shape
   * alone then tells where a block ends, so the rules for such text (`rawBoundary`) apply.
   */
  blankless: boolean
  /** The boundaries the rules for blank-less text decided, recorded as structural decisions. */
  decisions: {line: Line; ruleId: string; reason: string; evidence: string}[]
  /** For each line, the index of the nearest line at or before it that ends with a colon (-1: none); made on first use. */
  colonAt?: Int32Array
  /** Lines that the rules kept in the block before them against another rule, recorded as structural decisions too. */
  joins: {line: Line; ruleId: string; reason: string; evidence: string}[]
}

export const paragraphs: Plugin<[ParagraphsOptions?], Root> = function (options = {}) {
  return (tree, file) => {
    const lines: Line[] = []
    const others: {before: number; node: RootContent}[] = []
    let gap: Line['gap'] = 'page'
    let breaks: PageBreak[] = []
    for (const node of tree.children) {
      if (node.type === 'pageBreak') {
        gap = 'page'
        breaks.push(node)
        continue
      }
      if (node.type !== 'rawLine') {
        // Not ours (another stage's node): keep it where it is, as a hard boundary.
        others.push({before: lines.length, node})
        gap = 'page'
        continue
      }
      const text = node.value.trim()
      if (text === '') {
        if (gap === 'none') gap = 'blank'
        continue
      }
      const indent = node.value.length - node.value.trimStart().length
      lines.push({
        node,
        text,
        indent,
        gap,
        breaks,
        marker: itemMarker(text),
        printed: node.value.trimEnd().length,
        // Set later, declared now: every line keeps one object shape (fields added one by one made the stage slower).
        ems: undefined,
        localEms: undefined,
        capEms: undefined,
        roomEms: undefined,
        capitals: undefined,
        upper: undefined,
        lower: undefined,
        key: undefined,
        // `footnotes` marks the rest of a printed line that an extractor broke at a superscript.
        ...((node.data as {continuesLine?: boolean} | undefined)?.continuesLine ? {fragment: true} : {})
      })
      gap = 'none'
      breaks = []
    }

    const width = textWidth(lines.map((l) => l.node.value.trimEnd().length))
    const shape: Shape = {
      width,
      short: options.shortLine !== undefined ? width * options.shortLine : shortLength(lines, width),
      heading: width * (options.headingLine ?? 0.75),
      split: [width * (options.splitLine?.[0] ?? 0.8), width * (options.splitLine?.[1] ?? 0.965)],
      merged: mergedLength(lines, width),
      pagesEndParagraphs: false,
      pairShort: 0,
      blankParagraphs: false,
      blankless: isBlankless(lines),
      decisions: [],
      joins: []
    }
    shape.pagesEndParagraphs = pagesEndParagraphs(lines, shape)
    shape.blankParagraphs = blankParagraphs(lines, shape)
    // Only extractors that group lines into blocks split a printed line, and they set the blocks
    // apart with blank lines; text without any blank line was written a printed line at a time.
    if (lines.some((l) => l.gap === 'blank')) findSplitLines(lines, shape)
    measureEms(lines, shape)
    // Code listings and configuration snippets: a block of their own, kept line by line.
    const code = codeRuns(
      lines.map((l) => l.text),
      lines.map((l) => l.gap === 'page')
    )
    const hard = new Set(others.map((o) => o.before))
    for (const run of code) hard.add(run.from).add(run.to)
    const starts = blockStarts(lines, shape, hard).filter((s) => !code.some((run) => s > run.from && s < run.to))
    const codeAt = new Map(code.map((run) => [run.from, run]))

    // Build blocks; keep page breaks that fall between blocks, and other nodes in place.
    const blocks: RootContent[] = []
    const nesting: Nesting = {stack: []}
    const codeBlocks: Code[] = []
    // The document's sequence of numbered paragraphs so far (see numberedSequence).
    let sequence: Sequence | undefined
    let o = 0
    for (let s = 0; s < starts.length; s++) {
      const from = starts[s]!
      const to = starts[s + 1] ?? lines.length
      while (o < others.length && others[o]!.before <= from) blocks.push(others[o++]!.node)
      for (const b of lines[from]!.breaks) blocks.push(b)
      const group = lines.slice(from, to)
      const run = codeAt.get(from)
      if (run) {
        blocks.push(toCode(group))
        codeBlocks.push(blocks.at(-1) as Code)
        continue
      }
      const item =
        !group[0]!.heading && startsItem(group[0]!, lines[from - 1], shape) && !indentedParagraph(group[0]!.node, group[1]?.node) && !asteriskNote(lines, from, shape)
      const kept = item && (numberedParagraph(group, blocks, nesting) || numberedSequence(group, sequence, shape))
      if (item && !kept) addListItem(blocks, group, nesting)
      else blocks.push(toParagraph(group))
      if (item) sequence = nextInSequence(group, kept, sequence)
    }
    while (o < others.length) blocks.push(others[o++]!.node)
    for (const b of breaks) blocks.push(b)

    const startLines = new Set(starts.map((s) => lines[s]))
    for (const d of shape.decisions) {
      // Only boundaries that survived (not inside a code block) are recorded.
      if (!startLines.has(d.line)) continue
      recordDecision(file, {ruleId: d.ruleId, reason: d.reason, place: d.line.node.position, evidence: d.evidence})
    }
    for (const d of shape.joins) {
      // Only lines that stayed inside a block (not a block's first line, not code).
      if (startLines.has(d.line)) continue
      const at = lines.indexOf(d.line)
      if (code.some((run) => at >= run.from && at < run.to)) continue
      recordDecision(file, {ruleId: d.ruleId, reason: d.reason, place: d.line.node.position, evidence: d.evidence})
    }
    for (const block of codeBlocks) {
      recordDecision(file, {
        ruleId: 'paragraphs:code',
        reason: `Kept ${block.value.split('\n').length} lines of code as a code block`,
        place: block.position,
        evidence: 'braces, semicolons, backslashes, key = value lines or dense code symbols on two or more lines in a row'
      })
    }
    let n = 0
    for (const block of blocks) {
      if (block.type === 'paragraph' || block.type === 'list') {
        block.data = {...block.data, id: `${block.type === 'list' ? 'list' : 'p'}-${++n}`}
      }
    }
    tree.children = blocks
  }
}

/**
 * The text width: the most common length among longer lines (a smoothed
 * histogram's peak). Robust to short table cells and to over-long lines
 * that an extractor merged.
 */
export function textWidth(lengths: number[]): number {
  // Lines past a few hundred characters are merged or not prose: no text width.
  const long = lengths.filter((n) => n >= 20 && n <= 400)
  // Too few lines to find a peak: the longest line is the best guess.
  // (Loops, not Math.max(...): a huge input would overflow the call stack.)
  if (long.length < 10) return lengths.reduce((a, b) => Math.max(a, b), 40)
  const max = long.reduce((a, b) => Math.max(a, b), 0)
  const counts = new Array<number>(max + 2).fill(0)
  for (const n of long) counts[n]!++
  let best = 0
  let bestScore = -1
  for (let n = 20; n <= max; n++) {
    let score = 0
    for (let d = -3; d <= 3; d++) score += (counts[n + d] ?? 0) * (4 - Math.abs(d))
    if (score > bestScore) {
      bestScore = score
      best = n
    }
  }
  // The peak sits inside the band of full lines; its upper part is the width.
  const band = long.filter((n) => n >= best - 4 && n <= best + 8).sort((a, b) => a - b)
  return band[Math.floor(band.length * 0.75)] ?? best
}

/**
 * The length under which a line is short. Lines that surely go on (no
 * closing punctuation, the next line starts in lowercase) show how much the
 * length of full lines varies in this document: a narrow justified column
 * varies more than a wide one.
 */
function shortLength(lines: Line[], width: number): number {
  const full: number[] = []
  for (let i = 0; i + 1 < lines.length; i++) {
    const line = lines[i]!
    const next = lines[i + 1]!
    if (next.gap !== 'none' || SENTENCE_END.test(line.text) || !STARTS_LOWER.test(next.text)) continue
    if (line.printed >= width * 0.5 && line.printed <= width * 1.15) full.push(line.printed)
  }
  if (full.length < 30) return width * 0.85
  full.sort((a, b) => a - b)
  const low = full[Math.floor(full.length * 0.02)]!
  return Math.min(width * 0.92, Math.max(width * 0.85, low))
}

/** Length of the last printed line of `line`: merged lines are longer than the width. */
function printedTail(line: Line, shape: Shape): number {
  let length = line.printed
  while (length > shape.merged + shape.width) length -= shape.width
  // The printed line before the tail was a full one (between `short` and the
  // width long), less the hyphen the extractor took out.
  if (length > shape.merged) length -= (shape.short + shape.width) / 2 - 1
  return length
}

/**
 * Some extractors (pdftotext) join a hyphenated line end with the next
 * line. Where they plainly do (lines far longer than the width), a line a
 * little longer than the width is such a join too; elsewhere only a line
 * well beyond the natural spread of full lines is.
 */
function mergedLength(lines: Line[], width: number): number {
  const joined = lines.filter((l) => l.printed > width * 1.3).length
  return joined >= Math.max(2, lines.length * 0.01) ? width * 1.1 : width * 1.15
}

function isShort(line: Line, shape: Shape): boolean {
  return printedTail(line, shape) < shape.short
}

function endsSentence(line: Line): boolean {
  return SENTENCE_END.test(line.text)
}

/**
 * A line that can start a heading: short, starts with a capital or a digit,
 * no closing punctuation (a comma may leave it open for a second line).
 */
function headingLike(line: Line, shape: Shape): boolean {
  return (
    line.printed <= shape.heading &&
    !/[.!?:;…]["'”’\]]*$/.test(line.text) &&
    /^["“(\[]*[\p{Lu}\p{N}]/u.test(line.text) &&
    /\p{L}/u.test(line.text) &&
    countWords(line.text, 17) <= 16 &&
    !line.marker
  )
}

/**
 * The list marker that opens `text`, unless the next marker of its sequence
 * follows in the same line after a semicolon or comma: "(1) what related to
 * Mr. G.; (2) some harsh expressions …" is an enumeration run into a sentence
 * (often after a colon that ended the line before), not a list.
 */
function itemMarker(text: string): RegExpExecArray | undefined {
  const marker = LIST_MARKER.exec(text)
  if (!marker) return undefined
  const printed = marker[0].trim()
  // Digits and single letters; roman numerals ("(ii)") are left as they are.
  const token = /\d+|[A-Za-z]+/.exec(printed)?.[0]
  if (!token || !/[()]/.test(printed) || (/^[A-Za-z]+$/.test(token) && token.length > 1)) return marker
  const next = /\d/.test(token) ? String(Number(token) + 1) : String.fromCharCode(token.charCodeAt(0) + 1)
  const following = printed.replace(token, next).replace(/[()[\]]/g, '\\$&')
  return new RegExp(`[;,]\\s+${following}\\s`).test(text.slice(marker[0].length)) ? undefined : marker
}

/**
 * A heading run into its paragraph ("Defining Target User Groups What dis-"),
 * which MuPDF splits at the wide space after the heading: the heading, then a
 * short piece that goes on in lowercase on the next line ("abilities should
 * be …"). Together the two make at most one printed line; a heading's own
 * second line is not followed by running text in lowercase.
 */
function runInStart(prev: Line, line: Line, next: Line | undefined, shape: Shape): boolean {
  return (
    line.gap === 'none' &&
    next !== undefined &&
    next.gap === 'none' &&
    !next.marker &&
    STARTS_LOWER.test(next.text) &&
    QUOTED_CAPITAL_START.test(line.text) &&
    !endsSentence(line) &&
    !CONTINUES_HEADING.test(prev.text) &&
    prev.printed + 1 + line.printed <= shape.width * SPLIT_CONTINUED &&
    line.printed < shape.width * 0.5
  )
}

/** A line whose letters are capitals (a lowercase "and" allowed), with no list marker. */
function inCapitals(line: Line): boolean {
  if (line.marker) return false
  letterCounts(line)
  return line.upper! >= 1 && line.lower! <= line.upper! * 0.15
}

/**
 * Count a line's capital and lowercase letters once: `endsBlock` asks for
 * each line as `line` and again as `prev`. (With the ASCII count below:
 * paragraphs stage CPU per corpus document, warm, short-run flags,
 * 5.03 → 4.46 ms, bench/stages-ab.mjs --only stages.)
 */
function letterCounts(line: Line): void {
  if (line.upper !== undefined) return
  const text = line.text
  if (SURROGATE.test(text)) {
    line.upper = text.match(/\p{Lu}/gu)?.length ?? 0
    line.lower = text.match(/\p{Ll}/gu)?.length ?? 0
    return
  }
  // ASCII letters are counted by their codes; a line with other characters is counted by runs of letters
  // (without surrogate pairs a letter is one code unit), a match per word instead of one per letter.
  let upper = 0
  let lower = 0
  for (let k = 0; k < text.length; k++) {
    const code = text.charCodeAt(k)
    if (code >= 65 && code <= 90) upper++
    else if (code >= 97 && code <= 122) lower++
    // Speed: curly quotes and dashes are no letters, so prose with them is counted here too (the
    // two \p{…} regexes below, ~0.3 ms each to compile in a short run, only run for other letters).
    else if (code >= 128 && letterOrMarkCode(code)) {
      line.upper = runLength(text.match(UPPER_RUNS))
      line.lower = runLength(text.match(LOWER_RUNS))
      return
    }
  }
  line.upper = upper
  line.lower = lower
}

const SURROGATE = /[\uD800-\uDFFF]/
const UPPER_RUNS = /\p{Lu}+/gu
const LOWER_RUNS = /\p{Ll}+/gu

/** Code units in `runs`, together. */
function runLength(runs: RegExpMatchArray | null): number {
  let n = 0
  if (runs) for (const run of runs) n += run.length
  return n
}

/**
 * A line set in capitals ("CHANGES TO THE AGENDA", "AGENDA ITEM 4:"): six or
 * more letters, nearly all of them capitals (a lowercase "and" allowed), two
 * or more words, no list marker, no sentence end, not past the text width.
 */
function capitalsHeadingLine(line: Line, shape: Shape): boolean {
  if (line.printed > shape.width || /[.!?;]["'”’)\]]*$/.test(line.text) || !/\S\s+\S/.test(line.text)) return false
  // An `inCapitals` line (its letters counted once) with six capitals or more.
  return inCapitals(line) && line.upper! >= 6
}

/**
 * A line that opens on a number and goes on with a title of its own: four
 * words or more, three of them capitalized words of letters ("29 U.S.C.
 * §794d. Electronic and Information Technology", "2 Scope of the Rules").
 */
function numberedTitle(line: Line): boolean {
  const words = line.text.split(/\s+/)
  return words.length >= 4 && words.filter((w) => /^["“(\[]*\p{Lu}\p{Ll}{2,}/u.test(w)).length >= 3
}

/** A line that can be the second line of a heading: short, no closing punctuation. */
function headingTail(line: Line, shape: Shape): boolean {
  return line.printed <= shape.heading && !CLOSING_PUNCTUATION.test(line.text) && !line.marker && line.gap === 'none'
}

/** A list marker that really starts an item (not a number that happens to begin a wrapped line). */
function startsItem(line: Line, prev: Line | undefined, shape: Shape): boolean {
  if (!line.marker) return false
  if (BULLET.test(line.text) || line.gap !== 'none' || !prev) return true
  // An enumeration's items end with "; and", "; or" or a dash that leads into them.
  return endsSentence(prev) || CLOSING_PUNCTUATION.test(prev.text) || ENUMERATION_END.test(prev.text) || prev.marker !== undefined || isShort(prev, shape)
}

/** Indices of the lines that start a block. */
function blockStarts(lines: Line[], shape: Shape, hard: Set<number>): number[] {
  const starts: number[] = []
  let headingStart = -1
  let inList = false
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    const prev = lines[i - 1]
    const next = lines[i + 1]
    let boundary: ReturnType<typeof endsBlock> = true
    if (i > 0 && !hard.has(i)) {
      // PDF input: the printed geometry decides where it can (readers/geometry-rules.ts); list markers are the text rules'.
      const printed = line.marker ? undefined : geometryBoundary(prev!.node, line.node)
      boundary =
        printed ??
        keyedLine(lines, i, shape) ??
        colonListLine(lines, i, shape) ??
        capitalsHeading(lines, i, headingStart, shape) ??
        endsBlock(prev!, line, next, shape, headingStart >= 0 && headingStart === i - 1, headingStart >= 0 && headingStart === i - 2, inList, lines[i - 2])
    }
    if (boundary === 'continue-heading') continue
    if (!boundary) {
      headingStart = -1
      continue
    }
    starts.push(i)
    const afterItems: boolean = inList && capitalsAfterItems(line, prev, shape)
    const numbered: boolean = (!inList || afterItems) && numberedHeading(line, next, shape)
    if (numbered && afterItems) {
      shape.decisions.push({
        line,
        ruleId: 'paragraphs:capitals-after-items',
        reason: 'Ended the list at a numbered line in capitals: a section heading, not its next item',
        evidence: 'a number and a title in capitals without closing punctuation after an item in ordinary case, running text after it'
      })
    }
    if (numbered) line.heading = true
    inList = startsItem(line, prev, shape) && !numbered
    headingStart = numbered || (headingLike(line, shape) && !inList && opensHeading(line, next, shape)) ? i : -1
  }
  return starts
}

/**
 * A line set in capitals: four or more capital letters, and lowercase
 * letters (a function word, "and") for at most a fifth of its letters.
 */
function capitalsLine(line: Line): boolean {
  // Asked several times per line: answered once, from the letters `letterCounts` counted once.
  if (line.capitals === undefined) {
    letterCounts(line)
    line.capitals = line.upper! >= 4 && !line.marker && line.lower! <= (line.upper! + line.lower!) * 0.2
  }
  return line.capitals
}

/**
 * Headings set in capitals (minutes' agenda items, sections of a report).
 * Capitals are wide, so in a narrow column such a heading wraps over
 * several lines, each longer than a heading line is elsewhere; and a block
 * of running text never switches to capitals in mid-sentence. So:
 * - a capitals heading goes on over its next capitals lines (up to six);
 * - it ends at the first line that is not in capitals;
 * - a heading-shaped capitals line (no closing punctuation) after a line of
 *   another case starts a block, unless that line was left open (a hyphen,
 *   a comma, "and"), when what follows the capitals starts with a capital.
 * Undefined: the other rules decide.
 */
function capitalsHeading(lines: Line[], i: number, headingStart: number, shape: Shape): boolean | 'continue-heading' | undefined {
  const line = lines[i]!
  const prev = lines[i - 1]!
  // Across a blank line or a page break the other rules decide (a page break between two blocks stays).
  if (line.gap !== 'none') return undefined
  const inCapitals = headingStart >= 0 && i - headingStart < 6 && lines.slice(headingStart, i).every(capitalsLine)
  if (inCapitals) {
    if (capitalsLine(line) && line.printed <= shape.width * 1.05 && !CLOSING_PUNCTUATION.test(prev.text)) return 'continue-heading'
    if (/[-‐]$/.test(prev.text) || !STARTS_UPPER.test(line.text)) return undefined
    return true
  }
  if (!capitalsLine(line) || capitalsLine(prev) || CLOSING_PUNCTUATION.test(line.text) || SENTENCE_END.test(line.text)) return undefined
  if (line.printed > shape.width * 1.05 || /[-‐]$/.test(prev.text) || CONTINUES_HEADING.test(prev.text)) return undefined
  // One word in capitals after a full open line may be an acronym that the sentence goes on with.
  if (!/\s/.test(line.text) && !endsSentence(prev) && !isShort(prev, shape)) return undefined
  // What follows the capitals lines: a sentence or an item, not the rest of a sentence.
  let j = i + 1
  while (j < lines.length && j < i + 6 && capitalsLine(lines[j]!) && lines[j]!.gap === 'none') j++
  const after = lines[j]
  if (after && after.gap === 'none' && !STARTS_UPPER.test(after.text) && !after.marker) return undefined
  if (line.gap === 'none' && !endsSentence(prev)) {
    shape.decisions.push({
      line,
      ruleId: 'paragraphs:capitals-heading',
      reason: 'A block starts at a line in capitals after a line without closing punctuation',
      evidence: 'a heading-shaped line in capitals (no closing punctuation), followed by a sentence or an item'
    })
  }
  return true
}

/**
 * A numbered section heading ("2. Background"): a number, a short title
 * without closing punctuation, and running text after it rather than
 * another item. It stays a paragraph, for the headings stage.
 */
function numberedHeading(line: Line, next: Line | undefined, shape: Shape): boolean {
  if (line.marker?.[1] === undefined || !next || next.marker) return false
  const title = line.text.slice(line.marker[0].length)
  return (
    line.printed <= shape.heading &&
    /^["“(\[]*\p{Lu}/u.test(title) &&
    !CLOSING_PUNCTUATION.test(title) &&
    countWords(title, 13) <= 12 &&
    (next.gap !== 'none' || STARTS_UPPER.test(next.text))
  )
}

/**
 * A numbered line set in capitals right after a list's items ("• Consult …
 * before any outreach." / "3. PLANNING AND MANAGING RESEARCH LOGISTICS"):
 * the next section's heading, though its number may happen to follow the
 * list's last one. Items in sentence case do not switch to capitals, and a
 * list of capitals items has its item before in capitals too.
 */
function capitalsAfterItems(line: Line, prev: Line | undefined, shape: Shape): boolean {
  const marker = line.marker
  if (marker?.[1] === undefined || !prev) return false
  // The line before without its marker: "2. NO FISHING" / "3. NO FIRES" is a list in capitals.
  if (ALL_CAPS.test(prev.marker ? prev.text.slice(prev.marker[0].length) : prev.text)) return false
  const title = line.text.slice(marker[0].length)
  return ALL_CAPS.test(title) && /\p{Lu}{2,}\s+\p{Lu}{2,}/u.test(title) && !CLOSING_PUNCTUATION.test(title) && line.printed <= shape.heading
}

/**
 * A heading numbered by section and subsection ("2.1. Qualitative
 * Research", "3.4.1 Format"): a number of two levels or more, then a short
 * title in capitals without closing punctuation, and a line that starts
 * something after it. It starts a block whatever the line before it ends
 * with: extractors that set no blank line around headings (pdftotext) leave
 * it right after an item or a label printed without a full stop.
 */
function sectionHeading(line: Line, next: Line | undefined, shape: Shape): boolean {
  return SECTION_NUMBER.test(line.text) && headingLike(line, shape) && opensHeading(line, next, shape)
}

const SECTION_NUMBER = twinTest(/^\d{1,2}(?:\.\d{1,2})+\.?\s+["“(\[]*\p{Lu}/u)

/**
 * A year or a year range alone on a line, followed by another: the key
 * column of a table that pdftotext wrote column by column, not the second
 * line of the heading before it ("… Production" / "1919–1924" / "1924").
 */
function keyColumn(line: Line, next: Line | undefined): boolean {
  return YEAR_KEY.test(line.text) && next !== undefined && next.gap === 'none' && YEAR_KEY.test(next.text)
}

/**
 * A table row keyed by a year or a year range ("1921–1929 Division of
 * Publications (DP)") next to another such row: extractors that write a
 * table row by row (`pdftotext -raw`) leave the rows without blank lines,
 * and a row is a block of its own (the tables stage turns the run into a
 * table). Running text seldom starts two lines in a row with a year and a
 * capitalized word; a row's wrapped rest ("(PA)") starts with no year.
 */
function keyedRow(prev: Line, line: Line, next: Line | undefined, shape: Shape): boolean {
  if (line.gap !== 'none' || !YEAR_ROW.test(line.text)) return false
  if (!YEAR_ROW.test(prev.text) && !(next && next.gap === 'none' && YEAR_ROW.test(next.text))) return false
  shape.decisions.push({
    line,
    ruleId: 'paragraphs:keyed-row',
    reason: 'A block starts at a table row keyed by a year',
    evidence: 'this line and the one before or after it start with a year or a year range followed by a capitalized cell'
  })
  return true
}

/**
 * The kinds of key a line can start with, where a run of lines that each
 * start with one is a run of entries (a schedule, a list of labelled fields,
 * bracketed procedural notes of minutes), each a block of its own:
 * - `time`: a time range, "9:00 – 10:30: Session 1", "3:10-3:40: Debrief";
 * - `label`: a short capitalized label and a colon, "Morning: Focus Group 1",
 *   "Post-session: Debrief", "Defined by: …";
 * - `bracket`: a bracketed note, "[At 12:01 p.m. the committee recessed.]".
 */
type LineKey = 'time' | 'label' | 'bracket'

const TIME_KEY = /^\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?\s*[–—-]\s*\d{1,2}[:.]\d{2}\b/
const LABEL_KEY = twinTest(/^\p{Lu}[\p{L}/’'-]*(?: [\p{L}/’'-]+){0,2}: \S/u)

/** The key `line` starts with, asked once per line (the first character rules out most lines without a regex). */
function lineKey(line: Line): LineKey | '' {
  if (line.key !== undefined) return line.key
  const text = line.text
  const first = text.charCodeAt(0)
  let key: LineKey | '' = ''
  if (first === 91 /* [ */) key = text.length > 3 ? 'bracket' : ''
  else if (first >= 48 && first <= 57) key = TIME_KEY.test(text) ? 'time' : ''
  else if (!line.marker) {
    // A label is at most three words before its colon: look for ": " in the first 40 characters only.
    const colon = text.indexOf(': ')
    key = colon > 0 && colon < 40 && LABEL_KEY.test(text) ? 'label' : ''
  }
  line.key = key
  return key
}

/** Lines before and after a keyed line searched for another line with the same kind of key. */
const KEY_REACH = 3

/**
 * A line that starts with a key (`lineKey`) starts a block:
 * - in a run: another line with the same kind of key is at most three lines
 *   before or after it, with no gap between (a schedule's time ranges, labelled
 *   fields, which extractors without blank lines run together);
 * - after a sentence end, a bracketed note or a labelled field starts a block
 *   even alone: running text seldom wraps right before an opening bracket or
 *   a capitalized label with its colon after a finished sentence.
 * A line left open before it (a hyphen, a comma, "and", "of") goes on instead.
 * Undefined: the other rules decide.
 */
function keyedLine(lines: Line[], i: number, shape: Shape): true | undefined {
  const line = lines[i]!
  const prev = lines[i - 1]!
  if (line.gap === 'none' && afterBracketedNote(lines, i)) {
    shape.decisions.push({
      line,
      ruleId: 'paragraphs:keyed-line',
      reason: 'A block starts after a bracketed note',
      evidence: 'the line before closes with a sentence end and a bracket a line-opening bracket began, and this line starts with a capital'
    })
    return true
  }
  const key = lineKey(line)
  if (key === '') return undefined
  if (/[-‐,]$/.test(prev.text) || CONTINUES_HEADING.test(prev.text)) return undefined
  let run = false
  for (let j = i - 1; j >= Math.max(0, i - KEY_REACH) && !run; j--) {
    if (lines[j + 1]!.gap !== 'none') break
    run = lineKey(lines[j]!) === key
  }
  for (let j = i + 1; j <= Math.min(lines.length - 1, i + KEY_REACH) && !run; j++) {
    if (lines[j]!.gap !== 'none') break
    run = lineKey(lines[j]!) === key
  }
  const ends = endsSentence(prev) && !TITLE_BEFORE_NAME.test(prev.text)
  // In a run, the line before is an entry too: it ends a sentence or stops short ("Lunch break", "9:00 – 10:30: Session 1"),
  // where a full line without a stop ("… of the Rehabilitation" / "Act: 29 U.S.C. …") goes on.
  if (run ? !ends && !isShort(prev, shape) : key !== 'bracket' || !ends) return undefined
  if (line.gap === 'none' && !startsItem(line, prev, shape)) {
    shape.decisions.push({
      line,
      ruleId: 'paragraphs:keyed-line',
      reason: run ? `A block starts at a line that starts with a ${key} key, in a run of such lines` : 'A block starts at a bracketed note after a sentence end',
      evidence: run
        ? 'another line with the same kind of key (a time range, a label and a colon, an opening bracket) is at most three lines away, and the line before ends a sentence or stops short'
        : 'the line before ends a sentence; running text seldom wraps right before an opening bracket'
    })
  }
  return true
}

/** Lines a bracketed note ("[The committee rose at 3:36 p.m.]") may run over. */
const NOTE_LINES = 8

/**
 * Does `lines[i]` follow the end of a bracketed note? The line before ends
 * with a sentence end and a closing bracket, the note's opening bracket
 * starts a line at most eight lines up (no bracket closed in between), and
 * this line starts with a capital: a procedural note of minutes or an
 * editor's note is a block of its own.
 */
function afterBracketedNote(lines: Line[], i: number): boolean {
  const prev = lines[i - 1]!
  if (!prev.text.endsWith(']') || !/[.!?]["'”’]?\]$/.test(prev.text) || !STARTS_UPPER.test(lines[i]!.text)) return false
  for (let j = i - 1; j >= Math.max(0, i - NOTE_LINES); j--) {
    const text = lines[j]!.text
    if (text.charCodeAt(0) === 91 /* [ */) return true
    if (j < i - 1 && text.includes(']')) return false
    if (lines[j]!.gap !== 'none') return false
  }
  return false
}

/** A sentence end with a note marker glued to it ("justification.2", "submitted.”25", "1861,1"). */
const NOTE_MARKER_END = /[.!?,;:]["'”’)]?\d{1,3}$/

/** `prev` ends on a note marker glued to a sentence end (`NOTE_MARKER_END`), and neither line starts an item. */
function brokenAtNoteMarker(prev: Line, line: Line): boolean {
  // (The last character is looked at before the regular expression: most lines end with no digit.)
  const last = prev.text.charCodeAt(prev.text.length - 1)
  return last >= 48 && last <= 57 && !line.marker && !prev.marker && NOTE_MARKER_END.test(prev.text)
}

/** The printed line that `prev`, without its note marker, and `line` make together. */
function noteLineJoined(prev: Line, line: Line): string {
  return prev.text.replace(/\d+$/, '') + ' ' + line.text
}

/**
 * Share of the widest lines around that a line ending on a note marker and
 * the line after it can fill and still be one printed line. (Dev corpus,
 * -raw: such pairs that were one printed line fill at most 1.02; a
 * paragraph's last line and the next one's first line 1.046 or more.)
 */
const NOTE_LINE_ROOM = 1.03

/**
 * `pdftotext -raw` breaks a printed line at a superscript note marker:
 * "… with proper justification.2" / "Much about this dynamic has changed
 * since" / "the 1790s, …". The two pieces together make at most one printed
 * line (in ems, against the widest lines around), and the second goes on
 * (no sentence end; a lowercase line or a hyphen after it): it is the rest of the line, and starts no block
 * (`paragraphs:note-line`, recorded). A paragraph's last line and the next
 * paragraph's first line together are wider than any printed line.
 */
function restOfNoteLine(prev: Line, line: Line, next: Line | undefined, shape: Shape): boolean {
  if (!brokenAtNoteMarker(prev, line) || endsSentence(line)) return false
  // The rest goes on: the next line in lowercase, or after a hyphen, a comma, "of", "and" (a heading after a note marker does not).
  if (!/[-‐]$/.test(line.text) && !CONTINUES_HEADING.test(line.text) && !(next && next.gap === 'none' && !next.marker && STARTS_LOWER.test(next.text))) return false
  const room = prev.roomEms ?? line.roomEms
  if (room === undefined) return false
  const joined = emWidth(noteLineJoined(prev, line))
  if (joined > room * NOTE_LINE_ROOM) return false
  shape.joins.push({
    line,
    ruleId: 'paragraphs:note-line',
    reason: 'A line goes on the line before it, broken at a note marker',
    evidence: `the line before ends on a note marker, and both lines fill ${((joined / room) * 100).toFixed(0)}% of the widest lines around: one printed line`
  })
  return true
}

/**
 * The rest of a printed line broken at a note marker that ends a sentence: "… can disclose or publish the
 * information at any time,”4" / "including without prior notice to the agency." / "Such uncoordinated …".
 * The rest starts no block (it starts in lowercase), and it is not a paragraph's short last line either
 * when the two pieces make one full printed line: one that the next line's first word would not have fit
 * on (in ems, against the widest lines around). Its length becomes the printed line's, so the rules for a
 * full line that ends a sentence decide what follows (`paragraphs:note-line-end`, recorded).
 */
function fullNoteLineEnd(prev: Line, line: Line, next: Line | undefined, shape: Shape): void {
  // (A clock time or a decimal, "3:36" / "p.m.", ends on figures after a figure: no note marker.)
  if (!brokenAtNoteMarker(prev, line) || /\d[.,:]\d{1,3}$/.test(prev.text)) return
  if (!endsSentence(line) || !STARTS_LOWER.test(line.text) || !next || next.gap !== 'none' || !isShort(line, shape)) return
  const room = prev.roomEms ?? line.roomEms
  if (room === undefined) return
  const joined = noteLineJoined(prev, line)
  const width = emWidth(joined)
  if (width > room * NOTE_LINE_ROOM || emWidth(joined + ' ' + firstWord(next.text)) < room * FIT_MARGIN) return
  line.printed = prev.printed + 1 + line.printed
  line.fragment = true
  shape.joins.push({
    line: next,
    ruleId: 'paragraphs:note-line-end',
    reason: 'The paragraph goes on after the rest of a line broken at a note marker, which ends a sentence on a full printed line',
    evidence: `the line before ends on a note marker; both pieces fill ${((width / room) * 100).toFixed(0)}% of the widest lines around and the next word would not have fit`
  })
}

/** Lines an unmarked list after a colon may hold, looked back over from one of its items. */
const COLON_LIST_LINES = 12
/** Entries an unmarked list after a colon has at least. */
const COLON_LIST_MIN = 3

/**
 * A line that can be an entry of an unmarked list: right after the line
 * before it, no list marker, a capital first, no closing punctuation (a
 * closing bracket allowed), not longer than the text width, not going on
 * in lowercase on the next line.
 */
function entryShaped(lines: Line[], k: number, shape: Shape): boolean {
  const line = lines[k]!
  if (line.gap !== 'none' || line.marker || line.fragment || line.printed > shape.width || !STARTS_UPPER.test(line.text) || CLOSING_PUNCTUATION.test(line.text)) return false
  // A line of running text goes on in lowercase on the next line.
  const next = lines[k + 1]
  return !(next && next.gap === 'none' && STARTS_LOWER.test(next.text)) && !capitalsLine(line)
}

/**
 * An unmarked list after a colon ("The types of research can include:" /
 * "User Flow Testing" / "Assistive Technology Testing" / …): three or more
 * entry-shaped lines (`entryShaped`, not in capitals) right after a line
 * that ends with a colon (not in capitals), one of them short, each start a
 * block; so does a line with a capital right after the last of them.
 * Running text does not go on over lines in a row that end without
 * punctuation before a capital.
 * Undefined: the other rules decide.
 */
function colonListLine(lines: Line[], i: number, shape: Shape): true | undefined {
  const line = lines[i]!
  if (line.gap !== 'none' || line.marker) return undefined
  // Most lines have no colon line a list's length above them: one pass over the document tells
  // (a check per line instead of a walk back over the entry tests).
  if (!shape.colonAt) {
    shape.colonAt = new Int32Array(lines.length)
    let last = -1
    for (let k = 0; k < lines.length; k++) shape.colonAt[k] = last = lines[k]!.text.endsWith(':') ? k : last
  }
  const colon = shape.colonAt[i - 1]!
  if (colon < 0 || i - colon > COLON_LIST_LINES + 1 || !STARTS_UPPER.test(line.text)) return undefined
  // The run of entries this line belongs to (or ends, when it is the line after the last entry).
  const inRun = entryShaped(lines, i, shape)
  let from = inRun ? i : i - 1
  if (!inRun && !entryShaped(lines, from, shape)) return undefined
  while (from > 0 && i - from < COLON_LIST_LINES && entryShaped(lines, from - 1, shape) && !lines[from - 1]!.text.endsWith(':')) from--
  const intro = lines[from - 1]
  // (A heading in capitals that ends with a colon, "ITEM 4:", goes on over its capitals lines instead.)
  if (!intro || !intro.text.endsWith(':') || lines[from]!.gap !== 'none' || capitalsLine(intro)) return undefined
  let to = inRun ? i + 1 : i
  while (inRun && to < lines.length && to - from < COLON_LIST_LINES && entryShaped(lines, to, shape)) to++
  // Two lines may be one entry wrapped in a table's narrow cell ("Defined by:" / "Member of the Kubernetes" /
  // "GitHub organization"), where the next word would have fit on the line all the same: three lines are a list.
  if (to - from < COLON_LIST_MIN) return undefined
  let short = false
  for (let k = from; k < to && !short; k++) short = lines[k]!.printed < shape.short
  if (!short) return undefined
  shape.decisions.push({
    line,
    ruleId: 'paragraphs:colon-list',
    reason: inRun ? 'A block starts at an entry of an unmarked list after a colon' : 'A block starts after the last entry of an unmarked list after a colon',
    evidence: 'the list follows a line that ends with a colon; two or more lines in a row start with a capital and end without punctuation, one of them short'
  })
  return true
}

/**
 * A line of two or more words in capitals, left without closing
 * punctuation ("AGENDA ITEMS 1 and 2: OPENING REMARKS AND SELECTION OF
 * COMMITTEE CHAIRMAN"), then a line in ordinary case that starts with a
 * capital: running text does not switch from capitals to ordinary case in
 * mid-sentence, so a block (the heading) ends there, however long the
 * capitals line is (`paragraphs:after-capitals`, recorded).
 */
function afterCapitalsLine(prev: Line, line: Line, shape: Shape): boolean {
  if (!capitalsLine(prev) || capitalsLine(line) || !STARTS_UPPER.test(line.text) || line.marker || !/\S\s+\S/.test(prev.text)) return false
  if (/[-‐,]$/.test(prev.text) || CONTINUES_HEADING.test(prev.text) || prev.printed > shape.merged) return false
  shape.decisions.push({
    line,
    ruleId: 'paragraphs:after-capitals',
    reason: 'A block starts after a line in capitals without closing punctuation',
    evidence: 'the line before is set in capitals (two or more words) and this line, in ordinary case, starts with a capital'
  })
  return true
}

/** A heading line is followed by a line that starts something, or by a gap. */
function opensHeading(line: Line, next: Line | undefined, shape: Shape): boolean {
  if (!next || next.gap !== 'none') return true
  // "The Toll Dispute and the Schedule" / "of 1929": the heading's second line.
  if (headingTail(next, shape) && (CONTINUES_HEADING.test(line.text) || !STARTS_LOWER.test(next.text) || next.printed < shape.width * 0.5)) return true
  return STARTS_UPPER.test(next.text) || next.marker !== undefined
}

/**
 * Does a block end between `prev` and `line`? `prevIsHeading` is true when
 * `prev` is the first line of a heading; `prevIsHeading2` when it is its
 * second line.
 */
function endsBlock(
  prev: Line,
  line: Line,
  next: Line | undefined,
  shape: Shape,
  prevIsHeading: boolean,
  prevIsHeading2: boolean,
  inItem = false,
  beforePrev?: Line
): boolean | 'continue-heading' {
  if (startsItem(line, prev, shape)) return true
  if (sectionHeading(line, next, shape)) return true
  if (keyedRow(prev, line, next, shape)) return true
  // A heading ends at the next line, unless that line plainly continues it.
  if (prevIsHeading) {
    if (runInStart(prev, line, next, shape)) return true
    const continues =
      headingTail(line, shape) &&
      !keyColumn(line, next) &&
      // A number goes on a heading ("… Schedule" / "1961–1965"); a title of its own after a finished
      // heading line does not ("Section 508 of the Act, as amended" / "29 U.S.C. §794d. Electronic …").
      !(STARTS_NUMBER.test(line.text) && numberedTitle(line) && !CONTINUES_HEADING.test(prev.text)) &&
      (CONTINUES_HEADING.test(prev.text) ||
        // A heading set in capitals goes on in capitals ("COMMENTS, ANNOUNCEMENTS, AND OTHER" / "BUSINESS").
        (ALL_CAPS.test(prev.text) && ALL_CAPS.test(line.text)) ||
        /^[(\[\p{Ll}\p{N}]/u.test(line.text) ||
        // Alone between gaps (MuPDF sets headings apart with blank lines).
        !next ||
        next.gap !== 'none' ||
        // A heading set in a larger font wraps at a good part of the text width.
        // (A numbered section heading is set larger still: "1 Develop and Publish a Disclosure" / "Policy".)
        (prev.printed >= shape.width * (prev.heading || (STARTS_NUMBER.test(prev.text) && numberedTitle(prev)) ? 0.45 : 0.55) && !headingLike(next, shape)))
    return continues ? 'continue-heading' : true
  }
  // After two heading lines a block ends, unless the text plainly goes on
  // (a table cell or a wrapped line that only looked like a heading).
  if (prevIsHeading2) return !(STARTS_LOWER.test(line.text) || /[-–]$/.test(prev.text) || CONTINUES_HEADING.test(prev.text))
  // "U.S." at a line end followed by a lowercase word does not end a sentence.
  // "Mr." / "Franklin": a title before a name ends no sentence.
  // A clause marker glued to its sub-clause ("(b)(1) Not later …") is no lowercase word.
  const prevEnds = endsSentence(prev) && !(STARTS_LOWER.test(line.text) && !GLUED_CLAUSE.test(line.text)) && !TITLE_BEFORE_NAME.test(prev.text)
  const prevShort = isShort(prev, shape)
  if (line.gap === 'none') {
    if (restOfNoteLine(prev, line, next, shape)) return false
    fullNoteLineEnd(prev, line, next, shape)
    if (leadInLine(prev, line, next, shape)) return true
    // The rest of a printed line the extractor split (findSplitLines) starts nothing.
    if (line.fragment && endsSentence(prev)) return false
    // A heading in capitals goes on over lines in capitals ("AGENDA ITEM 4:" / "SCHEDULING OF" / "THE"),
    // however the extractor cut it at its wide justified spaces.
    if (inCapitals(prev) && inCapitals(line) && !/[.!?]["'”’)\]]*$/.test(prev.text) && (capitalsHeadingLine(prev, shape) || capitalsHeadingLine(line, shape) || prev.text.length + line.text.length < shape.width * 0.5)) return false
    // A row of figures ("141 165") is a table's, never a sentence's: it ends a block, and one starts it after a short line.
    if (FIGURES.test(prev.text) || (FIGURES.test(line.text) && prevShort)) return true
    // A list item printed without closing punctuation ends on its short line ("• Second: A. Smith" / "Vote: …").
    // (Unless the next word would not have fit on it: then the item's line was only wrapped:
    // "… compile the Foreign" / "Relations volumes.")
    if (!prevEnds && inItem && prevShort && STARTS_UPPER.test(line.text) && !CONTINUES_HEADING.test(prev.text) && !wrappedBefore(prev, line, shape)) return true
    if (!prevEnds && afterCapitalsLine(prev, line, shape)) return true
    if (!prevEnds) return prevShort && (shape.blankless ? shortOpenLine(prev, line, next, shape, beforePrev) : shortOpenLineBetweenBlanks(beforePrev, prev, line, next, shape))
    if (!prevShort) {
      // A heading right after a paragraph whose last line happens to be full.
      // (What follows it is a full line, a short one that ends its sentence (a one-line paragraph), or an item.)
      if (headingLike(line, shape) && next?.gap === 'none' && opensHeading(line, next, shape) && (!isShort(next, shape) || endsSentence(next) || next.marker !== undefined)) return true
      if (questionHeading(line, next, shape)) return true
      // Where every plain paragraph end has a blank line after it, a full line with none after it ends no paragraph.
      if (shape.blankParagraphs) return false
      return (line.indent > prev.indent && line.indent > 0) || shortPair(prev, line, shape) || wordWouldFit(prev, line, next, shape)
    }
    // Where paragraphs are set apart by blank lines, a line a little short of the width without one
    // after it is a justified line set loose, not a paragraph's end.
    if (shape.blankParagraphs && printedTail(prev, shape) >= shape.width * BLANK_PARAGRAPHS_SHORT) return false
    return !line.fragment
  }
  // A line in capitals after a blank line or a page break heads what follows: a
  // sentence cut by a column or page goes on in running text, not in capitals.
  if (capitalsHeadingLine(line, shape) && !capitalsHeadingLine(prev, shape)) return true
  // A blank line or a page break: the paragraph goes on when cut mid-sentence
  // (a column or page ends with a full line).
  if (!prevEnds) return prevShort && (line.gap === 'blank' || !STARTS_LOWER.test(line.text))
  // A full line ending a sentence at a page foot usually goes on overleaf,
  // unless no page of this document breaks a sentence.
  if (line.gap === 'page' && !prevShort && !shape.pagesEndParagraphs) {
    return headingLike(line, shape) && opensHeading(line, next, shape)
  }
  return true
}

/**
 * A question set as a heading ("Why Go?", "What Is a Disclosure Policy?"):
 * a short line of a few words in Title Case ending with a question mark,
 * followed by a sentence. After a full line that ends a sentence it starts
 * a block: a question that ends a paragraph is not in Title Case.
 */
function questionHeading(line: Line, next: Line | undefined, shape: Shape): boolean {
  if (!/\?["”’]?$/.test(line.text) || line.printed > shape.width * 0.5 || line.marker || !next || next.gap !== 'none') return false
  if (!STARTS_UPPER.test(next.text) || next.marker) return false
  const words = line.text.split(/\s+/)
  // Title Case: every word of four letters or more capitalized.
  return words.length <= 8 && words.every((w) => w.replace(/[^\p{L}]/gu, '').length < 4 || /^["“‘'(\[]*\p{Lu}/u.test(w))
}

/**
 * Text without blank lines (`pdftotext -raw`): a short line without closing
 * punctuation, followed by a line that starts with a capital or a digit
 * whose first word would have fit on it, ends a block. A typesetter breaks
 * a running line only where the next word no longer fits, so the line ended
 * a heading, a list entry, a table cell or a paragraph printed without a
 * full stop. A line left open (a hyphen, a comma, "and", "of") goes on.
 */
function shortOpenLine(prev: Line, line: Line, next: Line | undefined, shape: Shape, beforePrev?: Line): boolean {
  // A fragment is the rest of a printed line the extractor broke at a superscript: its length is not the line's.
  if (prev.fragment || !(STARTS_UPPER.test(line.text) || GLUED_CLAUSE.test(line.text)) || /[-‐.]$/.test(prev.text)) return false
  if (CONTINUES_HEADING.test(prev.text) && !openParagraphEnd(beforePrev, prev, shape)) return false
  // A run of short lines is a table's cells (a cell wraps where its column ends, not the text's) or a list the
  // heading rules read: the text width says nothing there.
  const half = shape.width * 0.5
  // (An item after them shows the run is no table.)
  // (Nor does the last line of a paragraph that wrapped before it: "… Grant Ongers - Yes - Sherif" / "Mansour - Yes" /
  // "Passes: 6-0" / "REPORTS": the block ends there, whatever follows.)
  if (prev.printed < half && line.printed < half && (!next || (next.printed < half && !next.marker)) && !paragraphTail(beforePrev, prev, shape)) return false
  if (!fitsAfter(prev, firstWord(line.text))) return false
  shape.decisions.push({
    line,
    ruleId: 'paragraphs:short-line',
    reason: 'A block ends after a short line without closing punctuation',
    evidence: 'the next line starts with a capital and its first word would have fit on the short line (text without blank lines)'
  })
  return true
}

/** A sentence stop after a word in lowercase, a figure or a closing quote or bracket ("… election.”"; not "U.S."). */
const PLAIN_SENTENCE_END = /[\p{Ll}\d"'”’)\]][.!?]["'”’)\]]*$/u
/** A lead-in of a few words that ends with a colon ("to:", "with:", "Section 3.15 - Replace:"). */
const LEAD_IN = /^[^\s:][^:]*:$/
const LEAD_IN_WORDS = 4

/**
 * A lead-in line right after a sentence end ("… prior to the election.”" / "to:" / "“All Directors
 * shall …”"): a short line of a few words that ends with a colon and introduces what follows starts a
 * block (`paragraphs:lead-in`), also in lowercase. A sentence that goes on over the line end does not
 * end on the line before; a lead-in that wrapped ("… resolved as" / "follows:") has no sentence end
 * before it.
 */
function leadInLine(prev: Line, line: Line, next: Line | undefined, shape: Shape): boolean {
  if (line.text.charCodeAt(line.text.length - 1) !== 58 /* : */ || line.marker || !next || !LEAD_IN.test(line.text)) return false
  if (line.printed >= shape.width * 0.5 || countWords(line.text, LEAD_IN_WORDS + 1) > LEAD_IN_WORDS) return false
  if (!PLAIN_SENTENCE_END.test(prev.text) || TITLE_BEFORE_NAME.test(prev.text)) return false
  shape.decisions.push({
    line,
    ruleId: 'paragraphs:lead-in',
    reason: 'A block starts at a short lead-in line that ends with a colon after a sentence end',
    evidence: 'the line before ends a sentence; this line has at most four words and ends with a colon'
  })
  return true
}

/**
 * A paragraph's last line that ends open, on a dash or a comma ("… glad, very glad, and yet—" / "After two
 * long drinks …"): the line before it is a full line of the same paragraph (no gap, no marker), so the short
 * line is no heading's first line that wraps early, and running text after it would have gone on on it.
 */
function openParagraphEnd(beforePrev: Line | undefined, prev: Line, shape: Shape): boolean {
  return /[—,]$/.test(prev.text) && paragraphTail(beforePrev, prev, shape)
}

/** `prev` is the last line of a paragraph that wrapped: the line before it is a full line of running text, no gap between. */
function paragraphTail(beforePrev: Line | undefined, prev: Line, shape: Shape): boolean {
  if (!beforePrev || prev.gap !== 'none' || prev.marker) return false
  return !isShort(beforePrev, shape) && beforePrev.printed <= shape.merged && !endsSentence(beforePrev)
}

/** A line of one word in lowercase ("where", "to"): a piece of a printed line, when short lines surround it. */
const LOWER_WORD = /^\p{Ll}[\p{L}’'-]*$/u

/**
 * Text with blank lines (pdftotext's default mode, MuPDF): the extractor sets apart only the blocks
 * with extra space around them, so a heading, a label or a paragraph printed without a full stop is
 * often followed by the next block with no blank line. The short line rule holds there too
 * (`paragraphs:short-line-blanks`), unless the short line is one more piece of a run of short
 * open lines with a single lowercase word among them ("The schoolhouse was a log hut," / "where" /
 * "Colonel …", "to" / "Doc" / "Burke's …": MuPDF cut one printed line at its wide spaces): then its
 * shortness says nothing about the text width.
 */
function shortOpenLineBetweenBlanks(beforePrev: Line | undefined, prev: Line, line: Line, next: Line | undefined, shape: Shape): boolean {
  if (prev.gap === 'none' && beforePrev && isShort(beforePrev, shape) && !endsSentence(beforePrev) && (LOWER_WORD.test(prev.text) || LOWER_WORD.test(beforePrev.text))) return false
  if (!shortOpenLine(prev, line, next, shape, beforePrev)) return false
  const decision = shape.decisions[shape.decisions.length - 1]!
  decision.ruleId = 'paragraphs:short-line-blanks'
  decision.evidence = 'the next line starts with a capital and its first word would have fit on the short line; no blank line after it (text with blank lines)'
  return true
}

/** The first word of `line` would not have fit at the end of `prev` (measured in ems where the room is known): a wrap. */
function wrappedBefore(prev: Line, line: Line, shape: Shape): boolean {
  if (prev.roomEms === undefined) return false
  // A line the extractor merged from printed lines: its last printed line counts.
  const tail = prev.printed > shape.merged ? prev.text.slice(-Math.round(printedTail(prev, shape))) : prev.text
  return emWidth(tail + ' ' + firstWord(line.text)) >= prev.roomEms * FIT_MARGIN
}

/**
 * Would `word` have fit at the end of `line`? In ems against the widest
 * lines around. Where few full lines are around (a table of short cells, a
 * narrow column of a table) the room a line had is unknown: no.
 */
function fitsAfter(line: Line, word: string): boolean {
  return line.roomEms !== undefined && emWidth(line.text + ' ' + word) < line.roomEms * FIT_MARGIN
}

/**
 * Text without blank lines between blocks: fewer blank lines than one in a
 * hundred lines (a stray one on a title page), over enough lines to tell.
 */
function isBlankless(lines: Line[]): boolean {
  if (lines.length < 20) return false
  return lines.filter((l) => l.gap === 'blank').length < lines.length * 0.01
}

/**
 * Advance widths of a typical book font (Computer Modern Roman, in
 * thousandths of an em). Counting characters treats "ill" and "mum" alike;
 * in a narrow justified column that difference hides how full a line is.
 * Any proportional font is close enough: only ratios between nearby lines
 * are used.
 */
const GLYPH_WIDTHS: Record<string, number> = {
  a: 500, b: 556, c: 444, d: 556, e: 444, f: 306, g: 500, h: 556, i: 278, j: 306, k: 528, l: 278, m: 833,
  n: 556, o: 500, p: 556, q: 528, r: 392, s: 394, t: 389, u: 556, v: 528, w: 722, x: 528, y: 528, z: 444,
  A: 750, B: 708, C: 722, D: 764, E: 681, F: 653, G: 785, H: 750, I: 361, J: 514, K: 778, L: 625, M: 917,
  N: 750, O: 778, P: 681, Q: 778, R: 736, S: 556, T: 722, U: 750, V: 750, W: 1028, X: 750, Y: 750, Z: 611,
  ' ': 333, '.': 278, ',': 278, ':': 278, ';': 278, '!': 278, '?': 472, '-': 333, '–': 500, '—': 1000,
  "'": 278, '’': 278, '‘': 278, '"': 500, '“': 500, '”': 500, '(': 389, ')': 389, '[': 278, ']': 278
}

/** `GLYPH_WIDTHS` by UTF-16 code unit (0: not listed), so that measuring a line allocates nothing. */
const WIDTH_BY_CODE = new Uint16Array(0x10000)
for (const [char, width] of Object.entries(GLYPH_WIDTHS)) WIDTH_BY_CODE[char.charCodeAt(0)] = width

/** Width of `text` in ems; digits and unknown characters (one per code point) count half an em. */
export function emWidth(text: string): number {
  let width = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    // A surrogate pair is one character.
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1)
      if (low >= 0xdc00 && low <= 0xdfff) i++
    }
    width += WIDTH_BY_CODE[code] || 500
  }
  return width / 1000
}

/**
 * Measure each single printed line in ems, and the width of the full lines
 * around it (columns and full-width tables each have their own width).
 */
function measureEms(lines: Line[], shape: Shape) {
  const ems = lines.map((l) =>
    l.fragment || l.printed > shape.merged || l.printed < shape.width * 0.7 ? undefined : emWidth(l.text)
  )
  // The up to 13 measured widths around a line, kept sorted in one reused buffer (no array and sort per line).
  const around = new Float64Array(13)
  for (let i = 0; i < lines.length; i++) {
    // Short lines get the local widths too (`roomEms`: would the next word have fit?), not an `ems` of their own.
    if (ems[i] !== undefined) lines[i]!.ems = ems[i]
    let count = 0
    for (let j = Math.max(0, i - 6); j <= Math.min(lines.length - 1, i + 6); j++) {
      const width = ems[j]
      if (width === undefined) continue
      let k = count++
      for (; k > 0 && around[k - 1]! > width; k--) around[k] = around[k - 1]!
      around[k] = width
    }
    // Three full lines around tell what a line could hold (the widest but one of seven or more, else the widest).
    if (count >= 3) lines[i]!.roomEms = around[count >= 7 ? count - 2 : count - 1]
    if (count < 7 || ems[i] === undefined) continue
    lines[i]!.localEms = around[Math.floor(count * 0.75)]
    lines[i]!.capEms = around[count - 2]
  }
  // Where too few full lines are near (a title page, a run of items), the document's full lines tell what a line holds.
  const measured = ems.filter((e): e is number => e !== undefined).sort((a, b) => a - b)
  if (measured.length >= 20) {
    const room = measured[Math.floor(measured.length * 0.9)]!
    for (const line of lines) line.roomEms ??= room
  }
  // How far full lines fall short of the local width here: lines that surely
  // go on (no sentence end, lowercase next) show it. Ragged or loosely set
  // text varies too much for the signal; too few lines cannot tell.
  const ratios: number[] = []
  for (let i = 0; i + 1 < lines.length; i++) {
    const line = lines[i]!
    const next = lines[i + 1]!
    if (next.gap !== 'none' || SENTENCE_END.test(line.text) || !STARTS_LOWER.test(next.text)) continue
    if (line.ems !== undefined && line.localEms !== undefined) ratios.push(line.ems / line.localEms)
  }
  if (ratios.length < 30) return
  ratios.sort((a, b) => a - b)
  shape.pairShort = Math.min(PAIR_SHORT, 2 * ratios[Math.floor(ratios.length * 0.05)]!)
}

/**
 * A paragraph's last line is set at natural spacing and stops short of the
 * column; the next paragraph's first line is indented. Either alone can
 * look full when counted in characters, but together, measured in ems
 * against the local column width, they fall clearly short of two full lines.
 */
function shortPair(prev: Line, line: Line, shape: Shape): boolean {
  if (shape.pairShort === 0 || prev.ems === undefined || line.ems === undefined || line.localEms === undefined || prev.localEms === undefined) return false
  if (!STARTS_UPPER.test(line.text)) return false
  const local = (prev.localEms + line.localEms) / 2
  // The shortfall must lie in the last line, not only in the first: a line
  // much shorter than the full line before it may rather end its own paragraph.
  if (prev.ems > line.ems + local * 0.03) return false
  return prev.ems + line.ems < local * shape.pairShort
}

/**
 * A line is broken where the next word no longer fits. So a line that ends
 * a sentence with room left for the next line's first word was a
 * paragraph's last line; and a line with room left for the word after it,
 * followed by running text, was set short by a paragraph indent that the
 * extractor dropped (`pdftotext -raw`, MuPDF). Measured in ems against the
 * widest lines around (ragged or justified text alike); the margin allows
 * for a font other than the one measured and for justified lines that the
 * typesetter broke early.
 */
function wordWouldFit(prev: Line, line: Line, next: Line | undefined, shape: Shape): boolean {
  if (!STARTS_UPPER.test(line.text)) return false
  // The line and the next word, as a share of the widest lines around (Infinity: not measured).
  const room = (l: Line, word: string) => (l.ems !== undefined && l.capEms !== undefined ? (l.ems + emWidth(' ' + word)) / l.capEms : Infinity)
  let share = room(prev, firstWord(line.text))
  if (share >= SENTENCE_FIT_MARGIN) {
    if (!next || next.gap !== 'none' || next.marker || /[-‐]$/.test(line.text) || endsSentence(line) || !STARTS_LOWER.test(next.text)) return false
    share = room(line, firstWord(next.text))
    if (share >= SENTENCE_FIT_MARGIN) return false
  }
  // Only the boundaries that the narrower margin adds are recorded (the older ones never were: outputs stay as they were).
  if (share >= FIT_MARGIN) {
    shape.decisions.push({
      line,
      ruleId: 'paragraphs:sentence-fit',
      reason: 'A paragraph ends after a sentence end: the next word would have fit on the line',
      evidence: `the line and the next line's first word fill ${(share * 100).toFixed(1)}% of the widest lines around (under ${SENTENCE_FIT_MARGIN * 100}%)`
    })
  }
  return true
}

/** The first word of a line; a word of one or two letters with the next (typesetters keep "A", "I", "of" off a line's end). */
function firstWord(text: string): string {
  const words = text.split(' ', 2)
  return words[0]!.length < 3 && words[1] ? `${words[0]} ${words[1]}` : words[0]!
}

/** Share of the widest local line that a line plus the next word must stay under to have had room for it. */
const FIT_MARGIN = 0.97
/**
 * The same margin where the line ends a sentence and a capital follows
 * (`wordWouldFit`): a sentence end is itself a sign of a paragraph's end, so
 * less room left over suffices. (Dev corpus, -raw and pdftotext: at 0.98 no
 * file lost block precision and nine gained F1; at 0.99 ordinary paragraphs
 * were cut in four files.)
 */
const SENTENCE_FIT_MARGIN = 0.98

/**
 * Two lines holding less than this many local line widths end and start
 * paragraphs; less still where full lines vary more (twice the width that
 * 95% of full lines reach).
 */
const PAIR_SHORT = 1.92

/**
 * Does the extractor set paragraphs apart with blank lines? Where a
 * paragraph plainly ends (a line ending a sentence at less than 60% of the
 * width, running text after it) a blank line follows in 95% of the cases or
 * more, over ten or more such ends. MuPDF does so on layouts with space
 * between paragraphs; on indented layouts it writes no blank line.
 */
/** In a document whose paragraphs are set apart by blank lines, a line ending a paragraph without one is shorter than this share of the width. */
const BLANK_PARAGRAPHS_SHORT = 0.75

function blankParagraphs(lines: Line[], shape: Shape): boolean {
  let blank = 0
  let none = 0
  for (let i = 1; i < lines.length; i++) {
    const prev = lines[i - 1]!
    const line = lines[i]!
    if (line.gap === 'page' || line.marker || prev.marker || prev.fragment || line.fragment) continue
    // A sentence end, then running text (not a heading or a cell) that starts a sentence.
    if (!endsSentence(prev) || prev.printed < shape.width * 0.2 || !STARTS_UPPER.test(line.text) || line.printed < shape.width * 0.8) continue
    if (line.gap === 'blank') blank++
    // A plain paragraph end (a line ending at less than 60% of the width) with no blank line after it.
    else if (prev.printed < shape.width * 0.6) none++
  }
  return blank >= 3 && none <= blank * 0.05
}

/**
 * Some documents are laid out so that every page ends with a paragraph (no
 * sentence ever runs over a page). When four or more page breaks fall
 * between lines of running text and every one of them follows a sentence
 * end, a page break after a full line ends the paragraph too.
 */
function pagesEndParagraphs(lines: Line[], shape: Shape): boolean {
  let breaks = 0
  for (let i = 1; i < lines.length; i++) {
    const prev = lines[i - 1]!
    const line = lines[i]!
    if (line.gap !== 'page' || line.marker || prev.marker) continue
    // Running text on both sides: not a heading, not a table cell.
    if (prev.printed < shape.width * 0.5 && line.printed < shape.width * 0.5) continue
    if (headingLike(prev, shape) || headingLike(line, shape)) continue
    if (!endsSentence(prev)) return false
    breaks++
  }
  return breaks >= 4
}

/**
 * Mark lines that an extractor split off a printed line. A justified line
 * stretched wide has wide spaces after its sentences, and some extractors
 * (MuPDF) cut the line there: "the United Nations." / "The United". A short
 * line ending a sentence, followed without a gap by lines that together with
 * it make one line of the text width, is one printed line. Every piece but
 * the last ends a sentence.
 */
function findSplitLines(lines: Line[], shape: Shape) {
  for (let i = 0; i < lines.length - 1; i++) {
    const first = lines[i]!
    if (first.fragment || !endsSentence(first)) continue
    // An item's first line split after an abbreviation ("• Dr." / "Alwyn V. Freeman, Member, Board" /
    // "of Editors …"): only where the piece goes on in lowercase, as items often are short lines.
    // Or where the item holds only an abbreviation ("• Dr.", "• Mrs."): no item ends there.
    const abbreviation = first.marker !== undefined && /^\p{Lu}\p{Ll}{0,3}\.$/u.test(first.text.slice(first.marker[0].length).trim())
    if (first.marker && !abbreviation && !(lines[i + 1]?.gap === 'none' && goesOnLower(lines[i + 1]!, lines[i + 2]))) continue
    // A first piece as long as a full line can only be followed by a piece that goes on in lowercase.
    if (first.printed >= shape.short && !(lines[i + 1]?.gap === 'none' && splitUpper(lines[i + 1]!, lines[i + 2], shape) > shape.split[1])) continue
    let total = first.printed
    for (let j = i + 1; j < lines.length; j++) {
      const piece = lines[j]!
      if (piece.gap !== 'none' || piece.marker) break
      total += 1 + piece.printed
      if (total > splitUpper(piece, lines[j + 1], shape)) break
      if (total >= shape.split[0]) {
        // A heading after a short last line is no split-off piece: what
        // follows a real piece is the next full line of the paragraph.
        const after = lines[j + 1]
        if (headingLike(piece, shape) && after && headingTail(after, shape)) break
        // Nor is the first entry of a list after a colon ("… can include:" / "Qualitative Research (…)" /
        // "User Flow Testing"): the entry and the one after it each start with a capital and end without punctuation.
        if (first.text.endsWith(':') && j === i + 1 && entryShaped(lines, j, shape) && entryShaped(lines, j + 1, shape)) break
        // Nor a one-line paragraph after a paragraph's short last line ("… Kubernetes project." / "Reviewer status
        // is scoped to a part of the codebase." / "Note: …"): a piece that ends a sentence too, before a capital.
        if (endsSentence(piece) && !TITLE_BEFORE_NAME.test(piece.text) && after && after.gap === 'none' && (STARTS_UPPER.test(after.text) || after.marker !== undefined)) break
        for (let k = i + 1; k <= j; k++) {
          lines[k]!.fragment = true
          lines[k]!.printed = first.printed + lines.slice(i + 1, k + 1).reduce((sum, l) => sum + 1 + l.printed, 0)
        }
        i = j
        break
      }
      if (!endsSentence(piece)) break
    }
  }
}

/**
 * The most two pieces of one printed line can hold. A piece that stops
 * without closing punctuation and goes on in lowercase on the next line
 * ("… of the chase." / "I see" / "now the white, hot roads …") was cut off
 * a line that was full: no heading or one-line paragraph goes on like that,
 * and a paragraph's first line is no short piece.
 * Such a line may hold as many characters as the widest lines (narrow
 * characters, a tight justified line); other pieces must stay under the
 * split range, as a short last line and a short next line could make up
 * the width by chance.
 */
function splitUpper(piece: Line, after: Line | undefined, shape: Shape): number {
  return piece.printed <= shape.width * SPLIT_CONTINUED_PIECE && goesOnLower(piece, after) ? shape.width * SPLIT_CONTINUED : shape.split[1]
}

/** A line without closing punctuation (a comma allowed) whose text goes on in lowercase on the next line. */
function goesOnLower(piece: Line, after: Line | undefined): boolean {
  return after !== undefined && after.gap === 'none' && !after.marker && !CLOSING_PUNCTUATION.test(piece.text.replace(/,$/, '')) && STARTS_LOWER.test(after.text)
}

/** Share of the text width that a printed line split in two, its second piece going on in lowercase, can reach. */
const SPLIT_CONTINUED = 1.1
/** ... where the second piece is at most this share of the width: a paragraph's first line is longer. */
const SPLIT_CONTINUED_PIECE = 0.35

/**
 * A numbered paragraph ("1. Purpose. According to the terms …", a report's
 * numbered sections run in): a decimal marker and a run-in title on a block
 * of four lines or more that does not go on a list of shorter items. It
 * stays a paragraph, its number kept in its text as printed. (Long numbered
 * items without a title, a directive's numbered actions after "Within 30
 * days, update the following:", are a list's items.)
 */
function numberedParagraph(group: Line[], blocks: RootContent[], nesting: Nesting): boolean {
  const marker = group[0]!.marker!
  if (marker[1] === undefined || group.length < 4 || !runInTitle(group[0]!)) return false
  const open = nesting.stack[0]?.list
  if (open && blocks.lastIndexOf(open) >= blocks.length - 2) {
    // Items of the open list: all long too?
    return open.children.every((item) => ((item.children[0] as Paragraph | undefined)?.children.length ?? 0) >= 4)
  }
  return true
}

/** A word with an asterisk glued after it: a note reference ("organizations*.", "the fee*"). */
const ASTERISK_REFERENCE = /[\p{L}\p{N}.,;:)”’"']\*+(?=[\s.,;:)”’"']|$)/u
/** How many lines before an asterisk note its reference may be (a page's worth). */
const ASTERISK_REACH = 60

/**
 * A note after an asterisk ("* Excluding the playground repository. It …")
 * whose reference, a word with an asterisk glued after it, came shortly
 * before: the note that explains the starred word, printed below the list or
 * paragraph that holds it, not one more item of that list (a list of "•"
 * items gets no "*" item). A line of a run of "*" items (another "* " line
 * right before or within the next lines) stays an item. It becomes a
 * paragraph with its asterisk kept as printed; recorded as
 * `paragraphs:asterisk-note`.
 */
function asteriskNote(lines: Line[], i: number, shape: Shape): boolean {
  const line = lines[i]!
  if (line.marker?.[0].trim() !== '*') return false
  const starred = (k: number) => lines[k]?.marker?.[0].trim() === '*'
  if (starred(i - 1)) return false
  for (let k = i + 1; k < Math.min(lines.length, i + 6); k++) if (starred(k)) return false
  for (let k = i - 1; k >= Math.max(0, i - ASTERISK_REACH); k--) {
    const reference = ASTERISK_REFERENCE.exec(lines[k]!.text)
    if (!reference) continue
    shape.decisions.push({
      line,
      ruleId: 'paragraphs:asterisk-note',
      reason: 'Kept a line that opens with an asterisk as a note paragraph, not a list item',
      evidence: `asterisk reference “${lines[k]!.text.slice(Math.max(0, reference.index - 20), reference.index + reference[0].length).trim()}” on line ${lines[k]!.node.position.start.line}; no other “*” line next to it`
    })
    return true
  }
  return false
}

/**
 * The last member of a sequence of numbered paragraphs: its number, how many
 * members in a row were kept as paragraphs, and whether it opened with a
 * run-in title.
 */
interface Sequence {
  value: number
  count: number
  runIn: boolean
}

/**
 * A run-in title after the number: a few capitalized words (small function
 * words and brackets allowed) closed by a full stop or a colon, then a
 * sentence ("12. Conclusions. There is …", "4. Use of Post and Lot (Office)
 * Files. There …", "3. Publication Progress: Time Lag. My …").
 */
const RUN_IN_TITLE =
  /^((?:[(["']?[A-Z][\w'’&/-]*[)\]]?,?|of|and|or|the|a|an|in|on|for|to|by|with|at|from|&|-|–)(?:\s+(?:[(["']?[A-Z][\w'’&/-]*[)\]]?,?|of|and|or|the|a|an|in|on|for|to|by|with|at|from|&|-|–)){0,9}[.:])\s+[("“]?[A-Z0-9]/

/** ... or in sentence case, shorter: "Volume of papers. Nothing is …" (at most five words). */
const RUN_IN_SENTENCE_CASE = /^([A-Z][\w'’&/-]*(?:\s+[a-z][\w'’&/-]*){0,4}[.:])\s+[("“]?[A-Z0-9]/

function runInTitle(line: Line): boolean {
  const marker = line.marker
  if (marker === undefined || marker[1] === undefined) return false
  const rest = line.text.slice(marker[0].length)
  const title = (RUN_IN_TITLE.exec(rest) ?? RUN_IN_SENTENCE_CASE.exec(rest))?.[1]
  // "2. Mr. Smith moved …", "3. No. 4 of the rules …": a title before a name is no run-in title.
  return title !== undefined && !TITLE_BEFORE_NAME.test(title)
}

/**
 * The next member of a sequence of numbered paragraphs stays a paragraph,
 * however short: "12. Conclusions. There is little … these points:" after
 * sections 1.–11. printed as paragraphs is section 12, not a list of one
 * item, and the clauses "(a) …", "(b) …" after it are a list of their own.
 * Reports, minutes and statutes number their paragraphs this way. The number
 * must follow the last numbered paragraph (N after N - 1, other paragraphs
 * may come between), and this one and the last one both open with a run-in
 * title. A real ordered list (short items, one after another) never had a
 * paragraph member, so it stays a list. Recorded as
 * `paragraphs:numbered-sequence`.
 */
function numberedSequence(group: Line[], sequence: Sequence | undefined, shape: Shape): boolean {
  const first = group[0]!
  const marker = first.marker!
  if (marker[1] === undefined || sequence === undefined || Number(marker[1]) !== sequence.value + 1) return false
  // Long numbered blocks without titles are as often a list of long items (a directive's numbered
  // actions, each with its lettered clauses), so the title run in after the number decides.
  if (!sequence.runIn || !runInTitle(first)) return false
  shape.decisions.push({
    line: first,
    ruleId: 'paragraphs:numbered-sequence',
    reason: `Kept numbered paragraph ${marker[1]} as a paragraph, like the numbered paragraphs before it`,
    evidence: `${sequence.count} numbered paragraph${sequence.count > 1 ? 's' : ''} with run-in titles before it (the last one numbered ${sequence.value}); this one opens with a run-in title too`
  })
  return true
}

/** The sequence after an item-marked block: a decimal-numbered block kept as a paragraph goes on (or starts) it; a list item ends it. */
function nextInSequence(group: Line[], kept: boolean, sequence: Sequence | undefined): Sequence | undefined {
  const first = group[0]!
  const number = first.marker![1]
  if (number === undefined) return sequence
  if (!kept) return undefined
  const value = Number(number)
  const count = sequence !== undefined && value === sequence.value + 1 ? sequence.count + 1 : 1
  return {value, count, runIn: runInTitle(first)}
}

/** The lists open at the end of the blocks, outermost first, with each one's marker family and last value. */
interface Nesting {
  stack: {family: string; value: number; list: List}[]
}

/**
 * Add an item: to the open list of its marker family when it follows that
 * list's last marker (or is a bullet), else as a list nested in the last
 * item (a new family), else as a new list. Page breaks between two items of
 * one list are dropped: the list goes on over the page.
 */
function addListItem(blocks: RootContent[], lines: Line[], nesting: Nesting) {
  const marker = lines[0]!.marker!
  const item = toListItem(lines, marker)
  let tail = blocks.length
  while (tail > 0 && blocks[tail - 1]!.type === 'pageBreak') tail--
  const top = nesting.stack[0]?.list
  const at = top ? blocks.lastIndexOf(top) : -1
  const info = markerInfo(marker[0].trim(), nesting.stack)
  const levelOf = (successor: boolean) => {
    for (let d = nesting.stack.length - 1; d >= 0; d--) {
      const open = nesting.stack[d]!
      if (open.family === info.family && (info.value === 0 || open.value === 0 || info.value === open.value + 1 || !successor)) return d
    }
    return -1
  }
  if (at < 0) nesting.stack = []
  else if (at < tail - 1) {
    // Prose that introduces sub-items ("(2) Exemptions" / "The following are exempt:" / "(i) …"):
    // up to three plain paragraphs ending with a colon, then a numbered or lettered item of a new
    // family, go on the open list. (Other prose between items is a paragraph of its own.)
    const between = blocks.slice(at + 1, tail).filter((b) => b.type !== 'pageBreak')
    const prose = between.length <= 3 && between.every((b) => b.type === 'paragraph' && isProse(b))
    const lastText = between.length ? toPlain(between.at(-1)!).trimEnd() : ''
    const resumes = prose && info.value > 0 && lastText.endsWith(':') && levelOf(false) < 0
    if (!resumes) nesting.stack = []
    else {
      const host = nesting.stack.at(-1)!.list.children.at(-1)!
      for (const b of between) host.children.push(b as Paragraph)
      host.spread = true
      blocks.splice(at + 1)
      tail = blocks.length
    }
  }
  let level = nesting.stack.length ? levelOf(true) : -1
  if (level >= 0) {
    nesting.stack.length = level + 1
    const open = nesting.stack[level]!
    open.list.children.push(item)
    open.value = info.value
  } else {
    const ordered = marker[1] !== undefined
    const list: List = {
      type: 'list',
      ordered,
      start: ordered ? Number(marker[1]) : null,
      spread: false,
      children: [item],
      position: item.position
    }
    const parent = nesting.stack.at(-1)?.list.children.at(-1)
    if (parent) parent.children.push(list)
    else {
      blocks.push(list)
      tail = blocks.length
    }
    nesting.stack.push({family: info.family, value: info.value, list})
  }
  // The page breaks inside the list go; the open lists and their last items now end with this item.
  if (tail < blocks.length && nesting.stack.length > 0) blocks.splice(tail)
  for (const open of nesting.stack) {
    open.list.position = {start: open.list.position!.start, end: item.position!.end}
    const lastItem = open.list.children.at(-1)!
    if (lastItem !== item) lastItem.position = {start: lastItem.position!.start, end: item.position!.end}
  }
}

/** A paragraph of running text (not a heading line): more than one line, or ends with punctuation. */
function isProse(paragraph: Paragraph): boolean {
  return paragraph.children.length > 1 || CLOSING_PUNCTUATION.test(toPlain(paragraph).trimEnd())
}

function toPlain(node: RootContent): string {
  return 'children' in node ? (node.children as Text[]).map((c) => c.value ?? '').join('') : ''
}

function toListItem(lines: Line[], marker: RegExpExecArray): ListItem {
  // Numbers and bullets become list structure; letter and roman markers
  // ("(a)", "iv)") have no mdast form, so they stay in the item's text.
  const structural = marker[1] !== undefined || marker[3] !== undefined
  const first = lines[0]!
  const paragraph = structural
    ? toParagraph([{...first, text: first.text.slice(marker[0].length)}, ...lines.slice(1)], marker[0].length)
    : toParagraph(lines)
  return {
    type: 'listItem',
    spread: false,
    checked: null,
    data: {marker: marker[0].trim()} as ListItem['data'],
    children: [paragraph],
    position: paragraph.position
  }
}

/** Lines of code as printed: their indentation (less the common one) and words untouched. */
function toCode(lines: Line[]): Code {
  const values = lines.map((l) => l.node.value.trimEnd())
  const common = Math.min(...values.map((v) => v.length - v.trimStart().length))
  return {
    type: 'code',
    lang: null,
    meta: null,
    value: values.map((v) => v.slice(common)).join('\n'),
    position: {start: lines[0]!.node.position.start, end: lines.at(-1)!.node.position.end}
  }
}

function toParagraph(lines: Line[], firstSkip = 0): Paragraph {
  const children: Text[] = lines.map((line, i) => {
    const start = line.node.position.start
    const lead = line.indent + (i === 0 ? firstSkip : 0)
    const last = i === lines.length - 1
    return {
      type: 'text',
      value: last ? line.text : line.text + ' ',
      position: {
        start: {line: start.line, column: start.column + lead, offset: (start.offset ?? 0) + lead},
        end: {
          line: start.line,
          column: start.column + lead + line.text.length,
          offset: (start.offset ?? 0) + lead + line.text.length
        }
      }
    }
  })
  return {
    type: 'paragraph',
    children,
    position: {start: children[0]!.position!.start, end: children.at(-1)!.position!.end}
  }
}

/** The plugin as the module's default export, as remark plugins are published. */
export default paragraphs
