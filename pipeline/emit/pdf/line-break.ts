/**
 * Line breaking: words → lines of at most `maxWidth` points.
 *
 * Justified paragraphs are broken by total fit (`knuth-plass.ts`). This file
 * has the word model and the fallback, a first-fit breaker with shrinkable spaces and hyphenation: a line takes
 * words while they fit (spaces may shrink to `minShrink` of their width);
 * when the line would be loose, the next word is hyphenated at the longest
 * prefix that still fits. Justified lines stretch their spaces to the full
 * width; the last line of a paragraph, and lines that would need spaces wider
 * than `maxStretch` times normal, are set ragged. A word wider than the line
 * (a long URL) is broken at a character boundary, after `/`, `.` or `-` when
 * possible, without adding a hyphen.
 */
import type {FontSet, TextStyle} from './fonts.js'
import type {Hyphenator} from './hyphenate.js'
import {knuthPlass} from './knuth-plass.js'

/** A stretch of one word in one style. */
export interface Piece {
  text: string
  style: TextStyle
  /** http(s) URL when the piece is part of a link. */
  link?: string
  /** An inline structure element the piece is drawn in (tagged PDF), e.g. `Reference` for a footnote reference. */
  role?: string
  width: number
  /** Font size of the piece when it differs from the line's (a long URL set smaller to fit). */
  size?: number
}

export interface Word {
  pieces: Piece[]
  width: number
  /** Natural width of the space that follows the word. */
  space: number
}

export interface SetLine {
  words: Piece[][]
  /** Width of each gap after words[i] (length words.length - 1), as set. */
  gaps: number[]
  /** Natural widths of those spaces (the space glyph actually drawn). */
  spaces: number[]
  /** Width as set (justified lines: equal to maxWidth). */
  width: number
  maxWidth: number
  /** True when the line ends in a hyphen added by hyphenation. */
  hyphenated: boolean
}

export interface BreakOptions {
  fonts: FontSet
  size: number
  maxWidth: number
  justify: boolean
  hyphenate?: Hyphenator
  maxStretch: number
  minShrink: number
}

const HARD_HYPHENS = /[-\u2010\u2013\u2014]/

function wordText(word: Word): string {
  return word.pieces.map((p) => p.text).join('')
}

function isUrlLike(text: string): boolean {
  return /:\/\/|^www\.|@/i.test(text)
}

export function makeWord(pieces: Piece[], fonts: FontSet, size: number): Word {
  const last = pieces[pieces.length - 1]!
  let width = 0
  for (const p of pieces) width += p.width
  return {pieces, width, space: fonts.width(' ', last.style, size)}
}

/**
 * Split a word at a UTF-16 offset into [head, tail]; `hyphen` appends a
 * hyphen to the head in the style of its last piece.
 */
export function splitWord(word: Word, offset: number, hyphen: boolean, fonts: FontSet, size: number): [Word, Word] {
  const head: Piece[] = []
  const tail: Piece[] = []
  let pos = 0
  for (const piece of word.pieces) {
    const end = pos + piece.text.length
    if (end <= offset) head.push(piece)
    else if (pos >= offset) tail.push(piece)
    else {
      const a = piece.text.slice(0, offset - pos)
      const b = piece.text.slice(offset - pos)
      const headWidth = fonts.width(a, piece.style, piece.size ?? size)
      // A long piece (a hostile 100 kB word) is split once per line: measuring its
      // tail each time made breaking it quadratic, so the tail's width is what is left.
      const tailWidth = b.length >= LONG_WORD ? piece.width - headWidth : fonts.width(b, piece.style, piece.size ?? size)
      head.push({...piece, text: a, width: headWidth})
      tail.push({...piece, text: b, width: tailWidth})
    }
    pos = end
  }
  if (hyphen) {
    const last = head[head.length - 1]!
    const text = last.text + '-'
    head[head.length - 1] = {...last, text, width: fonts.width(text, last.style, last.size ?? size)}
  }
  return [makeWord(head, fonts, size), makeWord(tail, fonts, size)]
}

/**
 * Words at least this long (UTF-16 units) take the bounded-cost paths: they
 * are measured and searched a line at a time, and their break points are not
 * memoized. No real word is this long; without the limit a 100 kB word or
 * hyphen chain took minutes (every line re-measured and re-searched the
 * whole rest of the word). Shorter words keep the exact arithmetic they had.
 */
export const LONG_WORD = 256

/**
 * The part of a word from UTF-16 offset `from` to `to`, measuring only that
 * part; `hyphen` appends a hyphen. For long words split across many lines.
 */
export function sliceWord(word: Word, from: number, to: number, hyphen: boolean, fonts: FontSet, size: number): Word {
  const pieces: Piece[] = []
  let pos = 0
  for (const piece of word.pieces) {
    const end = pos + piece.text.length
    if (end > from && pos < to) {
      if (pos >= from && end <= to) pieces.push(piece)
      else {
        const text = piece.text.slice(Math.max(0, from - pos), Math.min(piece.text.length, to - pos))
        pieces.push({...piece, text, width: fonts.width(text, piece.style, piece.size ?? size)})
      }
    }
    pos = end
  }
  if (pieces.length === 0) pieces.push({...word.pieces[word.pieces.length - 1]!, text: '', width: 0})
  if (hyphen) {
    const last = pieces[pieces.length - 1]!
    const text = last.text + '-'
    pieces[pieces.length - 1] = {...last, text, width: fonts.width(text, last.style, last.size ?? size)}
  }
  return makeWord(pieces, fonts, size)
}

/** Places where a word may break: [offset, needsHyphen], longest head first. */
export function breakPoints(word: Word, hyphenate: Hyphenator | undefined): ReadonlyArray<readonly [number, boolean]> {
  const text = word.pieces.length === 1 ? word.pieces[0]!.text : wordText(word)
  if (text.length < 6 && !HARD_HYPHENS.test(text)) return NONE
  // Words repeat a lot: the points of a text are computed once per hyphenator.
  const key = hyphenate ?? NO_HYPHENATOR
  let memo = pointsMemo.get(key)
  if (!memo) pointsMemo.set(key, (memo = new Map()))
  if (text.length >= LONG_WORD) {
    // Not memoized (each key would be a long string): the last one is kept, as knuth-plass asks twice.
    if (lastLong?.text !== text || lastLong.hyphenate !== key) lastLong = {text, hyphenate: key, points: computeBreakPoints(text, hyphenate)}
    return lastLong.points
  }
  let points = memo.get(text)
  if (!points) {
    points = computeBreakPoints(text, hyphenate)
    if (memo.size > 200_000) memo.clear()
    memo.set(text, points)
  }
  return points
}

let lastLong: {text: string; hyphenate: Hyphenator; points: ReadonlyArray<readonly [number, boolean]>} | undefined

const NONE: ReadonlyArray<readonly [number, boolean]> = Object.freeze([])
const NO_HYPHENATOR: Hyphenator = () => []
const pointsMemo = new WeakMap<Hyphenator, Map<string, ReadonlyArray<readonly [number, boolean]>>>()

export function computeBreakPoints(text: string, hyphenate: Hyphenator | undefined): ReadonlyArray<readonly [number, boolean]> {
  if (isUrlLike(text)) return NONE
  const points: Array<[number, boolean]> = []
  const hasHyphen = HARD_HYPHENS.test(text)
  if (!hasHyphen && !hyphenate) return NONE
  if (hasHyphen) for (let i = 1; i < text.length - 1; i++) {
    if (HARD_HYPHENS.test(text[i]!) && /[\p{L}\p{N}]/u.test(text[i - 1]!) && /[\p{L}\p{N}]/u.test(text[i + 1]!)) points.push([i + 1, false])
  }
  if (hyphenate) {
    // Hyphenate each hyphen-free part of the word separately.
    let start = 0
    for (const part of text.split(HARD_HYPHENS)) {
      for (const p of hyphenate(part)) points.push([start + p, true])
      start += part.length + 1
    }
  }
  return Object.freeze(points.sort((a, b) => b[0] - a[0]))
}

/**
 * Emergency break of a word wider than the line: the longest head that fits,
 * ending after the last slash that fits (URLs break between path segments),
 * else after `.`, `-`, `?`, `&`, `=` or `_` in its second half, else anywhere.
 */
function forceSplit(word: Word, maxWidth: number, fonts: FontSet, size: number): [Word, Word] {
  const text = wordText(word)
  let width = 0
  let fit = 0 // UTF-16 offset of the longest head that fits
  let slash = 0
  let other = 0
  let pos = 0
  let pieceIndex = 0
  let pieceEnd = word.pieces[0]!.text.length
  for (const ch of text) {
    while (pos >= pieceEnd && pieceIndex < word.pieces.length - 1) pieceEnd += word.pieces[++pieceIndex]!.text.length
    width += fonts.width(ch, word.pieces[pieceIndex]!.style, size)
    if (width > maxWidth) break
    pos += ch.length
    fit = pos
    if (pos < text.length) {
      if (ch === '/') slash = pos
      else if (/[.\-?&=_]/.test(ch)) other = pos
    }
  }
  if (fit === 0) fit = String.fromCodePoint(text.codePointAt(0)!).length // at least one character per line
  // The scheme of a URL is near its start: a long word is not searched to its end on every line.
  const scheme = text.length < LONG_WORD ? text.indexOf('://') : text.slice(0, fit + 3).indexOf('://')
  const afterHost = scheme >= 0 ? scheme + 3 : 0
  const at = slash > afterHost ? slash : other > fit / 2 ? other : fit
  return splitWord(word, at, false, fonts, size)
}

/**
 * Break words into lines: justified text by total fit (Knuth–Plass), when it
 * finds a solution; otherwise, and for ragged text, first fit.
 */
export function breakLines(words: Word[], options: BreakOptions): SetLine[] {
  const input = words.map((word) => (word.width > options.maxWidth ? fitLongWord(word, options) : word))
  if (options.justify && input.length > 1) {
    const lines = knuthPlass(input, options)
    if (lines) return lines
  }
  return firstFit(input, options)
}

/** Smallest size, as a fraction of the text size, that a URL may be set in to fit on one line. */
const MIN_URL_SCALE = 0.72

/**
 * A URL wider than the line is set smaller, down to MIN_URL_SCALE of the text
 * size, so that it stays whole (readable, clickable, copyable). Anything
 * else, or a URL that would still not fit, is left for forceSplit.
 */
function fitLongWord(word: Word, options: BreakOptions): Word {
  const {fonts, size, maxWidth} = options
  if (!isUrlLike(wordText(word))) return word
  const scale = Math.floor((maxWidth / word.width) * 1000) / 1000
  if (scale < MIN_URL_SCALE) return word
  const pieces = word.pieces.map((p) => {
    const pieceSize = (p.size ?? size) * scale
    return {...p, size: pieceSize, width: fonts.width(p.text, p.style, pieceSize)}
  })
  const fitted = {...word, pieces, width: pieces.reduce((sum, p) => sum + p.width, 0)}
  return fitted.width <= maxWidth ? fitted : word
}

export function firstFit(input: Word[], options: BreakOptions): SetLine[] {
  const {fonts, size, maxWidth, justify, hyphenate, maxStretch, minShrink} = options
  const lines: SetLine[] = []
  /** Hyphenated lines in a row so far: at most two, as in good book typography. */
  let hyphensInARow = 0
  // The words still to set are `carry` (the rest of input[i] after a break inside
  // it), if any, then input[i + (carry ? 1 : 0)…]. Splitting never copies the
  // list (a splice per line was quadratic in the words of a paragraph).
  let i = 0
  let carry: Word | undefined
  while (i < input.length) {
    let first = carry ?? input[i]!
    let pending: Word | undefined // the word after `first` when it is the rest of input[i]
    let j = i + 1 // the next input word after `first` (and `pending`)
    carry = undefined
    if (first.width > maxWidth) {
      const [head, tail] = forceSplit(first, maxWidth, fonts, size)
      first = head
      pending = tail
    }
    const line: Word[] = [first]
    let natural = first.width
    let minimum = first.width
    let prev = first
    for (;;) {
      const next = pending ?? input[j]
      if (!next) break
      if (minimum + prev.space * minShrink + next.width > maxWidth) break
      natural += prev.space + next.width
      minimum += prev.space * minShrink + next.width
      line.push(next)
      prev = next
      if (pending) pending = undefined
      else j++
    }
    // The rest after this line: `pending` (the rest of input[j - 1]… see below) or input[j…].
    let rest: Word | undefined = pending
    let restIndex = pending ? j - 1 : j
    // Loose line followed by more words: try to hyphenate the next word.
    let hyphenated = false
    const next = pending ?? input[j]
    if (next) {
      const gapsNow = line.length - 1
      const slack = maxWidth - natural
      const loose = gapsNow === 0 || (slack / gapsNow > prev.space * 0.5 && hyphensInARow < 2)
      if (loose) {
        const used = minimum + prev.space * minShrink
        const split = hyphenateToFit(next, (width) => used + width <= maxWidth, maxWidth - used, hyphenate, fonts, size)
        if (split) {
          const [head, tail, hyphen] = split
          line.push(head)
          natural += prev.space + head.width
          hyphenated = hyphen
          rest = tail
          restIndex = pending ? j - 1 : j
        }
      }
    }
    const last = !rest && restIndex >= input.length
    const spaces = line.slice(0, -1).map((w) => w.space)
    const gaps = spaces.slice()
    let width = natural
    if (gaps.length > 0) {
      const extra = (maxWidth - natural) / gaps.length
      const overfull = natural > maxWidth // spaces shrink, within minShrink
      const stretchOk = spaces.every((s) => s + extra <= s * maxStretch)
      if (overfull || (justify && !last && stretchOk)) {
        for (let k = 0; k < gaps.length; k++) gaps[k] = spaces[k]! + extra
        width = maxWidth
      }
    }
    hyphensInARow = hyphenated ? hyphensInARow + 1 : 0
    lines.push({words: line.map((w) => w.pieces), gaps, spaces, width, maxWidth, hyphenated})
    if (rest) {
      carry = rest
      i = restIndex
    } else i = restIndex
  }
  return lines
}

/**
 * The longest head of `word` at one of its break points that fits in `room`,
 * with the rest: [head, tail, hyphen added]. A long word is searched only as
 * far as a line reaches, so each line of it costs a line's work.
 */
function hyphenateToFit(word: Word, fits: (width: number) => boolean, room: number, hyphenate: Hyphenator | undefined, fonts: FontSet, size: number): [Word, Word, boolean] | undefined {
  const text = word.pieces.length === 1 ? word.pieces[0]!.text : wordText(word)
  if (text.length < LONG_WORD) {
    for (const [offset, hyphen] of breakPoints(word, hyphenate)) {
      const [head, tail] = splitWord(word, offset, hyphen, fonts, size)
      if (fits(head.width)) return [head, tail, hyphen]
    }
    return undefined
  }
  // How far a line reaches into the word, then the break points of that stretch only
  // (a few letters more, so that the patterns see the letters after a point).
  let reach = 0
  let width = 0
  let pieceIndex = 0
  let pieceEnd = word.pieces[0]!.text.length
  while (reach < text.length) {
    while (reach >= pieceEnd && pieceIndex < word.pieces.length - 1) pieceEnd += word.pieces[++pieceIndex]!.text.length
    const code = text.charCodeAt(reach)
    const step = code >= 0xd800 && code < 0xdc00 && reach + 1 < text.length ? 2 : 1
    width += fonts.width(text, word.pieces[pieceIndex]!.style, size, reach + step, reach)
    if (width > room) break
    reach += step
  }
  const window = Math.min(text.length, reach + 8)
  const points = window === text.length ? breakPoints(word, hyphenate) : computeBreakPoints(text.slice(0, window), hyphenate)
  for (const [offset, hyphen] of points) {
    if (offset > reach || (window < text.length && offset > window - 4)) continue
    const [head, tail] = splitWord(word, offset, hyphen, fonts, size)
    if (fits(head.width)) return [head, tail, hyphen]
  }
  return undefined
}

/** Turn styled text atoms into words (whitespace separates words; nothing else does). */
export interface Atom {
  text: string
  style: TextStyle
  link?: string
  /** See Piece.role. */
  role?: string
}

/**
 * Whitespace that separates words: space, tab, line feed, vertical tab, form
 * feed, carriage return, and the Unicode spaces and separators other than
 * the no-break ones (U+00A0, U+2007, U+202F).
 */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13)
  if (c < 0x1680) return false
  return c === 0x1680 || (c >= 0x2000 && c <= 0x2006) || (c >= 0x2008 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x205f || c === 0x3000
}

/**
 * Words of styled atoms: a run of whitespace ends a word; atoms that touch continue it (as pieces).
 *
 * This runs for every word of the document. Almost every word is one piece:
 * it is kept in `single` and its word gets an array of exactly one element
 * (an array grown by push from empty reserves room for 16); only a word made
 * of several atoms collects its pieces in a growing array.
 */
export function toWords(atoms: Atom[], fonts: FontSet, size: number): Word[] {
  const words: Word[] = []
  let single: Piece | undefined
  let several: Piece[] | undefined
  const endWord = () => {
    words.push(makeWord(several ?? [single!], fonts, size))
    single = several = undefined
  }
  for (const atom of atoms) {
    const {text, style, link, role} = atom
    let i = 0
    while (i < text.length) {
      let j = i
      while (j < text.length && !isSpace(text.charCodeAt(j))) j++
      if (j > i) {
        const part = text.slice(i, j)
        const piece: Piece = {text: part, style, link, role, width: fonts.width(part, style, size)}
        if (several) several.push(piece)
        else if (single) several = [single, piece]
        else single = piece
      }
      if (j < text.length) {
        if (single) endWord()
        j++
        while (j < text.length && isSpace(text.charCodeAt(j))) j++
      }
      i = j
    }
  }
  if (single) endWord()
  return words
}
