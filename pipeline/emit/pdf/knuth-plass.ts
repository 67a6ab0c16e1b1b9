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
import {breakPoints, splitWord, type BreakOptions, type SetLine, type Word} from './line-break.js'

/** Spaces stretch by this fraction of their width at ratio 1 (TeX: 1/2). */
const STRETCH = 0.5
const LINE_PENALTY = 10
const HYPHEN_PENALTY = 50
const CONSECUTIVE_FLAGGED = 3000
/** A hyphen on the line before the last (TeX's finalhyphendemerits). */
const FINAL_HYPHEN = 5000
/** Largest stretch ratio accepted: a first pass, then a more tolerant one. */
const TOLERANCES = [1.5, 4]

interface Break {
  /** Word index, and UTF-16 offset inside it (0: at the space before the word). */
  word: number
  offset: number
  /** Where the line ending here ends (width from the paragraph start, with any hyphen). */
  end: number
  /** Where the next line starts. */
  start: number
  /** A hyphen is added at this break. */
  hyphen: boolean
  /** A break inside a word (hyphenation or after a hard hyphen). */
  flagged: boolean
}

interface Node {
  brk: Break
  demerits: number
  previous?: Node
}

export function knuthPlass(words: Word[], options: BreakOptions): SetLine[] | undefined {
  const {fonts, size, maxWidth, hyphenate, minShrink} = options
  const n = words.length
  // W[i]: width before word i (words and spaces); Y[i], Z[i]: stretch and shrink of the spaces before word i.
  const W = new Float64Array(n + 1)
  const Y = new Float64Array(n + 1)
  const Z = new Float64Array(n + 1)
  for (let i = 0; i < n; i++) {
    const space = i < n - 1 ? words[i]!.space : 0
    W[i + 1] = W[i]! + words[i]!.width + space
    Y[i + 1] = Y[i]! + space * STRETCH
    Z[i + 1] = Z[i]! + space * (1 - minShrink)
  }
  const candidates: Break[] = []
  for (let i = 0; i < n; i++) {
    const word = words[i]!
    if (i > 0) candidates.push({word: i, offset: 0, end: W[i]! - words[i - 1]!.space, start: W[i]!, hyphen: false, flagged: false})
    // breakPoints lists the longest head first; the paragraph order is the reverse.
    const points = breakPoints(word, hyphenate)
    for (let k = points.length - 1; k >= 0; k--) {
      const [offset, hyphen] = points[k]!
      const plain = headWidth(word, offset, fonts, size)
      const end = plain + (hyphen ? fonts.width('-', styleAt(word, offset), size) : 0)
      candidates.push({word: i, offset, end: W[i]! + end, start: W[i]! + plain, hyphen, flagged: true})
    }
  }
  const last: Break = {word: n, offset: 0, end: W[n]!, start: W[n]!, hyphen: false, flagged: false}
  candidates.push(last)

  for (const tolerance of TOLERANCES) {
    const best = search(candidates, last, Y, Z, maxWidth, tolerance)
    if (best) return build(best, words, options)
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
function glue(sums: Float64Array, a: Break, b: Break): number {
  // Spaces inside the line: those before words a.word+1 … (b at a space: b.word - 1; in a word: b.word).
  const first = a.word
  const lastWord = b.offset === 0 ? b.word - 1 : b.word
  return lastWord > first ? sums[lastWord]! - sums[first]! : 0
}

function search(candidates: Break[], last: Break, Y: Float64Array, Z: Float64Array, maxWidth: number, tolerance: number): Node | undefined {
  const active: Node[] = [{brk: {word: 0, offset: 0, end: 0, start: 0, hyphen: false, flagged: false}, demerits: 0}]
  for (const b of candidates) {
    const isLast = b === last
    let best: Node | undefined
    // Active nodes that can still start a line are compacted in place (no new array per break).
    let kept = 0
    for (let n = 0; n < active.length; n++) {
      const a = active[n]!
      const length = b.end - a.brk.start
      const stretch = glue(Y, a.brk, b)
      const shrink = glue(Z, a.brk, b)
      let ratio: number
      if (length > maxWidth + 1e-9) ratio = shrink > 0 ? (maxWidth - length) / shrink : -Infinity
      else if (isLast) ratio = 0
      else ratio = stretch > 0 ? (maxWidth - length) / stretch : length >= maxWidth - 1e-9 ? 0 : Infinity
      if (ratio < -1) continue // too long, and every later break is longer: a is done
      active[kept++] = a
      if (ratio > tolerance) continue
      let demerits = (LINE_PENALTY + 100 * Math.abs(ratio) ** 3) ** 2
      if (b.hyphen) demerits += HYPHEN_PENALTY ** 2
      if (b.flagged && a.brk.flagged) demerits += CONSECUTIVE_FLAGGED
      if (isLast && a.brk.hyphen) demerits += FINAL_HYPHEN
      demerits += a.demerits
      if (!best || demerits < best.demerits) best = {brk: b, demerits, previous: a}
    }
    active.length = kept
    if (best) {
      if (isLast) return best
      active.push(best)
    }
    if (!active.length) return undefined
  }
  return undefined
}

/** Turn the chosen breaks into set lines. */
function build(final: Node, input: Word[], options: BreakOptions): SetLine[] {
  const {fonts, size, maxWidth, maxStretch} = options
  const breaks: Break[] = []
  for (let node: Node | undefined = final; node?.previous; node = node.previous) breaks.push(node.brk)
  breaks.reverse()
  const lines: SetLine[] = []
  let from: Break = {word: 0, offset: 0, end: 0, start: 0, hyphen: false, flagged: false}
  breaks.forEach((to, index) => {
    const isLast = index === breaks.length - 1
    const line: Word[] = []
    const lastWord = to.offset === 0 ? to.word - 1 : to.word
    for (let i = from.word; i <= lastWord; i++) {
      let word = input[i]!
      if (i === to.word && to.offset > 0) word = splitWord(word, to.offset, to.hyphen, fonts, size)[0]
      if (i === from.word && from.offset > 0) word = splitWord(word, from.offset, false, fonts, size)[1]
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
    lines.push({words: line.map((w) => w.pieces), gaps, spaces, width, maxWidth, hyphenated: to.hyphen})
    from = to
  })
  return lines
}
