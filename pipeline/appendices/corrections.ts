/**
 * Editor corrections: `input/<name>.corrections.yaml` pins fields of
 * appendix entries that the text alone cannot settle (most often a year).
 *
 *   corrections:
 *     - appendix: 2                 # number or id ("appendix-2")
 *       match: {date: 19 December, place: Bern}
 *       set: {year: 2015}
 *       note: confirmed from the ministry's press release
 *
 * `match` must select exactly one entry (by `date` as printed, `place`,
 * `occasion`, `line`, or `title` for references); anything else is an error,
 * so a stale correction never goes unnoticed.
 */
import type {AppendixEntry} from '../types.js'
import {normalizeMonthCase} from './day-month.js'

export interface Correction {
  appendix: number | string
  match: {date?: string; place?: string; occasion?: string; line?: number; title?: string}
  set: {year?: number; date?: string; place?: string; occasion?: string | null; title?: string; url?: string}
  note?: string
}

export interface CorrectionsFile {
  corrections: Correction[]
}

/** The corrections that concern appendix `number` (id `appendix-<number>`, or a heading id). */
export function correctionsFor(file: CorrectionsFile | undefined, number: number, id: string): {correction: Correction; index: number}[] {
  if (!file?.corrections) return []
  return file.corrections
    .map((correction, index) => ({correction, index}))
    .filter(({correction}) => correction.appendix === number || correction.appendix === id || correction.appendix === String(number))
}

/** Case, spaces and dash forms aside ("17-18 JULY" matches "17–18 July"). */
const norm = (s: string | null | undefined) => normalizeMonthCase(s ?? '').toLowerCase().replace(/\s*[-–—]\s*/g, '-')

/** Does `entry` satisfy every field of `match`? */
export function matches(entry: AppendixEntry, match: Correction['match']): boolean {
  if (match.date !== undefined && norm(entry.dateText ?? entry.date) !== norm(match.date)) return false
  if (match.place !== undefined && norm(entry.place) !== norm(match.place)) return false
  if (match.occasion !== undefined && norm(entry.occasion) !== norm(match.occasion)) return false
  if (match.title !== undefined && norm(entry.title) !== norm(match.title)) return false
  if (match.line !== undefined && entry.position?.start.line !== match.line) return false
  return true
}

/** A one-line description of a correction, for messages. */
export function describeCorrection(c: Correction, index: number): string {
  const what = Object.entries(c.match)
    .map(([k, v]) => `${k} “${v}”`)
    .join(', ')
  return `correction ${index + 1} (appendix ${c.appendix}, ${what})`
}

/**
 * Two corrections that select the same entry and set the same field (a year
 * and a date both set the date) cannot both be right, and applying both would
 * record the first one's result as the second one's original: an error naming
 * both. `claims` maps an entry index to the correction that set each field.
 */
export function claimFields(
  claims: Map<number, Map<string, {correction: Correction; index: number}>>,
  entry: number,
  correction: Correction,
  index: number
): void {
  const fields = Object.keys(correction.set).map((field) => (field === 'year' ? 'date' : field))
  const owned = claims.get(entry) ?? new Map<string, {correction: Correction; index: number}>()
  for (const field of fields) {
    const other = owned.get(field)
    if (other && other.index !== index) {
      throw new Error(`corrections: ${describeCorrection(other.correction, other.index)} and ${describeCorrection(correction, index)} both set the ${field} of the same entry`)
    }
  }
  for (const field of fields) owned.set(field, {correction, index})
  claims.set(entry, owned)
}
