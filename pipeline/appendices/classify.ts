/**
 * What kind of appendix is this? A reference list (titles and addresses), a
 * chronology (dates with places: day-month runs from a scrambled table, or a
 * table with a Date column), or plain text.
 */
import {dayMonthShare} from './chronology.js'
import type {SourceLine} from './lines.js'
import {isUrlLine} from './references.js'
import {findTableHeader} from './table-rows.js'

export type AppendixKind = 'references' | 'chronology' | 'text'

export interface Classification {
  kind: AppendixKind
  /** For chronologies: day-month runs (years from the layout) or a table with a Date column. */
  shape?: 'day-month' | 'table'
  /** Why, in a few words. */
  reason: string
}

export function classify(lines: readonly SourceLine[]): Classification {
  if (lines.length === 0) return {kind: 'text', reason: 'empty'}
  // A header row ("Date | Place | Event") decides first: such tables print full dates.
  const header = findTableHeader(lines)
  if (header && header.index <= 3) return {kind: 'chronology', shape: 'table', reason: `table with columns ${header.columns.join(', ')}`}
  const {dates, years} = dayMonthShare(lines)
  if (dates >= 3 && dates >= lines.length * 0.2) {
    return {kind: 'chronology', shape: 'day-month', reason: `${dates} day-month dates, ${years} year headings in ${lines.length} lines`}
  }
  if (header) return {kind: 'chronology', shape: 'table', reason: `table with columns ${header.columns.join(', ')}`}
  const urls = lines.filter((l) => isUrlLine(l.text)).length
  if (urls > 0 && lines.length - urls <= urls * 4) return {kind: 'references', reason: `${urls} addresses in ${lines.length} lines`}
  return {kind: 'text', reason: 'no table or addresses'}
}
