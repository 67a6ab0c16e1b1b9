/**
 * Telling when an extractor has mixed up two columns.
 *
 * pdftotext's default mode reads a two-column page by position, not by
 * column: it writes runs of printed lines of one column as one long line and
 * puts lines of the right column before the left column's. Text alone cannot
 * restore the reading order, so this only recognizes the pattern, for one
 * warning that names better extractions.
 *
 * The pattern has two marks, both needed:
 * - narrow columns: the printed line width, taken as the median length of
 *   lines that a lower-case line continues (full lines inside a paragraph),
 *   is that of a column (at most `maxColumnWidth` characters; one-column
 *   text runs 70–100 characters a line in common layouts, a column of two
 *   35–66);
 * - joined runs: a share of the prose lines (not table rows, which have wide
 *   gaps) are several such widths long, which `pdftotext -raw` and mutool
 *   never write (they keep one printed line per line).
 */
import {twin} from './ascii.js'

export interface InterleavedOptions {
  /** Widest column (characters) that counts as one of two or more. Default 67. */
  maxColumnWidth?: number
  /** A joined run is at least this many column widths long. Default 1.7. */
  joinedFactor?: number
  /** Share of prose lines that must be joined runs. Default 0.08. */
  minJoinedShare?: number
  /** Fewest full lines needed to judge at all. Default 40. */
  minLines?: number
}

export interface InterleavedFinding {
  /** Median printed line width in characters. */
  width: number
  /** Prose lines several widths long. */
  joined: number
  /** Prose lines looked at. */
  lines: number
}

const TABLE_GAP = /\S\s{3,}\S/
/** Speed: the Latin-1 twin where the first character decides (text/ascii.ts). */
const STARTS_LOWER = twin(/^\p{Ll}/u)

/** The finding when `lines` (the page text, one printed or extracted line each) shows the pattern; else undefined. */
export function findInterleavedColumns(lines: readonly string[], options: InterleavedOptions = {}): InterleavedFinding | undefined {
  const maxWidth = options.maxColumnWidth ?? 67
  const factor = options.joinedFactor ?? 1.7
  const minShare = options.minJoinedShare ?? 0.08
  const minLines = options.minLines ?? 40
  const text = lines.map((l) => l.trim()).filter((l) => l !== '')
  const full: number[] = []
  for (let i = 0; i + 1 < text.length; i++) {
    if (STARTS_LOWER(text[i + 1]!, 0).test(text[i + 1]!) && !TABLE_GAP.test(text[i]!)) full.push(text[i]!.length)
  }
  if (full.length < minLines) return undefined
  full.sort((a, b) => a - b)
  const width = full[full.length >> 1]!
  if (width > maxWidth) return undefined
  let prose = 0
  let joined = 0
  for (const line of text) {
    if (line.length < 15 || TABLE_GAP.test(line)) continue
    prose++
    // A joined run is prose: many words, several widths long.
    if (line.length > factor * width && line.split(/\s+/).length >= 10) joined++
  }
  if (prose === 0 || joined / prose < minShare) return undefined
  return {width, joined, lines: prose}
}
