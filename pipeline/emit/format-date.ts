/**
 * Date house styles for prose. `value` is the date as printed; `edtf` its
 * normalized value. Only fully specified values (a day, a month, or a range of
 * those) are rewritten; anything else is printed as it was.
 * (Minimal version; the dates work extends it.)
 */

export type DateStyle = 'preserve' | 'dmy' | 'mdy' | 'iso'

const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December'
]

export function formatDate(value: string, edtf: string, style: DateStyle): string {
  if (style === 'preserve') return value
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(edtf)
  if (day) {
    const [, y, m, d] = day
    const month = MONTHS[Number(m) - 1]
    if (style === 'iso') return edtf
    return style === 'dmy' ? `${Number(d)} ${month} ${y}` : `${month} ${Number(d)}, ${y}`
  }
  return value
}
