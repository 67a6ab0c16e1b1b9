/**
 * Chronology tables with a header row ("Date | Place | Event") whose dates
 * carry their years, as extractors give them: row by row (mutool: the date,
 * then the other cells, each wrapped over lines) or a column block at a time
 * (pdftotext: runs of dates, runs of places, runs of events). Either way the
 * cells of each column stay in order, so we split the lines into a date
 * stream, a name stream (place, person) and a prose stream (event), cut each
 * stream into as many cells as there are dates, and zip them.
 */
import type {AppendixEntry} from '../types.js'
import {MONTHS, monthNumber} from './day-month.js'
import {joinLineTexts, joinLines, plainPosition, type SourceLine} from './lines.js'

export interface TableHeader {
  /** Index of the "Date" line. */
  index: number
  /** Column names in order, "Date" first. */
  columns: string[]
}

const COLUMN_NAME = /^(?:[A-Z][a-z]+|[A-Z]+)(?: [A-Z]?[a-z]+)?$/

/** The first header row "Date" + column names, one per line. */
export function findTableHeader(lines: readonly SourceLine[], from = 0): TableHeader | undefined {
  for (let i = from; i < lines.length; i++) {
    if (!/^dates?$/i.test(lines[i]!.text)) continue
    const columns = [lines[i]!.text]
    for (let j = i + 1; j < lines.length && j <= i + 6; j++) {
      const t = lines[j]!.text
      if (!COLUMN_NAME.test(t) || t.length > 20 || /^dates?$/i.test(t)) break
      columns.push(t)
    }
    if (columns.length >= 2 && columns.slice(1).some((c) => /^(place|location|city|venue|event|occasion|events|description)$/i.test(c))) {
      return {index: i, columns}
    }
  }
  return undefined
}


export interface TableResult {
  entries: AppendixEntry[]
  /** Column names from the header row. */
  columns: string[]
  warnings: {message: string; line?: SourceLine}[]
}

const MONTH = `(?:${MONTHS.join('|')}|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\\.?`
/** A line made only of date pieces: month names, numbers, dashes, commas. */
const DATE_LINE = new RegExp(`^(?:${MONTH}|\\d{1,4}|[–—-]|,|\\s)+$`)
/** One date cell: "July 17–25, 1945", "September 5–October 3, 1945", "May 9, 1950", "December 28, 1951–January 3, 1952". */
const DATE_CELL = new RegExp(
  `(${MONTH})\\s+(\\d{1,2})(?:,?\\s*(\\d{4}))?(?:\\s*[–—-]\\s*(?:(${MONTH})\\s+)?(\\d{1,2}))?,?\\s+(\\d{4})`,
  'g'
)

interface DateCellT {
  text: string
  edtf: string
  lines: SourceLine[]
}

/** Rebuild a dated table from its lines (header included). */
export function parseTable(lines: readonly SourceLine[]): TableResult {
  const header = findTableHeader(lines)
  const warnings: TableResult['warnings'] = []
  if (!header) return {entries: [], columns: [], warnings}
  const columns = header.columns
  // Drop every repetition of the header row (tables repeat it on each page); a short
  // title line just before a header names the group of rows that follows.
  const groups: {name?: string; lines: SourceLine[]}[] = [{lines: []}]
  for (let i = 0; i < lines.length; i++) {
    if (isHeaderAt(lines, i, columns)) {
      const current = groups.at(-1)!
      const before = current.lines.at(-1)
      if (before && isGroupTitle(before.text)) {
        current.lines.pop()
        groups.push({name: before.text, lines: []})
      } else if (i > 0 && current.lines.length === 0 && groups.length === 1 && lines[i - 1] && isGroupTitle(lines[i - 1]!.text)) {
        current.name = lines[i - 1]!.text
      }
      i += columns.length - 1
      continue
    }
    if (i < header.index) continue
    groups.at(-1)!.lines.push(lines[i]!)
  }
  const entries: AppendixEntry[] = []
  for (const group of groups) {
    if (group.lines.length === 0) continue
    for (const entry of parseGroup(group.lines, columns, group.name, warnings)) entries.push(entry)
  }
  return {entries, columns, warnings}
}

function isHeaderAt(lines: readonly SourceLine[], i: number, columns: string[]): boolean {
  return columns.every((c, k) => lines[i + k]?.text.toLowerCase() === c.toLowerCase())
}

/** A sub-heading inside a table ("George Catlett Marshall"): a few capitalized words, no digits, no closing punctuation. */
export function isGroupTitle(text: string): boolean {
  const words = text.split(' ')
  return words.length >= 2 && words.length <= 6 && !/\d/.test(text) && !/[.,;:]$/.test(text) && words.every((w) => /^[\p{Lu}(]/u.test(w) || /^(of|the|and|de|van|von|du|la)$/.test(w))
}

/** Looks like a name (place, person) rather than a sentence of the event column. */
export function isNameLine(text: string): boolean {
  const words = text.split(/\s+/)
  if (words.length > 4 || /[;:]/.test(text)) return false
  if (/^(?!United\b)[\p{Lu}][\p{Ll}]+ed\s/u.test(text)) return false // "Attended …", "Signed …": an event starts
  if (/[\p{Ll}\d)”"][.!?]$/u.test(text)) return false // ends a sentence
  return words.every((w) => /^[\p{Lu}(]/u.test(w) || /^(?:[A-Z]\.)+,?$/.test(w))
}

function parseGroup(lines: SourceLine[], columns: string[], group: string | undefined, warnings: TableResult['warnings']): AppendixEntry[] {
  // 1. Dates: runs of date lines, read as one text and cut into cells.
  const dates: DateCellT[] = []
  const rest: {line: SourceLine; segment: number}[] = []
  let run: SourceLine[] = []
  const flush = () => {
    if (run.length === 0) return
    for (const cell of dateCells(run)) dates.push(cell)
    run = []
  }
  for (const line of lines) {
    if (DATE_LINE.test(line.text) && /[A-Za-z]|\d{4}/.test(line.text)) {
      run.push(line)
      continue
    }
    flush()
    rest.push({line, segment: dates.length - 1})
  }
  flush()
  const n = dates.length
  if (n === 0) return []
  // 2. The other cells: in each stretch between dates, names (place, person) come first, then the event.
  const names: {line: SourceLine; segment: number}[] = []
  const prose: {line: SourceLine; segment: number}[] = []
  // A line goes on the kind of the line before when that one is unfinished (a sentence without
  // its end, a name ending in a comma); otherwise its own shape decides.
  let previous: {kind: 'name' | 'prose'; text: string} | undefined
  for (const r of rest) {
    if (r.segment < 0) {
      warnings.push({message: `table line before the first date kept with the first row: ${r.line.text}`, line: r.line})
    }
    const segment = Math.max(0, r.segment)
    const text = r.line.text
    let kind: 'name' | 'prose'
    if (previous?.kind === 'prose' && !/[.!?][)”"’]?$/.test(previous.text) && !r.line.pageBreakBefore) kind = 'prose'
    else if (previous?.kind === 'name' && /,$/.test(previous.text)) kind = 'name'
    else kind = isNameLine(text) ? 'name' : 'prose'
    ;(kind === 'name' ? names : prose).push({line: r.line, segment})
    previous = {kind, text}
  }
  const middle = columns.slice(1, -1)
  const k = Math.max(1, middle.length)
  const rowMode = Array.from({length: n}, (_, s) => names.some((x) => x.segment === s) && prose.some((x) => x.segment === s)).every(Boolean)
  let nameCells: string[][] // per middle column, n cells
  let events: string[]
  if (rowMode) {
    nameCells = Array.from({length: k}, () => [] as string[])
    events = []
    for (let s = 0; s < n; s++) {
      const cells = splitNames(names.filter((x) => x.segment === s).map((x) => x.line), k)
      assignColumns(cells, middle, k).forEach((c, j) => nameCells[j]!.push(c))
      events.push(joinText(prose.filter((x) => x.segment === s).map((x) => x.line)))
    }
  } else {
    const cells = splitNames(names.map((x) => x.line), n * k)
    nameCells = Array.from({length: k}, () => [] as string[])
    if (k === 1) nameCells[0] = cells
    else {
      const byColumn = distribute(cells, middle, n)
      nameCells = byColumn
    }
    events = splitProse(prose.map((x) => x.line), n)
  }
  if (nameCells[0]!.length !== n || events.length !== n) {
    warnings.push({message: `table rows: ${n} dates, ${nameCells[0]!.length} places, ${events.length} events; paired in order as far as they go`, line: lines[0]})
  }
  const placeColumn = placeIndex(middle)
  return dates.map((d, r) => {
    const entry: AppendixEntry & {group?: string; extra?: Record<string, string>} = {date: d.edtf, dateText: d.text}
    entry.place = nameCells[placeColumn]?.[r] ?? ''
    entry.occasion = events[r] || null
    const extra: Record<string, string> = {}
    middle.forEach((c, j) => {
      if (j !== placeColumn && nameCells[j]?.[r]) extra[c] = nameCells[j]![r]!
    })
    if (Object.keys(extra).length > 0) entry.extra = extra
    if (group) entry.group = group
    entry.certainty = 'certain'
    entry.evidence = 'year printed in the table'
    entry.position = plainPosition({start: {line: d.lines[0]!.line, column: d.lines[0]!.column}, end: {line: d.lines.at(-1)!.line, column: d.lines.at(-1)!.endColumn}})
    return entry
  })
}

function placeIndex(middle: string[]): number {
  const i = middle.findIndex((c) => /^(place|location|city|venue|where)$/i.test(c))
  return i >= 0 ? i : 0
}

/** Cut a run of date lines into date cells. */
function dateCells(run: SourceLine[]): DateCellT[] {
  const {text, lineIndexAt: lineAt} = joinLines(run)
  const out: DateCellT[] = []
  for (const m of text.matchAll(DATE_CELL)) {
    const [all, m1, d1, y1, m2, d2, y2] = m
    const month1 = monthNumber(m1!)!
    const startYear = Number(y1 ?? y2)
    const endMonth = m2 ? monthNumber(m2)! : month1
    const pad = (x: number) => String(x).padStart(2, '0')
    const start = `${startYear}-${pad(month1)}-${pad(Number(d1))}`
    const edtf = d2 ? `${start}/${y2}-${pad(endMonth)}-${pad(Number(d2))}` : `${y2}-${pad(month1)}-${pad(Number(d1))}`
    const first = lineAt(m.index!)
    const last = lineAt(m.index! + all!.length - 1)
    out.push({text: all!.replace(/\s+/g, ' '), edtf, lines: run.slice(first, last + 1)})
  }
  return out
}

/** Join wrapped cell lines ("Attended Council of Foreign" + "Ministers meeting."). */
function joinText(lines: SourceLine[]): string {
  return joinLineTexts(lines).replace(/\s+/g, ' ').trim()
}

/** Cut name lines into `count` cells: a line ending in a comma or an initial ("Dwight D.") goes on. */
function splitNames(lines: SourceLine[], count: number): string[] {
  const cells: SourceLine[][] = []
  for (const line of lines) {
    const last = cells.at(-1)
    const prev = last?.at(-1)?.text
    if (last && prev && (/,$/.test(prev) || /(?:^|\s)[A-Z]\.$/.test(prev))) last.push(line)
    else cells.push([line])
  }
  // Too many cells: fold one-word cells without a comma into the cell before ("London, United" + "Kingdom").
  while (cells.length > count) {
    let j = cells.findIndex((c, i) => i > 0 && c.length === 1 && !c[0]!.text.includes(',') && !c[0]!.text.includes(' '))
    if (j < 0) j = cells.findIndex((c, i) => i > 0 && !c.some((l) => l.text.includes(',')))
    if (j < 0) j = cells.length - 1
    for (const cell of cells[j]!) cells[j - 1]!.push(cell)
    cells.splice(j, 1)
  }
  return cells.map(joinText)
}

/** In one row, the name cells in column order; a cell with a comma is the place. */
function assignColumns(cells: string[], middle: string[], k: number): string[] {
  if (k === 1) return [cells.join(' ')]
  const placeColumn = placeIndex(middle)
  const out: string[] = new Array(k).fill('')
  const place = cells.findIndex((c) => c.includes(','))
  const others = cells.filter((_, i) => i !== place)
  if (place >= 0) out[placeColumn] = cells[place]!
  let j = 0
  for (let c = 0; c < k; c++) if (c !== placeColumn || place < 0) out[c] = others[j++] ?? out[c]!
  return out
}

/** Name cells of several columns given as one stream: places (with a comma) to the place column, the rest in order. */
function distribute(cells: string[], middle: string[], n: number): string[][] {
  const k = middle.length
  const placeColumn = placeIndex(middle)
  const out: string[][] = Array.from({length: k}, () => [])
  for (const c of cells) {
    if (c.includes(',') && out[placeColumn]!.length < n) out[placeColumn]!.push(c)
    else {
      const j = out.findIndex((col, i) => i !== placeColumn && col.length < n)
      out[j >= 0 ? j : placeColumn]!.push(c)
    }
  }
  return out
}

/** Cut the event lines into `count` events at the likeliest sentence ends. */
function splitProse(lines: SourceLine[], count: number): string[] {
  if (lines.length === 0) return []
  const scores: {after: number; score: number}[] = []
  for (let i = 0; i + 1 < lines.length; i++) {
    const text = lines[i]!.text
    const next = lines[i + 1]!
    let score = 0
    if (/(?:^|\s)(?:[A-Z]\.){1,}$/.test(text)) score += 0.5
    else if (/[\p{Ll}\d)”"’][.!?]$|[.!?][)”"’]$/u.test(text)) score += 2
    else continue
    if (/^[\p{Lu}]/u.test(next.text)) score += 1
    else if (/^[\p{Ll}]/u.test(next.text)) score -= 3
    if (next.blankBefore) score += 1
    if (score > 0) scores.push({after: i, score})
  }
  const cuts = scores
    .sort((a, b) => b.score - a.score || a.after - b.after)
    .slice(0, count - 1)
    .map((c) => c.after)
    .sort((a, b) => a - b)
  const out: string[] = []
  let from = 0
  for (const c of cuts) {
    out.push(joinText(lines.slice(from, c + 1)))
    from = c + 1
  }
  out.push(joinText(lines.slice(from)))
  return out
}
