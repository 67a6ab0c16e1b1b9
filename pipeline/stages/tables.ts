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
 *
 * Tables whose columns cannot be aligned from the text are kept as tables of
 * their rows as found, with a warning (`tables:unaligned`), never prose:
 * cells written one per line (scatteredTables), a table's caption and the
 * head rows run into the blocks around it (splitCaptions, `tables:caption`),
 * a table cut by a page break (tablesOverPages, `tables:over-pages`), and
 * rows of text cells with wrapped cells (raggedRows).
 */
import type {Paragraph, PhrasingContent, Root, RootContent, Table, TableCell, TableRow} from 'mdast'
import {toString} from 'mdast-util-to-string'
import type {Plugin} from 'unified'
import type {Position} from 'unist'
import {recordDecision, warn} from '../messages.js'
import {LIST_MARKER} from '../text/list-markers.js'
import {FIGURE_CELL} from '../text/row-shapes.js'
import {asciiLettersOnly, twinTest} from '../text/ascii.js'

export interface TablesOptions {
  /** Fewest rows a key-column table has. Default 3. */
  minRows?: number
  /** Turn table recognition off. Default false. */
  disabled?: boolean
}

/** A row key: a year, a year range (open ranges end in a word: "2019–present"), or a numeric date. */
const KEY = twinTest(/^(\d{4}(?:[–-](?:\d{4}|\d{2}|\p{Ll}+))?|\d{1,2}\/\d{1,2}\/\d{2,4})(?=\s|\p{Lu}|$)\s*/u)

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
    captionHeads = new WeakSet()
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
    const captioned = splitCaptions(out, file)
    tree.children = scatteredTables(captioned, file)
    // The lines are the stage's alone: a map kept to the next run would hold
    // every paragraph's lines, and the whole source text through their
    // substrings, as long as the tree lives (the corpus repeated to 10 MB:
    // heap held after the stages 154 → 136 MB).
    linesOf = new WeakMap()
  }
}

/** A row of figures ("141 165", "3.4% 14.3%"): two or more numbers and nothing else. */
export const FIGURES = /^[-+$(]?\d[\d.,]*%?\)?(?:\s+[-+$(]?\d[\d.,]*%?\)?)+$/
/** A line end that closes a sentence or a clause (a cell never does). */
const CLAUSE_END = /[.!?:;]["”’)]*$/
/** A cell-sized line: short, no sentence in it (four lowercase words; where every letter is ASCII by `[a-z]`, text/ascii.ts: its \p{Ll} twin took 1.3 ms to compile for one test). */
const CELL = (text: string) =>
  text.length <= 40 && !CLAUSE_END.test(text) && !(asciiLettersOnly(text) ? /[a-z]{2,} [a-z]{2,} [a-z]{2,} [a-z]{2,}/ : /\p{Ll}{2,} \p{Ll}{2,} \p{Ll}{2,} \p{Ll}{2,}/u).test(text)

/** Longest line of a block of three or more cell lines (a cell of a few words). */
const SHORT_CELL = 24

/** A line of a cell wrapped over several lines: short, no closing punctuation. */
const WRAPPED_CELL = (text: string) => text.length <= 40 && !CLAUSE_END.test(text)

/** A short line without closing punctuation right after a sentence end: a caption or title run into prose. */
const captionAfterProse = (before: string, line: string) =>
  /[.!?]["”’)]*\s*$/.test(before) && line.trim().length <= 60 && !/[.!?:;,]["”’)]*\s*$/.test(line) && /^\p{Lu}/u.test(line.trim())

/** A table's head cell run into the prose before the table: a short line in a capital, no sentence in it. */
const HEAD_CELL = (text: string) => text.length <= SHORT_CELL && /^\p{Lu}/u.test(text) && CELL(text)

/** A caption-like line: a label and a title ("Table 2: Dues by Change"), or a long one. */
const isCaption = (text: string) => /^\S+(?:\s+\S+)?[:.]\s+\S/.test(text) || text.split(/\s+/).length >= 7

/** One amount in a cell of its own ("3818", "0.03%", "-66%", "$1,332,401", "($13.4k)"). */
const AMOUNT = /^[-+−]?[$€£(]*[-+−]?\d[\d.,]*[%kmbKMB]?\)?$/
/** A cell's text wrapped in a narrow column: the next line goes on in lowercase or in brackets. */
const WRAPPED = /^[(\[]?\p{Ll}/u

/** Fewest blocks, and most lines per block (a column of figures written one per line is long), of a table written one cell per line. */
const SCATTERED_BLOCKS = 4
const STACKED_CELL_LINES = 40

/** A table's caption: "Table 2: …", "Table 4. …", "Table III – …" (the label, its number, then a colon, a period or a dash). */
const CAPTION = /^Table\s+(?:\d+|[IVXLC]+)[A-Za-z]?(?:[.:]\s+|\s+[–—-]\s+)\S/
/** A line end where a caption goes on: a hyphen, or a word that never ends a title ("… level by" / "ICT product category"). */
const CAPTION_GOES_ON = /(?:\p{L}-|\s(?:of|the|a|an|and|or|by|for|to|in|on|with|at|from|between))$/u
const SENTENCE_END = /[.!?]["”’)\]]*$/

/**
 * Where a caption line ("Table 2: …") ends: at its first line that ends a
 * sentence, or that ends neither in a hyphen nor in a word that never ends a
 * title and is not followed by a line in lower case. What follows in the
 * same block is the table's head, not the caption.
 */
function captionEnd(lines: Line[], from: number): number {
  let k = from
  while (k + 1 < lines.length) {
    const text = lines[k]!.text.trim()
    if (SENTENCE_END.test(text)) break
    if (!CAPTION_GOES_ON.test(text) && !/^\p{Ll}/u.test(lines[k + 1]!.text.trim())) break
    k++
  }
  return k
}

/** A paragraph of some of a paragraph's lines (their own nodes and positions). */
function paragraphOf(lines: Line[], data?: Paragraph['data']): Paragraph {
  const start = lines[0]!.position?.start
  const end = lines.at(-1)!.position?.end
  return {type: 'paragraph', children: trimLast(lines.flatMap((l) => l.parts)), ...(start && end ? {position: {start, end}} : {}), ...(data ? {data} : {})}
}

/**
 * A table's caption run into the block before it ("… in FY 2023." /
 * "Table 1: YOY change …", the end of a paragraph or of a list's last item)
 * or with the table's head run into it ("Table 3: Trend …" / "Type of" /
 * "Change" / …): the caption is a paragraph of its own, and the lines after
 * it a block of their own (the table's head, which the scattered-cells pass
 * then takes with the table's rows). A caption starts at a line that opens
 * with "Table" and its number after a sentence end. Recorded
 * (`tables:caption`).
 */
function splitCaptions(blocks: RootContent[], file: Parameters<typeof recordDecision>[0]): RootContent[] {
  const out: RootContent[] = []
  // The block after a caption paragraph is the table's head.
  const head = (node: RootContent | undefined) => {
    if (node?.type === 'paragraph') captionHeads.add(node)
  }
  const split = (paragraph: Paragraph): Paragraph[] | undefined => {
    const lines = sourceLines(paragraph)
    let at = -1
    for (let k = 0; k < lines.length; k++) {
      // (startsWith first: the regular expression on every line of every paragraph cost more than the rest of the pass.)
      if (lines[k]!.text.startsWith('Table') && CAPTION.test(lines[k]!.text) && (k === 0 || SENTENCE_END.test(lines[k - 1]!.text.trim()))) {
        at = k
        break
      }
    }
    if (at < 0) return undefined
    const end = captionEnd(lines, at)
    if (at === 0 && end === lines.length - 1) {
      captions.add(paragraph)
      return undefined
    }
    const parts: Paragraph[] = []
    if (at > 0) parts.push(paragraphOf(lines.slice(0, at), paragraph.data))
    parts.push(paragraphOf(lines.slice(at, end + 1), at === 0 ? paragraph.data : undefined))
    captions.add(parts.at(-1)!)
    if (end + 1 < lines.length) parts.push(paragraphOf(lines.slice(end + 1)))
    recordDecision(file, {
      ruleId: 'tables:caption',
      reason: `A table caption is a paragraph of its own: “${lines[at]!.text.trim()}”`,
      place: parts[at > 0 ? 1 : 0]!.position,
      evidence: `a line opens with a table label and number${at > 0 ? ' after a sentence end' : ''}${end + 1 < lines.length ? `; ${lines.length - end - 1} lines after the caption's end` : ''}`
    })
    return parts
  }
  const captions = new WeakSet<RootContent>()
  for (const node of blocks) {
    const before = out.at(-1)
    if (before && captions.has(before)) head(node)
    if (node.type === 'paragraph' && node.children.length > 1) {
      const parts = split(node)
      if (parts) {
        for (const part of parts) out.push(part)
        if (captions.has(parts.at(-2)!)) head(parts.at(-1))
        continue
      }
    }
    // A caption run into a list's last item.
    const item = node.type === 'list' ? node.children.at(-1) : undefined
    const last = item?.children.at(-1)
    if (node.type === 'list' && item && last?.type === 'paragraph' && item.children.length === 1 && last.children.length > 1) {
      const parts = split(last)
      if (parts && parts[0]!.children.length && !CAPTION.test(sourceLines(last)[0]!.text)) {
        const [own, ...rest] = parts
        item.children = [own!]
        if (item.position && own!.position) item.position = {start: item.position.start, end: own!.position.end}
        if (node.position && own!.position) node.position = {start: node.position.start, end: own!.position.end}
        out.push(node)
        for (const part of rest) out.push(part)
        if (captions.has(rest.at(-2)!)) head(rest.at(-1))
        continue
      }
    }
    out.push(node)
  }
  return out
}

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
  // One line in a capital that is no figure or amount: a title.
  const titleLine = (lines: Line[]) => {
    const text = lines[0]?.text.trim() ?? ''
    return lines.length === 1 && /^\p{Lu}/u.test(text) && !FIGURES.test(text) && !AMOUNT.test(text)
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
    return titleLine(lines) && /\S\s+\S/.test(lines[0]!.text.trim())
  }
  // A line in a capital right above a list, with no blank line between ("Finance Summary" /
  // "• March 2021 Financial Package"), heads the list: a table's last cell is no list's title.
  const headsList = (k: number) => {
    const node = blocks[k]!
    const after = blocks[k + 1]
    if ((node.type !== 'paragraph' && node.type !== 'heading') || after?.type !== 'list' || !node.position || !after.position) return false
    if (after.position.start.line !== node.position.end.line + 1) return false
    return titleLine(sourceLines(node as Paragraph))
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
    if (j - i > SCATTERED_BLOCKS && j < blocks.length && (headsNext(j - 1) || headsList(j - 1))) {
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
    // Cell-sized lines right after a table's caption are the table: the caption is the evidence.
    const headed = captionHeads.has(blocks[i]!)
    if ((j - i >= SCATTERED_BLOCKS || headed) && lines.length >= 8 && (headed || ((figures >= 2 || cells >= 3) && (!stacked || cells >= 3))) && blocks[i]!.type === 'paragraph') {
      // A caption run into the paragraph before the table becomes a paragraph of its own.
      const before = out.at(-1)
      let headRows: Line[] = []
      if (before?.type === 'paragraph') {
        const prose = sourceLines(before)
        const last = prose.at(-1)
        // Two or more cell-sized lines after the paragraph's last sentence end are the table's head
        // row run into the prose ("… to these subprojects." / "Role" / "Responsibilities"), not a caption.
        let k = prose.length
        while (k > 1 && HEAD_CELL(prose[k - 1]!.text.trim())) k--
        if (prose.length - k >= 2 && SENTENCE_END.test(prose[k - 1]!.text.trim())) {
          out.pop()
          out.push(paragraphOf(prose.slice(0, k), before.data))
          headRows = prose.slice(k)
        } else if (prose.length >= 2 && last && captionAfterProse(prose.at(-2)!.text, last.text)) {
          out.pop()
          const head = prose.slice(0, -1)
          out.push(
            {type: 'paragraph', children: trimLast(head.flatMap((l) => l.parts)), ...(head[0]!.position && head.at(-1)!.position ? {position: {start: head[0]!.position!.start, end: head.at(-1)!.position!.end}} : {}), ...(before.data ? {data: before.data} : {})},
            {type: 'paragraph', children: trimLast(last.parts), ...(last.position ? {position: last.position} : {})}
          )
        }
      }
      // Two or more one-line headings right above the cells, no blank line between them and the
      // cells ("Role" / "Responsibilities" / "Requirements" / …, MuPDF writes a head row's cells one
      // under another): the headings stage read the table's head cells as headings.
      if (!headRows.length) {
        let k = out.length
        let line = lines[0]!.position?.start.line
        while (k > 0 && line !== undefined) {
          const node = out[k - 1]!
          if (node.type !== 'heading' || node.data?.number || !node.position || node.position.end.line !== line - 1) break
          const own = sourceLines(node as unknown as Paragraph)
          if (own.length !== 1 || !HEAD_CELL(own[0]!.text.trim())) break
          line = node.position.start.line
          k--
        }
        if (out.length - k >= 2) {
          for (const node of out.splice(k)) headRows.push(sourceLines(node as unknown as Paragraph)[0]!)
          recordDecision(file, {
            ruleId: 'tables:head-cells',
            reason: `Read ${headRows.length} one-line headings right above a table's cells as its head cells`,
            place: headRows[0]!.position,
            evidence: 'two or more headings of one cell-sized line each, no blank line between them and the cells'
          })
        }
      }
      if (headRows.length) {
        lines.unshift(...headRows)
        sizes.unshift(...headRows.map(() => 1))
      }
      out.push(unalignedTable(lines, sizes, file, `${headed ? 'after a table caption; ' : ''}${figures} rows of figures and ${cells} amount or wrapped cells among ${lines.length} cell-sized lines in ${j - i} blocks`))
      i = j
      continue
    }
    out.push(blocks[i]!)
    i++
  }
  return raggedRows(tablesOverPages(out, file), file)
}

/** A label, then two or more figures ("Survey authoring tool 37 40 31"). */
const LABELLED_FIGURES = /^(.*?[^\d\s.,%])\s+([-+$(]?\d[\d.,]*%?\)?(?:\s+[-+$(]?\d[\d.,]*%?\)?)+)$/

/** A row's cells: a row of figures is split into its figures, a label before them is a cell of its own. */
function rowCells(text: string): string[] {
  if (FIGURES.test(text)) return text.split(/\s+/)
  const labelled = LABELLED_FIGURES.exec(text)
  return labelled ? [labelled[1]!, ...labelled[2]!.split(/\s+/)] : [text]
}

/** A table of rows as found (unalignedTable marks it). */
const isUnaligned = (table: Table): boolean => (table.data as {unaligned?: boolean} | undefined)?.unaligned === true

/** A row of a table continued on the next page: no longer than a row of a few cells, no sentence end. */
const ROW_LINE = (text: string) => text.length <= 60 && !SENTENCE_END.test(text)

/**
 * A table of rows as found that a page break cut in two. When only page
 * breaks stand between two such tables, the second goes on with the first;
 * and when the next page opens with the table's head row again (a repeated
 * head, as long tables print it) the blocks of rows after it go on with the
 * table too, up to the first heading or block that reads as prose. The page
 * breaks go after the table. Recorded (`tables:over-pages`).
 */
function tablesOverPages(blocks: RootContent[], file: Parameters<typeof recordDecision>[0]): RootContent[] {
  const out: RootContent[] = []
  let i = 0
  while (i < blocks.length) {
    const node = blocks[i++]!
    out.push(node)
    if (node.type !== 'table' || !isUnaligned(node)) continue
    const table = node
    for (;;) {
      let k = i
      const breaks: RootContent[] = []
      while (k < blocks.length && blocks[k]!.type === 'pageBreak') breaks.push(blocks[k++]!)
      if (breaks.length === 0) break
      const next = blocks[k]
      const added: TableRow[] = []
      let evidence = ''
      if (next?.type === 'table' && isUnaligned(next)) {
        for (const row of next.children) added.push(row)
        k++
        evidence = 'only a page break stands between two tables of rows as found'
      } else if (next?.type === 'paragraph' && sourceLines(next).length === 1 && sourceLines(next)[0]!.text.trim() === toString(table.children[0]!).trim()) {
        // The head row repeated at the next page's top, then the blocks of rows under it.
        const lines: Line[] = []
        const sizes: number[] = []
        while (k < blocks.length && blocks[k]!.type === 'paragraph') {
          const rows = sourceLines(blocks[k] as Paragraph)
          if (!rows.every((l) => ROW_LINE(l.text.trim()))) break
          for (const l of rows) lines.push(l)
          sizes.push(rows.length)
          k++
        }
        if (sizes.length < 2) break
        for (const row of rowsAsFound(lines, sizes, file)) added.push(row)
        evidence = `the next page opens with the table's head row again (“${toString(table.children[0]!).trim()}”)`
      } else break
      for (const row of added) table.children.push(row)
      const end = added.at(-1)?.position?.end
      if (table.position && end) table.position = {start: table.position.start, end}
      recordDecision(file, {
        ruleId: 'tables:over-pages',
        reason: `A table goes on over a page break: ${added.length} more rows`,
        place: added[0]?.position,
        evidence
      })
      for (const b of breaks) out.push(b)
      i = k
    }
  }
  return out
}

/** A line of a table's rows: not a sentence's end, not a list item, no longer than a row of a few short cells. */
const RAGGED_ROW = (text: string) => text !== '' && text.length <= 80 && !SENTENCE_END.test(text) && !/[:;,]$/.test(text) && !LIST_MARKER.test(text) && !/^\d/.test(text)
/** A line that goes on with a cell of the line before: it opens in lower case or with a bracket ("committee members", "(draft)"). */
const CELL_GOES_ON = /^[(\[]?\p{Ll}|^\(/u
/** Fewest lines, and fewest lines that go on with a cell, of a table of ragged rows. */
const RAGGED_LINES = 12
/** Longest line a cell wraps after, and that a block of rows has more than one of. */
const WRAPPED_ROW = 60
const RAGGED_WRAPS = 4

/**
 * A table of text cells, several to a row, that an extractor wrote row by
 * row with the cells that did not fit wrapped onto lines of their own
 * ("Merchandise Business continuity plan draft" / "(Next)" / "Chapter
 * Reactivation (due" / "April 30)" / …): a run of short blocks (paragraphs,
 * unnumbered headings of a line or two, tables of rows as found) in which no
 * line ends a sentence or a clause, none is a list item, and four or more
 * lines go on with a cell of the line before (open in lower case or with a
 * bracket). Prose has sentence ends; a list of titles or names has no
 * wrapped cells. Becomes one table of the rows as found, with a warning
 * (`tables:unaligned`).
 */
function raggedRows(blocks: RootContent[], file: Parameters<typeof recordDecision>[0]): RootContent[] {
  const linesOfBlock = (node: RootContent): Line[] | undefined => {
    if (node.type === 'paragraph') {
      // Most paragraphs are prose: their first line already is too long or ends a sentence.
      const first = node.children[0]
      if (first?.type === 'text' && first.value.length > 81 && first.position && first.position.start.line === first.position.end.line) return undefined
      return sourceLines(node)
    }
    if (node.type === 'heading' && !node.data?.number && !(node.data as {appendix?: unknown} | undefined)?.appendix) {
      const lines = sourceLines(node as unknown as Paragraph)
      return lines.length <= 2 ? lines : undefined
    }
    if (node.type === 'table' && isUnaligned(node))
      // (A row's text ends in a space: rows are never one word joined over a line end.)
      return node.children.map((row) => ({
        text: `${row.children.map((c) => toString(c)).join(' ')} `,
        parts: row.children.flatMap((c, n): PhrasingContent[] => (n ? [{type: 'text', value: ' '}, ...c.children] : [...c.children])),
        position: row.position
      }))
    return undefined
  }
  const out: RootContent[] = []
  let i = 0
  while (i < blocks.length) {
    let j = i
    const lines: Line[] = []
    const sizes: number[] = []
    while (j < blocks.length) {
      const found = linesOfBlock(blocks[j]!)
      // (Prose without sentence ends, as minutes are written, fills its lines: two long lines are a paragraph's.)
      if (!found || !found.every((l) => RAGGED_ROW(l.text.trim())) || found.filter((l) => l.text.trim().length > WRAPPED_ROW).length > 1) break
      for (const l of found) lines.push(l)
      sizes.push(found.length)
      j++
    }
    // The run's last block, one line in a capital, right above a paragraph of sentences, heads that
    // paragraph ("New contributors" / "New contributors should be welcomed … channels."): not a row.
    const after = blocks[j]
    if (j - i >= 3 && sizes.at(-1) === 1 && after?.type === 'paragraph' && /^\p{Lu}/u.test(lines.at(-1)!.text.trim())) {
      const prose = sourceLines(after)
      if (prose.length >= 2 && prose.some((l) => SENTENCE_END.test(l.text.trim()))) {
        j--
        lines.pop()
        sizes.pop()
      }
    }
    // A cell wraps in a narrow column: the line before is short.
    // (Counted, not filtered into an array: a block of a million short lines would copy them.)
    let wraps = 0
    if (j - i >= 3) for (let k = 1; k < lines.length; k++) if (CELL_GOES_ON.test(lines[k]!.text.trim()) && lines[k - 1]!.text.trim().length <= WRAPPED_ROW) wraps++
    // Two headings in a row at the run's start ("Project status" / "Delivered April Delayed Due in May"),
    // not under a heading: the first heads the section, the second is the table's head row.
    if (j - i >= 2 && blocks[i]!.type === 'heading' && blocks[i + 1]!.type === 'heading' && out.at(-1)?.type !== 'heading') {
      out.push(blocks[i++]!)
      continue
    }
    if (j - i >= 3 && lines.length >= RAGGED_LINES && wraps >= RAGGED_WRAPS) {
      out.push(unalignedTable(lines, sizes, file, `${lines.length} lines in ${j - i} blocks, none ends a sentence, ${wraps} go on with a cell of the line before`))
      i = j
      continue
    }
    // No table: nor is any run that starts inside this one (it has no more lines or wrapped cells),
    // so the next run starts after it (each block is looked at once or twice: the stage stays linear).
    const next = Math.max(i + 1, j)
    while (i < next) out.push(blocks[i++]!)
  }
  return out
}

/** A range cut at its dash at a line end ("90%-" / "99%"): the line ends in a figure and a dash. */
const RANGE_CUT = /\d[%)]?[-–]$/
const FIGURE_START = /^[$€£(]?\d/

/** A run of cell-sized lines whose columns cannot be aligned: a table of its rows as found, with a warning. */
function unalignedTable(lines: Line[], sizes: number[], file: Parameters<typeof recordDecision>[0], evidence: string): Table {
  const start = lines[0]!.position?.start
  const end = lines.at(-1)!.position?.end
  const table: Table = {type: 'table', align: [], children: rowsAsFound(lines, sizes, file), ...(start && end ? {position: {start, end}} : {}), data: {unaligned: true} as Table['data']}
  warn(file, `Read ${lines.length} short lines as a table whose columns could not be aligned; its rows are given as found`, 'tables:unaligned', table.position, evidence)
  return table
}

/**
 * The rows of a table whose columns could not be aligned, one per line as
 * found, with two exceptions that keep a cell whole: a word that
 * `dehyphenate` joined over the line end (its first line then ends without
 * a space: "More Con-" / "formant" is one cell "More Conformant", not two
 * rows "More Con" and "formant"), and a range cut at its dash ("90%-" /
 * "99%" is "90%-99%", the dash as printed). A row of figures is split into
 * its figures. `sizes`: the number of lines of each block, in order (a join
 * never crosses a block).
 */
function rowsAsFound(lines: Line[], sizes: number[], file: Parameters<typeof recordDecision>[0]): TableRow[] {
  const rows: TableRow[] = []
  let k = 0
  for (const size of sizes) {
    const end = k + size
    while (k < end) {
      let text = lines[k]!.text.trim()
      const parts: PhrasingContent[] = [...lines[k]!.parts]
      const start = lines[k]!.position?.start
      let last = lines[k]!.position?.end
      while (k + 1 < end) {
        const raw = lines[k]!.text
        const next = lines[k + 1]!.text.trim()
        const joined = raw !== '' && !/\s$/.test(raw) && /^\p{L}/u.test(next)
        const range = RANGE_CUT.test(text) && FIGURE_START.test(next)
        if (!joined && !range) break
        if (range)
          recordDecision(file, {
            ruleId: 'tables:range-cell',
            reason: `A range cut at its dash over a line end in a table is one cell: “${text.split(/\s+/).at(-1)}${next.split(/\s+/)[0]}”`,
            place: lines[k + 1]!.position,
            evidence: 'the line ends in a figure and a dash, the next line starts with a figure'
          })
        text += next
        for (const part of lines[++k]!.parts) parts.push(part)
        last = lines[k]!.position?.end
      }
      k++
      // A note reference in the row keeps the row one cell of its nodes: the reference is no text,
      // and a cell made of the text alone would drop it (and leave its note without a reference).
      const noted = parts.some((p) => p.type === 'footnoteReference')
      rows.push({
        type: 'tableRow',
        children: noted
          ? [{type: 'tableCell', children: trimLast(parts) as TableCell['children']}]
          : rowCells(text).map((c): TableCell => ({type: 'tableCell', children: [{type: 'text', value: c}]})),
        ...(start && last ? {position: {start, end: last}} : {})
      })
    }
  }
  return rows
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
    // The longest line of the window so far, kept as it grows (not a max over the window per line: quadratic).
    let longest = lines[i]!.text.length
    while (j < lines.length) {
      const prev = lines[j - 1]!
      const line = lines[j]!
      // A row goes on over a wrapped line: after a row line that ran the full width of the rows
      // and stopped without closing punctuation, in the same paragraph, a line without a key
      // carries on its text cell.
      const wrapped = prev.key && line.block === prev.block && prev.text.length >= longest * 0.85 && !/[.)\]”’"]\s*$/.test(prev.text) && j - i > 1
      // A row written as its key alone and its text on the next line (pdftotext): a key alone that
      // is not one of a column of keys alone (a table written column by column) takes the next line.
      const below = prev.key && keyAlone(prev) && !line.key && TEXT_CELL(line.text.trim()) && !(j - 2 >= i && keyAlone(lines[j - 2]!))
      // The text below its key wrapped too: it ran the width of the rows and stopped without closing punctuation.
      const belowWrapped =
        !prev.key && j - 2 >= i && keyAlone(lines[j - 2]!) && !line.key && TEXT_CELL(line.text.trim()) && prev.text.length >= longest * 0.85 && !/[.)\]”’"]\s*$/.test(prev.text)
      if (!line.key && !wrapped && !below && !belowWrapped) break
      if (line.text.length > longest) longest = line.text.length
      j++
    }
    const rows = lines.slice(i, j).filter((l) => l.key)
    // One family of keys: years and year ranges alike ("1924", "1924–1931", "2019–present").
    const shapes = new Set(rows.map((l) => keyShape(l.key!)))
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
  // The table made last, while nothing stands after it: a window right after it goes on with it
  // (a table written column by column, then row by row; a table cut where its key column had a gap).
  let last: {table: Table; shape: string; at: number} | undefined
  for (const w of windows) {
    // Rows already taken by the table before (its text column ran past this window's start).
    if (w.from < at) continue
    const keys = lines.slice(w.from, w.to)
    const shape = keyShape(keys[0]!.key!)
    const goesOn = last !== undefined && last.at === w.from && last.shape === shape
    if (!goesOn) {
      // A caption line run into the prose before the table ("… held the office." / "Chairs of the Board"):
      // a paragraph of its own.
      const caption = w.from - 1
      if (caption > at && lines[caption]!.block === lines[caption - 1]!.block && captionAfterProse(lines[caption - 1]!.text, lines[caption]!.text)) {
        paragraphs(at, caption)
        paragraphs(caption, w.from)
      } else paragraphs(at, w.from)
    }
    // A table written column by column (pdftotext): keys alone, then their text lines, in order; the
    // n-th text is the n-th key's (a text cell may wrap: see columnTexts).
    const column = keys.every((l) => l.key && keyAlone(l)) ? columnTexts(lines, w.to, keys.length) : undefined
    const rows = keyRows(keys, column?.texts)
    at = column ? column.next : w.to
    if (goesOn) {
      const table = last!.table
      for (const row of rows) table.children.push(row)
      if (table.position && rows.at(-1)!.position) table.position = {start: table.position.start, end: rows.at(-1)!.position!.end}
      recordDecision(file, {
        ruleId: 'tables:key-column',
        reason: `Read ${at - w.from} more lines as ${rows.length} more rows of the table before them`,
        place: rows[0]!.position && rows.at(-1)!.position ? {start: rows[0]!.position!.start, end: rows.at(-1)!.position!.end} : undefined,
        evidence: `the rows follow the table's last row directly, with keys of the same shape (${toString(rows[0]!.children[0]!)}, …)${column ? '; written column by column' : ''}`
      })
    } else {
      const table = toTable(rows, at - w.from, file, column !== undefined)
      out.push(table)
      last = {table, shape, at}
    }
    last!.at = at
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

/** A key's shape: its digits folded, a range's end left out ("1924", "1924–1931", "2019–present" alike). */
const keyShape = (key: RegExpExecArray) => key[1]!.replace(/\d/g, '9').replace(/[–-].*$/, '')

/** A key line with nothing after its key ("1921–1929"). */
const keyAlone = (line: RunLine) => line.key !== undefined && line.text.slice(line.key[0].length).trim() === ''

/** A text cell of a key-column table: no longer than a line of text, no sentence end. */
const TEXT_CELL = (text: string) => text !== '' && text.length <= 90 && !CLAUSE_END.test(text)

/**
 * The text lines of a table written column by column: after n keys alone,
 * the lines up to the next key. As many lines as keys: one each. A few more
 * (at most half as many again): a text cell wrapped, and it wrapped after
 * the longest lines (a cell wraps where it ran out of the column's width),
 * so the line after each of the longest lines goes on with it. Otherwise
 * the n lines after the keys when each is short (the rule before wrapped
 * cells were read), or none.
 */
function columnTexts(lines: RunLine[], from: number, n: number): {texts: RunLine[][]; next: number} | undefined {
  let end = from
  while (end < lines.length && !lines[end]!.key && TEXT_CELL(lines[end]!.text.trim())) end++
  const extra = end - from - n
  if (extra >= 0 && extra <= Math.ceil(n / 2)) {
    const byLength = Array.from({length: end - from - 1}, (_, k) => from + k).sort((a, b) => lines[b]!.text.trim().length - lines[a]!.text.trim().length || a - b)
    const wraps = new Set(byLength.slice(0, extra).map((k) => k + 1))
    const texts: RunLine[][] = []
    for (let k = from; k < end; k++) {
      if (wraps.has(k)) texts.at(-1)!.push(lines[k]!)
      else texts.push([lines[k]!])
    }
    if (texts.length === n) return {texts, next: end}
  }
  const texts = lines.slice(from, from + n)
  if (texts.length === n && texts.every((l) => !l.key && l.text.trim().length <= 60 && !CLAUSE_END.test(l.text.trim()))) return {texts: texts.map((l) => [l]), next: from + n}
  return undefined
}

/** A table cell of one text (none when empty). */
const cell = (value: string): TableCell => ({type: 'tableCell', children: value ? [{type: 'text', value}] : []})

/** The rows of key lines: a line without a key goes on with the row before (a wrapped text cell, or a text written below its key); `column`: each key's text lines, written apart from the keys. */
function keyRows(lines: RunLine[], column?: RunLine[][]): TableRow[] {
  const rows: {key: string; text: string; start?: Position['start']; end?: Position['end']}[] = []
  if (column) {
    lines.forEach((line, k) => rows.push({key: line.key![1]!, text: column[k]!.map((l) => l.text.trim()).join(' '), start: line.position?.start, end: column[k]!.at(-1)!.position?.end}))
  }
  for (const line of column ? [] : lines) {
    if (line.key) rows.push({key: line.key[1]!, text: line.text.slice(line.key[0].length).trim(), start: line.position?.start, end: line.position?.end})
    else {
      const row = rows.at(-1)!
      row.text = `${row.text} ${line.text.trim()}`.trim()
      row.end = line.position?.end
    }
  }
  return rows.map((r): TableRow => ({type: 'tableRow', children: [cell(r.key), cell(r.text)], ...(r.start && r.end ? {position: {start: r.start, end: r.end}} : {})}))
}

function toTable(rows: TableRow[], lineCount: number, file: Parameters<typeof recordDecision>[0], byColumn: boolean): Table {
  const first = rows[0]!.position
  const final = rows.at(-1)!.position
  const table: Table = {
    type: 'table',
    align: [null, null],
    children: [{type: 'tableRow', children: [cell(''), cell('')]}, ...rows],
    ...(first && final ? {position: {start: first.start, end: final.end}} : {})
  }
  recordDecision(file, {
    ruleId: 'tables:key-column',
    reason: `Read ${lineCount} lines as a table of ${rows.length} rows and two columns (key, text)`,
    place: table.position,
    evidence:
      `${rows.length} lines start with a key of one shape (${toString(rows[0]!.children[0]!)}, …)` +
      (byColumn ? `; written column by column: the keys alone, then their text lines, paired in order` : '')
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

/** The blocks right after a table's caption (made per run of the stage, like `linesOf`). */
let captionHeads = new WeakSet<RootContent>()

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
