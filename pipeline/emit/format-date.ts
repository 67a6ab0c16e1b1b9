/**
 * Date house styles for prose. `value` is the date as printed; `edtf` its
 * normalized value.
 *
 * - `preserve`: as printed.
 * - `dmy` (default): "13 February 1988", "30–31 January 1992", "16 February–2 March".
 * - `mdy`: "February 13, 1988", "January 30–31, 1992", "February 16–March 2".
 * - `iso`: the EDTF value ("1988-02-13", "1992-01-30/1992-01-31").
 *
 * Only days, day ranges and months with their year are restyled. Years,
 * decades, seasons, centuries, qualified and ordinal forms ("late 1987",
 * "the 20th January") are printed as they were. A year that the text does not
 * print is never added when it was inferred (`inferred: true`): restyling
 * changes the form of a date, not what it says. Callers that know the year
 * for certain (a chronology's year column) leave `inferred` unset and get it
 * printed.
 *
 * This is the single source of truth for restyling: the `dates` stage records
 * each rewrite with it, and the writers print with it.
 */
import {parseDateText} from '../dates/index.js'

export type DateStyle = 'preserve' | 'dmy' | 'mdy' | 'iso'

export const DATE_STYLES: readonly DateStyle[] = ['preserve', 'dmy', 'mdy', 'iso']

export interface FormatDateOptions {
  /** The year was inferred from context: do not print it when the text did not. */
  inferred?: boolean
}

const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December'
]

interface Ymd {
  year?: number
  month: number
  day?: number
}

const EDTF_PART = '(\\d{4}|XXXX)-(\\d{2})(?:-(\\d{2}))?'
const EDTF_SHAPE = new RegExp(`^${EDTF_PART}(?:/${EDTF_PART})?$`)

function ymd(year: string, month: string, day: string | undefined): Ymd | undefined {
  const m = Number(month)
  if (m < 1 || m > 12) return undefined
  return {...(year === 'XXXX' ? {} : {year: Number(year)}), month: m, ...(day ? {day: Number(day)} : {})}
}

export function formatDate(value: string, edtf: string, style: DateStyle, options: FormatDateOptions = {}): string {
  if (style === 'preserve') return value
  const shape = EDTF_SHAPE.exec(edtf)
  if (!shape) return value
  const from = ymd(shape[1]!, shape[2]!, shape[3])
  const to = shape[4] ? ymd(shape[4], shape[5]!, shape[6]) : undefined
  if (!from || (shape[4] && !to)) return value
  if (to && (from.day === undefined) !== (to.day === undefined)) return value // a day and a month as one range
  // What the text prints: its own parse decides the form; an ISO value prints everything.
  const isIso = value.trim() === edtf
  const printed = isIso ? undefined : parseDateText(value)
  if (!isIso) {
    if (!printed || printed.fixedForm) return value
    if (printed.kind !== 'day' && printed.kind !== 'month') return value
    if (printed.kind === 'month' && !printed.yearPrinted) return value
  }
  const yearPrinted = isIso || printed!.yearPrinted
  const showYear = from.year !== undefined && (yearPrinted || options.inferred !== true)
  if (style === 'iso') return showYear ? edtf : value
  const connector = printed?.connector && /^[a-z]+$/.test(printed.connector) ? ` ${printed.connector} ` : '–'
  return style === 'dmy' ? dmy(from, to, showYear, connector) : mdy(from, to, showYear, connector)
}

function monthName(m: number): string {
  return MONTHS[m - 1]!
}

function dmy(a: Ymd, b: Ymd | undefined, showYear: boolean, conn: string): string {
  const y = (d: Ymd) => (showYear && d.year !== undefined ? ` ${d.year}` : '')
  const one = (d: Ymd) => (d.day !== undefined ? `${d.day} ${monthName(d.month)}` : monthName(d.month))
  if (!b) return one(a) + y(a)
  if (a.year !== b.year) return `${one(a)}${y(a)}${conn}${one(b)}${y(b)}`
  if (a.month === b.month && a.day !== undefined) return `${a.day}${conn}${b.day} ${monthName(a.month)}${y(b)}`
  return `${one(a)}${conn}${one(b)}${y(b)}`
}

function mdy(a: Ymd, b: Ymd | undefined, showYear: boolean, conn: string): string {
  const sep = (d: Ymd) => (d.day !== undefined ? ', ' : ' ')
  const y = (d: Ymd) => (showYear && d.year !== undefined ? `${sep(d)}${d.year}` : '')
  const one = (d: Ymd) => (d.day !== undefined ? `${monthName(d.month)} ${d.day}` : monthName(d.month))
  if (!b) return one(a) + y(a)
  if (a.year !== b.year) return `${one(a)}${y(a)}${conn}${one(b)}${y(b)}`
  if (a.month === b.month && a.day !== undefined) return `${monthName(a.month)} ${a.day}${conn}${b.day}${y(b)}`
  return `${one(a)}${conn}${one(b)}${y(b)}`
}
