import type {Root, Table} from 'mdast'
import {unified} from 'unified'
import {VFile} from 'vfile'
import {tables} from '../pipeline/stages/tables.js'
import {toString} from 'mdast-util-to-string'
import {describe, expect, it} from 'vitest'
import {toJsonDocument} from '../pipeline/emit/json.js'
import {emitMarkdown} from '../pipeline/emit/markdown.js'
import {fixtures, runStages} from './helpers/run-stages.js'

const fixture = fixtures('tables')
const build = runStages
const tablesIn = (tree: Root): Table[] => tree.children.filter((n): n is Table => n.type === 'table')
/** The text of each cell, row by row. */
const cellRows = (table: Table): string[][] => table.children.map((row) => row.children.map((cell) => toString(cell)))
const textsOf = (tree: Root, type: 'paragraph' | 'heading'): string[] => tree.children.filter((n) => n.type === type).map((n) => toString(n))

describe('key-column tables written one row per line', () => {
  it('become a GFM table of key and text, apart from the prose around them', async () => {
    const {tree, file} = await build(fixture('key-column-raw.txt'))
    const tables = tablesIn(tree)
    expect(tables).toHaveLength(1)
    const rows = cellRows(tables[0]!)
    expect(rows).toEqual([
      ['', ''],
      ['1901–1910', 'Thomas Reed, master of the Northern Star'],
      // A wrapped text cell goes on on the next line.
      ['1910–1924', 'Anna Kellerman, owner of the Kellerman yards at the lower end of the old quay'],
      ['1924', 'Walter Price (acting)'],
      ['1924–1938', 'Samuel Oduya, harbour master'],
      ['1938–present', 'Margaret Lowe']
    ])
    const markdown = emitMarkdown(tree)
    expect(markdown).toContain('| 1924         | Walter Price (acting)')
    // The caption and the prose after the table stay paragraphs of their own.
    expect(markdown).toContain('\n\nChairs of the Harbour Board\n\n|')
    expect(markdown).toMatch(/\|\n\nThe board met every month/)
    const json = toJsonDocument(tree, file, 'test')
    expect(json.blocks.find((b) => b.type === 'table')!.rows![2]).toEqual(['1910–1924', 'Anna Kellerman, owner of the Kellerman yards at the lower end of the old quay'])
    expect(json.diagnostics.some((d) => d.ruleId === 'tables:key-column' && d.evidence?.includes('5 lines'))).toBe(true)
  })

  it('keeps rows keyed by years apart from the numbered heading above them, in text without blank lines', async () => {
    const {tree, file} = await build(fixture('keyed-rows-under-heading-raw.txt'))
    const tables = tablesIn(tree)
    expect(tables).toHaveLength(2)
    expect(tables.map((t) => t.children.length - 1)).toEqual([5, 5])
    expect(toString(tables[0]!.children[1]!)).toBe('1901–1910Harbour Office (HO)')
    // The wrapped rest of a row ("(HW)") stays in its row.
    expect(toString(tables[0]!.children[3]!)).toMatch(/Harbour Works \(HW\)$/)
    const headings = textsOf(tree, 'heading')
    expect(headings).toContain('2.1. Office Running the Lighthouse Service')
    expect(headings).toContain('2.2. Warden Answering for the Service')
    expect(headings.some((h) => /^\d{4}/.test(h))).toBe(false)
    expect(file.messages.some((m) => m.ruleId === 'paragraphs:keyed-row')).toBe(true)
  })

  it('takes a row of figures and the head row over it as table cells, not headings (text without blank lines)', async () => {
    const {tree} = await build(fixture('figure-rows-raw.txt'))
    const headings = textsOf(tree, 'heading')
    expect(headings).toContain('Harbour Figures')
    expect(headings).not.toContain('Figure March Change')
    expect(headings).not.toContain('Moorings 412 0.5%')
    const table = tree.children.find((n): n is Table => n.type === 'table')
    expect(toString(table!)).toMatch(/^Figure March Change/)
    expect(headings).toContain('Dredging Works')
  })

  it('leaves prose that mentions years alone', async () => {
    const raw = 'In 1924 the chair changed twice. The first change came in spring.\n1925 was quieter, and the board met only four times that year.\nNobody asked for a new election until 1931, when the old chair died.\n'
    const {tree} = await build(raw)
    expect(tree.children.some((n) => n.type === 'table')).toBe(false)
  })
})

describe('tables whose cells an extractor wrote one per line', () => {
  it('become a table of the rows as found, with a warning, apart from the caption and the prose (a table at a page top, as -raw writes it)', async () => {
    const {tree, file} = await build(fixture('scattered-raw.txt'))
    const tables = tablesIn(tree)
    expect(tables).toHaveLength(1)
    const rows = cellRows(tables[0]!)
    expect(rows[0]).toEqual(['Kind of'])
    expect(rows).toContainEqual(['141', '165'])
    expect(rows).toContainEqual(['39', '38'])
    expect(rows.flat()).not.toContain('Table 1: Vessels by Change of Dues')
    const markdown = emitMarkdown(tree)
    expect(markdown).toContain('\n\nTable 1: Vessels by Change of Dues\n\n|')
    expect(markdown).toMatch(/\|\n\nThe board took the figures as a sign/)
    const json = toJsonDocument(tree, file, 'test')
    expect(json.blocks.find((b) => b.type === 'table')!.warning).toBe('columns not aligned; rows as found')
    expect(json.diagnostics.filter((d) => d.ruleId === 'tables:unaligned' && d.severity === 'warning')).toHaveLength(1)
  })
})

describe('a table caption with the table head run into it (-raw, no blank lines)', () => {
  it('is a paragraph of its own, ending where the caption ends; the head lines start the table', async () => {
    const {tree, file} = await build(fixture('caption-head-raw.txt'))
    const tables = tablesIn(tree)
    expect(tables).toHaveLength(1)
    const rows = cellRows(tables[0]!)
    expect(rows[0]).toEqual(['Kind of'])
    const paragraphs = textsOf(tree, 'paragraph')
    // The caption goes on over "… and the second" (a word that never ends a title) and stops at its line end.
    expect(paragraphs).toContain('Table 2: Vessels by change of dues between the first and the second year of the new schedule')
    // The caption's end is recorded by the tables stage, or by the paragraph rule for a paragraph's short last line
    // (paragraphs:short-line, at the head's first line) that cuts it first.
    expect(file.messages.some((m) => m.ruleId === 'tables:caption' || (m.ruleId === 'paragraphs:short-line' && m.line === 9))).toBe(true)
    expect(file.messages.find((m) => m.ruleId === 'tables:unaligned')?.evidence).toMatch(/after a table caption/)
  })

  it('keeps a word joined over a line end, a range cut at its dash, and a label before its figures as cells', async () => {
    const {tree, file} = await build(fixture('caption-head-raw.txt'))
    const table = tree.children.find((n): n is Table => n.type === 'table')!
    const rows = cellRows(table)
    expect(rows).toContainEqual(['More Conformant'])
    expect(rows).toContainEqual(['Less Conformant'])
    expect(rows.flat()).not.toContain('formant')
    expect(rows).toContainEqual(['90%-99%'])
    expect(rows).toContainEqual(['Lighters and barges', '12', '14'])
    expect(file.messages.some((m) => m.ruleId === 'tables:range-cell')).toBe(true)
  })
})

describe('tables whose columns an extractor wrote one under another (pdftotext)', () => {
  it('become one table of the lines as found, with a warning, not a run of tiny paragraphs', async () => {
    const {tree, file} = await build(fixture('scattered-columns.txt'))
    const tables = tablesIn(tree)
    expect(tables).toHaveLength(1)
    const cells = tables[0]!.children.flatMap((row) => row.children.map((cell) => toString(cell)))
    // Blocks of several short cell lines ("Dues paid" / "on time" / …) and single figures ("33.4%") are cells.
    for (const cell of ['3818', '3.9m', '33.4%', '-66%', 'Dues paid', '(backlog cleared)', '-5.89%']) expect(cells).toContain(cell)
    const paragraphs = textsOf(tree, 'paragraph')
    expect(paragraphs.some((p) => /^The harbour board publishes/.test(p))).toBe(true)
    expect(paragraphs.some((p) => /^The board took the figures/.test(p))).toBe(true)
    expect(paragraphs.filter((p) => /^(?:April|Change|-66%|33\.4%)$/.test(p))).toEqual([])
    const json = toJsonDocument(tree, file, 'test')
    expect(json.diagnostics.filter((d) => d.ruleId === 'tables:unaligned')).toHaveLength(1)
  })
})

describe('a table head row run into the prose before the table (pdftotext)', () => {
  it('goes with the table: two or more cell-sized lines after the last sentence end are its head', async () => {
    const {tree} = await build(fixture('head-row-in-prose.txt'))
    const tables = tablesIn(tree)
    expect(tables).toHaveLength(1)
    const rows = cellRows(tables[0]!)
    expect(rows.slice(0, 2)).toEqual([['Office'], ['Duties']])
    const paragraphs = textsOf(tree, 'paragraph')
    expect(paragraphs[0]).toMatch(/custom of the harbour\.$/)
  })
})

describe('a table cut by a page break', () => {
  it('goes on after the break where the next page repeats its head row (-raw)', async () => {
    const {tree, file} = await build(fixture('repeated-head-raw.txt'))
    const tables = tablesIn(tree)
    expect(tables).toHaveLength(1)
    const rows = cellRows(tables[0]!)
    expect(rows).toContainEqual(['Cash held'])
    expect(rows.at(-1)).toEqual(['budget'])
    // The repeated head row is kept, as printed.
    expect(rows.filter((r) => r[0] === 'Figure March Change')).toHaveLength(2)
    const paragraphs = textsOf(tree, 'paragraph')
    expect(paragraphs.some((p) => /Cash held|Loans repaid/.test(p))).toBe(false)
    expect(file.messages.some((m) => m.ruleId === 'tables:over-pages')).toBe(true)
    // The page break goes after the table.
    const at = tree.children.findIndex((n) => n.type === 'table')
    expect(tree.children[at + 1]!.type).toBe('pageBreak')
  })
})

describe('a line right above a list after a table of scattered cells', () => {
  it('heads the list: it is not the table\'s last cell', async () => {
    const {tree} = await build(fixture('scattered-columns-list.txt'))
    const table = tree.children.find((n): n is Table => n.type === 'table')!
    const cells = table.children.flatMap((row) => row.children.map((cell) => toString(cell)))
    expect(cells).toContain('-5.89%')
    expect(cells).not.toContain('Works Summary')
    const at = tree.children.indexOf(table)
    expect(toString(tree.children[at + 1]!)).toBe('Works Summary')
    expect(tree.children[at + 2]!.type).toBe('list')
  })
})

describe('key-column tables written column by column (pdftotext)', () => {
  it('pair the keys with the text lines after them, in order, and keep the heading before them whole', async () => {
    const {tree, file} = await build(fixture('key-column-by-column.txt'))
    const tables = tablesIn(tree)
    expect(tables).toHaveLength(1)
    const rows = cellRows(tables[0]!)
    expect(rows).toEqual([
      ['', ''],
      ['1901–1910', 'Thomas Reed, master of the Northern Star'],
      ['1910–1924', 'Anna Kellerman (acting)'],
      ['1924', 'Walter Price (acting)'],
      ['1924–1938', 'Samuel Oduya, harbour master'],
      ['1938–present', 'Margaret Lowe']
    ])
    const texts = tree.children.filter((n) => n.type !== 'table').map((n) => toString(n))
    expect(texts).toContain('2.1. Chairs of the Harbour Board')
    expect(texts.some((t) => /Margaret Lowe|Walter Price/.test(t))).toBe(false)
    const json = toJsonDocument(tree, file, 'test')
    expect(json.diagnostics.some((d) => d.ruleId === 'tables:key-column' && d.evidence?.includes('column by column'))).toBe(true)
  })
})

describe('key-column tables written column by column, then row by row (pdftotext)', () => {
  it('pair a wrapped text cell with its key and go on with the rows after, in one table', async () => {
    const {tree} = await build(fixture('key-column-wrapped-by-column.txt'))
    const tables = tablesIn(tree)
    expect(tables).toHaveLength(1)
    const rows = cellRows(tables[0]!)
    expect(rows).toEqual([
      ['', ''],
      ['1901–1910', 'Harbour Office (HO)'],
      ['1910–1924', 'Office of the Harbour Master (HM)'],
      ['1924–1931', 'Harbour Works (HW)'],
      // The text cell wrapped after the longest line: its rest goes with it.
      ['1931–1938', 'Office of Harbour Works and Dredging (HD), under the Department of Public Works (PW)'],
      // A key alone, its text on the next line.
      ['1938–1950', 'Harbour Trust (HT), under the Department of Public Works (PW)'],
      ['1950–1961', 'Harbour Trust (HT), under the Port Authority (PA)'],
      ['1961–present', 'Port Authority (PA)']
    ])
    const texts = tree.children.filter((n) => n.type !== 'table').map((n) => toString(n))
    expect(texts.some((t) => /Harbour Trust|\(PW\)/.test(t))).toBe(false)
  })
})

describe('tables whose cells MuPDF wrote one per line, in groups between blank lines', () => {
  it('become one table of the rows as found, with the heading after it kept apart', async () => {
    const {tree} = await build(fixture('stacked-cells-mutool.txt'))
    const tables = tablesIn(tree)
    expect(tables).toHaveLength(1)
    const rows = cellRows(tables[0]!)
    expect(rows[0]).toEqual(['Measure'])
    expect(rows.at(-1)).toEqual(['spring estimate'])
    expect(rows.flat()).not.toContain('Open Questions')
    const markdown = emitMarkdown(tree)
    expect(markdown).toMatch(/\|\n\n(?:#+ )?Open Questions\n\nThe board asked/)
    expect(markdown).toMatch(/\n\n(?:#+ )?Quarterly Figures\n\n\|/)
  })

  it('leave a run of short name lines without amounts or wrapped cells as it is', async () => {
    const {tree} = await build(fixture('short-lines-mutool.txt'))
    expect(tree.children.some((n) => n.type === 'table')).toBe(false)
  })
})

describe('tables whose long cells MuPDF wrapped over several short lines', () => {
  it('become one table even where a wrapped cell reads like prose', async () => {
    const {tree} = await build(fixture('wrapped-cells-mutool.txt'))
    const tables = tablesIn(tree)
    expect(tables).toHaveLength(1)
    const rows = cellRows(tables[0]!)
    expect(rows[0]).toEqual(['Office'])
    expect(rows).toContainEqual(['was named by two of the'])
    expect(rows.at(-1)).toEqual(['five years at a time'])
    expect(emitMarkdown(tree)).toMatch(/\|\n\n(?:#+ )?New keepers\n\nNew keepers are welcomed/)
  })
})

describe('a table of text cells with wrapped cells, written row by row (-raw)', () => {
  it('becomes one table of the rows as found, under the section heading, above the heading of the prose after it', async () => {
    const {tree, file} = await build(fixture('ragged-rows-raw.txt'))
    const tables = tablesIn(tree)
    expect(tables).toHaveLength(1)
    const rows = cellRows(tables[0]!)
    // The head row, which the headings stage took for a heading, is the table's first row.
    expect(rows[0]![0]).toMatch(/^Done in .* Late Due in /)
    expect(rows).toContainEqual(['(draft)'])
    expect(rows.at(-1)).toEqual(['(acting)'])
    const headings = textsOf(tree, 'heading')
    expect(headings).toContain('Works status')
    expect(headings.some((h) => /^Done in/.test(h))).toBe(false)
    // A line in a capital right above a paragraph of sentences heads it: not the table's last row.
    const texts = tree.children.filter((n) => n.type !== 'table').map((n) => toString(n))
    expect(texts).toContain('Lock gate works')
    expect(texts.some((t) => /^The harbour master said/.test(t))).toBe(true)
    expect(file.messages.some((m) => m.ruleId === 'tables:unaligned' && /go on with a cell/.test(String(m.evidence)))).toBe(true)
  })
})

describe('one-line headings right above a table of scattered cells', () => {
  // A tree as the stages before make it from MuPDF's text: the head row's cells ("Office" /
  // "Duties") one under another, which the headings stage took for headings, then the cells.
  const at = (line: number, text: string) => ({type: 'text' as const, value: text, position: {start: {line, column: 1, offset: 0}, end: {line, column: text.length + 1, offset: 0}}})
  const block = (type: 'paragraph' | 'heading', from: number, texts: string[]) => ({
    type,
    ...(type === 'heading' ? {depth: 2 as const} : {}),
    children: texts.map((t, k) => at(from + k, k < texts.length - 1 ? `${t} ` : t)),
    position: {start: {line: from, column: 1, offset: 0}, end: {line: from + texts.length - 1, column: 9, offset: 0}}
  })
  const tree = (headings: string[]) => ({
    type: 'root' as const,
    children: [
      block('paragraph', 1, ['The harbour office sets out the duties of its officers below, as the board last settled them.']),
      ...headings.map((h, k) => block('heading', 3 + k, [h])),
      block('paragraph', 3 + headings.length, ['Keeper Keeps', 'the lamps', 'lit at night']),
      block('paragraph', 7 + headings.length, ['Pilot Brings', 'vessels in']),
      block('paragraph', 10 + headings.length, ['3818']),
      block('paragraph', 12 + headings.length, ['0.03%']),
      block('paragraph', 14 + headings.length, ['-66%'])
    ]
  })
  const run = async (headings: string[]) => {
    const file = new VFile()
    const out = (await unified().use(tables).run(tree(headings) as never, file)) as Root
    return {out, file}
  }

  it('are the table\'s head cells when two or more lie right above it', async () => {
    const {out, file} = await run(['Office', 'Duties'])
    expect(out.children.map((n) => n.type)).toEqual(['paragraph', 'table'])
    const rows = (out.children[1] as Table).children.map((row) => toString(row))
    expect(rows.slice(0, 3)).toEqual(['Office', 'Duties', 'Keeper Keeps'])
    expect(file.messages.some((m) => m.ruleId === 'tables:head-cells')).toBe(true)
  })

  it('keep a note reference in a cell (a cell of the row\'s nodes, not of its text)', async () => {
    const t = tree(['Office', 'Duties'])
    const cell = t.children.at(-2) as unknown as {children: unknown[]}
    cell.children.push({type: 'footnoteReference', identifier: '3', label: '3', position: {start: {line: 14, column: 6, offset: 0}, end: {line: 14, column: 7, offset: 0}}})
    const out = (await unified().use(tables).run(t as never, new VFile())) as Root
    const table = out.children.find((n): n is Table => n.type === 'table')!
    const noted = table.children.filter((row) => row.children.some((c) => c.children.some((n) => n.type === 'footnoteReference')))
    expect(noted).toHaveLength(1)
    expect(toString(noted[0]!)).toBe('0.03%')
  })

  it('stay a heading when it is one', async () => {
    const {out} = await run(['Officers'])
    expect(out.children.map((n) => n.type)).toEqual(['paragraph', 'heading', 'table'])
  })
})

describe('a block of very many short lines', () => {
  // 'ab' repeated on 300,000 lines: the stage once spread a block's lines as
  // call arguments (push(...lines)), which overflows the call stack.
  it('goes through the stages without a stack overflow, every line kept', {timeout: 120_000}, async () => {
    const {tree} = await build('ab\n'.repeat(300_000))
    expect((toString(tree).match(/ab/g) ?? []).length).toBe(300_000)
  })
})
