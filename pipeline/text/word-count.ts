/**
 * Counting and taking the words of a text (runs of characters other than
 * white space, as `text.split(/\s+/).filter(Boolean)` finds them) without
 * making the array of all its words: the detectors ask "has this paragraph
 * 12 words?" of every paragraph, and splitting whole paragraphs for that was
 * a good part of a build's garbage (headings stage: ~1.2 MB per corpus
 * document).
 */

/** Whether the code unit `c` is white space as the regular expression `\s` means it (ECMAScript WhiteSpace and LineTerminator). */
export function isSpaceCode(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d)
  if (c < 0xa0) return false
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  )
}

/**
 * The number of words of `text`, counted up to `limit` (the count stops
 * there): `countWords(t, 12) < 12` is `words(t).length < 12`.
 */
export function countWords(text: string, limit = Infinity): number {
  let count = 0
  let inWord = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    // Printable ASCII without a call (most characters of a line).
    const space = c > 0x20 && c < 0x7f ? false : isSpaceCode(c)
    if (!space && !inWord && ++count >= limit) return count
    inWord = !space
  }
  return count
}

/** The words of `text`: `text.split(/\s+/).filter(Boolean)`, without the array the filter makes (trim removes what `\s` matches). */
export function words(text: string): string[] {
  const trimmed = text.trim()
  return trimmed === '' ? [] : trimmed.split(/\s+/)
}

/** The first `n` words of `text`, one space between them: `words(text).slice(0, n).join(' ')`. */
export function firstWords(text: string, n: number): string {
  const out: string[] = []
  let start = -1
  for (let i = 0; i <= text.length && out.length < n; i++) {
    const space = i === text.length || isSpaceCode(text.charCodeAt(i))
    if (space && start >= 0) {
      out.push(text.slice(start, i))
      start = -1
    } else if (!space && start < 0) start = i
  }
  return out.join(' ')
}

/** The word (run of characters other than white space) that holds `text.slice(at, at + length)`. */
export function wordAround(text: string, at: number, length: number): string {
  let start = at
  while (start > 0 && !isSpaceCode(text.charCodeAt(start - 1))) start--
  let end = at + length
  while (end < text.length && !isSpaceCode(text.charCodeAt(end))) end++
  return text.slice(start, end)
}
