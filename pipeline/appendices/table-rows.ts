/**
 * Chronology tables with a header row ("Date | Place | Event") whose dates
 * carry their years, as extractors give them: row by row (mutool: the date,
 * then the other cells, each wrapped over lines) or a column block at a time
 * (pdftotext: runs of dates, runs of places, runs of events). Either way the
 * cells of each column stay in order, so we split the lines into a date
 * stream, a name stream (place, person) and a prose stream (event), cut each
 * stream into as many cells as there are dates, and zip them.
 */
import type {SourceLine} from './lines.js'

export interface TableHeader {
  /** Index of the "Date" line. */
  index: number
  /** Column names in order, "Date" first. */
  columns: string[]
}

const COLUMN_NAME = /^(?:[A-Z][a-z]+|[A-Z]+)(?: [A-Z]?[a-z]+)?$/

/** The first header row "Date" + column names, one per line. */
export function findTableHeader(lines: readonly SourceLine[], from = 0): TableHeader | undefined {
  for (let i = from; i < lines.length; i++) {
    if (!/^dates?$/i.test(lines[i]!.text)) continue
    const columns = [lines[i]!.text]
    for (let j = i + 1; j < lines.length && j <= i + 6; j++) {
      const t = lines[j]!.text
      if (!COLUMN_NAME.test(t) || t.length > 20 || /^dates?$/i.test(t)) break
      columns.push(t)
    }
    if (columns.length >= 2 && columns.slice(1).some((c) => /^(place|location|city|venue|event|occasion|events|description)$/i.test(c))) {
      return {index: i, columns}
    }
  }
  return undefined
}

export interface TableResult {
  entries: import('../types.js').AppendixEntry[]
  warnings: {message: string; line?: SourceLine}[]
}

/** Rebuild a dated table (stub until the row/column reconstruction lands). */
export function parseTable(_lines: readonly SourceLine[]): TableResult {
  return {entries: [], warnings: []}
}
