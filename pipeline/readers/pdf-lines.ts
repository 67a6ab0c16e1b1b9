/**
 * Printed lines from positioned text items, in reading order, each with its
 * geometry (pipeline/types.ts `LineGeometry`).
 *
 * Per page:
 * 1. Items are grouped into rows by baseline. A run in smaller type raised
 *    above a row's baseline (less than 0.6 em) is a superscript of that row:
 *    it joins the row and is marked, so footnote markers stay with their word.
 * 2. Rows split into segments at horizontal gaps wider than 1.5 em.
 * 3. Columns: a gutter is a vertical strip, at least 1 em wide and away from
 *    the text's outer fifths, that (almost) no segment crosses, with text on
 *    both sides whose lines are long compared with their column (so the gaps
 *    between a table's cells are not gutters), found at that place on at
 *    least two fifths of the pages (columns belong to the layout). Any number of gutters gives
 *    two, three or more columns. A segment crossing a gutter (a title, a
 *    table or a figure caption set across the page) cuts the page into
 *    bands; each band is read column by column, left to right.
 * 4. Running heads, running feet and page numbers: rows at the top or the
 *    bottom edge of a page whose text (digits folded) recurs at the same
 *    height on other pages, or that hold a page number there.
 * 5. Footnotes: rows in smaller type than the body at the foot of a column,
 *    the first of them opening with a number or a superscript. They are
 *    marked (`note`) and read after the body of their page, before its
 *    running foot, where the footnotes stage takes them (or, with
 *    `notes: 'end'`, after the last page).
 * 6. Within a column, whether a block starts at a line: a change of type
 *    size or weight, a vertical gap larger than the leading, a first-line
 *    indent (the next line comes back to the left), or a previous line that
 *    ends short of the column's right edge by more than this line's first
 *    word would have needed. At the indent, a line that itself ends well
 *    short is a block of one line, and so is a sentence ending short when
 *    the next line sits at the indent again instead of coming back left.
 *
 * Spaces come from the gaps between items (more than 0.15 em), and text the
 * producer split or drew twice at the same place is merged.
 */
import type {LineGeometry} from '../types.js'
import type {PdfDocument, PdfItem, PdfPage} from './pdf.js'

export interface PdfLinesOptions {
  /** Gap between two runs on one baseline, in ems, that separates segments (columns, table cells). Default 1.5. */
  segmentGap?: number
  /** Narrowest gutter between columns, in ems of the body type. Default 1. */
  minGutter?: number
  /**
   * Where footnote lines go in reading order: `foot`, after the body of their
   * page (as printed, where the footnotes stage looks for them), or `end`,
   * after the last page. Default `foot`.
   */
  notes?: 'foot' | 'end'
}

export interface PdfLine {
  text: string
  geometry: LineGeometry
}

export interface PdfText {
  /** Lines of every page in reading order; `undefined` between pages (a page break). */
  lines: Array<PdfLine | undefined>
  /** Font size of the body text (most characters), in points. */
  bodySize: number
  /** Pages without any text (scanned or blank). */
  emptyPages: number[]
  /** Pages with glyphs that have no Unicode map. */
  unmappedPages: number[]
}

interface Piece extends PdfItem {
  sup: boolean
}

interface Row {
  y: number
  size: number
  pieces: Piece[]
}

interface Segment {
  row: Row
  pieces: Piece[]
  x0: number
  x1: number
  y: number
  size: number
}

interface Line {
  pieces: Piece[]
  x0: number
  x1: number
  y: number
  size: number
  top: number
  bottom: number
  bold: boolean
  italic: boolean
  text: string
  superscripts: [number, number][]
  column: [number, number]
  furniture?: boolean
  note?: boolean
  blockStart?: boolean
  /** The runs of the line separated by wide gaps (table cells), left to right. */
  cells?: Array<{x0: number; x1: number; text: string}>
  /** More space than the leading above it (set off from the line before). */
  spaceBefore?: boolean
  /** Characters of a bold run that opens the line and is followed by regular type (a run-in head). */
  boldLead?: number
  /** Part of a table found by x-alignment; `row`: the line starts a table row. */
  table?: {row: boolean}
}

/** Build the reading-order lines of a document. */
export function pdfLines(doc: PdfDocument, options: PdfLinesOptions = {}): PdfText {
  const segmentGap = options.segmentGap ?? 1.5
  const minGutter = options.minGutter ?? 1
  const bodySize = dominantSize(doc.pages)
  const emptyPages: number[] = []
  const unmappedPages: number[] = []
  const pageRows = doc.pages.map((page) => {
    if (page.items.length === 0) emptyPages.push(page.number)
    if (page.unmapped > 0) unmappedPages.push(page.number)
    return buildRows(page)
  })
  const furniture = findFurniture(pageRows, doc.pages, bodySize)
  const lines: Array<PdfLine | undefined> = []
  const notes: PdfLine[] = []
  const leading = leadingRatio(pageRows)
  // First pass: furniture, columns and reading order of every page.
  const laid = doc.pages.map((page, p) => {
    const rows = pageRows[p]!
    const heads: Line[] = []
    const feet: Line[] = []
    const body: Row[] = []
    for (const row of rows) {
      if (!furniture.has(row)) body.push(row)
      else {
        const line = toLine(row.pieces, [minX(rows), maxX(rows)])
        line.furniture = true
        ;(row.y > page.height / 2 ? heads : feet).push(line)
      }
    }
    const segments = body.flatMap((row) => splitRow(row, segmentGap))
    return {page, heads, feet, segments, gutters: findGutters(segments, bodySize * minGutter), ordered: [] as Column[]}
  })
  // Columns belong to the layout, not to one page: a gutter counts where pages around agree
  // (a table's wide column gap on one page of a one-column document is no gutter).
  const withText = laid.filter((l) => l.segments.length >= 6).length
  const agreedOf = (gutters: Array<[number, number]>) =>
    gutters.filter(([a, b]) => {
      const same = laid.filter((o) => o.gutters.some(([c, d]) => c <= b && d >= a)).length
      return withText <= 2 || same >= Math.max(2, withText * 0.4)
    })
  // The document's gutters: those most pages agree on.
  const common = agreedOf(laid.flatMap((l) => l.gutters))
  for (const l of laid) {
    let agreed = agreedOf(l.gutters)
    // A page whose own gutter was hidden (a table or figure set across it fills the strip) uses the
    // document's, where lines stand side by side on both sides of it on three rows or more.
    if (agreed.length === 0 && common.length > 0) agreed = sideBySide(l.segments, common[0]!) ? [common[0]!] : []
    l.ordered = readingOrder(l.segments, agreed)
  }
  // A column of one or two lines (a page's last lines) takes the measure of the document's column it sits in.
  const measures = laid.flatMap((l) => l.ordered.filter((c) => c.lines.length >= 3).map((c) => c.lines[0]!.column))
  for (const {ordered} of laid) {
    for (const column of ordered) {
      if (column.lines.length >= 3) continue
      const x0 = Math.min(...column.lines.map((l) => l.x0))
      const x1 = Math.max(...column.lines.map((l) => l.x1))
      const fit = measures.find(([a, b]) => Math.abs(a - x0) < bodySize && b >= x1 - 1)
      if (fit) for (const line of column.lines) line.column = fit
    }
  }
  // Second pass: notes, block starts, and the lines in reading order.
  let previous: Line | undefined
  for (let p = 0; p < laid.length; p++) {
    const {page, heads, feet, ordered} = laid[p]!
    const pageNotes: Line[] = []
    for (const column of ordered) {
      const columnLines = column.lines
      markNotes(columnLines, bodySize)
      markBlocks(columnLines, leading, bodySize)
      const first = columnLines.find((l) => !l.note)
      if (first && previous) first.blockStart = continues(previous, first)
      for (const line of columnLines) {
        if (line.note) pageNotes.push(line)
        else previous = line
      }
    }
    if (p > 0) lines.push(undefined)
    for (const line of heads) lines.push(out(line, page, bodySize))
    for (const column of ordered) for (const line of column.lines) if (!line.note) lines.push(out(line, page, bodySize))
    if (options.notes === 'end') for (const line of pageNotes) notes.push(out(line, page, bodySize))
    else for (const line of pageNotes) lines.push(out(line, page, bodySize))
    for (const line of feet) lines.push(out(line, page, bodySize))
  }
  if (notes.length > 0) {
    lines.push(undefined)
    lines.push(...notes)
  }
  markDisplay(lines, bodySize)
  return {lines, bodySize, emptyPages, unmappedPages}
}

/** The font size that most characters are set in. */
function dominantSize(pages: PdfPage[]): number {
  const counts = new Map<number, number>()
  for (const page of pages) {
    for (const item of page.items) {
      const size = Math.round(item.size * 2) / 2
      counts.set(size, (counts.get(size) ?? 0) + item.text.length)
    }
  }
  let best = 10
  let most = -1
  for (const [size, count] of counts) if (count > most) [best, most] = [size, count]
  return best
}

/** Rows of a page, top to bottom, superscripts joined to the row they belong to. */
function buildRows(page: PdfPage): Row[] {
  const items = page.items.slice().sort((a, b) => b.y - a.y || a.x - b.x)
  // Superscripts first: a short run in smaller type whose baseline is raised
  // (by less than 0.6 em) above a larger run it touches horizontally.
  const hosts = new Map<PdfItem, PdfItem>()
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!
    if (item.text.trim().length > 4) continue
    let best: PdfItem | undefined
    let distance = Infinity
    for (let j = i + 1; j < items.length; j++) {
      const other = items[j]!
      const rise = item.y - other.y
      if (rise > 0.8 * other.size) break
      if (rise <= 0.1 * other.size || rise > 0.6 * other.size || item.size > other.size * 0.85) continue
      const dx = item.x < other.x ? other.x - item.x - item.width : Math.max(0, item.x - other.x - other.width)
      if (dx < 0.6 * other.size && dx < distance) [best, distance] = [other, dx]
    }
    if (best) hosts.set(item, best)
  }
  const rows: Row[] = []
  const rowOf = new Map<PdfItem, Row>()
  for (const item of items) {
    if (hosts.has(item)) continue
    // Rows are built top-down; an item belongs to a recent row whose baseline is near.
    let row: Row | undefined
    for (let r = rows.length - 1; r >= 0 && r >= rows.length - 4; r--) {
      const candidate = rows[r]!
      if (Math.abs(candidate.y - item.y) <= 0.25 * Math.min(candidate.size, item.size)) {
        row = candidate
        break
      }
    }
    if (!row) rows.push((row = {y: item.y, size: item.size, pieces: [{...item, sup: false}]}))
    else {
      row.pieces.push({...item, sup: false})
      if (item.size > row.size) row.size = item.size
    }
    rowOf.set(item, row)
  }
  for (const [item, host] of hosts) {
    let target = host
    // A chain (a marker above a marker) ends at a run that has a row.
    while (!rowOf.has(target) && hosts.has(target)) target = hosts.get(target)!
    const row = rowOf.get(target)
    if (row) row.pieces.push({...item, sup: true})
    else rows.push({y: item.y, size: item.size, pieces: [{...item, sup: false}]})
  }
  rows.sort((a, b) => b.y - a.y)
  for (const row of rows) {
    row.pieces.sort((a, b) => a.x - b.x)
    row.pieces = dedupe(row.pieces)
  }
  return rows
}

function minPieceX(row: Row): number {
  let x = Infinity
  for (const p of row.pieces) x = Math.min(x, p.x)
  return x
}

function maxPieceX(row: Row): number {
  let x = -Infinity
  for (const p of row.pieces) x = Math.max(x, p.x + p.width)
  return x
}

/** Text drawn twice at the same place (fake bold, shadows) is read once. */
function dedupe(pieces: Piece[]): Piece[] {
  const out: Piece[] = []
  for (const piece of pieces) {
    const prev = out.at(-1)
    if (prev && prev.text === piece.text && Math.abs(prev.x - piece.x) < 0.1 * piece.size && Math.abs(prev.y - piece.y) < 0.1 * piece.size) {
      prev.bold = true
      continue
    }
    out.push(piece)
  }
  return out
}

function minX(rows: Row[]): number {
  let x = Infinity
  for (const row of rows) x = Math.min(x, minPieceX(row))
  return x
}

function maxX(rows: Row[]): number {
  let x = -Infinity
  for (const row of rows) x = Math.max(x, maxPieceX(row))
  return x
}

function splitRow(row: Row, gapEms: number): Segment[] {
  const segments: Segment[] = []
  let current: Piece[] = []
  let end = -Infinity
  const flush = () => {
    if (current.length === 0) return
    const x0 = current[0]!.x
    let x1 = -Infinity
    let size = 0
    for (const p of current) {
      x1 = Math.max(x1, p.x + p.width)
      if (!p.sup) size = Math.max(size, p.size)
    }
    segments.push({row, pieces: current, x0, x1, y: row.y, size: size || row.size})
    current = []
  }
  for (const piece of row.pieces) {
    if (current.length > 0 && piece.x - end > gapEms * row.size) flush()
    current.push(piece)
    end = Math.max(current.length === 1 ? -Infinity : end, piece.x + piece.width)
  }
  flush()
  return segments
}

interface Column {
  lines: Line[]
}

/**
 * Columns and bands of one page, in reading order: the segments of each band
 * column by column, bands and spanning segments top to bottom.
 */
function readingOrder(segments: Segment[], gutters: Array<[number, number]>): Column[] {
  if (segments.length === 0) return []
  const left = Math.min(...segments.map((s) => s.x0))
  const right = Math.max(...segments.map((s) => s.x1))
  const edges = [left, ...gutters.flatMap((g) => [g[0], g[1]]), right]
  const bounds: Array<[number, number]> = []
  for (let i = 0; i < edges.length; i += 2) bounds.push([edges[i]!, edges[i + 1]!])
  const columnOf = (s: Segment): number => {
    for (let g = 0; g < gutters.length; g++) {
      const [a, b] = gutters[g]!
      // In the gutter (beyond 2 pt: a gutter measured on another page may be a hair off): set across the columns.
      if (s.x0 < b - 2 && s.x1 > a + 2) return -1
      if (s.x1 <= (a + b) / 2) return g
    }
    return gutters.length
  }
  const sorted = segments.slice().sort((a, b) => b.y - a.y || a.x0 - b.x0)
  const out: Column[] = []
  let band: Segment[][] = bounds.map(() => [])
  const flushBand = () => {
    for (let c = 0; c < band.length; c++) if (band[c]!.length > 0) out.push({lines: toLines(band[c]!, bounds[c]!)})
    band = bounds.map(() => [])
  }
  // A spanning row: the segments of that row that sit in the span, read as one line.
  let spanning: Segment[] = []
  const flushSpanning = () => {
    if (spanning.length === 0) return
    out.push({lines: toLines(spanning, [left, right])})
    spanning = []
  }
  for (const segment of sorted) {
    const c = columnOf(segment)
    if (c < 0) {
      flushBand()
      spanning.push(segment)
      continue
    }
    // Other segments of a spanning row (a table row's other cells) stay with it.
    if (spanning.length > 0 && Math.abs(spanning.at(-1)!.y - segment.y) < 0.25 * segment.size) {
      spanning.push(segment)
      continue
    }
    flushSpanning()
    band[c]!.push(segment)
  }
  flushSpanning()
  flushBand()
  return out
}

/** Vertical strips no (or almost no) segment crosses, between text on both sides. */
function findGutters(segments: Segment[], minGutter: number): Array<[number, number]> {
  if (segments.length < 6) return []
  const left = Math.floor(Math.min(...segments.map((s) => s.x0)))
  const right = Math.ceil(Math.max(...segments.map((s) => s.x1)))
  const width = right - left
  if (width < 10 * minGutter) return []
  const cover = new Int32Array(width + 1)
  for (const s of segments) {
    const a = Math.max(0, Math.ceil(s.x0 - left))
    const b = Math.min(width, Math.floor(s.x1 - left))
    for (let x = a; x <= b; x++) cover[x]!++
  }
  // A title or table across the columns may cross the gutter: a few crossings are allowed.
  const allowed = Math.max(1, Math.floor(segments.length * 0.08))
  const runs: Array<[number, number]> = []
  let start = -1
  for (let x = 0; x <= width; x++) {
    const open = cover[x]! <= allowed
    if (open && start < 0) start = x
    if ((!open || x === width) && start >= 0) {
      const end = open ? x : x - 1
      // The gutter proper is where the fewest segments cross (a ragged column edge is not part of it).
      let fewest = Infinity
      for (let k = start; k <= end; k++) fewest = Math.min(fewest, cover[k]!)
      let a = start
      let b = end
      while (a < b && cover[a]! > fewest) a++
      while (b > a && cover[b]! > fewest) b--
      if (b - a + 1 < minGutter) [a, b] = [start, end]
      if (b - a + 1 >= minGutter && a > width * 0.15 && b < width * 0.85) {
        runs.push([left + a, left + b])
        // The whole open strip as a second choice (a title off the centre narrows the fewest-crossed part).
        if (a !== start || b !== end) runs.push([left + start, left + end])
      }
      start = -1
    }
  }
  // Each side of a gutter must hold a column of text: lines long for their column, on many rows.
  const gutters: Array<[number, number]> = []
  for (let g = 0; g < runs.length; g++) {
    const [a, b] = runs[g]!
    const before = gutters.length > 0 ? gutters.at(-1)![1] : left
    if (a < before) continue
    const nextRun = runs.slice(g + 1).find((r) => r[0] > b)
    const after = nextRun ? nextRun[0] : right
    const inLeft = segments.filter((s) => s.x0 >= before - 1 && s.x1 <= a + 1)
    const inRight = segments.filter((s) => s.x0 >= b - 1 && s.x1 <= after + 1)
    if (!isColumn(inLeft, a - before, segments.length) || !isColumn(inRight, after - b, segments.length)) continue
    gutters.push([a, b])
  }
  return gutters
}

/** Rows (three or more) with a long line each side of the gutter and nothing crossing it. */
function sideBySide(segments: Segment[], [a, b]: [number, number]): boolean {
  // The columns' own edges (a table across them may reach further).
  // (Within 2 pt: the gutter was measured on other pages.)
  const isLeft = (s: Segment) => s.x1 <= a + 2
  const isRight = (s: Segment) => s.x0 >= b - 2
  const left = Math.min(...segments.filter(isLeft).map((s) => s.x0))
  const right = Math.max(...segments.filter(isRight).map((s) => s.x1))
  const rows = new Map<Row, Segment[]>()
  for (const s of segments) rows.set(s.row, [...(rows.get(s.row) ?? []), s])
  let count = 0
  for (const row of rows.values()) {
    if (row.some((s) => !isLeft(s) && !isRight(s))) continue
    const l = row.filter(isLeft)
    const r = row.filter(isRight)
    if (l.length === 1 && r.length === 1 && l[0]!.x1 - l[0]!.x0 >= (a - left) * 0.6 && r[0]!.x1 - r[0]!.x0 >= (right - b) * 0.6) count++
  }
  return count >= 3
}

/** Text set in a column: a share of lines (tables and lists aside) nearly fill it. */
function isColumn(segments: Segment[], width: number, total: number): boolean {
  if (segments.length < Math.max(3, total * 0.12)) return false
  const long = segments.filter((s) => s.x1 - s.x0 >= width * 0.6).length
  return long >= 3 && long >= segments.length * 0.1
}

/** Lines of one column of a band: its segments grouped by row. */
function toLines(segments: Segment[], bounds: [number, number]): Line[] {
  const lines: Line[] = []
  let row: Row | undefined
  let pieces: Piece[] = []
  let cells: Line['cells'] = []
  const flush = () => {
    if (pieces.length > 0) {
      const line = toLine(pieces.sort((a, b) => a.x - b.x), bounds)
      line.cells = cells
      lines.push(line)
    }
    pieces = []
    cells = []
  }
  for (const segment of segments) {
    if (segment.row !== row) flush()
    row = segment.row
    pieces.push(...segment.pieces)
    cells.push({x0: segment.x0, x1: segment.x1, text: toLine(segment.pieces, bounds).text})
  }
  flush()
  markTables(lines)
  // The measure: the column's left edge and the right edge its full lines reach.
  if (lines.length >= 3) {
    const rights = lines.map((l) => l.x1).sort((a, b) => a - b)
    const lefts = lines.map((l) => l.x0).sort((a, b) => a - b)
    const measure: [number, number] = [lefts[Math.floor(lefts.length * 0.1)]!, rights[Math.floor(rights.length * 0.9)]!]
    for (const line of lines) line.column = measure
  }
  return lines
}

/**
 * Tables by x-alignment: a run of lines in one column whose runs (cells)
 * start at a few shared x positions, each run inside its column (prose
 * would cross the next column's start), with at least two lines that have
 * two or more cells. A line with a cell in the first column starts a row;
 * the others carry on the cells of the row above (a cell over several lines).
 */
function markTables(lines: Line[]): void {
  const near = (a: number, b: number) => Math.abs(a - b) <= 4
  let i = 0
  while (i < lines.length) {
    const first = lines[i]!
    if ((first.cells?.length ?? 0) < 2) {
      i++
      continue
    }
    const starts = first.cells!.map((c) => c.x0)
    const fits = (line: Line): boolean => {
      if (!line.cells || line.cells.length === 0 || Math.abs(line.size - first.size) > 0.5) return false
      const known = line.cells.filter((c) => starts.some((x) => near(x, c.x0)))
      // A line of two or more cells may add a column start (an empty cell above); one cell must sit in a known column.
      if (line.cells.length === 1 && known.length === 0) return false
      if (line.cells.length >= 2 && known.length === 0) return false
      for (const cell of line.cells) {
        const col = starts.filter((x) => x <= cell.x0 + 4).length - 1
        const nextStart = starts.filter((x) => x > cell.x0 + 4).sort((a, b) => a - b)[0]
        if (col < 0 || (nextStart !== undefined && cell.x1 > nextStart + 2)) return false
      }
      return true
    }
    let j = i + 1
    while (j < lines.length && fits(lines[j]!)) {
      for (const cell of lines[j]!.cells!) if (!starts.some((x) => near(x, cell.x0))) starts.push(cell.x0)
      j++
    }
    const multi = lines.slice(i, j).filter((l) => l.cells!.length >= 2).length
    if (multi >= 2 && j - i >= 2) {
      const left = Math.min(...starts)
      for (let k = i; k < j; k++) {
        const line = lines[k]!
        line.table = {row: k === i || near(line.cells![0]!.x0, left)}
        line.blockStart = line.table.row
      }
      i = j
    } else i++
  }
}

/** Join the pieces of a row into one line's text, with spaces where the gaps are. */
function toLine(pieces: Piece[], column: [number, number]): Line {
  let text = ''
  const superscripts: [number, number][] = []
  let end = -Infinity
  let x1 = -Infinity
  let top = -Infinity
  let bottom = Infinity
  const sizes = new Map<number, number>()
  let boldChars = 0
  let italicChars = 0
  let chars = 0
  for (const piece of pieces) {
    let value = piece.text
    if (text !== '') {
      const gap = piece.x - end
      const prev = pieces[pieces.indexOf(piece) - 1]
      // A gap is a space; so is a run that starts well inside the one before (an overfull table cell).
      let wants = (gap > 0.15 * piece.size || gap < -0.5 * piece.size) && !/\s$/.test(text) && !/^\s/.test(value)
      // A marker sits on its word ("1861,1"); text after a marker is a new word ("1 NIST …").
      if (piece.sup && gap < 0.6 * (prev?.size ?? piece.size)) wants = false
      if (prev?.sup && !piece.sup && /^[\p{L}\p{N}]/u.test(value) && !/\s$/.test(text)) wants = true
      // Overlapping runs that repeat what is already there (a producer's duplicate) are read once.
      if (gap < -0.5 * piece.size && text.endsWith(value)) continue
      if (wants) text += ' '
    } else value = value.replace(/^\s+/, '')
    value = value.replace(/\s{2,}/g, ' ')
    if (text.endsWith(' ') && value.startsWith(' ')) value = value.slice(1)
    const start = text.length
    text += value
    if (piece.sup) superscripts.push([start, text.length])
    end = Math.max(end, piece.x + piece.width)
    x1 = Math.max(x1, piece.x + piece.width)
    top = Math.max(top, piece.y + piece.size * 0.75)
    bottom = Math.min(bottom, piece.y - piece.size * 0.22)
    const n = value.replace(/\s/g, '').length
    chars += n
    if (!piece.sup) sizes.set(Math.round(piece.size * 10) / 10, (sizes.get(Math.round(piece.size * 10) / 10) ?? 0) + n)
    if (piece.bold) boldChars += n
    if (piece.italic) italicChars += n
  }
  text = text.replace(/\s+$/, '')
  // A bold run opening the line, then regular type: a run-in head ("Scope The policy …").
  let boldLead: number | undefined
  if (pieces[0]!.bold && !pieces[0]!.sup) {
    let n = 0
    let k = 0
    while (k < pieces.length && pieces[k]!.bold) n += pieces[k++]!.text.length + 1
    const rest = pieces.slice(k).map((p) => p.text).join('').trim()
    if (k < pieces.length && rest.length > 0) boldLead = Math.min(n, text.length)
  }
  let size = pieces[0]!.size
  let most = -1
  for (const [s, count] of sizes) if (count > most) [size, most] = [s, count]
  const baseline = pieces.find((p) => !p.sup) ?? pieces[0]!
  return {
    pieces,
    x0: pieces[0]!.x,
    x1,
    y: baseline.y,
    size,
    top,
    bottom,
    bold: chars > 0 && boldChars >= chars * 0.95,
    italic: chars > 0 && italicChars >= chars * 0.95,
    text,
    superscripts,
    column,
    boldLead
  }
}

/** Row shape for comparison across pages: digits folded, spaces collapsed. */
function shape(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, ' ').replace(/\d+/g, '#').replace(/\b[ivxlc]+\b/g, '#')
}

/**
 * The page number a row shows: the whole row, or a number set apart (by an
 * em or more) at its start or end, as a head with the page number in its
 * corner. A superscript never is (a footnote opening with its marker).
 */
function rowNumber(row: Row): number | undefined {
  const whole = pageNumber(row.pieces.map((piece) => piece.text).join(' '))
  if (whole !== undefined) return whole
  const pieces = row.pieces.filter((piece) => piece.text.trim() !== '')
  if (pieces.length < 2) return undefined
  const [first, second] = [pieces[0]!, pieces[1]!]
  const [last, before] = [pieces.at(-1)!, pieces.at(-2)!]
  if (!first.sup && second.x - (first.x + first.width) > first.size) {
    const n = pageNumber(first.text)
    if (n !== undefined) return n
  }
  if (!last.sup && last.x - (before.x + before.width) > last.size) return pageNumber(last.text)
  return undefined
}

/** The number of a page-number text ("7", "Page 7", "- 7 -", "7 of 12"); NaN for roman numerals; undefined for other text. */
function pageNumber(text: string): number | undefined {
  const m = PAGE_NUMBER.exec(text.trim())
  if (!m) return undefined
  const digits = /\d{1,4}/.exec(m[0])
  return digits ? Number(digits[0]) : Number.NaN
}

const PAGE_NUMBER = /^(?:[-–—]+\s*)?(?:page\s+)?(?:\d{1,4}|[ivxlc]{1,6})(?:\s*(?:of|\/)\s*\d{1,4})?(?:\s*[-–—]+)?$/i

/**
 * Running heads, feet and page numbers: among the two rows nearest each
 * page edge, those whose folded text recurs near the same height on another
 * page (and on at least a fifth of the pages), and page numbers at an edge.
 */
function findFurniture(pageRows: Row[][], _pages: PdfPage[], bodySize: number): Set<Row> {
  const found = new Set<Row>()
  const pageCount = pageRows.length
  const textOf = (row: Row) => row.pieces.map((piece) => piece.text).join(' ').trim()
  const near = (a: Row, b: Row) => Math.abs(a.y - b.y) < Math.max(3, bodySize * 0.5)
  // Candidates: the two outermost rows at each edge of every page.
  const edges = pageRows.map((rows) => ({top: rows.slice(0, 2), bottom: rows.slice(-2).reverse()}))
  const all = edges.flatMap((e, page) => [...e.top, ...e.bottom].map((row) => ({row, page, key: shape(textOf(row))})))
  const isFurniture = (row: Row, page: number): boolean => {
    const text = textOf(row)
    const key = shape(text)
    const samePlace = all.filter((o) => o.page !== page && near(o.row, row))
    // A page number advances with the pages (a year atop a chronology's pages does not).
    const number = rowNumber(row)
    if (number !== undefined) {
      if (pageCount === 1) return true
      if (Number.isNaN(number)) return samePlace.some((o) => o.key === key)
      return samePlace.some((o) => {
        const other = rowNumber(o.row)
        return other !== undefined && other - number === o.page - page
      })
    }
    const repeats = new Set(samePlace.filter((o) => o.key === key).map((o) => o.page)).size
    return repeats >= 1 && repeats + 1 >= Math.max(2, pageCount * 0.2)
  }
  for (let p = 0; p < edges.length; p++) {
    for (const side of [edges[p]!.top, edges[p]!.bottom]) {
      // The second row counts only behind a first one that is furniture.
      for (const row of side) {
        if (!isFurniture(row, p)) break
        found.add(row)
      }
    }
  }
  return found
}

/** The usual baseline distance in ems, between consecutive rows of the same size. */
function leadingRatio(pageRows: Row[][]): number {
  const ratios: number[] = []
  for (const rows of pageRows) {
    for (let r = 1; r < rows.length; r++) {
      const a = rows[r - 1]!
      const b = rows[r]!
      if (Math.abs(a.size - b.size) < 0.1 && a.y > b.y) ratios.push((a.y - b.y) / b.size)
    }
  }
  if (ratios.length === 0) return 1.2
  ratios.sort((a, b) => a - b)
  return Math.min(2, Math.max(1, ratios[Math.floor(ratios.length * 0.4)]!))
}

/** A note opens with its number (not a year or a range: "1921-1929") or a reference mark. */
const NOTE_START = /^(?:\d{1,3}(?![\d\-–,.])|[*†‡§¶])\s*\S/

/** Smaller type at the foot of a column, opened by a marker: footnotes. */
function markNotes(lines: Line[], bodySize: number): void {
  let i = lines.length
  while (i > 0 && lines[i - 1]!.size < bodySize * 0.92) i--
  if (i === lines.length || i === 0) return
  // The block of small type below the body holds at least one note opening with its marker;
  // lines above the first one are notes too when set in its size (a note begun on the page
  // before), not when they are other small type (a table) that the notes follow.
  const opens = (line: Line) => line.superscripts.some(([s]) => s === 0) || NOTE_START.test(line.text)
  const first = lines.findIndex((line, k) => k >= i && opens(line))
  if (first < 0) return
  let from = first
  while (from > i && Math.abs(lines[from - 1]!.size - lines[first]!.size) < 0.3) from--
  for (let j = from; j < lines.length; j++) lines[j]!.note = true
  lines[from]!.blockStart = true
}

/** Block starts from the geometry (see the file comment, step 6). */
/** A list item's first line: a bullet, or a number or letter with its closing mark. */
const ITEM_START = /^(?:[•▪◦●‣∙*–-]|\(?(?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,4})[.)])\s/

function markBlocks(lines: Line[], leading: number, bodySize: number): void {
  let opener: Line | undefined = lines[0]
  for (let i = 1; i < lines.length; i++) {
    const prev = lines[i - 1]!
    const line = lines[i]!
    if (prev.blockStart !== false) opener = prev
    // The lines of a list item hang right of its marker: they carry on the item. A line that
    // opens with a marker of its own, not aligned with the line before, is a new (nested) item.
    const nested = ITEM_START.test(line.text) && Math.abs(line.x0 - prev.x0) > 0.3 * line.size
    if (
      opener && ITEM_START.test(opener.text) && !nested && !line.table && !line.note && prev.note === line.note &&
      line.x0 > opener.x0 + 0.3 * line.size && Math.abs(prev.size - line.size) <= 0.08 * line.size &&
      prev.y - line.y <= leading * line.size * 1.3 + 1
    ) {
      line.blockStart = false
      continue
    }
    if (line.note && (!prev.note || line.superscripts.some(([s]) => s === 0))) {
      line.blockStart = true
      continue
    }
    if (prev.note !== line.note || line.table) continue
    const next = lines[i + 1]
    const em = Math.max(prev.size, line.size)
    if (prev.y - line.y > leading * em * 1.3 + 1) line.spaceBefore = true
    const [left, right] = line.column
    // A bold run that goes on over the line end (a run-in heading) is no change of type.
    const weight = prev.bold !== line.bold && !(prev.pieces.at(-1)!.bold && line.pieces.find((p) => !p.sup)?.bold)
    if (Math.abs(prev.size - line.size) > 0.08 * em || weight) line.blockStart = true
    else if (line.spaceBefore) line.blockStart = true
    else if (line.note && line.superscripts.some(([s]) => s === 0)) line.blockStart = true
    // Lines of display type in one size and weight, at the leading, are one heading or title
    // (often centred: their ends and indents say nothing).
    else if (line.size > bodySize * 1.08) line.blockStart = false
    else if (line.x0 > left + 0.5 * line.size && line.x0 > prev.x0 + 0.5 * line.size) {
      // A first-line indent: the next line of the same block comes back to the left.
      const follows = next && Math.abs(next.size - line.size) <= 0.08 * em && line.y - next.y <= leading * em * 1.3 + 1
      if (!follows) line.blockStart = undefined
      else if (next.x0 < line.x0 - 0.5 * line.size) line.blockStart = true
      // An indented line that itself ends well short (a quarter of the measure: a table row's
      // cells end anywhere) is a block of one line ("Lunch break" in a schedule).
      else if (right - line.x1 > Math.max(1.5 * line.size, 0.25 * (right - left))) line.blockStart = true
      else line.blockStart = shortBefore(prev, line, right) ? true : undefined
    } else if (
      prev.blockStart === true && line.x0 > left + 0.5 * line.size && Math.abs(line.x0 - prev.x0) < 0.3 * line.size &&
      right - prev.x1 > 1.5 * line.size && /[.!?:;)\]"”’]$/.test(prev.text)
    ) {
      // Two lines at the first-line indent, the first a sentence ending short: it was a paragraph
      // of one line (the next line of a paragraph comes back to the left), and this one opens another.
      line.blockStart = true
    } else if (!/[-‐]$/.test(prev.text) && right - prev.x1 > firstWordWidth(line) + 0.6 * line.size && right - prev.x1 > 1.5 * line.size) {
      line.blockStart = true
    } else line.blockStart = false
  }
}

/** The line before ends short of the measure by more than this line's first word. */
function shortBefore(prev: Line, line: Line, right: number): boolean {
  return !/[-‐]$/.test(prev.text) && right - prev.x1 > firstWordWidth(line) + 0.6 * line.size && right - prev.x1 > 1.5 * line.size
}

/**
 * The first line of a column after the last line of the column before (on
 * this page or the one before): a block starts when the type changes or the
 * line before ended short of its measure; otherwise the text rules decide
 * (a full line ending a sentence may or may not end its paragraph).
 */
function continues(prev: Line, line: Line): boolean | undefined {
  const em = Math.max(prev.size, line.size)
  if (Math.abs(prev.size - line.size) > 0.08 * em) return true
  if (/[-‐]$/.test(prev.text)) return false
  const room = prev.column[1] - prev.x1
  if (room > firstWordWidth(line) + 0.6 * line.size && room > 1.5 * line.size) return true
  return undefined
}

/** Width of the first word of a line
, estimated from the line's own average character width. */
function firstWordWidth(line: Line): number {
  const word = /^\S+/.exec(line.text)?.[0] ?? ''
  const perChar = (line.x1 - line.x0) / Math.max(1, line.text.length)
  return word.length * perChar
}

/** Lines in larger type than the body, or in bold set off by space, get a rank (1 = largest size). */
function markDisplay(lines: Array<PdfLine | undefined>, bodySize: number): void {
  const sizes = new Set<number>()
  for (const line of lines) {
    if (!line || line.geometry.furniture || line.geometry.note) continue
    if (line.geometry.fontSize > bodySize * 1.08) sizes.add(Math.round(line.geometry.fontSize * 2) / 2)
  }
  const ranked = [...sizes].sort((a, b) => b - a)
  for (const line of lines) {
    if (!line || line.geometry.furniture || line.geometry.note) continue
    const g = line.geometry
    const size = Math.round(g.fontSize * 2) / 2
    if (g.fontSize > bodySize * 1.08) g.display = ranked.indexOf(size) + 1
    // Bold body type is a heading only when set off by space above (bold also marks run-in
    // heads, vote results and terms inside the text).
    else if (g.bold && g.spaceBefore && Math.abs(g.fontSize - bodySize) <= bodySize * 0.08) g.display = ranked.length + 1
  }
}

function out(line: Line, page: PdfPage, _bodySize: number): PdfLine {
  const geometry: LineGeometry = {
    page: page.number,
    bbox: [round(line.x0), round(line.bottom), round(line.x1), round(line.top)],
    fontSize: round(line.size),
    bold: line.bold,
    italic: line.italic,
    column: [round(line.column[0]), round(line.column[1])]
  }
  if (line.blockStart !== undefined) geometry.blockStart = line.blockStart
  if (line.furniture) geometry.furniture = true
  if (line.note) geometry.note = true
  if (line.spaceBefore) geometry.spaceBefore = true
  if (line.boldLead) geometry.boldLead = line.boldLead
  if (line.superscripts.length > 0) geometry.superscripts = line.superscripts
  if (line.table && line.cells) geometry.table = {row: line.table.row, cells: line.cells.map((c) => ({x: [round(c.x0), round(c.x1)], text: c.text}))}
  return {text: line.text, geometry}
}

function round(n: number): number {
  return Math.round(n * 100) / 100
}
