/**
 * geometry-tables: lines that the PDF reader found set as a table (cells at
 * shared x positions, `geometry.table`) → one GFM `table` node.
 *
 * Runs before `paragraphs`, on raw lines; text input has no geometry and
 * passes through untouched. Columns are the cell start positions of the
 * whole run (within 4 pt); a line that starts a row opens a new row, the
 * lines under it add their cells' text to the cells of that row (a cell set
 * over several lines). A table that goes on over a page break is one table
 * when its columns start at the same places. The first row is the header
 * row of the GFM table, as printed. No word changes: the cells hold the
 * lines' text as read.
 */
import type {Root, RootContent, Table, TableCell, TableRow, Text} from 'mdast'
import type {Plugin} from 'unified'
import type {RawLine} from '../types.js'

export interface GeometryTablesOptions {
  /** Turn table building off (the lines then stay lines, one block per row). Default false. */
  disabled?: boolean
}

export const geometryTables: Plugin<[GeometryTablesOptions?], Root> = function (options = {}) {
  return (tree) => {
    if (options.disabled || !tree.children.some((n) => n.type === 'rawLine' && n.geometry?.table)) return
    const out: RootContent[] = []
    const children = tree.children
    for (let i = 0; i < children.length; i++) {
      const node = children[i]!
      if (node.type !== 'rawLine' || !node.geometry?.table) {
        out.push(node)
        continue
      }
      // The run: table lines, across page breaks (and blank lines) while the columns agree.
      const run: RawLine[] = [node]
      const skipped: RootContent[] = []
      let j = i + 1
      for (; j < children.length; j++) {
        const next = children[j]!
        if (next.type === 'pageBreak' || (next.type === 'rawLine' && next.value.trim() === '')) {
          skipped.push(next)
          continue
        }
        if (next.type !== 'rawLine' || !next.geometry?.table || !sameColumns(run, next)) break
        run.push(next)
        skipped.length = 0
      }
      const table = toTable(run)
      if (!table) {
        out.push(...run)
      } else out.push(table)
      // Page breaks and blank lines after the table's last line stay where they were.
      out.push(...skipped)
      i = j - 1
    }
    tree.children = out
  }
}

/** Column starts of the run so far, and whether the line's cells start at them. */
function sameColumns(run: RawLine[], line: RawLine): boolean {
  if (line.geometry!.page === run.at(-1)!.geometry!.page) return true
  const starts = columnStarts(run)
  return line.geometry!.table!.row && line.geometry!.table!.cells.every((c) => starts.some((x) => Math.abs(x - c.x[0]) <= 4))
}

function columnStarts(lines: RawLine[]): number[] {
  const starts: number[] = []
  for (const line of lines) for (const cell of line.geometry!.table!.cells) if (!starts.some((x) => Math.abs(x - cell.x[0]) <= 4)) starts.push(cell.x[0])
  return starts.sort((a, b) => a - b)
}

function toTable(lines: RawLine[]): Table | undefined {
  const starts = columnStarts(lines)
  if (starts.length < 2) return undefined
  // Each cell holds one text node per source line it spans, positioned in that line.
  const rows: {cells: Text[][]; lines: RawLine[]}[] = []
  for (const line of lines) {
    const geometry = line.geometry!.table!
    if (geometry.row || rows.length === 0) rows.push({cells: starts.map(() => []), lines: []})
    const row = rows.at(-1)!
    row.lines.push(line)
    let from = 0
    for (const cell of geometry.cells) {
      let col = 0
      for (let c = 0; c < starts.length; c++) if (starts[c]! <= cell.x[0] + 4) col = c
      const at = Math.max(0, line.value.indexOf(cell.text, from))
      from = at + cell.text.length
      const start = line.position.start
      const texts = row.cells[col]!
      // The text of a cell set over several lines reads on with a space.
      if (texts.length > 0) texts[texts.length - 1]!.value += ' '
      texts.push({
        type: 'text',
        value: cell.text,
        position: {
          start: {line: start.line, column: start.column + at, offset: (start.offset ?? 0) + at},
          end: {line: start.line, column: start.column + at + cell.text.length, offset: (start.offset ?? 0) + at + cell.text.length}
        }
      })
    }
  }
  if (rows.length < 2) return undefined
  const tableRows: TableRow[] = rows.map((row) => ({
    type: 'tableRow',
    children: row.cells.map((texts): TableCell => ({type: 'tableCell', children: texts})),
    position: {start: row.lines[0]!.position.start, end: row.lines.at(-1)!.position.end}
  }))
  return {
    type: 'table',
    align: starts.map(() => null),
    children: tableRows,
    position: {start: lines[0]!.position.start, end: lines.at(-1)!.position.end}
  }
}
