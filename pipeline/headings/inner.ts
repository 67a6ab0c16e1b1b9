/**
 * Headings inside a paragraph: an extraction without blank lines
 * (`pdftotext -raw`, or pdftotext where a heading sits right on its text)
 * leaves a heading's line run into the paragraph before or after it. These
 * helpers look at the lines of one paragraph (trimmed strings) and say where
 * a heading's lines stand; `stages/headings.ts` splits the paragraph there.
 *
 * - `capsLead`: the paragraph opens on one to five lines in capitals
 *   ("AGENDA ITEM 4: SCHEDULING OF COMPILATION FOR" / "… 20-YEAR LINE")
 *   and goes on in mixed case with a capital ("Mr. Aandahl read …").
 * - `lastLineHeading`: the paragraph's last line is a heading in Title Case
 *   or capitals after a line that ends a sentence
 *   ("… reconvened at 2:28 p.m.]" / "Afternoon Session - 2:28 p.m. - 3:36 p.m.").
 * - `innerHeadingLine`: a line in Title Case between a line that ends a
 *   sentence and a line that opens on a word that only starts sentences.
 * - `innerRunInLine`: a line after a sentence end that opens with a heading
 *   phrase run into its text ("… good practices." / "Enable Receipt of
 *   Unsolicited Reports Before the publication …"); the caller checks the
 *   phrase with the glued-heading rules.
 */
import {SENTENCE_STARTERS, capitalizedShare, headingText} from './detect.js'
import {titleContinues} from './appendix.js'
import {SMALL_WORDS, isAllCaps, mostlyCaps} from './title-case.js'
import {twinTest} from '../text/ascii.js'
import {words} from '../text/word-count.js'

/** A line that ends a sentence: a stop, a question or exclamation mark, also before a closing quote or bracket. */
const SENTENCE_END = /[.!?]["'”’)\]]*$/
/** An abbreviation's stop ("p.m.", "U.S.") ends no sentence by itself. */
/** Speed: Latin-1 twins of \p{…} regexes (text/ascii.ts). */
const LETTERS = twinTest(/\p{L}+/u)
const LOWER_LETTER = twinTest(/\p{Ll}/u)
const A_LOWER = twinTest(/^A\s+\p{Ll}/u)

/** Speed: Latin-1 twins (text/ascii.ts). */
const NUMBERED_START = twinTest(/^\d{1,2}[.)]\s+\p{Lu}/u)
const CAPITALIZED_START = twinTest(/^\p{Lu}\p{Ll}/u)
const ABBREVIATION_END = twinTest(/(?:^|\s)(?:\p{L}\.){2,}$/u)

/** Whether a line ends a sentence (an abbreviation's stop inside brackets counts: "… at 2:28 p.m.]"). */
export function endsSentence(line: string): boolean {
  if (!SENTENCE_END.test(line)) return false
  return !ABBREVIATION_END.test(line) || /[\])"”’]$/.test(line)
}

/**
 * Whether `line` could be the end of the printed line `before` ends: both fit
 * in the measure together. mutool cuts one printed line at a wide space after
 * a sentence ("… the United Nations." / "The United" / "States also …"); a
 * heading has a printed line of its own, so such a short line is no heading.
 */
export function fitsAfter(before: string, line: string, measure: number): boolean {
  return measure > 0 && before.length + 1 + line.length <= measure
}

/**
 * A heading line in Title Case or capitals: reads like a heading, two words
 * or more, every content word capitalized (sentence case reads like prose
 * cut short, so it is left to the standalone rules).
 */
export function titleCaseLine(line: string): boolean {
  const ws = words(line)
  if (ws.length < 2 || !headingText(line)) return false
  if (titleContinues(line)) return false
  // "Sponsor: Name Second: TBA", "Morning: Focus Group 1": labels with their values, not headings.
  if (/\p{L}:\s+\S/u.test(line)) return false
  // Abbreviations in lower case ("9:07 a.m.") are no words of the heading's case.
  return isAllCaps(line) || capitalizedShare(ws.filter((w) => !/^(?:\p{Ll}\.){2,}$/u.test(w))) === 1
}

/** Whether a line opens prose: a capital (or a quote, bracket) and lower-case words soon after. */
function opensSentence(line: string | undefined): boolean {
  if (!line || !/^["“‘(\[]*\p{Lu}/u.test(line)) return false
  return words(line)
    .slice(1, 6)
    .some((w) => /^\p{Ll}/u.test(w))
}

/** A line mostly in capitals: two capitals or more, and more than 60 % of its letters (short lines too: "LINE"). */
function capsLine(line: string): boolean {
  return mostlyCaps(line, 2)
}

/**
 * The number of lines in capitals that open a paragraph of `lines` and make
 * a heading, or undefined. Each of them is mostly capitals (a lower-case
 * "and" may stand in it: "AGENDA ITEMS 1 and 2: OPENING REMARKS …"), the
 * heading has three words or more with one long word (not an acronym run),
 * its last line ends on no stop, comma or small word, and the next line opens
 * a sentence in mixed case.
 */
export function capsLead(lines: string[]): number | undefined {
  // The first word with letters is in capitals ("AGENDA", "ITEMS"); a quick test before counting letters.
  const first = LETTERS.exec(lines[0] ?? '')?.[0]
  if (!first || LOWER_LETTER.test(first)) return undefined
  for (let k = 1; k <= 5 && k < lines.length; k++) {
    const line = lines[k - 1]!
    if (!capsLine(line)) return undefined
    const next = lines[k]!
    if (capsLine(next)) continue
    const head = lines.slice(0, k).join(' ')
    const ws = words(head)
    if (ws.length < 3 || ws.length > 32 || !/\p{Lu}{5}/u.test(head)) return undefined
    if (/[.,;:\u2010-]$/.test(line) || titleContinues(line)) return undefined
    // Lines in capitals that are a table's rows or a list are short and many; a heading is followed by prose.
    if (!opensSentence(next) || isAllCaps(next)) return undefined
    return k
  }
  return undefined
}

/**
 * Whether the last of `lines` is a heading run onto the end of a paragraph:
 * a Title Case (or capitals) line after a line that ends a sentence (the
 * break before the heading line is printed), and not the end of the printed
 * line before it. The caller checks what follows (a heading or prose).
 */
export function lastLineHeading(lines: string[], measure: number): boolean {
  if (lines.length < 2) return false
  const last = lines.at(-1)!
  const before = lines.at(-2)!
  if (!titleCaseLine(last)) return false
  if (fitsAfter(before, last, measure)) return false
  // A short line before it may be a column's or a table's; only a sentence end sets the heading off.
  return endsSentence(before)
}

/** A line that opens on a word that only starts sentences ("Before the …", "A policy …"), or on a numbered item ("8. After …"). */
function opensWithStarter(line: string | undefined): boolean {
  if (!line) return false
  const first = line.split(/\s+/, 1)[0]!
  return SENTENCE_STARTERS.has(first) || (first === 'A' && A_LOWER.test(line)) || NUMBERED_START.test(line)
}

/**
 * The index of a heading line inside a paragraph of `lines` (not the last),
 * or undefined: a line in Title Case, first or after a line that ends a
 * sentence, and a sentence or numbered item on the next line that opens on a
 * word that only starts sentences ("… and good practices." / "Enable Receipt
 * of Unsolicited Reports" / "Before the publication of …"). That word is the
 * evidence: after the end of a printed line cut by mutool ("… the United
 * Nations." / "The United" / "States also …") the next line goes on with
 * the name.
 */
export function innerHeadingLine(lines: string[]): number | undefined {
  for (let j = 0; j + 1 < lines.length; j++) {
    const line = lines[j]!
    const next = lines[j + 1]!
    // The cheap tests first: most lines of prose fail them (bench/stages-ab.mjs: headings +20% -> see commit).
    if (!opensWithStarter(next)) continue
    // (The first line has the paragraph's own break before it.)
    if ((j > 0 && !endsSentence(lines[j - 1]!)) || !titleCaseLine(line)) continue
    if (!/^\d/.test(next) && !opensSentence(next)) continue
    return j
  }
  return undefined
}

/** The indexes of lines (not the first) that follow a line ending a sentence and open on a capitalized word: where a run-in heading can start. */
export function runInStarts(lines: string[], measure: number): number[] {
  const at: number[] = []
  for (let j = 1; j < lines.length; j++) {
    const line = lines[j]!
    if (!CAPITALIZED_START.test(line) || !endsSentence(lines[j - 1]!) || fitsAfter(lines[j - 1]!, line, measure)) continue
    // A heading phrase in Title Case goes on with a capital or a small word ("Develop and Publish …");
    // a sentence mostly with a lower-case word ("The committee …"): it is passed over cheaply.
    const second = line.split(/\s+/, 2)[1] ?? ''
    if (/^\p{Lu}/u.test(second) || SMALL_WORDS.has(second.toLowerCase())) at.push(j)
  }
  return at
}
