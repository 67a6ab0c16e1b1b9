/**
 * The English word list (npm `word-list`, about 274,000 lowercase words).
 *
 * Loaded lazily, once per process, on the first lookup. Building a `Set` of
 * all words costs 150–250 ms (274,000 string allocations); instead we read the
 * file once (one string) and index the start of every line, then answer
 * lookups by binary search over that index, with no allocation per word.
 * That costs about 30 ms. The list is sorted except for a handful of entries;
 * those are kept in a small side set, so lookups stay exact whatever the order.
 *
 * Words are lowercase ASCII letters; `has` lowercases its argument.
 */
import {readFileSync} from 'node:fs'
import wordListPath from 'word-list'

/** Anything that can answer "is this a word?" (the word list, or a test double). */
export interface WordLookup {
  has(word: string): boolean
}

class SortedWordList implements WordLookup {
  readonly size: number
  private readonly text: string
  private readonly starts: Int32Array
  private readonly ends: Int32Array
  private readonly count: number
  private readonly outliers = new Set<string>()

  constructor(text: string) {
    this.text = text
    const capacity = text.length / 2 + 1
    this.starts = new Int32Array(Math.min(capacity, 1 << 20))
    this.ends = new Int32Array(this.starts.length)
    let n = 0
    let total = 0
    let position = 0
    while (position < text.length) {
      let end = text.indexOf('\n', position)
      if (end < 0) end = text.length
      let lineEnd = end
      if (lineEnd > position && text.charCodeAt(lineEnd - 1) === 13) lineEnd-- // CRLF
      if (lineEnd > position) {
        total++
        // Keep the index sorted: a line that sorts before the last kept one goes to the side set.
        if (n > 0 && this.compareRanges(this.starts[n - 1]!, this.ends[n - 1]!, position, lineEnd) > 0) {
          this.outliers.add(text.slice(position, lineEnd))
        } else if (n < this.starts.length) {
          this.starts[n] = position
          this.ends[n] = lineEnd
          n++
        } else this.outliers.add(text.slice(position, lineEnd))
      }
      position = end + 1
    }
    this.count = n
    this.size = total
  }

  has(word: string): boolean {
    const query = word.toLowerCase()
    if (query.length === 0) return false
    if (this.outliers.has(query)) return true
    let low = 0
    let high = this.count - 1
    while (low <= high) {
      const middle = (low + high) >>> 1
      const order = this.compareQuery(query, this.starts[middle]!, this.ends[middle]!)
      if (order === 0) return true
      if (order < 0) high = middle - 1
      else low = middle + 1
    }
    return false
  }

  /** Compare text[a0,a1) with text[b0,b1) in UTF-16 code unit order (like `<` on strings). */
  private compareRanges(a0: number, a1: number, b0: number, b1: number): number {
    const length = Math.min(a1 - a0, b1 - b0)
    for (let i = 0; i < length; i++) {
      const d = this.text.charCodeAt(a0 + i) - this.text.charCodeAt(b0 + i)
      if (d !== 0) return d
    }
    return a1 - a0 - (b1 - b0)
  }

  private compareQuery(query: string, b0: number, b1: number): number {
    const length = Math.min(query.length, b1 - b0)
    for (let i = 0; i < length; i++) {
      const d = query.charCodeAt(i) - this.text.charCodeAt(b0 + i)
      if (d !== 0) return d
    }
    return query.length - (b1 - b0)
  }
}

let cached: SortedWordList | undefined

/** The English word list, loaded on first use and kept for the process. */
export function englishWords(): WordLookup & {readonly size: number} {
  cached ??= new SortedWordList(readFileSync(wordListPath, 'utf8'))
  return cached
}

/** Build a lookup from any newline-separated list (for tests, or another language's list). */
export function wordListFromText(text: string): WordLookup & {readonly size: number} {
  return new SortedWordList(text)
}
