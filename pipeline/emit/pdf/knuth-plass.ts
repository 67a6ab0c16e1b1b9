/**
 * Total-fit line breaking (Knuth and Plass, "Breaking paragraphs into lines",
 * 1981), simplified: one fitness class, no looseness. Breaks are allowed at
 * spaces, at hyphenation points (with an added hyphen) and after hard hyphens
 * and dashes inside words. A line's demerits grow with the cube of how much
 * its spaces must stretch or shrink; hyphens, two in-word breaks in a row and
 * a hyphen just before the last line cost extra. The last line is ragged.
 *
 * Returns undefined when no set of breaks fits (e.g. a word wider than the
 * line); the caller then falls back to first fit.
 */
import type {TextStyle} from './fonts.js'
import {breakPoints, LONG_WORD, sliceWord, splitWord, type BreakOptions, type SetLine, type Word} from './line-break.js'

/** Spaces stretch by this fraction of their width at ratio 1 (TeX: 1/2). */
const STRETCH = 0.5
const LINE_PENALTY = 10
const HYPHEN_PENALTY = 50
const CONSECUTIVE_FLAGGED = 3000
/** A hyphen on the line before the last (TeX's finalhyphendemerits). */
const FINAL_HYPHEN = 5000
/** Largest stretch ratio accepted: a first pass, then a more tolerant one. */
const TOLERANCES = [1.5, 4]

/**
 * The candidate breaks of a paragraph in paragraph order, as parallel typed
 * arrays indexed by break number (this runs for every paragraph, and an
 * object per break, a node per feasible line and their boxed numbers were
 * most of what line breaking allocated). Break 0 is the paragraph start,
 * the last one the paragraph end.
 */
interface Breaks {
  count: number
  /** Word index, and UTF-16 offset inside it (0: at the space before the word). */
  word: Int32Array
  offset: Int32Array
  /** Where the line ending here ends (width from the paragraph start, with any hyphen). */
  end: Float64Array
  /** Where the next line starts. */
  start: Float64Array
  /** HYPHEN: a hyphen is added at this break; FLAGGED: a break inside a word (hyphenation or after a hard hyphen). */
  flags: Uint8Array
}

const HYPHEN = 1
const FLAGGED = 2

export function knuthPlass(words: Word[], options: BreakOptions): SetLine[] | undefined {
  const {fonts, size, maxWidth, hyphenate, minShrink} = options
  const n = words.length
  // W[i]: width before word i (words and spaces); Y[i], Z[i]: stretch and shrink of the spaces before word i.
  const W = new Float64Array(n + 1)
  const Y = new Float64Array(n + 1)
  const Z = new Float64Array(n + 1)
  // The paragraph start, a break at each space, the points inside words, the paragraph end.
  let count = 1 + Math.max(0, n - 1) + 1
  for (let i = 0; i < n; i++) {
    const space = i < n - 1 ? words[i]!.space : 0
    W[i + 1] = W[i]! + words[i]!.width + space
    Y[i + 1] = Y[i]! + space * STRETCH
    Z[i + 1] = Z[i]! + space * (1 - minShrink)
    count += breakPoints(words[i]!, hyphenate).length
  }
  const breaks: Breaks = {count, word: new Int32Array(count), offset: new Int32Array(count), end: new Float64Array(count), start: new Float64Array(count), flags: new Uint8Array(count)}
  let k = 1 // break 0, the paragraph start, is all zeros
  for (let i = 0; i < n; i++) {
    const word = words[i]!
    if (i > 0) {
      breaks.word[k] = i
      breaks.end[k] = W[i]! - words[i - 1]!.space
      breaks.start[k] = W[i]!
      k++
    }
    // breakPoints lists the longest head first; the paragraph order is the reverse.
    const points = breakPoints(word, hyphenate)
    // A long word is measured once from start to end across its points, not from its start at each point (quadratic).
    const long = points.length > 0 && word.pieces.reduce((n, piece) => n + piece.text.length, 0) >= LONG_WORD
    let at = 0
    let atWidth = 0
    for (let p = points.length - 1; p >= 0; p--) {
      const [offset, hyphen] = points[p]!
      let plain: number
      if (long) {
        atWidth += spanWidth(word, at, offset, fonts, size)
        at = offset
        plain = atWidth
      } else plain = headWidth(word, offset, fonts, size)
      const end = plain + (hyphen ? fonts.width('-', styleAt(word, offset), size) : 0)
      breaks.word[k] = i
      breaks.offset[k] = offset
      breaks.end[k] = W[i]! + end
      breaks.start[k] = W[i]! + plain
      breaks.flags[k] = hyphen ? HYPHEN | FLAGGED : FLAGGED
      k++
    }
  }
  breaks.word[k] = n
  breaks.end[k] = W[n]!
  breaks.start[k] = W[n]!

  for (const tolerance of TOLERANCES) {
    const chosen = search(breaks, Y, Z, maxWidth, tolerance)
    if (chosen) return build(chosen, breaks, words, options)
  }
  return undefined
}

/** Width of the first `offset` UTF-16 units of a word. */
function headWidth(word: Word, offset: number, fonts: BreakOptions['fonts'], size: number): number {
  let width = 0
  let pos = 0
  for (const piece of word.pieces) {
    const end = pos + piece.text.length
    if (end <= offset) width += piece.width
    else {
      if (pos < offset) width += fonts.width(piece.text, piece.style, size, offset - pos)
      return width
    }
    pos = end
  }
  return width
}

/** Width of the UTF-16 units `from`…`to` of a word. */
function spanWidth(word: Word, from: number, to: number, fonts: BreakOptions['fonts'], size: number): number {
  let width = 0
  let pos = 0
  for (const piece of word.pieces) {
    const end = pos + piece.text.length
    if (end > from && pos < to) width += fonts.width(piece.text, piece.style, size, Math.min(piece.text.length, to - pos), Math.max(0, from - pos))
    if (end >= to) break
    pos = end
  }
  return width
}

/** The style of a word at a UTF-16 offset (of the piece that the offset falls in, else of the last piece). */
function styleAt(word: Word, offset: number): TextStyle {
  let pos = 0
  for (const piece of word.pieces) {
    pos += piece.text.length
    if (pos > offset) return piece.style
  }
  return word.pieces[word.pieces.length - 1]!.style
}

/** Stretch (or shrink) sums of the spaces inside a line from break a to break b. */
function glue(sums: Float64Array, breaks: Breaks, a: number, b: number): number {
  // Spaces inside the line: those before words a.word+1 … (b at a space: b.word - 1; in a word: b.word).
  const first = breaks.word[a]!
  const lastWord = breaks.offset[b] === 0 ? breaks.word[b]! - 1 : breaks.word[b]!
  return lastWord > first ? sums[lastWord]! - sums[first]! : 0
}

/**
 * The best way to reach each break, as break numbers: returns the chosen
 * breaks (without the paragraph start) in paragraph order, or undefined.
 * A break reached by some line is a node of the search: its least total
 * demerits and the break before it are kept per break number.
 */
function search(breaks: Breaks, Y: Float64Array, Z: Float64Array, maxWidth: number, tolerance: number): number[] | undefined {
  const {count, end, start, flags} = breaks
  const last = count - 1
  const demeritsAt = new Float64Array(count)
  const previous = new Int32Array(count)
  // Breaks that can still start a line, in the order they became active.
  const active = new Int32Array(count)
  let activeCount = 1 // break 0, the paragraph start, with no demerits
  for (let b = 1; b < count; b++) {
    const isLast = b === last
    let best = -1
    let bestDemerits = 0
    // Active nodes that can still start a line are compacted in place.
    let kept = 0
    for (let n = 0; n < activeCount; n++) {
      const a = active[n]!
      const length = end[b]! - start[a]!
      const stretch = glue(Y, breaks, a, b)
      const shrink = glue(Z, breaks, a, b)
      let ratio: number
      if (length > maxWidth + 1e-9) ratio = shrink > 0 ? (maxWidth - length) / shrink : -Infinity
      else if (isLast) ratio = 0
      else ratio = stretch > 0 ? (maxWidth - length) / stretch : length >= maxWidth - 1e-9 ? 0 : Infinity
      if (ratio < -1) continue // too long, and every later break is longer: a is done
      active[kept++] = a
      if (ratio > tolerance) continue
      let demerits = (LINE_PENALTY + 100 * Math.abs(ratio) ** 3) ** 2
      if (flags[b]! & HYPHEN) demerits += HYPHEN_PENALTY ** 2
      if (flags[b]! & FLAGGED && flags[a]! & FLAGGED) demerits += CONSECUTIVE_FLAGGED
      if (isLast && flags[a]! & HYPHEN) demerits += FINAL_HYPHEN
      demerits += demeritsAt[a]!
      if (best < 0 || demerits < bestDemerits) {
        best = a
        bestDemerits = demerits
      }
    }
    activeCount = kept
    if (best >= 0) {
      demeritsAt[b] = bestDemerits
      previous[b] = best
      if (isLast) {
        const chosen: number[] = []
        for (let at = b; at !== 0; at = previous[at]!) chosen.push(at)
        return chosen.reverse()
      }
      active[activeCount++] = b
    }
    if (!activeCount) return undefined
  }
  return undefined
}

/** Turn the chosen breaks into set lines. */
function build(chosen: number[], breaks: Breaks, input: Word[], options: BreakOptions): SetLine[] {
  const {fonts, size, maxWidth, maxStretch} = options
  const lines: SetLine[] = []
  let from = 0
  chosen.forEach((to, index) => {
    const isLast = index === chosen.length - 1
    const line: Word[] = []
    const toWord = breaks.word[to]!
    const toOffset = breaks.offset[to]!
    const hyphen = (breaks.flags[to]! & HYPHEN) !== 0
    const fromWord = breaks.word[from]!
    const fromOffset = breaks.offset[from]!
    const lastWord = toOffset === 0 ? toWord - 1 : toWord
    for (let i = fromWord; i <= lastWord; i++) {
      let word = input[i]!
      const cut = (i === toWord && toOffset > 0) || (i === fromWord && fromOffset > 0)
      if (cut && word.pieces.reduce((n, piece) => n + piece.text.length, 0) >= LONG_WORD) {
        // A long word set over many lines: measure only this line's part of it.
        const to = i === toWord && toOffset > 0 ? toOffset : Infinity
        word = sliceWord(word, i === fromWord ? fromOffset : 0, to, i === toWord && toOffset > 0 && hyphen, fonts, size)
      } else {
        if (i === toWord && toOffset > 0) word = splitWord(word, toOffset, hyphen, fonts, size)[0]
        if (i === fromWord && fromOffset > 0) word = splitWord(word, fromOffset, false, fonts, size)[1]
      }
      line.push(word)
    }
    const spaces = line.slice(0, -1).map((w) => w.space)
    const totalSpace = spaces.reduce((a, b) => a + b, 0)
    const natural = line.reduce((sum, w) => sum + w.width, 0) + totalSpace
    const gaps = spaces.slice()
    let width = natural
    if (gaps.length > 0 && (!isLast || natural > maxWidth)) {
      // Spaces stretch or shrink in proportion to their widths.
      const factor = (maxWidth - natural) / totalSpace
      if (natural > maxWidth || 1 + factor <= maxStretch) {
        for (let k = 0; k < gaps.length; k++) gaps[k] = spaces[k]! * (1 + factor)
        width = maxWidth
      }
    }
    lines.push({words: line.map((w) => w.pieces), gaps, spaces, width, maxWidth, hyphenated: hyphen})
    from = to
  })
  return lines
}
