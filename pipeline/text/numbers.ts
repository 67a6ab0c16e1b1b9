/**
 * Number shapes: when does "A-B" between two numbers mean a range (en dash)?
 *
 * A range goes up: "1918-1920", "1990-91" (abbreviated end), "25-26", "2-3".
 * Not ranges: a number that goes down ("3-2", a score), a leading zero
 * ("030-1234"), an end longer than the start ("555-1234", a phone number;
 * "1-800"), or a group that is part of a longer chain ("978-0-306-40615-7",
 * "2019-10-15"): the caller checks the neighbours for the chain.
 */

/** True when `left`-`right` (digit strings) reads as a numeric range. */
export function isNumericRange(left: string, right: string): boolean {
  if (!/^\d{1,4}$/.test(left) || !/^\d{1,4}$/.test(right)) return false
  if (/^0\d/.test(left) || /^0\d/.test(right)) return false
  const a = Number(left)
  if (right.length < left.length) {
    // Abbreviated end: 1990-91, 1918-20 → compare with the same number of last digits.
    if (left.length !== 4 || right.length !== 2) return false
    const end = Number(left.slice(0, 2) + right)
    return end > a
  }
  if (right.length > left.length) return false
  return Number(right) > a
}

