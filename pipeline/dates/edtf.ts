/**
 * EDTF (ISO 8601-2) values for date mentions: build them from parsed parts and
 * check them.
 *
 * `isValidEdtf` accepts exactly the subset that reprint emits, and is stricter
 * than the `edtf` package on calendars (it rejects 1900-02-29, which `edtf`
 * silently moves to 1 March). The tests check that every value we emit is
 * also accepted by the `edtf` package; the pipeline does not load it, because
 * its import alone costs ~50 ms, more than the whole dates stage.
 */

/** One end of a date expression. Missing fields are not printed (or not known). */
export interface DatePart {
  /** Full year, e.g. 1988. */
  year?: number
  /** 1-12. */
  month?: number
  /** 1-31. */
  day?: number
  /** ISO 8601-2 sub-year grouping: 21 spring, 22 summer, 23 autumn, 24 winter, 40/41 halves. */
  season?: number
  /** First three digits of a decade (198 for the 1980s). */
  decade?: number
  /** First two digits of a century in EDTF terms (20 for the 21st century: 20XX). */
  century?: number
}

const pad = (n: number, width: number) => String(n).padStart(width, '0')

/** EDTF of one part; `XXXX` stands for a year that is not known. */
export function partToEdtf(part: DatePart): string | undefined {
  if (part.century !== undefined) return `${pad(part.century, 2)}XX`
  if (part.decade !== undefined) return `${pad(part.decade, 3)}X`
  const year = part.year === undefined ? 'XXXX' : pad(part.year, 4)
  if (part.season !== undefined) return `${year}-${part.season}`
  if (part.month === undefined) return part.year === undefined ? undefined : year
  if (part.day === undefined) return `${year}-${pad(part.month, 2)}`
  return `${year}-${pad(part.month, 2)}-${pad(part.day, 2)}`
}

/** EDTF of a single part or an interval `from/to`. */
export function toEdtf(from: DatePart, to?: DatePart): string | undefined {
  const a = partToEdtf(from)
  if (!a) return undefined
  if (!to) return a
  const b = partToEdtf(to)
  return b ? `${a}/${b}` : undefined
}

export function daysInMonth(year: number | undefined, month: number): number {
  if (month === 2) {
    if (year === undefined) return 29
    return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31
}

const SINGLE = /^(?:(\d{2})XX|(\d{3})X|(\d{4}|XXXX)(?:-(\d{2})(?:-(\d{2}))?)?)$/

/** A day as one comparable number (years, then months, then days). */
const at = (year: number, month: number, day: number) => year * 1000 + month * 40 + day

/** Parse one EDTF value of our subset into its first and last day, comparable with `at`. */
function bounds(value: string): [number, number] | undefined {
  const m = SINGLE.exec(value)
  if (!m) return undefined
  const [, century, decade, yearText, monthText, dayText] = m
  if (century) return [at(Number(century) * 100, 1, 1), at(Number(century) * 100 + 99, 12, 31)]
  if (decade) return [at(Number(decade) * 10, 1, 1), at(Number(decade) * 10 + 9, 12, 31)]
  const unknownYear = yearText === 'XXXX'
  const year = unknownYear ? undefined : Number(yearText)
  if (unknownYear && monthText === undefined) return undefined
  const y = year ?? 0
  if (monthText === undefined) return [at(y, 1, 1), at(y, 12, 31)]
  const month = Number(monthText)
  if (month >= 21 && month <= 41) {
    if (dayText !== undefined || unknownYear) return undefined
    return [at(y, 1, 1), at(y, 12, 31)] // sub-year groupings: compared at year precision
  }
  if (month < 1 || month > 12) return undefined
  if (dayText === undefined) return [at(y, month, 1), at(y, month, daysInMonth(year, month))]
  const day = Number(dayText)
  if (day < 1 || day > daysInMonth(year, month)) return undefined
  return [at(y, month, day), at(y, month, day)]
}

/**
 * True when `value` is a well-formed EDTF value of the subset reprint emits:
 * a date (YYYY, YYYY-MM, YYYY-MM-DD, XXXX-MM(-DD)), a sub-year grouping
 * (YYYY-21..41), a decade (DDDX), a century (CCXX), or an interval of two of
 * those whose start is strictly before its end.
 */
export function isValidEdtf(value: string): boolean {
  const parts = value.split('/')
  if (parts.length > 2) return false
  const ranges = parts.map(bounds)
  if (ranges.some((r) => r === undefined)) return false
  if (parts.length === 1) return true
  // Intervals of sub-year groupings are ISO 8601-2 but the edtf library rejects them: never emitted.
  if (parts.some((p) => /^\d{4}-(2\d|3\d|4[01])$/.test(p))) return false
  const [a, b] = ranges as [number, number][]
  // Like the edtf library: the interval starts strictly before its end starts (1989/1989-01 is rejected).
  const known = (s: string) => !s.startsWith('XXXX')
  if (known(parts[0]!) === known(parts[1]!)) return a[0] < b[0]
  return false
}
