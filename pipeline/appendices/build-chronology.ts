/**
 * A day-month chronology, from its source lines to finished entries: layout
 * (chronology.ts), body cross-references (cross-references.ts), editor year
 * pins (corrections.ts) and years (resolve-years.ts).
 */
import type {AppendixEntry} from '../types.js'
import {parseChronology, type ChronologyLayout} from './chronology.js'
import {crossReference, type BodyDate} from './cross-references.js'
import {toEdtf} from './day-month.js'
import {plainPosition, type SourceLine} from './lines.js'
import {resolveYears, type YearEntry} from './resolve-years.js'

export interface ChronologyOptions {
  /** Dated sentences of the body, for cross-references. */
  body?: readonly BodyDate[]
  /** Years pinned by an editor, by index in source order. */
  pinnedYears?: Map<number, {year: number; evidence: string}>
  /** Usual number of columns per page. Default 2. */
  columns?: number
}

export interface ChronologyResult {
  /** Entries in source (reading) order. */
  entries: AppendixEntry[]
  layout: ChronologyLayout
  /** Year heading lines that no entry's year uses. */
  unusedHeadings: SourceLine[]
  /** Words joined over a line-end hyphen inside places. */
  joins: {original: string; replacement: string; line: SourceLine}[]
}

/** Rebuild a day-month chronology. */
export function buildChronology(lines: readonly SourceLine[], options: ChronologyOptions = {}): ChronologyResult {
  const layout = parseChronology(lines)
  const body = options.body ?? []
  const yearPages = layout.pages.map((p) => ({headings: p.headings, entries: [] as YearEntry[]}))
  const yearIndex: {page: number; index: number}[] = []
  layout.entries.forEach((e, i) => {
    if (!e.date) return
    const entry: YearEntry = {date: e.date.date, group: e.group}
    const pinned = options.pinnedYears?.get(i)
    if (pinned) entry.pinned = pinned
    else if (e.date.date.year !== undefined) entry.pinned = {year: e.date.date.year, evidence: 'year printed with the date'}
    else {
      const ref = crossReference(body, {month: e.date.date.month, day: e.date.date.day, place: e.place?.place})
      // A body date only speaks for an entry whose page could hold its year, and only
      // when no other entry has the same day, month and place (a repeated meeting).
      const headings = layout.pages[e.page]!.headings
      const fits = ref && (headings.length === 0 || (ref.year >= Math.min(...headings) - 1 && ref.year <= Math.max(...headings)))
      const twin = layout.entries.some(
        (o, j) => j !== i && o.date && o.date.date.month === e.date!.date.month && o.date.date.day === e.date!.date.day && o.place?.place === e.place?.place
      )
      if (ref && fits && ref.withPlace && !twin) entry.pinned = {year: ref.year, evidence: ref.evidence}
      else if (ref && fits) entry.hint = {year: ref.year, evidence: ref.evidence}
    }
    yearIndex[i] = {page: e.page, index: yearPages[e.page]!.entries.length}
    yearPages[e.page]!.entries.push(entry)
  })
  const years = resolveYears(yearPages, {columns: options.columns})

  const entries: AppendixEntry[] = layout.entries.map((e, i) => {
    const out: AppendixEntry = {}
    const where = yearIndex[i]
    const r = where ? years[where.page]![where.index] : undefined
    if (e.date) {
      out.date = toEdtf(e.date.date, r?.year)
      out.dateText = e.date.date.text
    }
    out.place = e.place?.place ?? ''
    out.occasion = e.place?.occasion ?? null
    out.certainty = r?.certainty ?? 'ambiguous'
    out.evidence = r?.evidence ?? (e.date ? 'no year evidence' : 'place without a date in its group')
    if (!e.place) out.evidence += '; date without a place in its group'
    const line = e.date?.line ?? e.place?.lines[0]
    const last = e.date?.line ?? e.place?.lines.at(-1)
    if (line && last) out.position = plainPosition({start: {line: line.line, column: line.column}, end: {line: last.line, column: last.endColumn}})
    return out
  })
  // Lines outside any group (a note before the first dates) stay, as text entries.
  for (const line of layout.stray) {
    entries.push({text: line.text, position: plainPosition({start: {line: line.line, column: line.column}, end: {line: line.line, column: line.endColumn}})})
  }
  // Year headings no entry ended up in: their text would otherwise vanish.
  const used = new Set(entries.map((e) => e.date?.slice(0, 4)))
  const unusedHeadings = layout.pages.flatMap((p) => p.headingLines.filter((l) => !used.has(l.text.trim())))
  return {entries, layout, unusedHeadings, joins: layout.pages.flatMap((p) => p.groups.flatMap((g) => g.places.flatMap((pl) => pl.joins)))}
}

/** Entries in time order (stable; entries without a known year keep their place after the dated ones). */
export function inTimeOrder(entries: readonly AppendixEntry[]): AppendixEntry[] {
  const known = entries.filter((e) => e.date && !e.date.startsWith('XXXX'))
  const unknown = entries.filter((e) => !e.date || e.date.startsWith('XXXX'))
  return [...known.map((e, i) => ({e, i})).sort((a, b) => (a.e.date! < b.e.date! ? -1 : a.e.date! > b.e.date! ? 1 : a.i - b.i)).map((x) => x.e), ...unknown]
}
