/**
 * Chronology tables without years, rebuilt from column-scrambled text.
 *
 * The extractor gives each page as a run of year headings ("1993 1994 1996
 * 1995"), then one or more groups: a run of day-month dates followed by a run
 * of as many places, a place wrapping over several lines ("Moscow (Meeting of
 * Azerbaijani, Russian, Georgian" / "and Armenian presidents)"). Here we cut
 * the lines into pages and groups, join wrapped places, pair each date with
 * its place within its group, and split "Place (occasion)". Years come later
 * (resolve-years.ts).
 */
import {parseDayMonth, yearHeading, type DayMonth} from './day-month.js'
import type {SourceLine} from './lines.js'

export interface DateCell {
  date: DayMonth
  line: SourceLine
}

export interface PlaceCell {
  /** Place as printed, lines joined, spaces normalized. */
  text: string
  place: string
  occasion: string | null
  lines: SourceLine[]
  /** Words joined over a line-end hyphen ("Coopera-" + "tion"). */
  joins: {original: string; replacement: string; line: SourceLine}[]
}

export interface ChronologyGroup {
  dates: DateCell[]
  places: PlaceCell[]
}

export interface ChronologyPage {
  headings: number[]
  headingLines: SourceLine[]
  groups: ChronologyGroup[]
}

export interface PairedEntry {
  date?: DateCell
  place?: PlaceCell
  page: number
  group: number
}

export interface ChronologyLayout {
  pages: ChronologyPage[]
  entries: PairedEntry[]
  /** Lines that fit nothing (kept as text, with a warning). */
  stray: SourceLine[]
  /** Groups whose date and place counts differ (paired as far as they go). */
  mismatches: {page: number; group: number; dates: number; places: number}[]
}

type Kind = 'year' | 'date' | 'text'

function kindOf(line: SourceLine): Kind {
  if (yearHeading(line.text) !== undefined) return 'year'
  if (parseDayMonth(line.text)) return 'date'
  return 'text'
}

/** How many lines of `lines` are day-month dates and year headings. */
export function dayMonthShare(lines: readonly SourceLine[]): {dates: number; years: number; total: number} {
  let dates = 0
  let years = 0
  for (const l of lines) {
    const k = kindOf(l)
    if (k === 'date') dates++
    else if (k === 'year') years++
  }
  return {dates, years, total: lines.length}
}

/** Cut the lines of a chronology into pages and groups and pair dates with places. */
export function parseChronology(lines: readonly SourceLine[]): ChronologyLayout {
  const kinds = lines.map(kindOf)
  const pages: ChronologyPage[] = []
  const stray: SourceLine[] = []
  let page: ChronologyPage | undefined
  let group: {dates: DateCell[]; placeLines: SourceLine[]} | undefined
  const rawGroups = new Map<ChronologyPage, {dates: DateCell[]; placeLines: SourceLine[]}[]>()

  const newPage = () => {
    page = {headings: [], headingLines: [], groups: []}
    pages.push(page)
    rawGroups.set(page, [])
    group = undefined
  }
  const nextSignificant = (from: number): Kind | undefined => {
    for (let j = from; j < kinds.length; j++) if (kinds[j] !== 'year') return kinds[j]
    return undefined
  }

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    const kind = kinds[i]!
    if (kind === 'year') {
      const hasContent = page !== undefined && rawGroups.get(page)!.length > 0
      // A run of year headings after content opens a new page when dates follow;
      // otherwise it is a heading the extractor left behind (at the page's end).
      if (!page || (hasContent && (i === 0 || kinds[i - 1] !== 'year') && nextSignificant(i) === 'date')) newPage()
      page!.headings.push(yearHeading(line.text)!)
      page!.headingLines.push(line)
      continue
    }
    if (!page) newPage()
    const groups = rawGroups.get(page!)!
    if (kind === 'date') {
      if (!group || group.placeLines.length > 0) {
        group = {dates: [], placeLines: []}
        groups.push(group)
      }
      group.dates.push({date: parseDayMonth(line.text)!, line})
    } else {
      if (!group) {
        stray.push(line)
        continue
      }
      group.placeLines.push(line)
    }
  }

  const entries: PairedEntry[] = []
  const mismatches: ChronologyLayout['mismatches'] = []
  pages.forEach((p, pi) => {
    const groups = rawGroups.get(p)!
    const parsed = groups.map((g) => ({dates: g.dates, places: joinPlaces(g.placeLines)}))
    // When groups disagree but the page as a whole agrees, pair over the page.
    const totalDates = parsed.reduce((s, g) => s + g.dates.length, 0)
    const totalPlaces = parsed.reduce((s, g) => s + g.places.length, 0)
    const bad = parsed.some((g) => g.dates.length !== g.places.length)
    if (bad && totalDates === totalPlaces) {
      const dates = parsed.flatMap((g) => g.dates)
      const places = parsed.flatMap((g) => g.places)
      p.groups = [{dates, places}]
    } else {
      p.groups = parsed
    }
    p.groups.forEach((g, gi) => {
      if (g.dates.length !== g.places.length) mismatches.push({page: pi, group: gi, dates: g.dates.length, places: g.places.length})
      const count = Math.max(g.dates.length, g.places.length)
      for (let k = 0; k < count; k++) entries.push({date: g.dates[k], place: g.places[k], page: pi, group: gi})
    })
  })
  return {pages, entries, stray, mismatches}
}

/**
 * Join wrapped place lines into places. A line continues the place before it
 * when that place has an open parenthesis, when the line opens the occasion
 * of a bare place ("Washington" / "(Summit …)"), when the place ends in a
 * hyphen, or when the line starts in lower case.
 */
export function joinPlaces(lines: readonly SourceLine[]): PlaceCell[] {
  const items: SourceLine[][] = []
  for (const line of lines) {
    const current = items.at(-1)
    if (current && continues(current, line)) current.push(line)
    else items.push([line])
  }
  return items.map(toPlaceCell)
}

function continues(current: SourceLine[], line: SourceLine): boolean {
  const text = current.map((l) => l.text).join(' ')
  const open = (text.match(/\(/g) ?? []).length - (text.match(/\)/g) ?? []).length
  if (open > 0) return true
  if (/^\(/.test(line.text) && !text.includes('(')) return true
  if (/\p{L}-$/u.test(text)) return true
  if (/^\p{Ll}/u.test(line.text)) return true
  return false
}

function toPlaceCell(lines: SourceLine[]): PlaceCell {
  const joins: PlaceCell['joins'] = []
  let text = ''
  lines.forEach((line, i) => {
    if (i === 0) {
      text = line.text
      return
    }
    const broken = /(\p{L}+)-$/u.exec(text)
    const next = /^(\p{Ll}+)/u.exec(line.text)
    if (broken && next) {
      // "Coopera-" + "tion": a word broken at the line end.
      joins.push({original: `${broken[1]}-${next[1]}`, replacement: `${broken[1]}${next[1]}`, line})
      text = text.slice(0, -1) + line.text
    } else {
      // A word `dehyphenate` already joined over the line end goes on without a space.
      text = lines[i - 1]!.joinsNext ? text + line.text : `${text} ${line.text}`
    }
  })
  text = text.replace(/\s+/g, ' ').replace(/\(\s+/g, '(').replace(/\s+\)/g, ')').trim()
  const {place, occasion} = splitOccasion(text)
  return {text, place, occasion, lines, joins}
}

/** "Moscow (Meeting of …)" → place "Moscow", occasion "Meeting of …". */
export function splitOccasion(text: string): {place: string; occasion: string | null} {
  const m = /^([^()]*?)\s*\((.*)\)$/s.exec(text.trim())
  if (m && m[1]!.trim()) return {place: m[1]!.trim(), occasion: m[2]!.trim() || null}
  return {place: text.trim(), occasion: null}
}
