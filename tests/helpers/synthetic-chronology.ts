/**
 * Synthetic chronologies: known entries laid out the way PDF extractors
 * scramble a multi-column chronology table, so that reconstruction can be
 * measured against the truth.
 *
 * The printed table: entries in time order, dealt row by row into the page's
 * columns (so each column spans the page's period and runs in time order);
 * each page prints the year headings of the years it starts (in any order);
 * a page may begin in the year the previous page ended in. The extractor then
 * gives each page as: the year headings, then groups, each a run of dates
 * followed by a run of as many places, places wrapping over several lines.
 */
import {MONTHS, daysIn} from '../../pipeline/appendices/day-month.js'
import type {SourceLine} from '../../pipeline/appendices/lines.js'

export interface TruthEntry {
  year: number
  month: number
  day: number
  /** Last day of a range within the month ("17-18 JULY"). */
  endDay?: number
  place: string
  occasion: string | null
}

export interface SyntheticLayout {
  /** How the dates of a page come out: one run for the page, one group per column, or chunks of rows. */
  runs: 'page' | 'column' | 'chunks'
  /** Columns of the table. Default 2. */
  columns?: number
  /** Years a page covers: [min, max], each page picks in this range. Default [2, 5]. */
  yearsPerPage?: [number, number]
  /** Width at which places wrap. Default 48. */
  wrap?: number
  /** Print year headings out of order. Default true. */
  shuffleHeadings?: boolean
  /** Share of entries that are day ranges. Default 0.1. */
  ranges?: number
  /** Share of pages that start in the year the previous page ended in. Default 0.5. */
  carry?: number
  /** Share of adjacent pairs in a column printed out of time order. Default 0. */
  disorder?: number
  /** How entries are dealt into columns: row by row (the table read left to right), or each to a random column. Default rows. */
  dealing?: 'rows' | 'random'
}

export interface SyntheticChronology {
  /** The raw text, as an extractor gives it. */
  text: string
  /** The entries in the order their dates appear in the text. */
  truth: TruthEntry[]
}

/** A small seeded generator (mulberry32): the same seed gives the same chronology. */
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const CITIES = ['Aldwick', 'Borvane', 'Cestrel', 'Dunmarrow', 'Elsport', 'Farholm', 'Gravesend Quay', 'Harrowgate', 'Istmere', 'Jorvale', 'Kestrel Bay', 'Lunholt', 'St. Maravel', 'New Orrin', 'Pellicar', 'Quenby', 'Rosk', 'Sarnow region', 'Tavrin', 'Ulmside']
const OCCASIONS = [
  'Meeting of the heads of member states',
  'working visit',
  'Summit on the anniversary of the regional council',
  'mediated by the President of the Federation',
  'on the initiative of the mediation group co-chairs',
  'Signing ceremony of the Agreement on Cooperation and Partnership between the two Republics',
  'International conference “Towards a common market of the northern coast without borders”',
  'Informal meeting of Heads of State',
  'Opening ceremony of the railway',
  'World Economic Forum'
]

/** Entries in time order: `years` consecutive years from `startYear`, 1–5 meetings a year. */
export function makeEntries(seed: number, startYear: number, years: number, options: {ranges?: number; perYear?: [number, number]} = {}): TruthEntry[] {
  const [minPer, maxPer] = options.perYear ?? [1, 5]
  const r = rng(seed)
  const out: TruthEntry[] = []
  for (let y = startYear; y < startYear + years; y++) {
    const count = minPer + Math.floor(r() * (maxPer - minPer + 1))
    const days = new Set<number>()
    while (days.size < count) days.add(1 + Math.floor(r() * 365))
    for (const doy of [...days].sort((a, b) => a - b)) {
      const date = new Date(Date.UTC(y, 0, doy))
      const month = date.getUTCMonth() + 1
      const day = date.getUTCDate()
      const entry: TruthEntry = {year: y, month, day, place: CITIES[Math.floor(r() * CITIES.length)]!, occasion: r() < 0.08 ? null : OCCASIONS[Math.floor(r() * OCCASIONS.length)]!}
      if (r() < (options.ranges ?? 0.1) && day < daysIn(month, y)) entry.endDay = day + 1
      out.push(entry)
    }
  }
  return out
}

/** Lay entries out as an extractor would give the table. */
export function layOut(entries: readonly TruthEntry[], layout: SyntheticLayout, seed = 1): SyntheticChronology {
  const r = rng(seed * 7919 + 13)
  const columns = layout.columns ?? 2
  const [minYears, maxYears] = layout.yearsPerPage ?? [2, 5]
  const wrap = layout.wrap ?? 48
  const out: string[] = []
  const truth: TruthEntry[] = []
  let i = 0
  let lastYear: number | undefined
  while (i < entries.length) {
    // Cut a page: it starts `span` new years (maybe after finishing the previous page's last year).
    const span = minYears + Math.floor(r() * (maxYears - minYears + 1))
    const page: TruthEntry[] = []
    const headings: number[] = []
    while (i < entries.length && entries[i]!.year === lastYear) page.push(entries[i++]!)
    while (i < entries.length && headings.length < span) {
      const y = entries[i]!.year
      headings.push(y)
      while (i < entries.length && entries[i]!.year === y) page.push(entries[i++]!)
    }
    // Sometimes the page ends inside its last year: the rest carries over.
    if (i < entries.length && r() < (layout.carry ?? 0.5)) {
      const y = headings.at(-1)!
      const ofLast = page.filter((e) => e.year === y)
      if (ofLast.length >= 2) {
        const keep = 1 + Math.floor(r() * (ofLast.length - 1))
        const give = ofLast.length - keep
        page.splice(page.length - give, give)
        i -= give
      }
    }
    lastYear = headings.at(-1)
    // Deal rows into columns.
    const cols: TruthEntry[][] = Array.from({length: columns}, () => [])
    if (layout.dealing === 'random') {
      page.forEach((e, k) => cols[k < columns ? k : Math.floor(r() * columns)]!.push(e))
      for (const col of cols) col.sort((a, b) => a.year - b.year || a.month - b.month || a.day - b.day)
    } else page.forEach((e, k) => cols[k % columns]!.push(e))
    if (layout.disorder) {
      for (const col of cols)
        for (let k = 1; k < col.length; k++)
          if (r() < layout.disorder) [col[k - 1], col[k]] = [col[k]!, col[k - 1]!]
    }
    const shown = layout.shuffleHeadings === false ? headings : shuffle(headings, r)
    for (const y of shown) out.push(String(y), '')
    // Groups.
    let groups: TruthEntry[][]
    if (layout.runs === 'page') groups = [cols.flat()]
    else if (layout.runs === 'column') groups = cols.filter((c) => c.length > 0)
    else {
      groups = []
      for (const col of cols) {
        let k = 0
        while (k < col.length) {
          const size = 2 + Math.floor(r() * 4)
          groups.push(col.slice(k, k + size))
          k += size
        }
      }
    }
    for (const g of groups) {
      for (const e of g) {
        out.push(dateCell(e, r), '')
        truth.push(e)
      }
      for (const e of g) out.push(...placeLines(e, wrap, r), '')
    }
    out.push('', '')
  }
  return {text: out.join('\n'), truth}
}

function dateCell(e: TruthEntry, r: () => number): string {
  const month = MONTHS[e.month - 1]!.toUpperCase()
  const day = e.endDay ? `${e.day}-${e.endDay}` : String(e.day)
  return r() < 0.1 ? `${day}  ${month} ` : `${day} ${month}`
}

function placeLines(e: TruthEntry, wrap: number, r: () => number): string[] {
  if (!e.occasion) return [e.place]
  const lines: string[] = []
  // Sometimes the occasion starts on its own line ("Washington" / "(Summit …)").
  const words = r() < 0.25 ? [e.place, '\n', ...`(${e.occasion})`.split(' ')] : `${e.place} (${e.occasion})`.split(' ')
  let line = ''
  for (const w of words) {
    if (w === '\n') {
      lines.push(line)
      line = ''
      continue
    }
    if (line && (line + ' ' + w).length > wrap) {
      lines.push(line + ' ')
      line = w
    } else line = line ? `${line} ${w}` : w
  }
  if (line) lines.push(line)
  // Sometimes a blank line splits a wrapped place.
  if (lines.length > 2 && r() < 0.3) lines.splice(2, 0, '')
  return lines
}

function shuffle<T>(items: readonly T[], r: () => number): T[] {
  const a = [...items]
  for (let k = a.length - 1; k > 0; k--) {
    const j = Math.floor(r() * (k + 1))
    ;[a[k], a[j]] = [a[j]!, a[k]!]
  }
  return a
}

/** The text's lines as the appendix stage reads them (blank lines as flags). */
export function sourceLines(text: string, firstLine = 1): SourceLine[] {
  const out: SourceLine[] = []
  let blank = true
  let blanks = 0
  text.split('\n').forEach((raw, k) => {
    const t = raw.replace(/\s+/g, ' ').trim()
    if (!t) {
      blank = true
      blanks++
      return
    }
    out.push({text: t, line: firstLine + k, column: 1, endColumn: raw.length + 1, blankBefore: blank, pageBreakBefore: blanks >= 2})
    blank = false
    blanks = 0
  })
  return out
}
