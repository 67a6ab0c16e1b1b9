/**
 * The source lines of an appendix, read back from the tree.
 *
 * After `paragraphs`, every block keeps one `text` node per source line with
 * that line's position, so the lines of a region (with the repairs earlier
 * stages recorded) can be read in order. Blank lines and page breaks are not
 * nodes: they are recovered from the gaps in line numbers and from `pageBreak`
 * nodes, because the layout of a scrambled table lives in them.
 */
import type {RootContent} from 'mdast'
import type {Position} from 'unist'
import {twin} from '../text/ascii.js'

export interface SourceLine {
  /** The line's text, spaces collapsed and trimmed. */
  text: string
  /** 1-based source line. */
  line: number
  column: number
  endColumn: number
  /** True when one or more blank lines (or a block boundary) come before it. */
  blankBefore: boolean
  /** True when a page break comes before it. */
  pageBreakBefore: boolean
  /**
   * True when the line's last word goes on at the start of the next line:
   * `dehyphenate` joined a word broken at the line end ("Coopera-" / "tion",
   * recorded as `dehyphenate:join`), so the two lines join without a space.
   */
  joinsNext?: boolean
}

/** Speed: the Latin-1 twins decide by the one character they look at (text/ascii.ts); the \\p{L} forms compile only for a line that needs them. */
const LETTER_END = twin(/\p{L}$/u)
const LETTER_START = twin(/^\p{L}/u)

/** The text of consecutive lines, one space between them, none inside a word a line end broke. */
export function joinLineTexts(lines: readonly SourceLine[]): string {
  let text = ''
  lines.forEach((line, i) => {
    text += i === 0 || lines[i - 1]!.joinsNext ? line.text : ` ${line.text}`
  })
  return text
}

/** White space other than a plain space, or two spaces in a row: something to collapse. */
const UNEVEN_SPACE = /[^\S ]| {2}/

/** Collapse runs of white space and trim. */
export function normalizeSpaces(text: string): string {
  // Most lines hold single spaces only: trimming is all there is to do, without building a new string by regex.
  return UNEVEN_SPACE.test(text) ? text.replace(/[\s\u00a0]+/g, ' ').trim() : text.trim()
}

/** The lines of `blocks` in reading order. */
export function blockLines(blocks: readonly RootContent[]): SourceLine[] {
  const out: SourceLine[] = []
  let pageBreak = false
  let lastLine = -1
  for (const block of blocks) {
    if (block.type === 'pageBreak') {
      pageBreak = true
      continue
    }
    let first = true
    const pieces = linePieces(block)
    pieces.forEach((piece, index) => {
      const text = normalizeSpaces(piece.text)
      if (!text) return
      // Lines of a block end in their separating space, unless a word goes on on the next line.
      const joinsNext = index < pieces.length - 1 && LETTER_END(piece.text, piece.text.length - 1).test(piece.text) && LETTER_START(pieces[index + 1]!.text, 0).test(pieces[index + 1]!.text)
      const blank = first || (lastLine >= 0 && piece.line > lastLine + 1)
      const prev = out.at(-1)
      if (prev && prev.line === piece.line && !first) {
        // Two nodes of one source line (e.g. a date node inside a text line): one line.
        prev.text = normalizeSpaces(`${prev.text} ${text}`)
        prev.endColumn = piece.endColumn
        if (joinsNext) prev.joinsNext = true
        return
      }
      out.push({text, line: piece.line, column: piece.column, endColumn: piece.endColumn, blankBefore: blank, pageBreakBefore: pageBreak, ...(joinsNext ? {joinsNext} : {})})
      pageBreak = false
      first = false
      lastLine = piece.line
    })
  }
  return out
}

interface Piece {
  text: string
  line: number
  /** Last source line the piece reaches (a node can span a line break, e.g. a date "December" / "29"). */
  endLine: number
  column: number
  endColumn: number
}

/** One piece per line of a block: literal children grouped by the line they start on. */
function linePieces(block: RootContent): Piece[] {
  const pieces: Piece[] = []
  const visit = (node: RootContent) => {
    if ('value' in node && typeof node.value === 'string' && node.type !== 'yaml' && node.type !== 'html') {
      const p = node.position
      const last = pieces.at(-1)
      const line = p?.start.line ?? last?.endLine ?? 0
      const parts = node.value.includes('\n') ? node.value.split('\n') : [node.value]
      parts.forEach((part, i) => {
        const l = line + i
        const endLine = i === parts.length - 1 ? Math.max(l, p?.end.line ?? l) : l
        const prev = pieces.at(-1)
        if (prev && i === 0 && (prev.endLine === l || (!p && prev.line <= l))) {
          // Two nodes apart on one line (the cells of a table row) keep a space between them.
          prev.text += p && prev.endLine === l && p.start.column > prev.endColumn && !/\s$/.test(prev.text) ? ` ${part}` : part
          prev.endLine = Math.max(prev.endLine, endLine)
          prev.endColumn = p?.end.column ?? prev.endColumn
        } else {
          pieces.push({text: part, line: l, endLine, column: i === 0 ? (p?.start.column ?? 1) : 1, endColumn: p?.end.column ?? part.length + 1})
        }
      })
      return
    }
    if ('children' in node) for (const child of node.children as RootContent[]) visit(child)
  }
  visit(block)
  return pieces
}

/** The position spanning a list of lines. */
export function spanOf(lines: readonly SourceLine[]): Position | undefined {
  const first = lines[0]
  const last = lines.at(-1)
  if (!first || !last) return undefined
  return {start: {line: first.line, column: first.column}, end: {line: last.line, column: last.endColumn}}
}

/** A JSON-friendly position. */
export function plainPosition(p: Position | undefined): {start: {line: number; column: number}; end: {line: number; column: number}} | undefined {
  if (!p) return undefined
  return {start: {line: p.start.line, column: p.start.column}, end: {line: p.end.line, column: p.end.column}}
}

/**
 * Lines joined with single spaces, and the index of the line that holds a
 * given offset of the joined text (to point a match back at its source line).
 */
export function joinLines(lines: readonly SourceLine[]): {text: string; lineIndexAt: (offset: number) => number} {
  const starts: number[] = []
  let text = ''
  lines.forEach((l, i) => {
    if (text && !lines[i - 1]!.joinsNext) text += ' '
    starts.push(text.length)
    text += l.text
  })
  const lineIndexAt = (offset: number) => {
    let k = 0
    while (k + 1 < starts.length && starts[k + 1]! <= offset) k++
    return k
  }
  return {text, lineIndexAt}
}
