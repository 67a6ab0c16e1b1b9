/**
 * tables: runs of lines that are a table, not prose → GFM `table` nodes.
 *
 * Extractors write a simple two-column table (a key column of years, year
 * ranges or dates, and a text column) one row per line, and `paragraphs`
 * reads such a run as a paragraph: "1921–1929 Division of Publications (DP)
 * 1929–1933 Office of …". Here a run of three or more lines that start with
 * a key of one shape (digits folded) becomes a table of two columns, key
 * and text; a line without a key after a row carries on its text cell (a
 * cell that wrapped). Lines before the first key stay a paragraph (a
 * caption). The table has an empty header row, as the source printed none.
 *
 * Runs last, after the structured appendices took what is theirs. Every
 * table is recorded (`tables:key-column`) with its position and evidence.
 */
import type {Paragraph, PhrasingContent, Root, RootContent, Table, TableCell, TableRow} from 'mdast'
import {toString} from 'mdast-util-to-string'
import type {Plugin} from 'unified'
import type {Position} from 'unist'
import {recordDecision, warn} from '../messages.js'
import {FIGURE_CELL} from '../text/row-shapes.js'
import {asciiLettersOnly} from '../text/ascii.js'

export interface TablesOptions {
  /** Fewest rows a key-column table has. Default 3. */
  minRows?: number
  /** Turn table recognition off. Default false. */
  disabled?: boolean
}

/** A row key: a year, a year range (open ranges end in a word: "2019–present"), or a numeric date. */
const KEY = /^(\d{4}(?:[–-](?:\d{4}|\d{2}|\p{Ll}+))?|\d{1,2}\/\d{1,2}\/\d{2,4})(?=\s|\p{Lu}|$)\s*/u

interface Line {
  text: string
  parts: PhrasingContent[]
  position?: Position
}

export const tables: Plugin<[TablesOptions?], Root> = function (options = {}) {
  const minRows = options.minRows ?? 3
  return (tree, file) => {
    if (options.disabled) return
    linesOf = new WeakMap()
    const out: RootContent[] = []
    const children = tree.children
    let i = 0
    while (i < children.length) {
      if (children[i]!.type !== 'paragraph') {
        out.push(children[i++]!)
        continue
      }
      // A run of paragraphs (page breaks between them allowed): `paragraphs` may have cut a table anywhere.
      const run: RootContent[] = []
      while (i < children.length && (children[i]!.type === 'paragraph' || children[i]!.type === 'pageBreak')) run.push(children[i++]!)
      while (run.at(-1)?.type === 'pageBreak') i--, run.pop()
      // A loop, not push(...): a run of a million one-line blocks overflows the call stack as arguments.
      for (const block of splitTables(run, minRows, file)) out.push(block)
    }
    tree.children = scatteredTables(out, file)
    // The lines are the stage's alone: a map kept to the next run would hold
    // every paragraph's lines, and the whole source text through their
    // substrings, as long as the tree lives (the corpus repeated to 10 MB:
    // heap held after the stages 154 → 136 MB).
    linesOf = new WeakMap()
  }
}

/** A row of figures ("141 165", "3.4% 14.3%"): two or more numbers and nothing else. */
export const FIGURES = /^[-+$(]?\d[\d.,]*%?\)?(?:\s+[-+$(]?\d[\d.,]*%?\)?)+$/
/** A cell-sized line: short, no sentence in it (four lowercase words; where every letter is ASCII by `[a-z]`, text/ascii.ts: its \p{Ll} twin took 1.3 ms to compile for one test). */
const CELL = (text: string) =>
  text.length <= 40 && !/[.!?:;]["”’)]*$/.test(text) && !(asciiLettersOnly(text) ? /[a-z]{2,} [a-z]{2,} [a-z]{2,} [a-z]{2,}/ : /\p{Ll}{2,} \p{Ll}{2,} \p{Ll}{2,} \p{Ll}{2,}/u).test(text)

/** Longest line of a block of three or more cell lines (a cell of a few words). */
const SHORT_CELL = 24

/** A line of a cell wrapped over several lines: short, no closing punctuation. */
const WRAPPED_CELL = (text: string) => text.length <= 40 && !/[.!?:;]["”’)]*$/.test(text)

/** A short line without closing punctuation right after a sentence end: a caption or title run into prose. */
const captionAfterProse = (before: string, line: string) =>
  /[.!?]["”’)]*\s*$/.test(before) && line.trim().length <= 60 && !/[.!?:;,]["”’)]*\s*$/.test(line) && /^\p{Lu}/u.test(line.trim())

/** A caption-like line: a label and a title ("Table 2: Dues by Change"), or a long one. */
const isCaption = (text: string) => /^\S+(?:\s+\S+)?[:.]\s+\S/.test(text) || text.split(/\s+/).length >= 7

/** One amount in a cell of its own ("3818", "0.03%", "-66%", "$1,332,401", "($13.4k)"). */
const AMOUNT = /^[-+−]?[$€£(]*[-+−]?\d[\d.,]*[%kmbKMB]?\)?$/
/** A cell's text wrapped in a narrow column: the next line goes on in lowercase or in brackets. */
const WRAPPED = /^[(\[]?\p{Ll}/u

/** Fewest blocks, and most lines per block (a column of figures written one per line is long), of a table written one cell per line. */
const SCATTERED_BLOCKS = 4
const STACKED_CELL_LINES = 40

/**
 * A table whose cells the extractor wrote one per line ("No change" / "YOY" /
 * "141 165" / "More" / …) reads as a run of tiny blocks. Eight or more cell-
 * sized lines in four or more blocks become a table of the rows as found
 * (figures split into cells), with a warning that its columns could not be
 * aligned. Never prose. The run must show it is a table: two or more rows of
 * figures, or three or more cells that are one amount ("3.4%") or a cell
 * wrapped in a column narrower than any text column ("Active con-" /
 * "tributor in"; MuPDF writes each cell as its own lines, blank lines
 * between its row groups). A run of short titles or an address shows
 * neither.
 */
function scatteredTables(blocks: RootContent[], file: Parameters<typeof recordDecision>[0]): RootContent[] {
  const out: RootContent[] = []
  let i = 0
  const small = (node: RootContent | undefined): Line[] | undefined => {
    if (node?.type !== 'paragraph' && node?.type !== 'heading') return undefined
    const lines = sourceLines(node as Paragraph)
    if (lines.length > STACKED_CELL_LINES && !lines.every((l) => CELL(l.text.trim()) && l.text.trim().length <= SHORT_CELL)) return undefined
    // A cell wrapped over several lines may read like prose (MuPDF: "multiple contributions to the" / "project"):
    // lines that short, none with closing punctuation, are a narrow column's, not a paragraph's.
    if (lines.length > 1 && lines.every((l) => WRAPPED_CELL(l.text.trim()))) return lines
    // (pdftotext writes a column's cells one under another without a gap: a block of several
    // lines, each no longer than a cell of a few words, is cells too.)
    const cells = lines.every((l) => CELL(l.text.trim()))
    return cells && (lines.length <= 2 || lines.every((l) => l.text.trim().length <= SHORT_CELL)) ? lines : undefined
  }
  // A heading alone between blank lines ("Finance Summary") heads what follows, not a cell of the table
  // before or after it (a table's cells follow each other without a blank line somewhere).
  const headsNext = (k: number) => {
    const node = blocks[k]!
    const before = blocks[k - 1]
    const after = blocks[k + 1]
    const lines = node.type === 'paragraph' || node.type === 'heading' ? sourceLines(node as Paragraph) : []
    if (!before?.position || !node.position || node.position.start.line <= before.position.end.line + 1) return false
    if (after?.position && after.position.start.line <= node.position.end.line + 1) return false
    // One the headings stage took ("6.2" / "Finance Summary"), or one line of two or more words in a capital.
    if (node.type === 'heading') return lines.length <= 2
    const text = lines[0]?.text.trim() ?? ''
    return lines.length === 1 && /^\p{Lu}/u.test(text) && /\S\s+\S/.test(text) && !FIGURES.test(text) && !AMOUNT.test(text)
  }
  // Each block's answer is kept: a run of k small blocks is scanned again from each of its k starts
  // (Measured with the layout and paragraphs changes of the same branch, bench/stages-ab.mjs --only stages, short-run
  // flags, warm, per corpus document: this stage 0.95 → 0.90 ms; its gain is on documents with long runs of short blocks.)
  const smallAnswers: (Line[] | null)[] = []
  const smallAt = (k: number): Line[] | undefined => {
    let found = smallAnswers[k]
    if (found === undefined) smallAnswers[k] = found = small(blocks[k]) ?? null
    return found ?? undefined
  }
  while (i < blocks.length) {
    let j = i
    const lines: Line[] = []
    const sizes: number[] = []
    while (j < blocks.length) {
      const found = smallAt(j)
      if (!found) break
      for (const line of found) lines.push(line) // not push(...found): a block of a million lines overflows the stack
      sizes.push(found.length)
      j++
    }
    if (j - i > SCATTERED_BLOCKS && j < blocks.length && headsNext(j - 1)) {
      j--
      lines.length -= sizes.pop()!
    }
    // A caption ("Table 2: Dues by Change") or a heading in words before the cells stays what it is.
    if (j > i && (blocks[i]!.type === 'heading' || isCaption(sourceLines(blocks[i] as Paragraph)[0]!.text.trim()) || headsNext(i))) {
      out.push(blocks[i]!)
      i++
      continue
    }
    const figures = lines.filter((l) => FIGURES.test(l.text.trim()) || FIGURE_CELL.test(l.text.trim())).length
    const cells = lines.filter((l, k) => AMOUNT.test(l.text.trim()) || (k > 0 && WRAPPED.test(l.text.trim()) && lines[k - 1]!.position?.start.line === (l.position?.start.line ?? 0) - 1)).length
    // Blocks of more than two lines are stacked cells only where cells show.
    const stacked = sizes.some((n) => n > 2)
    if (j - i >= SCATTERED_BLOCKS && lines.length >= 8 && (figures >= 2 || cells >= 3) && (!stacked || cells >= 3) && blocks[i]!.type === 'paragraph') {
      // A caption run into the paragraph before the table becomes a paragraph of its own.
      const before = out.at(-1)
      if (before?.type === 'paragraph') {
        const prose = sourceLines(before)
        const last = prose.at(-1)
        if (prose.length >= 2 && last && captionAfterProse(prose.at(-2)!.text, last.text)) {
          out.pop()
          const head = prose.slice(0, -1)
          out.push(
            {type: 'paragraph', children: trimLast(head.flatMap((l) => l.parts)), ...(head[0]!.position && head.at(-1)!.position ? {position: {start: head[0]!.position!.start, end: head.at(-1)!.position!.end}} : {}), ...(before.data ? {data: before.data} : {})},
            {type: 'paragraph', children: trimLast(last.parts), ...(last.position ? {position: last.position} : {})}
          )
        }
      }
      const rows: TableRow[] = lines.map((l) => {
        const text = l.text.trim()
        const cells = FIGURES.test(text) ? text.split(/\s+/) : [text]
        return {type: 'tableRow', children: cells.map((c): TableCell => ({type: 'tableCell', children: [{type: 'text', value: c}]})), ...(l.position ? {position: l.position} : {})}
      })
      const start = lines[0]!.position?.start
      const end = lines.at(-1)!.position?.end
      const table: Table = {type: 'table', align: [], children: rows, ...(start && end ? {position: {start, end}} : {}), data: {unaligned: true} as Table['data']}
      out.push(table)
      warn(
        file,
        `Read ${lines.length} short lines as a table whose columns could not be aligned; its rows are given as found`,
        'tables:unaligned',
        table.position,
        `${figures} rows of figures and ${cells} amount or wrapped cells among ${lines.length} cell-sized lines in ${j - i} blocks`
      )
      i = j
      continue
    }
    out.push(blocks[i]!)
    i++
  }
  return out
}

interface RunLine extends Line {
  /** Index of its paragraph in the run. */
  block: number
  key?: RegExpExecArray
}

/** The run's paragraphs with their key-column tables taken out as tables. */
function splitTables(run: RootContent[], minRows: number, file: Parameters<typeof recordDecision>[0]): RootContent[] {
  // Most runs have too few key lines for a table: count them first, before making the run's
  // lines (a key starts with a digit). Measured, the stage's CPU per corpus document, warm: 1.4 → 1.0 ms.
  let keys = 0
  for (const node of run) if (node.type === 'paragraph') for (const line of sourceLines(node)) if (startsWithDigit(line.text) && KEY.test(line.text)) keys++
  if (keys < minRows) return run
  const lines: RunLine[] = []
  run.forEach((node, block) => {
    if (node.type === 'paragraph') for (const line of sourceLines(node)) lines.push({...line, block, key: KEY.exec(line.text) ?? undefined})
  })
  if (lines.filter((l) => l.key).length < minRows) return run
  const windows: {from: number; to: number}[] = []
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.key) continue
    let j = i + 1
    const longest = () => Math.max(...lines.slice(i, j).map((l) => l.text.length))
    // A row goes on over a wrapped line: after a row line that ran the full width of the rows
    // and stopped without closing punctuation, in the same paragraph, a line without a key
    // carries on its text cell.
    while (j < lines.length && (lines[j]!.key || (lines[j - 1]!.key && lines[j]!.block === lines[j - 1]!.block && lines[j - 1]!.text.length >= longest() * 0.85 && !/[.)\]”’"]\s*$/.test(lines[j - 1]!.text) && j - i > 1)))
      j++
    const rows = lines.slice(i, j).filter((l) => l.key)
    // One family of keys: years and year ranges alike ("1924", "1924–1931", "2019–present").
    const shapes = new Set(rows.map((l) => l.key![1]!.replace(/\d/g, '9').replace(/[–-].*$/, '')))
    if (rows.length >= minRows && shapes.size === 1) {
      windows.push({from: i, to: j})
      i = j - 1
    }
  }
  if (windows.length === 0) return run
  const out: RootContent[] = []
  let at = 0
  const paragraphs = (from: number, to: number) => {
    // The lines between tables go back into their paragraphs (as `paragraphs` made them).
    let k = from
    while (k < to) {
      const block = lines[k]!.block
      const group: RunLine[] = []
      while (k < to && lines[k]!.block === block) group.push(lines[k++]!)
      const original = run[block]!
      const start = group[0]!.position?.start
      const end = group.at(-1)!.position?.end
      out.push({
        type: 'paragraph',
        children: trimLast(group.flatMap((l) => l.parts)),
        ...(start && end ? {position: {start, end}} : {}),
        ...(original.data && group[0] === lines.find((l) => l.block === block) ? {data: original.data} : {})
      })
    }
  }
  for (const w of windows) {
    // A caption line run into the prose before the table ("… held the office." / "Chairs of the Board"):
    // a paragraph of its own.
    const caption = w.from - 1
    if (caption > at && lines[caption]!.block === lines[caption - 1]!.block && captionAfterProse(lines[caption - 1]!.text, lines[caption]!.text)) {
      paragraphs(at, caption)
      paragraphs(caption, w.from)
    } else paragraphs(at, w.from)
    // A table written column by column (pdftotext): keys alone, then as many cell-sized lines
    // without keys, in order; the n-th line is the n-th key's text.
    const keys = lines.slice(w.from, w.to)
    const texts = lines.slice(w.to, w.to + keys.length)
    const byColumn =
      keys.every((l) => l.key && l.text.slice(l.key[0].length).trim() === '') &&
      texts.length === keys.length &&
      texts.every((l) => !l.key && l.text.trim().length <= 60 && !/[.!?:;]["”’)]*$/.test(l.text.trim()))
    out.push(toTable(keys, file, byColumn ? texts : undefined))
    at = byColumn ? w.to + keys.length : w.to
  }
  paragraphs(at, lines.length)
  // Page breaks of the run stay at the end of the run (between blocks, none inside a table).
  for (const node of run) if (node.type === 'pageBreak') out.push(node)
  return out
}

function startsWithDigit(text: string): boolean {
  const c = text.charCodeAt(0)
  return c >= 0x30 && c <= 0x39
}

function trimLast(parts: PhrasingContent[]): PhrasingContent[] {
  const last = parts.at(-1)
  if (last?.type === 'text' && / $/.test(last.value)) return [...parts.slice(0, -1), {...last, value: last.value.trimEnd()}]
  return parts
}

function toTable(lines: RunLine[], file: Parameters<typeof recordDecision>[0], column?: RunLine[]): Table {
  const rows: {key: string; text: string; start?: Position['start']; end?: Position['end']}[] = []
  if (column) {
    lines.forEach((line, k) => rows.push({key: line.key![1]!, text: column[k]!.text.trim(), start: line.position?.start, end: column[k]!.position?.end}))
  }
  for (const line of column ? [] : lines) {
    if (line.key) rows.push({key: line.key[1]!, text: line.text.slice(line.key[0].length).trim(), start: line.position?.start, end: line.position?.end})
    else {
      const row = rows.at(-1)!
      row.text = `${row.text} ${line.text.trim()}`.trim()
      row.end = line.position?.end
    }
  }
  const cell = (value: string): TableCell => ({type: 'tableCell', children: value ? [{type: 'text', value}] : []})
  const table: Table = {
    type: 'table',
    align: [null, null],
    children: [
      {type: 'tableRow', children: [cell(''), cell('')]},
      ...rows.map(
        (r): TableRow => ({
          type: 'tableRow',
          children: [cell(r.key), cell(r.text)],
          ...(r.start && r.end ? {position: {start: r.start, end: r.end}} : {})
        })
      )
    ],
    ...(rows[0]!.start && rows.at(-1)!.end ? {position: {start: rows[0]!.start!, end: rows.at(-1)!.end!}} : {})
  }
  recordDecision(file, {
    ruleId: 'tables:key-column',
    reason: `Read ${lines.length + (column?.length ?? 0)} lines as a table of ${rows.length} rows and two columns (key, text)`,
    place: table.position,
    evidence:
      `${rows.length} lines start with a key of one shape (${rows[0]!.key}, …)` +
      (column ? `; written column by column: the keys alone, then ${column.length} text lines, paired in order` : '')
  })
  return table
}

/**
 * Each paragraph's source lines, made once per run of the stage: both passes
 * ask for them, the scattered-cells pass again for every block it starts from
 * (measured, with the text fast path below: the stage's CPU per corpus
 * document, warm, 2.1 → 1.4 ms).
 */
let linesOf = new WeakMap<Paragraph, Line[]>()

/** The paragraph's text by source line (its children carry the lines' positions). */
function sourceLines(paragraph: Paragraph): Line[] {
  const known = linesOf.get(paragraph)
  if (known) return known
  const lines: Line[] = []
  linesOf.set(paragraph, lines)
  let current: {parts: PhrasingContent[]; line: number; position?: Position} | undefined
  const flush = () => {
    // A line is most often one text node: its value, without toString's walk.
    const parts = current?.parts
    if (parts) lines.push({text: parts.length === 1 && parts[0]!.type === 'text' ? parts[0]!.value : parts.map((p) => toString(p)).join(''), parts, position: current!.position})
  }
  for (const child of paragraph.children) {
    const line = child.position?.start.line
    if (!current || (line !== undefined && line !== current.line)) {
      flush()
      current = {parts: [child], line: line ?? -1, position: child.position}
    } else {
      current.parts.push(child)
      if (child.position && current.position) current.position = {start: current.position.start, end: child.position.end}
    }
  }
  flush()
  return lines
}
