/**
 * The English word list (npm `word-list`, about 274,000 lowercase words).
 *
 * Loaded lazily, once per process, on the first lookup. Building a `Set` of
 * all words costs 150–250 ms (274,000 string allocations). Two lighter forms:
 *
 * - `PackedWordList`: the words sorted and packed as bytes, with a small
 *   index of every 32nd word; a lookup binary-searches the index, then scans
 *   one block. The compile step writes it as `dist/words.bin`
 *   (scripts/fast-start.mjs), so loading it is one file read, no parsing.
 * - `SortedWordList`: the list file as one string with the start and end of
 *   every line indexed (30–100 ms to build), used when there is no
 *   `words.bin` (running from source) and for lists given as text.
 *
 * Words are lowercase; `has` lowercases its argument.
 */
import {readFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {dirname, join} from 'node:path'
import {PREBUILT_WORDS} from '../data-files.js'

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

const MAGIC = 0x4c575052 // "RPWL"
const HEADER_BYTES = 12
const BLOCK = 32
const NEWLINE = 10
/** Most answers PackedWordList keeps (~100 bytes each). */
const MAX_ANSWERS = 50_000

/**
 * Sorted ASCII words packed as bytes: `[magic, size, blocks]` (uint32 LE),
 * then the byte offset of every BLOCK-th word (uint32 LE), then the words,
 * each followed by a newline, in code-unit order without duplicates.
 */
export class PackedWordList implements WordLookup {
  readonly size: number
  private readonly bytes: Uint8Array
  private readonly blockStarts: Uint32Array
  private readonly textStart: number

  private constructor(bytes: Uint8Array, size: number, blockStarts: Uint32Array) {
    this.bytes = bytes
    this.size = size
    this.blockStarts = blockStarts
    this.textStart = HEADER_BYTES + blockStarts.length * 4
  }

  /** Pack a list of words; undefined when a word is not lowercase ASCII (those stay a `SortedWordList`). */
  static pack(words: Iterable<string>): Uint8Array | undefined {
    const sorted = [...new Set(words)].filter(Boolean).sort()
    if (sorted.some((word) => !/^[\x00-\x09\x0b-\x7f]+$/.test(word) || word !== word.toLowerCase())) return undefined
    const blocks = Math.ceil(sorted.length / BLOCK)
    const textBytes = sorted.reduce((sum, word) => sum + word.length + 1, 0)
    const bytes = new Uint8Array(HEADER_BYTES + blocks * 4 + textBytes)
    const view = new DataView(bytes.buffer)
    view.setUint32(0, MAGIC, true)
    view.setUint32(4, sorted.length, true)
    view.setUint32(8, blocks, true)
    let at = HEADER_BYTES + blocks * 4
    sorted.forEach((word, i) => {
      if (i % BLOCK === 0) view.setUint32(HEADER_BYTES + (i / BLOCK) * 4, at, true)
      for (let k = 0; k < word.length; k++) bytes[at++] = word.charCodeAt(k)
      bytes[at++] = NEWLINE
    })
    return bytes
  }

  /** Read packed bytes; undefined when they are not a packed list. */
  static from(bytes: Uint8Array): PackedWordList | undefined {
    if (bytes.byteLength < HEADER_BYTES) return undefined
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    const blocks = view.getUint32(8, true)
    if (view.getUint32(0, true) !== MAGIC || HEADER_BYTES + blocks * 4 > bytes.byteLength) return undefined
    const starts = new Uint32Array(blocks)
    for (let i = 0; i < blocks; i++) starts[i] = view.getUint32(HEADER_BYTES + i * 4, true)
    return new PackedWordList(bytes, view.getUint32(4, true), starts)
  }

  /**
   * Answers already given, by word as asked: the stages ask for the same words
   * again and again (dehyphenation, edge repairs, title case). Bounded, for
   * batches of many documents. Measured, a build's CPU per corpus document
   * (warm, answers cleared per document): 55–61 → 52–55 ms.
   */
  private readonly answers = new Map<string, boolean>()

  has(word: string): boolean {
    const known = this.answers.get(word)
    if (known !== undefined) return known
    const found = this.search(word)
    if (this.answers.size >= MAX_ANSWERS) this.answers.clear()
    this.answers.set(word, found)
    return found
  }

  private search(word: string): boolean {
    const query = word.toLowerCase()
    if (query.length === 0) return false
    // The last block whose first word is ≤ query, then a scan of that block.
    let low = 0
    let high = this.blockStarts.length - 1
    let block = -1
    while (low <= high) {
      const middle = (low + high) >>> 1
      const order = this.compareAt(query, this.blockStarts[middle]!)
      if (order === 0) return true
      if (order > 0) {
        block = middle
        low = middle + 1
      } else high = middle - 1
    }
    if (block < 0) return false
    let at = this.blockStarts[block]!
    const end = block + 1 < this.blockStarts.length ? this.blockStarts[block + 1]! : this.bytes.length
    while (at < end) {
      const order = this.compareAt(query, at)
      if (order === 0) return true
      if (order < 0) return false
      // To the next word by a loop: the bytes are a Buffer, whose indexOf is a wrapper around a native
      // call that allocated on every step (0.3 MB per corpus document, sampled).
      const bytes = this.bytes
      while (at < end && bytes[at] !== NEWLINE) at++
      at++
    }
    return false
  }

  /** Compare `query` with the word starting at byte `at` (like `<` on strings). */
  private compareAt(query: string, at: number): number {
    const bytes = this.bytes
    for (let i = 0; ; i++) {
      const byte = bytes[at + i]!
      if (byte === NEWLINE) return i < query.length ? 1 : 0
      if (i === query.length) return -1
      const d = query.charCodeAt(i) - byte
      if (d !== 0) return d
    }
  }
}

let cached: WordLookup & {readonly size: number} | undefined

/** The English word list, loaded on first use and kept for the process. */
export function englishWords(): WordLookup & {readonly size: number} {
  cached ??= readPrebuilt() ?? new SortedWordList(readFileSync(wordListFile(), 'utf8'))
  return cached
}

/** Build a lookup from any newline-separated list (for tests, or another language's list). */
export function wordListFromText(text: string): WordLookup & {readonly size: number} {
  return new SortedWordList(text)
}

/**
 * `words.txt` of the `word-list` package. Its default export is this path,
 * computed from its own module URL, which a bundle would move; so the path is
 * found from the installed package instead.
 */
export function wordListFile(): string {
  return join(dirname(createRequire(import.meta.url).resolve('word-list')), 'words.txt')
}

function readPrebuilt(): PackedWordList | undefined {
  try {
    return PackedWordList.from(readFileSync(PREBUILT_WORDS))
  } catch {
    return undefined
  }
}
