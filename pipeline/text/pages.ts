/**
 * The page of a source position in text input, from the page breaks layout
 * settled on (form feeds, or in a text without them the runs of blank lines
 * it takes for page breaks). Layout records where each break ends
 * (`file.data.pageBreaks`); the JSON emitter gives a block's position the
 * page its first line is on (`position.page`, 1-based). PDF input does not
 * need this: its lines carry their page (readers/geometry-rules.ts).
 */
import type {Point} from 'unist'
import type {VFile} from 'vfile'

/** Record the end of each page break, in source order (a text of one page records none). */
export function recordPageBreaks(file: VFile, ends: Point[]): void {
  if (ends.length > 0) file.data.pageBreaks = ends.map(({line, column}) => ({line, column}))
}

/** The 1-based page of a point in the source, when layout found page breaks; undefined otherwise. */
export function pageAt(file: VFile | undefined, point: {line: number; column?: number} | undefined): number | undefined {
  const breaks = file?.data.pageBreaks
  if (!breaks || !point) return undefined
  const column = point.column ?? 1
  // Breaks are few and sorted: binary search for the number of breaks that end at or before the point.
  let lo = 0
  let hi = breaks.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    const b = breaks[mid]!
    if (b.line < point.line || (b.line === point.line && b.column <= column)) lo = mid + 1
    else hi = mid
  }
  return lo + 1
}

declare module 'vfile' {
  interface DataMap {
    /** Text input: where each page break layout found ends, in source order. */
    pageBreaks: Array<{line: number; column: number}>
  }
}
