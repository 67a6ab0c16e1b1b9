/**
 * Telling headings from other short lines.
 *
 * A standalone heading is a block of one to three short lines that reads
 * like a heading (`headingText`: starts with a capital or a number, no
 * closing punctuation but a question mark, mostly capitalized words or all
 * capitals, not a date, a bare number, a caption or a line ending on a small
 * word; its lines wrap like one heading) and stands where headings stand
 * (`inHeadingPlace`): after the start, a heading, a list or finished prose,
 * and before prose (directly or through one subheading) or, after a long
 * stretch of prose, over a table of short cells. Last lines of paragraphs,
 * table cells, list items, chronology places and year lines fail one of
 * these: they end a sentence, sit among other short lines, or are numbers.
 * A numbered list of one such item is a numbered heading; a block like an
 * earlier heading that opens the same column head is one too
 * (`repeatedHeading`: a chronology per person).
 *
 * A glued heading is a heading phrase at the start of a paragraph's first
 * line, directly followed by a capitalized word that only starts a sentence
 * ("… conflict The Armenians staged …"): an article, pronoun or preposition
 * in capitals right after a word with no punctuation cannot be inside a
 * sentence. A phrase in capitals may also end where mixed case begins.
 */
import type {Paragraph, RootContent, Text} from 'mdast'
import {toString} from 'mdast-util-to-string'
import {titleContinues} from './appendix.js'
import {SMALL_WORDS, isAllCaps} from './title-case.js'
import {FIGURE, YEAR_ROW} from '../text/row-shapes.js'
import {asciiLettersOnly, twinTest} from '../text/ascii.js'
import {countWords, firstWords, words} from '../text/word-count.js'

export interface DetectOptions {
  /** Longest standalone heading, in words. Default 16. */
  maxWords?: number
  /** Longest glued heading phrase, in words. Default 10. */
  maxGluedWords?: number
}

/** Capitalized words that start a sentence and cannot follow a word inside one. */
export const SENTENCE_STARTERS = new Set([
  'The', 'An', 'In', 'On', 'At', 'As', 'After', 'Before', 'During', 'From', 'Since', 'Following', 'This',
  'These', 'Those', 'It', 'Its', 'There', 'Their', 'According', 'Despite', 'However', 'Although', 'Though',
  'When', 'While', 'With', 'By', 'For', 'Under', 'Over', 'To', 'Between', 'Until', 'We', 'Our', 'They', 'He',
  'She', 'His', 'Her', 'Throughout', 'Because', 'If', 'Unlike', 'Upon', 'Within', 'Today', 'Some', 'Many',
  'Most', 'Each', 'Both', 'Several', 'Such', 'Another', 'Although', 'Moreover', 'Furthermore', 'Thus',
  'Therefore', 'Meanwhile', 'Nevertheless', 'Once', 'Soon', 'Later', 'Earlier', 'Having', 'Being', 'Due'
])

/** Words a heading phrase does not start with (they start sentences). */
const NOT_HEADING_START = new Set(['In', 'On', 'At', 'As', 'After', 'Before', 'During', 'Since', 'It', 'There', 'We', 'They', 'He', 'She', 'If', 'When', 'While', 'However', 'Although', 'Because', 'By', 'To', 'But', 'And', 'Or'])

/** A label word, a number and an optional separated title: "Section 3 – Scope.", "Play 4:". */
const LABELLED = twinTest(/^(\p{Lu}\p{L}+)\s+(?:\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,6}|[A-Z])(?:\s*[–—:.-]\s*(.*)|[.:])?$/u)
/** Speed: Latin-1 twins of \p{…} regexes (text/ascii.ts). */
const CAPITALIZED_WORD = twinTest(/^\p{Lu}\p{Ll}+$/u)
const LOWER_START = twinTest(/^\p{Ll}/u, 'first')

/** Speed: Latin-1 twins (text/ascii.ts). */
const CAPITAL_OR_NUMBER_START = twinTest(/^[\p{Lu}\p{N}]/u, 'first')
const LETTER_QUESTION_END = twinTest(/\p{L}\?["”’)]*$/u)
const THREE_LETTERS = twinTest(/\p{L}{3}/u)
const LOWER_ABBREVIATION_END = twinTest(/(?:^|\s)(?:\p{Ll}\.){2,}$/u)
const URL_LIKE = twinTest(/https?:\/\/|www\.\S|\S@\S+\.\p{L}/u)
const CLOSING = /[.,;:!?…]["'”’\]]*$/
const STARTS_HEADING = twinTest(/^["“‘(\[]*[\p{Lu}\p{N}]/u)
const MONTHS = /^(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|spring|summer|autumn|fall|winter)\.?$/i

/** Lines of a paragraph (its text nodes), trimmed. */
function lines(paragraph: Paragraph): string[] {
  return paragraph.children.filter((c): c is Text => c.type === 'text').map((t) => t.value.trim())
}

/** A text that is a date, a year, a number or a page reference rather than words. */
export function numberLike(text: string): boolean {
  const tokens = words(text.replace(/[(),.;:–—-]/g, ' '))
  if (tokens.length === 0) return true
  const numeric = tokens.filter((t) => /^\d/.test(t) || MONTHS.test(t) || /^(?:p|pp|page|no|vol)\.?$/i.test(t))
  return numeric.length === tokens.length
}

/** Whether a text reads like a heading on its own. */
export function headingText(text: string, maxWords = 16): boolean {
  const t = text.trim()
  if (t.length < 2 || t.length > 160) return false
  if (!STARTS_HEADING.test(t)) return false
  // An address is never a heading ("22https://…" is a footnote's URL).
  if (URL_LIKE.test(t)) return false
  // A labelled heading: "Section 3 – Scope.", "Play 4:", "PART II. FINDINGS" (a word, a
  // number, a separator, a short title in heading case); its closing stop or colon is printed.
  const labelled = LABELLED.exec(t)
  if (labelled && !numberLike(t) && !MONTHS.test(labelled[1]!) && !/^(?:Table|Figure|Fig|Chart|Map|Exhibit|Source|Note|Page|Pages|No|Vol|Volume|Number)s?$/i.test(labelled[1]!)) {
    // A title that ends on a colon introduces what follows ("Section 3.15 - Replace:"): no heading.
    if (labelled[2] !== undefined && /:\s*$/.test(labelled[2])) return false
    const title = (labelled[2] ?? '').replace(/[.:]$/, '').trim()
    if (title === '') return /[.:]$/.test(t) || !CLOSING.test(t)
    const tw = words(title)
    // (A title in capitals may run longer, as far as the caller's limit: "ITEM 4: SCHEDULING OF … FOR REACHING THE LINE".)
    return (tw.length <= 10 || (isAllCaps(title) && tw.length <= maxWords)) && !CLOSING.test(title) && (isAllCaps(title) || capitalizedShare(tw) >= 0.5)
  }
  // A question can be a heading ("What Does the Resolution Say?", "Why is Go open source?");
  // other closing marks end sentences.
  const question = LETTER_QUESTION_END.test(t)
  // The stop of an abbreviation ends no sentence: "Afternoon Session - 2:28 p.m. - 3:36 p.m.".
  const abbreviation = LOWER_ABBREVIATION_END.test(t)
  if (CLOSING.test(t) && !question && !abbreviation) return false
  // (A short one: "Why is Go open source?"; "But what should it say?" goes on from the sentence before.)
  if (question && words(t).length <= 5 && !t.includes(',') && !NOT_HEADING_START.has(words(t)[0]!)) return true
  if (numberLike(t)) return false
  const ws = words(t)
  if (ws.length > maxWords) return false
  // A schedule entry opens on a clock time ("9:00 – 10:30: Session 1"), not a heading.
  if (/^\d{1,2}:\d{2}\b/.test(t)) return false
  // Three commas or more make a list or an address ("Name, Professor of History, University, City"), not a heading.
  if ((t.match(/,/g)?.length ?? 0) >= 3) return false
  if (!THREE_LETTERS.test(t)) return false
  // Brackets must balance: a place's "(CIS Summit)" split over lines does not.
  if ((t.match(/\(/g)?.length ?? 0) !== (t.match(/\)/g)?.length ?? 0)) return false
  if (/^\(/.test(t)) return false
  // Captions are not headings: "Table 1. Votes Cast …", "Figure 2: …".
  if (/^(?:Table|Figure|Fig\.|Chart|Map|Exhibit|Source|Note)s?\s+[\dIVX]+\b/i.test(t)) return false
  // A heading does not end on a small word ("Attended 6th Session of the").
  if (SMALL_WORDS.has((ws.at(-1) ?? '').toLowerCase())) return false
  if (isAllCaps(t)) return true
  return capitalizedShare(ws) >= 0.5
}

/** Share of content words (not small words, with letters) that start with a capital or a digit. */
export function capitalizedShare(ws: string[]): number {
  let content = 0
  let capital = 0
  for (const raw of ws) {
    const w = raw.replace(/^["“‘(\[]+|[)"”’\],.;:!?]+$/g, '')
    if (!/\p{L}/u.test(w) || SMALL_WORDS.has(w.toLowerCase())) continue
    content++
    if (CAPITAL_OR_NUMBER_START.test(w)) capital++
  }
  return content === 0 ? 0 : capital / content
}

/**
 * Whether the block that opens a document is its title: one to three lines
 * that wrap like one heading and read like a heading, or like a phrase in
 * sentence case ("Community membership"), up to `maxWords` words. What
 * follows does not matter: a title stands over a date, a note, a contents
 * page or a page break as well as over prose.
 */
export function titleBlock(node: RootContent | undefined, maxWords = 20): node is Paragraph {
  if (node?.type !== 'paragraph') return false
  const ls = lines(node)
  // Up to five lines: a title in large type over a narrow column wraps often.
  if (ls.length === 0 || ls.length > 5 || node.children.some((c) => c.type !== 'text')) return false
  if (!wrapsLikeHeading(ls)) return false
  const text = ls.join(' ')
  if (headingText(text, maxWords)) return true
  // Sentence case: a capital first, words (commas allowed) and no closing mark.
  return (
    STARTS_HEADING.test(text) &&
    !CLOSING.test(text) &&
    !URL_LIKE.test(text) &&
    !numberLike(text) &&
    words(text).length <= maxWords &&
    /\p{L}{3}/u.test(text) &&
    !SMALL_WORDS.has((words(text).at(-1) ?? '').toLowerCase())
  )
}

/** Whether a block is prose a heading can open: several lines, or one full sentence, or a list. */
function prose(node: RootContent | undefined): boolean {
  if (!node) return false
  if (node.type === 'list') return true
  if (node.type !== 'paragraph') return false
  const ls = lines(node)
  const text = toString(node).trim()
  if (ls.length >= 2 && words(text).length >= 12) return true
  return words(text).length >= 12 && /[.!?:]["'”’)]*$/.test(text)
}

/** Index of the next content block after `i` (page breaks skipped); `children.length` when none. */
function nextIndex(children: RootContent[], i: number): number {
  let j = i + 1
  while (j < children.length && children[j]!.type === 'pageBreak') j++
  return j
}

function nextContent(children: RootContent[], i: number): RootContent | undefined {
  for (let j = i + 1; j < children.length; j++) if (children[j]!.type !== 'pageBreak') return children[j]
  return undefined
}

function prevContent(children: RootContent[], i: number): RootContent | undefined {
  for (let j = i - 1; j >= 0; j--) if (children[j]!.type !== 'pageBreak') return children[j]
  return undefined
}

/**
 * A table row keyed by a year or a year range ("1921–1929 Division of
 * Publications (DP)"): next to another such block it is a row of a table
 * the `tables` stage builds, not a heading.
 */
function keyedRow(node: RootContent | undefined): boolean {
  return node?.type === 'paragraph' && YEAR_ROW.test(toString(node).trim())
}

/**
 * A table row of figures: a short paragraph (one or two lines) with two
 * figures or more, one of them a share, an amount or a figure with a unit
 * ("Members 3818 0.03%", "Visitors 3.9m 79%", "Cash assets $1,332,401").
 * A heading carries a number, seldom two figures with a share or an amount.
 */
function figureRow(node: RootContent | undefined): boolean {
  if (node?.type !== 'paragraph' || lines(node).length > 2) return false
  const figures = words(toString(node)).filter((w) => FIGURE.test(w))
  return figures.length >= 2 && figures.some((w) => /[%$€£]|\d[kKmMbB]n?\)?$/.test(w))
}

/**
 * A byline: one or more personal names joined by commas, "and" or "&", each
 * of two to four capitalized words, and a middle initial among them
 * ("William B. McAllister and Aaron W. Marrs"). Headings carry no initials.
 */
export function byline(text: string): boolean {
  const names = text.split(/\s*,\s*(?:and\s+)?|\s+(?:and|&)\s+/)
  if (names.some((n) => n === '')) return false
  const tokens = names.map((n) => n.split(/\s+/))
  if (!tokens.every((t) => t.length >= 2 && t.length <= 4 && t.every(nameWord))) return false
  // A middle initial: neither the first nor the last word of a name.
  return tokens.some((t) => t.slice(1, -1).some((w) => (asciiLettersOnly(w) ? /^[A-Z]\.$/ : /^\p{Lu}\.$/u).test(w)))
}

/**
 * A word of a personal name: "Aaron", "McAllister", "Smith-Jones", "B.". A word whose letters are
 * ASCII is tested by the [A-Z]/[a-z] twin (text/ascii.ts): the \p{Lu}/\p{Ll} form took ~0.9 ms
 * to compile in a short run.
 */
function nameWord(w: string): boolean {
  return asciiLettersOnly(w)
    ? /^[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*$|^[A-Z][a-z]*[A-Z][a-z]+$|^[A-Z]\.$/.test(w)
    : /^\p{Lu}\p{Ll}+(?:[-'’]\p{Lu}?\p{Ll}+)*$|^\p{Lu}\p{Ll}*\p{Lu}\p{Ll}+$|^\p{Lu}\.$/u.test(w)
}

/** A table's caption: a paragraph that opens on "Table 2:" or "Table 2." ("Table 1: YOY change …"). */
function caption(node: RootContent | undefined): boolean {
  return node?.type === 'paragraph' && /^Table\s+[\dIVX]+[:.]\s/.test(toString(node).trim())
}

/** A paragraph of one to three lines whose text reads like a heading. */
function headingBlock(node: RootContent | undefined, maxWords: number): node is Paragraph {
  if (node?.type !== 'paragraph') return false
  const ls = lines(node)
  // A heading in capitals runs longer, over up to five lines of a narrow column
  // ("AGENDA ITEM 4: SCHEDULING OF …" / "… ; THE TRIENNIAL PLAN AS A" / "… LINE"):
  // prose is not printed in capitals, so its length says less.
  const caps = capsStyle(ls.join(' '))
  if (ls.length === 0 || ls.length > (caps ? 5 : 3)) return false
  if (node.children.some((c) => c.type !== 'text')) return false
  if (!wrapsLikeHeading(ls)) return false
  return headingText(ls.join(' '), caps ? Math.max(maxWords, 32) : maxWords)
}

/** A text in capitals with a long word in it, five capitals or more (not a run of acronyms: "SALT II"). */
export function capsStyle(text: string): boolean {
  return isAllCaps(text) && /\p{Lu}{5}/u.test(text)
}

/**
 * Whether the lines of a block can be one heading wrapped: a line breaks
 * early only when it is about full (or ends on "and", "of", a comma). A
 * short name over a longer line ("Ilham Aliyev" / "President of the
 * Republic") is a signature, not a wrapped heading.
 */
export function wrapsLikeHeading(ls: string[]): boolean {
  if (ls.length < 2) return true
  const longest = ls.reduce((max, l) => (l.length > max ? l.length : max), -Infinity)
  return ls.slice(0, -1).every((l) => l.length >= 0.6 * longest || titleContinues(l))
}

/**
 * Whether `children[i]` is a standalone heading: it reads like one, and it
 * opens prose (directly, or through one more heading that does). The block
 * before it must not be a short fragment itself (a table row), unless it is
 * a heading already.
 */
export function standaloneHeading(children: RootContent[], i: number, options: DetectOptions = {}): boolean {
  const maxWords = options.maxWords ?? 16
  const node = children[i]
  if (keyedRow(node) && (keyedRow(prevContent(children, i)) || keyedRow(nextContent(children, i)))) return false
  // A table's row of figures ("Members 3818 0.03%"), or the head row right over one ("KPI April Delta").
  if (figureRow(node) || figureRow(nextContent(children, i))) return false
  // Right under a table's caption ("Table 1: …"): the table's first column head, not a heading.
  if (caption(prevContent(children, i))) return false
  if (node?.type === 'paragraph' && byline(toString(node).trim())) return false
  if (headingBlock(node, maxWords)) return inHeadingPlace(children, i, toString(node).trim(), maxWords) || titleLineOverProse(children, i)
  return sentenceCaseHeading(children, i)
}

/**
 * A line in Title Case over prose, after a block that came to an end without
 * a stop (a run of short entries, a line that ends on a word): "… User
 * Acceptance Testing" / "Conducting Research" / "Conducting research with …".
 * The line carries the evidence itself: two to eight words, every content word
 * capitalized, no label colon or comma, no page number at its end (a running head);
 * the block after it is prose of two lines or
 * more opening with a capital; the block before it does not break off
 * mid-phrase (a comma, a hyphen, a small word) and is no one-line Title Case
 * block like it (a table's cells, a list of names).
 */
function titleLineOverProse(children: RootContent[], i: number): boolean {
  const node = children[i]
  if (node?.type !== 'paragraph' || lines(node).length !== 1) return false
  const text = toString(node).trim()
  const ws = words(text)
  // (No comma either: "Paris, France" is a table's place cell.)
  if (ws.length < 2 || ws.length > 8 || capitalizedShare(ws) < 1 || /[:,]/.test(text)) return false
  // A running head that carries the section title and the page number ("Code of Conduct 10").
  if (/\s\d+$/.test(text)) return false
  const prev = prevContent(children, i)
  if (prev?.type !== 'paragraph' && prev?.type !== 'list') return false
  const before = lines(prev.type === 'paragraph' ? prev : ({type: 'paragraph', children: []} as Paragraph)).at(-1) ?? toString(prev).trim()
  if (/[,;:\u2010-]$/.test(before) || titleContinues(before)) return false
  if (prev.type === 'paragraph' && lines(prev).length === 1 && capitalizedShare(words(before)) === 1) return false
  const next = children[nextIndex(children, i)]
  if (next?.type !== 'paragraph' || lines(next).length < 2 || !prose(next)) return false
  return /^["“‘(]*\p{Lu}\S*\s+\S*\p{Ll}/u.test(toString(next).trim())
}

/**
 * A heading in sentence case ("Budget items to consider", "How inactivity is
 * measured"): one short line of words with no closing mark, standing alone
 * between finished prose (or a heading) and prose or a list. Sentence case
 * reads like a fragment of prose, so the place must be clear on both sides:
 * a paragraph's last line, a list item or a table cell has other lines or
 * short blocks around it.
 */
function sentenceCaseHeading(children: RootContent[], i: number): boolean {
  const node = children[i]
  if (node?.type !== 'paragraph' || node.children.some((c) => c.type !== 'text')) return false
  // One line, or two that wrap like one heading in a narrow column.
  const ls = lines(node)
  if (ls.length > 2 || !wrapsLikeHeading(ls)) return false
  const text = ls.join(' ')
  const ws = words(text)
  if (ws.length < 2 || ws.length > (ls.length === 1 ? 8 : 10) || !sentencePhrase(text) || !/^\p{Lu}/u.test(text)) return false
  if (NOT_HEADING_START.has(ws[0]!) || SMALL_WORDS.has(ws.at(-1)!.toLowerCase())) return false
  // Words, not a name list or a code line: letters in every word, no digits.
  if (!ws.every((w) => /\p{L}{2}/u.test(w)) || /\d/.test(text)) return false
  const prev = prevContent(children, i)
  // After a list only when its last item ends a sentence (else the line may go on with the item).
  const listDone = prev?.type === 'list' && /[.!?]["'”’)]*$/.test(toString(prev).trim())
  if (!prev || !(prev.type === 'heading' || listDone || closedProse(prev))) return false
  const next = children[nextIndex(children, i)]
  return next?.type === 'list' || opensProse(children, nextIndex(children, i))
}

/**
 * Whether the block at `at` is prose a heading can open, or a few short
 * sentences (questions, a one-line lead-in) that lead into prose or a list
 * ("How does Go accomplish those things?" / "How does it make … easier?" / prose).
 */
export function opensProse(children: RootContent[], at: number): boolean {
  let j = at
  for (let hop = 0; hop < 3; hop++) {
    const node = children[j]
    if (prose(node)) return true
    if (hop > 0 && node?.type === 'list') return true
    if (!sentenceBlock(node)) return false
    j = nextIndex(children, j)
  }
  return false
}

/** A short paragraph of one finished sentence or two (one or two lines, lower-case words, a sentence end). */
function sentenceBlock(node: RootContent | undefined): boolean {
  if (node?.type !== 'paragraph' || lines(node).length > 2) return false
  const text = toString(node).trim()
  const ws = words(text)
  return ws.length >= 4 && /[.!?:]["'”’)]*$/.test(text) && ws.filter((w) => /^\p{Ll}/u.test(w)).length >= 2
}

/**
 * Whether `children[i]`, a numbered list of one short item that reads like a
 * heading ("1. Introduction", "2. Background of the Conflict"), is a
 * numbered heading: it stands where a heading stands, between prose.
 */
export function numberedHeading(children: RootContent[], i: number, options: DetectOptions = {}): boolean {
  const maxWords = options.maxWords ?? 16
  const node = children[i]
  if (node?.type !== 'list' || !node.ordered || node.children.length !== 1) return false
  const item = node.children[0]!
  const paragraph = item.children[0]
  if (item.children.length !== 1 || paragraph?.type !== 'paragraph') return false
  if (paragraph.children.some((c) => c.type !== 'text') || lines(paragraph).length > 2) return false
  const text = lines(paragraph).join(' ')
  if (!headingText(text, maxWords)) return false
  return inHeadingPlace(children, i, text, maxWords)
}

/**
 * Whether a heading-like block stands where a heading stands: after the
 * start, a heading, a list or finished prose; before prose (directly or
 * through one subheading), or over a table.
 */
function inHeadingPlace(children: RootContent[], i: number, text: string, maxWords: number): boolean {
  const prev = prevContent(children, i)
  const after =
    prev === undefined ||
    prev.type === 'heading' ||
    prev.type === 'list' ||
    prev.type === 'table' ||
    closedProse(prev) ||
    (fieldBlock(prev) && !fieldBlock(nextContent(children, i))) ||
    underTitle(children, i) ||
    strongCaps(text, prev)
  if (!after) return false
  const index = nextIndex(children, i)
  const next = children[index]
  if (opensProse(children, index)) return true
  // A heading in capitals over one sentence that introduces what follows
  // (a table, a subheading): "REPORTS" / "Directors find the reports below."
  if (strongCaps(text, prev) && sentenceBlock(next) && words(toString(next as Paragraph)).length >= 6) return true
  // A short sentence that opens a section going on in prose or a list ("The
  // commission makes three recommendations." / list).
  if (shortSentence(next)) {
    const then = nextContent(children, index)
    if (then?.type === 'list' || prose(then)) return true
  }
  // Directly over a heading already found (a numbered section found by its outline).
  if (next?.type === 'heading') return true
  if (headingBlock(next, maxWords)) {
    // A heading directly followed by its first subheading.
    const then = nextContent(children, index)
    if (prose(then)) return true
    if (opensTable(children, index, toString(next).trim())) return true
  }
  // A heading over a table (a chronology): after a heading or a long stretch
  // of prose (a table's own description cells are short), several words,
  // short cells follow.
  return prev !== undefined && (prev.type === 'heading' || longProse(prev)) && opensTable(children, i, text)
}

/** A field label opening a block: one to three words without digits, then a colon and a value ("Defined by: …", "Morning: …"). */
export const FIELD_LABEL = twinTest(/^(\p{L}[\p{L}'’/-]*(?:\s+\p{L}[\p{L}'’/-]*){0,2}):\s+\S/u)

/**
 * A labelled field of one or two lines ("Defined by: Member of …"): a
 * finished unit, like a list item, after which a heading can stand, unless
 * another field follows (a schedule: "Morning: …" / "Lunch break" / "Afternoon: …").
 */
function fieldBlock(node: RootContent | undefined): boolean {
  return node?.type === 'paragraph' && lines(node).length <= 2 && FIELD_LABEL.test(toString(node).trim())
}

/**
 * Whether the block before `children[i]` is a short line under a heading
 * (the date or author under a document's title): the front matter of a
 * title, after which the first section heading stands.
 */
function underTitle(children: RootContent[], i: number): boolean {
  let p = i - 1
  while (p >= 0 && children[p]!.type === 'pageBreak') p--
  const prev = children[p]
  if (prev?.type !== 'paragraph' || lines(prev).length > 2 || words(toString(prev)).length > 8) return false
  // A line that ends on a stop or colon is a label or sentence, not a date or a name.
  if (CLOSING.test(toString(prev).trim())) return false
  let t = p - 1
  while (t >= 0 && children[t]!.type === 'pageBreak') t--
  // Only the title: the heading that opens the document.
  return t >= 0 && children[t]!.type === 'heading' && children.slice(0, t).every((n) => n.type === 'pageBreak')
}

/**
 * A heading in capitals of two words or more, one of them a long word or a
 * small word between them ("CHANGES TO THE AGENDA"), or of one long word
 * ("REPORTS", six letters or more: acronyms are short): no sentence, list item
 * or cell of prose is printed so, so it needs no finished prose before it,
 * only no other block in capitals (a table's head row).
 */
function strongCaps(text: string, prev: RootContent | undefined): boolean {
  if (!isAllCaps(text)) return false
  const lettered = words(text).map((w) => w.replace(/[^\p{L}]/gu, '')).filter((w) => w.length >= 2)
  const one = lettered.length === 1 && words(text).length === 1 && lettered[0]!.length >= 6
  if (!one && (lettered.length < 2 || !lettered.some((w) => w.length >= 5 || SMALL_WORDS.has(w.toLowerCase())))) return false
  return !(prev?.type === 'paragraph' && isAllCaps(toString(prev)))
}

/** A one-line sentence in lower case (not a capitalized cell): six words or more, a sentence end. */
function shortSentence(node: RootContent | undefined): boolean {
  if (node?.type !== 'paragraph' || lines(node).length > 1) return false
  const text = toString(node).trim()
  const ws = words(text)
  return ws.length >= 6 && /[.!?:]["'”’)]*$/.test(text) && capitalizedShare(ws) < 0.5
}

/** A paragraph of body prose, longer than any table cell. */
function longProse(node: RootContent): boolean {
  return node.type === 'paragraph' && closedProse(node) && countWords(toString(node), 25) >= 25
}

/** Whether the blocks after `children[i]` are table cells (short blocks) that a heading of some words can open. */
function opensTable(children: RootContent[], i: number, text: string): boolean {
  if (words(text).length < 3) return false
  const at = nextIndex(children, i)
  const a = children[at]
  if (!cell(a)) return false
  return cell(nextContent(children, at))
}

/**
 * A table cell that can follow a heading: a short block that neither ends a
 * sentence nor breaks off mid-phrase ("Atlantic Treaty regarding the" is a
 * wrapped description, not a column head).
 */
function cell(node: RootContent | undefined): boolean {
  return shortBlock(node) && !endsSentence(node) && !titleContinues(toString(node as Paragraph))
}

/** A block whose text ends a sentence (a table cell of descriptions, not a column head). */
function endsSentence(node: RootContent | undefined): boolean {
  return node !== undefined && /[.!?;…]["'”’)\]]*$/.test(toString(node).trim())
}

/** A short block: a paragraph of at most two lines and eight words (a table cell). */
function shortBlock(node: RootContent | undefined): boolean {
  if (node?.type !== 'paragraph') return false
  return lines(node).length <= 2 && words(toString(node)).length <= 8
}

/** A paragraph of some length that ends a sentence in prose (not a capitalized table cell): the end of a stretch of prose. */
function closedProse(node: RootContent): boolean {
  if (node.type !== 'paragraph') return false
  const text = toString(node).trim()
  const n = words(text).length
  // Not a colon: what follows it (a list, a quotation, a title) belongs to the paragraph.
  return (n >= 12 || (n >= 6 && /\p{Ll}{3}/u.test(text) && capitalizedShare(words(text)) < 0.5)) && /[.!?;…]["'”’)\]]*$/.test(text)
}

/**
 * The number of words of a heading phrase glued to the start of a
 * paragraph, or undefined. The phrase must read like a heading, and the word
 * after it must be a capitalized sentence start right after a word without
 * punctuation.
 */
export function gluedHeading(paragraph: Paragraph, options: DetectOptions = {}): number | undefined {
  const first = paragraph.children[0]
  if (first?.type !== 'text') return undefined
  const text = toString(paragraph).trim()
  const ws = words(first.value)
  if (countWords(text, 12) < 12) return undefined
  const max = Math.min(options.maxGluedWords ?? 10, ws.length - 2)
  if (!STARTS_HEADING.test(ws[0] ?? '') || NOT_HEADING_START.has(ws[0]!)) return undefined
  for (let k = 1; k <= max; k++) {
    const before = ws[k - 1]!
    const word = ws[k]!
    if (CLOSING.test(before) || /[.;!?]/.test(before)) return undefined // a sentence end or clause before: not a heading phrase
    if (!SENTENCE_STARTERS.has(word) && !capsBoundary(ws, k) && !articleBoundary(ws, k)) continue
    const phrase = ws.slice(0, k)
    if (SMALL_WORDS.has(before.toLowerCase())) return undefined // "of The …" is a title, not a break
    // The capital right after a bare word is the strong sign; a phrase in
    // sentence case ("Water sharing in the upper basin") is taken when short.
    const phraseText = phrase.join(' ')
    if (!headingText(phraseText, options.maxGluedWords ?? 10) && !(k <= 8 && sentencePhrase(phraseText))) return undefined
    // What follows must read as a sentence: a lower-case word soon after the starter.
    const after = ws.slice(k + 1, k + 4)
    if (!after.some((w) => /^\p{Ll}/u.test(w))) return undefined
    return k
  }
  return undefined
}

/**
 * Whether a Title Case phrase ends at word `k` on the article "A" that opens
 * a sentence ("Develop and Publish a Vulnerability Disclosure Policy A
 * vulnerability disclosure policy …"). "A" also follows names inside a
 * sentence ("Hepatitis A virus", "Plan A"), so the phrase must be long: four
 * words or more, every content word capitalized, its last a word of four
 * letters or more, and a lower-case word after the "A".
 */
function articleBoundary(ws: string[], k: number): boolean {
  if (ws[k] !== 'A' || k < 4 || !/^\p{Ll}/u.test(ws[k + 1] ?? '')) return false
  const phrase = ws.slice(0, k)
  return capitalizedShare(phrase) === 1 && /^\p{Lu}\p{L}{3,}$/u.test(phrase.at(-1)!)
}

/**
 * Whether a phrase in capitals ends at word `k`, where mixed case begins
 * ("INTRODUCTION Azerbaijan has …"). The capitals must be more than
 * acronyms ("UN Security Council", "OSCE CIS Summit"): a long word, or
 * words joined by a small word ("ROLE OF THE UN").
 */
function capsBoundary(ws: string[], k: number): boolean {
  const phrase = ws.slice(0, k)
  if (!isAllCaps(phrase.join(' ')) || !/^["“‘(]*\p{Lu}\p{Ll}/u.test(ws[k]!)) return false
  const lettered = phrase.map((w) => w.replace(/[^\p{L}]/gu, '')).filter((w) => w.length >= 2)
  const small = lettered.some((w) => SMALL_WORDS.has(w.toLowerCase()))
  return lettered.some((w) => w.length >= 6) || (lettered.length >= 2 && small)
}

/**
 * Whether the last line of the heading block at `children[i]` is a table's
 * first column head that the extractor put under the heading: a line of one
 * or two words, followed by blocks of the same shape.
 */
export function trailingColumnHead(children: RootContent[], i: number): boolean {
  const node = children[i]
  if (node?.type !== 'paragraph') return false
  const ls = lines(node)
  if (ls.length < 2 || words(ls.at(-1)!).length > 2 || CLOSING.test(ls.at(-1)!)) return false
  // The rest must still read as a heading on its own.
  if (!headingText(ls.slice(0, -1).join(' '))) return false
  const cellLike = (n: RootContent | undefined) => shortBlock(n) && words(toString(n as Paragraph)).length <= 2 && !endsSentence(n)
  const at = nextIndex(children, i)
  if (!cellLike(children[at])) return false
  return cellLike(nextContent(children, at))
}

/** A short phrase that would be a heading but for its sentence case: capital start, words only, no closing punctuation. */
function sentencePhrase(text: string): boolean {
  return STARTS_HEADING.test(text) && !CLOSING.test(text) && !numberLike(text) && /^[\p{L}\p{N}\s'’-]+$/u.test(text)
}

/**
 * Whether `children[i]` is a heading like one found before, opening the same
 * thing: it reads like a heading, looks like that heading (`similarHeadings`)
 * and is followed by a block with the same text as the block after it (a
 * chronology per person, each under a name and a "Date" column head).
 */
export function repeatedHeading(children: RootContent[], i: number, known: Array<{text: string; next: string}>, options: DetectOptions = {}): boolean {
  const node = children[i]
  if (!headingBlock(node, options.maxWords ?? 16)) return false
  const text = toString(node).trim()
  const next = nextContent(children, i)
  if (!next || !shortBlock(next)) return false
  const after = toString(next).trim()
  return known.some((k) => k.next === after && k.text !== text && similarHeadings(k.text, text))
}

/** The text of the block after `children[i]` when it is a short block, else undefined. */
export function shortNext(children: RootContent[], i: number): string | undefined {
  const next = nextContent(children, i)
  return next && shortBlock(next) ? toString(next).trim() : undefined
}

/**
 * Whether two headings look alike (siblings under one section): about the
 * same number of words and the same shape (both with or without a year,
 * or the same first word).
 */
export function similarHeadings(a: string, b: string): boolean {
  const wa = words(a)
  const wb = words(b)
  if (wa[0] && wa[0] === wb[0]) return true
  const year = /\b(?:1[5-9]|20)\d{2}\b/
  if (year.test(a) !== year.test(b)) return false
  return Math.abs(wa.length - wb.length) <= 1 && capitalizedShare(wa) === capitalizedShare(wb)
}

/** What the document shows of its words, for run-in headings (`runInHeading`). */
export interface RunInContext {
  /** Words the document writes in lower case somewhere (lower-cased). */
  readonly lowerWords: Set<string>
  /** The document's running text, lower-cased, one space between words. */
  readonly text: string
  /** The first words of each paragraph and list item, as printed, one space between words. */
  starts: string[]
}

/**
 * Learn the context once per document from its paragraphs. `lowerWords` and
 * `text` are made from the blocks' text on first use: most documents never
 * ask for them (of the seven corpus documents, one asks twice), and scanning
 * every word of the document was most of the context's cost (doc1/raw-mutool:
 * runInContext 3.1 ms of CPU, sampled, and 1.1 MB of garbage).
 */
export function runInContext(children: RootContent[]): RunInContext {
  const blocks: string[] = []
  const starts: string[] = []
  for (const node of children) {
    if (node.type !== 'paragraph' && node.type !== 'list') continue
    const text = toString(node)
    blocks.push(text)
    if (node.type === 'paragraph') starts.push(firstWords(text, 12))
  }
  let lowerWords: Set<string> | undefined
  let text: string | undefined
  return {
    starts,
    get lowerWords() {
      if (!lowerWords) {
        lowerWords = new Set<string>()
        for (const block of blocks) for (const w of block.match(/(?<![\p{L}\p{N}])\p{Ll}[\p{Ll}'’-]*/gu) ?? []) lowerWords.add(w)
      }
      return lowerWords
    },
    get text() {
      return (text ??= blocks.map((block) => block.toLowerCase().replace(/\s+/g, ' ')).join(' '))
    }
  }
}

/** The number of words of a repeated run-in heading opening `paragraph` (`repeatedRunIn`), or undefined. */
export function repeatedRunInHeading(paragraph: Paragraph, context: RunInContext, options: DetectOptions = {}): number | undefined {
  const first = paragraph.children[0]
  if (first?.type !== 'text') return undefined
  const ws = words(first.value)
  if (SENTENCE_STARTERS.has(ws[0] ?? '') || NOT_HEADING_START.has(ws[0] ?? '')) return undefined
  return repeatedRunIn(ws, context, options.maxGluedWords ?? 10)
}

/**
 * Per document: the paragraph starts grouped by their first two words, counts
 * of phrases in the running text, and the answers of `repeatedRunIn` by the
 * words they depend on. Filtering every start and splitting the whole text
 * for each paragraph made the headings stage quadratic in the paragraphs
 * (corpus repeated to 6 MB: headings 4.7 s, 3.3 s of it in that filter).
 */
interface RunInIndex {
  byPair: Map<string, string[]>
  counts: Map<string, number>
  answers: Map<string, number | undefined>
}
const runInIndexes = new WeakMap<RunInContext, RunInIndex>()

function runInIndex(context: RunInContext): RunInIndex {
  let index = runInIndexes.get(context)
  if (!index) {
    const byPair = new Map<string, string[]>()
    for (const start of context.starts) {
      const pair = start.split(' ', 2).join(' ')
      const bucket = byPair.get(pair)
      if (bucket) bucket.push(start)
      else byPair.set(pair, [start])
    }
    index = {byPair, counts: new Map(), answers: new Map()}
    runInIndexes.set(context, index)
  }
  return index
}

/** How often `needle` stands in the running text (non-overlapping, as `split` counts), remembered per document. */
function occurrences(context: RunInContext, needle: string): number {
  const index = runInIndex(context)
  let count = index.counts.get(needle)
  if (count === undefined) {
    count = 0
    for (let at = context.text.indexOf(needle); at !== -1; at = context.text.indexOf(needle, at + needle.length)) count++
    index.counts.set(needle, count)
  }
  return count
}

/**
 * A run-in heading the document repeats: the same phrase in Title Case opens
 * two paragraphs or more, each time followed by other text, and stands
 * nowhere else ("Daily Structure (Example Schedule) 9:00 – 10:30: …",
 * "Daily Structure (Example Schedule) Morning: …"). The longest such phrase
 * of two to six words, the shortest that qualifies; undefined when there is none.
 */
function repeatedRunIn(ws: string[], context: RunInContext, maxWords: number): number | undefined {
  // The answer depends only on the first six words, how many words there are (up to nine) and maxWords.
  const index = runInIndex(context)
  const key = `${maxWords}\u0000${Math.min(ws.length, 9)}\u0000${ws.slice(0, 6).join(' ')}`
  if (index.answers.has(key)) return index.answers.get(key)
  const answer = findRepeatedRunIn(ws, context, maxWords, index)
  index.answers.set(key, answer)
  return answer
}

function findRepeatedRunIn(ws: string[], context: RunInContext, maxWords: number, index: RunInIndex): number | undefined {
  for (let k = 2; k <= Math.min(maxWords, 6, ws.length - 3); k++) {
    const phrase = ws.slice(0, k)
    const phraseText = phrase.join(' ')
    if (CLOSING.test(phraseText) || /[.;:!?“”"–—-]/.test(phraseText)) continue
    // Brackets balance inside the phrase ("(Example Schedule)").
    if ((phraseText.match(/\(/g)?.length ?? 0) !== (phraseText.match(/\)/g)?.length ?? 0)) continue
    if (capitalizedShare(phrase) < 1 || !/^\p{Lu}/u.test(phraseText) || !headingText(phraseText, maxWords)) continue
    const opening = (index.byPair.get(`${ws[0]} ${ws[1]}`) ?? []).filter((t) => t.startsWith(phraseText + ' '))
    if (opening.length < 2) continue
    // Followed by other text each time (not one line printed twice), and each time by what starts a
    // sentence or an entry: a capitalized word before a lowercase one ("Recruit approximately"), or a
    // number or label ("9:00", "Morning:"); not by the heading's own next word ("… Disclosure" / "Policy A").
    const rests = opening.map((t) => t.slice(phraseText.length + 1).split(' '))
    if (new Set(rests.map((r) => r.slice(0, 3).join(' '))).size < opening.length) continue
    if (!rests.every(([w1 = '', w2 = '']) => !/^[(\[]/.test(w1) && (!/^\p{L}+$/u.test(w1) || (/^\p{Lu}/u.test(w1) && /^\p{Ll}/u.test(w2))))) continue
    // Nowhere else in the running text.
    const needle = phraseText.toLowerCase()
    if (occurrences(context, needle) > opening.length) continue
    return k
  }
  return undefined
}

/**
 * The number of words of a run-in heading at the start of a paragraph's first
 * line, or undefined: a heading in Title Case set on the line of the text it
 * opens ("Special Considerations Recruit six to eight …", "Handling
 * Procedures Effectively executing …"). The word after the phrase is
 * capitalized only because it starts a sentence: the document writes it in
 * lower case elsewhere, and lower-case words follow it. The phrase itself is
 * no name used in running text: its words never stand together elsewhere but
 * at the start of a block.
 */
export function runInHeading(paragraph: Paragraph, context: RunInContext, options: DetectOptions = {}): number | undefined {
  const first = paragraph.children[0]
  if (first?.type !== 'text') return undefined
  const ws = words(first.value)
  // A sentence opens on these ("The Nuremberg Trial and …", "After the United …"); a heading does not.
  if (SENTENCE_STARTERS.has(ws[0] ?? '') || NOT_HEADING_START.has(ws[0] ?? '')) return undefined
  // (A repeated run-in heading may open a short entry: "… (Example Schedule) Morning: Focus Group 1".)
  const repeated = repeatedRunIn(ws, context, options.maxGluedWords ?? 10)
  if (repeated !== undefined) return repeated
  if (countWords(toString(paragraph), 12) < 12) return undefined
  const max = Math.min(options.maxGluedWords ?? 10, ws.length - 3)
  for (let k = 2; k <= max; k++) {
    const word = ws[k]!
    if (!CAPITALIZED_WORD.test(word) || !LOWER_START.test(ws[k + 1] ?? '')) continue
    const phrase = ws.slice(0, k)
    const phraseText = phrase.join(' ')
    if (CLOSING.test(phraseText) || /[.;:!?“”"]/.test(phraseText)) return undefined
    // A dash or label on its own ("Comments - …") sets off a remark, not a heading.
    if (phrase.some((w) => w !== '&' && !/[\p{L}\p{N}]/u.test(w))) return undefined
    // Every content word of the phrase capitalized (Title Case), not a sentence in sentence case.
    if (capitalizedShare(phrase) < 1 || !headingText(phraseText, options.maxGluedWords ?? 10)) continue
    if (!context.lowerWords.has(word.toLowerCase())) continue
    const after = ws.slice(k + 1, k + 4)
    if (after.filter((w) => /^\p{Ll}/u.test(w)).length < 2) continue
    // A name in running text ("Office of Management and Budget Directors …") stands elsewhere too.
    const needle = phraseText.toLowerCase()
    const seen = occurrences(context, needle)
    const starts = occurrences(context, ` ${needle} `)
    if (seen > 1 && seen > starts + 1) return undefined
    return k
  }
  return undefined
}
