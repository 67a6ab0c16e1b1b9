/**
 * Finding a table of contents in extracted pages.
 *
 * A contents page repeats the document's headings with page numbers, most
 * of them joined by leader dots (". . . . 12"). Left in the text it becomes
 * a run of false headings, a paragraph of dots and a paragraph of page
 * numbers. Extractors write it in several ways: one entry a line with its
 * page number (`pdftotext -raw`), the page numbers as a column of their own
 * after the entries (pdftotext), or the section number, the title and the
 * dots with the page number on lines of their own (mutool).
 *
 * A page is a contents page when a "Contents" caption near its top is
 * followed by nothing but entry lines, some of them with page numbers, or when at least `minLeaders` of its lines carry
 * leader dots and they make at least `minShare` of its lines. Its contents
 * run from the first entry line (scanning back from the first leader line
 * over entry lines, and taking one short label line before them, such as a
 * "Contents" caption) to the last entry line on the page. A page right after a
 * contents page that opens with leader lines continues it.
 */

export interface ContentsOptions {
  /** Fewest lines with leader dots on a contents page. Default 3. */
  minLeaders?: number
  /** Share of a page's lines that must carry leader dots. Default 0.2. */
  minShare?: number
}

/** Leader dots: four or more dots, spaced or not, possibly followed by a page number. */
const LEADER = /(?:\.\s?){4,}\s*(?:\d{1,4}|[ivxlc]{1,6})?\s*$/i
/** A bare number: a section number ("1.2.1", "2.") or a page number. */
const BARE_NUMBER = /^(?:\d{1,3}(?:\.\d{1,3})*\.?|[ivxlc]{1,6})$/i
/** A line opening with a section number and a title. */
const NUMBERED = /^(?:\d{1,3}(?:\.\d{1,3})*\.?|[IVXLC]{1,6}\.|[A-Z]\.)\s+\S/
/**
 * A numbered entry with its page number at the end ("3 The Go Balance 3"),
 * as `pdftotext -raw` writes them. The page number has at most three digits:
 * a four-digit number at the end is a year, and "12 March 1999" is a date
 * line of a chronology (whose pages were all taken for contents), not an entry.
 */
const PAGED = /^\d{1,3}(?:\.\d{1,3})*\.?\s+\S.*\s\d{1,3}$/
/** The caption of a contents page, the convention of the trade. */
const CAPTION = /^(?:table\s+of\s+)?contents$/i
const SENTENCE_END = /[.!?;]["'”’)]*$/

function isLeader(text: string): boolean {
  return LEADER.test(text)
}

/** A line that can be part of a contents entry. */
function entryLine(text: string): boolean {
  if (isLeader(text) || BARE_NUMBER.test(text) || NUMBERED.test(text)) return true
  // A title on a line of its own (mutool), possibly with its page number at the end.
  const words = text.split(/\s+/).length
  return words <= 14 && !SENTENCE_END.test(text) && text.length <= 100
}

/**
 * Scanning back from the first leader line, only lines that are surely
 * entries: numbered, a bare number, or a title between a bare section number
 * and another entry line (a document title above the contents stays).
 */
function backwardEntry(lines: readonly string[], i: number): boolean {
  const text = lines[i]!
  if (isLeader(text) || BARE_NUMBER.test(text) || NUMBERED.test(text)) return true
  return i > 0 && BARE_NUMBER.test(lines[i - 1]!) && entryLine(text)
}

/** A caption before the entries: a short line without digits or a sentence end. */
function labelLine(text: string): boolean {
  return text.split(/\s+/).length <= 3 && !/\d/.test(text) && !SENTENCE_END.test(text) && text.length <= 30
}

/**
 * The indexes (into each page's `lines`) that belong to a table of contents,
 * by page index. Pages are arrays of trimmed, non-blank line texts.
 */
export function findContents(pages: readonly (readonly string[])[], options: ContentsOptions = {}): Map<number, number[]> {
  const minLeaders = options.minLeaders ?? 3
  const minShare = options.minShare ?? 0.2
  const found = new Map<number, number[]>()
  let previousWasContents = false
  for (let p = 0; p < pages.length; p++) {
    const lines = pages[p]!
    // A "Contents" caption near the top with nothing but entries after it, some with page numbers.
    const caption = lines.findIndex((l, i) => i < 6 && CAPTION.test(l))
    if (caption >= 0 && caption + 2 < lines.length) {
      const rest = lines.slice(caption + 1)
      // (A title may end on a full stop, "… 12:01 p.m.": most lines, not all, must look like entries.)
      const entries = rest.filter(entryLine).length
      const paged = rest.filter((l) => isLeader(l) || BARE_NUMBER.test(l) || /\s\d{1,4}$/.test(l)).length
      if (entries >= rest.length * 0.85 && paged >= 2) {
        found.set(
          p,
          Array.from({length: lines.length - caption}, (_, k) => caption + k)
        )
        previousWasContents = true
        continue
      }
    }
    const leaders = lines.map((l, i) => (isLeader(l) || PAGED.test(l) ? i : -1)).filter((i) => i >= 0)
    const contentsPage = leaders.length >= minLeaders && leaders.length >= lines.length * minShare
    // A continuation: a page after a contents page whose first lines are entries with leader dots.
    const continuation = previousWasContents && leaders.length > 0 && lines.slice(0, leaders[0]! + 1).every(entryLine)
    previousWasContents = contentsPage
    if (!contentsPage && !continuation) continue
    let start = leaders[0]!
    if (!continuation) {
      while (start > 0 && backwardEntry(lines, start - 1)) start--
      if (start > 0 && labelLine(lines[start - 1]!)) start--
    } else start = 0
    let end = leaders.at(-1)!
    while (end + 1 < lines.length && entryLine(lines[end + 1]!)) end++
    found.set(
      p,
      Array.from({length: end - start + 1}, (_, k) => start + k)
    )
  }
  return found
}
