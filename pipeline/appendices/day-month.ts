/**
 * Day-and-month dates as chronology tables print them, without a year:
 * "25 SEPTEMBER", "18  NOVEMBER", "10-11 FEBRUARY", "30 JUNE-2 JULY",
 * "September 25", "July 17–25". A tiny parser of our own: the table cells are
 * a closed form, and the year is resolved later from the layout.
 */

export const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December'
]

const MONTH_ALT = '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?'
const DASH = '\\s*[-–—]\\s*'
const DAY = '(\\d{1,2})(?:st|nd|rd|th)?'

export interface DayMonth {
  /** Month 1-12 and day of the start. */
  month: number
  day: number
  /** End of a range, when the cell is a range. */
  endMonth?: number
  endDay?: number
  /** The cell with spaces collapsed and month names in title case ("25 September"). */
  text: string
  /** A year printed in the cell ("25 SEPTEMBER 1993"), when there is one. */
  year?: number
}

/** Month number of a name or abbreviation, or undefined. */
export function monthNumber(name: string): number | undefined {
  const key = name.toLowerCase().replace(/\.$/, '').slice(0, 3)
  const index = MONTHS.findIndex((m) => m.toLowerCase().startsWith(key))
  return key.length >= 3 && index >= 0 ? index + 1 : undefined
}

/** A month name or abbreviation as a whole word (built once: this runs for every table cell). */
const MONTH_WORD = new RegExp(`\\b${MONTH_ALT.replace('\\.?', '')}\\b`, 'gi')

/** Title-case month names and collapse spaces; the rest as printed. */
export function normalizeMonthCase(text: string): string {
  return text
    .replace(/[\s\u00a0]+/g, ' ')
    .trim()
    .replace(MONTH_WORD, (m) => m.charAt(0).toUpperCase() + m.slice(1).toLowerCase())
}

const YEAR = '(?:,?\\s+((?:1[5-9]|2[01])\\d\\d))?'
const DMY = new RegExp(`^${DAY}(?:${DASH}${DAY})?\\s+(${MONTH_ALT})(?:${DASH}${DAY}\\s+(${MONTH_ALT}))?${YEAR}$`, 'i')
const MDY = new RegExp(`^(${MONTH_ALT})\\s+${DAY}(?:${DASH}(?:(${MONTH_ALT})\\s+)?${DAY})?${YEAR}$`, 'i')

/** Parse a whole cell as a day-and-month date (or range), or return undefined. */
export function parseDayMonth(cell: string): DayMonth | undefined {
  const text = cell.replace(/[\s\u00a0]+/g, ' ').trim()
  let m = DMY.exec(text)
  if (m) {
    // "10-11 FEBRUARY", "30 JUNE-2 JULY"
    const [, d1, d2, mon1, d3, mon2, y] = m
    const month = monthNumber(mon1!)
    if (!month) return undefined
    let result: DayMonth
    if (d3 && mon2) {
      const endMonth = monthNumber(mon2)
      if (!endMonth) return undefined
      result = {month, day: Number(d1), endMonth, endDay: Number(d3), text: normalizeMonthCase(text)}
    } else if (d2) {
      result = {month, day: Number(d1), endMonth: month, endDay: Number(d2), text: normalizeMonthCase(text)}
    } else {
      result = {month, day: Number(d1), text: normalizeMonthCase(text)}
    }
    if (y) result.year = Number(y)
    return valid(result) ? result : undefined
  }
  m = MDY.exec(text)
  if (m) {
    const [, mon1, d1, mon2, d2, y] = m
    const month = monthNumber(mon1!)
    if (!month) return undefined
    const endMonth = mon2 ? monthNumber(mon2) : month
    const result: DayMonth = d2
      ? {month, day: Number(d1), endMonth, endDay: Number(d2), text: normalizeMonthCase(text)}
      : {month, day: Number(d1), text: normalizeMonthCase(text)}
    if (y) result.year = Number(y)
    return valid(result) ? result : undefined
  }
  return undefined
}

function valid(d: DayMonth): boolean {
  const ok = (month: number, day: number) => month >= 1 && month <= 12 && day >= 1 && day <= daysIn(month, 2000)
  return ok(d.month, d.day) && (d.endMonth === undefined || ok(d.endMonth, d.endDay!))
}

export function daysIn(month: number, year: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/** Sort key within a year: month*100+day. */
export function ordinal(d: {month: number; day: number}): number {
  return d.month * 100 + d.day
}

const pad = (n: number) => String(n).padStart(2, '0')

/**
 * EDTF of a day-month in `year` (a number, or undefined for an unknown year
 * written `XXXX`). A range becomes `start/end`; a range running over the new
 * year ("30 DECEMBER-2 JANUARY") ends in the next year.
 */
export function toEdtf(d: DayMonth, year: number | undefined): string {
  const y = year === undefined ? 'XXXX' : String(year).padStart(4, '0')
  const start = `${y}-${pad(d.month)}-${pad(d.day)}`
  if (d.endMonth === undefined || d.endDay === undefined) return start
  const endYear = year === undefined ? 'XXXX' : String(d.endMonth < d.month ? year + 1 : year).padStart(4, '0')
  return `${start}/${endYear}-${pad(d.endMonth)}-${pad(d.endDay)}`
}

/** A four-digit year standing alone on a line ("1993"), as chronology tables print year headings. */
export function yearHeading(text: string): number | undefined {
  const m = /^(1[5-9]\d\d|2[01]\d\d)$/.exec(text.trim())
  return m ? Number(m[1]) : undefined
}
