/**
 * The dates API, pure functions over strings (no tree): used by the `dates`
 * stage, the `appendices` stage (chronology tables) and the Markdown writer.
 *
 *   parseDateText('25 SEPTEMBER', {year: 1993}) → {edtf: '1993-09-25', inferred: true, …}
 *   parseDateText('January 30-31, 1992')        → {edtf: '1992-01-30/1992-01-31', inferred: false, …}
 *   findDates('On July 18, the Presidium …')    → [{text: 'July 18', kind: 'day', …}]
 */
import {findDates, type FoundDate} from './find-dates.js'
import {resolveWithYear} from './resolve-years.js'

export {findDates, type DateKind, type FoundDate, type FindOptions} from './find-dates.js'
export {YearContext, resolveWithYear, needsYear, type ResolvedDate} from './resolve-years.js'
export {isValidEdtf, toEdtf, partToEdtf, type DatePart} from './edtf.js'

const LEADING_WORD = /^(?:from|between|in|on|since|until|by|during|throughout|of)\s+$/i

export interface ParseContext {
  /** Year to use when the text prints none (a chronology's year column, the section's last year). */
  year?: number
}

export interface ParsedDate extends FoundDate {
  /** EDTF value. `XXXX` stands for a year that is not printed and not given. */
  edtf: string
  /** True when the year came from `context.year`. */
  inferred: boolean
  /** True when a year was needed and none was printed or given. */
  unresolved: boolean
}

/**
 * Parse a string that is one date expression as a whole (a table cell, a
 * chronology label, a quoted date). Surrounding spaces and punctuation are
 * ignored; a bare year or month is accepted because the whole text is the
 * date. Returns undefined when the text is not exactly one date.
 */
export function parseDateText(text: string, context: ParseContext = {}): ParsedDate | undefined {
  const trimmed = text.replace(/^[\s([{“"‘']+/u, '').replace(/[\s.,;:)\]}”"’']+$/u, '')
  if (!trimmed) return undefined
  const found = findDates(trimmed, {whole: true})
  if (found.length !== 1) return undefined
  const only = found[0]!
  // "from 1988 to 1993", "in May 1990": a leading preposition is not part of the mention.
  const lead = trimmed.slice(0, only.start)
  if ((lead && !LEADING_WORD.test(lead)) || only.end !== trimmed.length) return undefined
  const resolved = resolveWithYear(only, context.year)
  if (!resolved) return undefined
  return {...only, ...resolved}
}
