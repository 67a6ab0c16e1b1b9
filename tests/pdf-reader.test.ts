/**
 * The PDF reader (pipeline/readers): each geometry rule on a small PDF made
 * for it, the whole build on a PDF input, and bad PDFs.
 */
import {execFileSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import type {Root} from 'mdast'
import {toString} from 'mdast-util-to-string'
import {afterAll, describe, expect, it} from 'vitest'
import {discoverInputs} from '../pipeline/batch.js'
import {renderDocument} from '../pipeline/build.js'
import {readPdf} from '../pipeline/readers/pdf.js'
import {pdfLines} from '../pipeline/readers/pdf-lines.js'
import {pageList} from '../pipeline/readers/pdf-source.js'
import {column, makePdf, textWidth, wrap, type Placed} from './helpers/make-pdf.js'

const dir = mkdtempSync(join(tmpdir(), 'reprint-pdf-reader-'))
afterAll(() => rmSync(dir, {recursive: true, force: true}))

let counter = 0
function save(bytes: Uint8Array, name = `doc${++counter}.pdf`): string {
  const path = join(dir, name)
  writeFileSync(path, bytes)
  return path
}

async function lines(pages: Placed[][]) {
  return pdfLines(await readPdf(await makePdf(pages))).lines
}

function blocks(tree: Root | undefined): string[] {
  return (tree?.children ?? []).filter((n) => n.type !== 'pageBreak').map((n) => `${n.type}: ${toString(n)}`)
}

const hasQpdf = (() => {
  try {
    execFileSync('qpdf', ['--version'], {stdio: 'ignore'})
    return true
  } catch {
    return false
  }
})()

describe('lines from geometry', () => {
  it('reads two columns one after the other, under a title set across both', async () => {
    const page = [
      {text: 'A Title Across Both Columns', x: 160, y: 740, size: 16},
      ...column('left', 50, 700, 12),
      ...column('right', 320, 700, 12)
    ]
    const out = (await lines([page])).filter((l) => l !== undefined)
    const texts = out.map((l) => l!.text)
    expect(texts[0]).toBe('A Title Across Both Columns')
    const firstRight = texts.findIndex((t) => t.startsWith('right'))
    const lastLeft = texts.findLastIndex((t) => t.startsWith('left'))
    expect(lastLeft).toBeLessThan(firstRight)
    expect(texts.filter((t) => t.startsWith('left'))).toHaveLength(12)
    // Each column line keeps its own measure.
    const left = out.find((l) => l!.text.startsWith('lefta'))!.geometry
    expect(left.column![1]).toBeLessThan(320)
  })

  it("keeps a page's columns apart when a table across them hides the gutter, by the document's gutter", async () => {
    const twoColumns = (p: string) => [...column(`${p}l`, 50, 700, 12), ...column(`${p}r`, 320, 700, 12)]
    const last: Placed[] = [...column('endl', 50, 700, 4), ...column('endr', 320, 700, 4)]
    // A wide table under them: each row one long run across the whole text width.
    for (let r = 0; r < 8; r++) last.push({text: `row${'abcdefgh'[r]} cell text that runs across both of the columns of this page here`, x: 50, y: 600 - r * 12})
    const out = (await lines([twoColumns('pa'), twoColumns('pb'), twoColumns('pc'), last])).filter((l) => l !== undefined)
    const texts = out.map((l) => l!.text).filter((t) => t.startsWith('end'))
    expect(texts.map((t) => t.slice(0, 4) + t.split(' ').length)).toEqual([...Array(4).fill('endl5'), ...Array(4).fill('endr5')])
  })

  it('reads three columns left to right', async () => {
    const page = [...column('one', 40, 700, 10, {words: 4}), ...column('two', 230, 700, 10, {words: 4}), ...column('three', 420, 700, 10, {words: 4})]
    const texts = (await lines([page])).map((l) => l!.text)
    const order = texts.map((t) => /^(one|two|three)/.exec(t)![1])
    expect(order.indexOf('two')).toBe(10)
    expect(order.indexOf('three')).toBe(20)
  })

  it('keeps a one-column page with a table in row order', async () => {
    const page: Placed[] = [...column('prose', 50, 700, 6, {words: 12})]
    for (let r = 0; r < 5; r++) {
      page.push({text: `name${r}`, x: 50, y: 600 - r * 12}, {text: `${r * 3}`, x: 250, y: 600 - r * 12}, {text: `city${r}`, x: 400, y: 600 - r * 12})
    }
    const texts = (await lines([page])).map((l) => l!.text)
    expect(texts).toContain('name2 6 city2')
  })

  it('merges runs on one baseline and infers spaces from gaps', async () => {
    const split = await textWidth('Split')
    const page = [
      {text: 'Split', x: 50, y: 700},
      {text: 'word', x: 50 + split, y: 700},
      {text: 'and', x: 50 + split + (await textWidth('word')) + 3, y: 700},
      {text: 'and', x: 50 + split + (await textWidth('word')) + 3, y: 700},
      {text: 'gap', x: 200, y: 700}
    ]
    const [line] = await lines([page])
    // "word" touches "Split"; "and" is drawn twice at one place (read once); "gap" is far off.
    expect(line!.text).toBe('Splitword and gap')
  })

  it('marks a raised smaller run as a superscript glued to its word', async () => {
    const end = 50 + (await textWidth('A sentence with a note'))
    const page = [
      {text: 'A sentence with a note', x: 50, y: 700},
      {text: '1', x: end + 0.3, y: 704, size: 6},
      {text: 'and more text after it.', x: end + 6, y: 700}
    ]
    const [line] = await lines([page])
    expect(line!.text).toBe('A sentence with a note1 and more text after it.')
    expect(line!.geometry.superscripts).toEqual([[22, 23]])
  })

  it('finds footnotes: smaller type at the foot opened by a marker, kept at their page foot or read at the end', async () => {
    const page1 = [...column('body', 50, 700, 8, {words: 10}), {text: '1 The first note in small type.', x: 50, y: 80, size: 7}]
    const page2 = [...column('more', 50, 700, 8, {words: 10})]
    const bytes = await makePdf([page1, page2])
    const foot = pdfLines(await readPdf(bytes)).lines
    const at = foot.findIndex((l) => l?.text === '1 The first note in small type.')
    expect(foot[at]!.geometry.note).toBe(true)
    expect(foot[at]!.geometry.blockStart).toBe(true)
    // At the foot of page 1: right before the page break.
    expect(foot[at + 1]).toBeUndefined()
    expect(foot[at - 1]!.text.startsWith('body')).toBe(true)
    const end = pdfLines(await readPdf(bytes), {notes: 'end'}).lines
    expect(end.at(-1)!.text).toBe('1 The first note in small type.')
    expect(end.findIndex((l) => l?.text.startsWith('morea'))).toBeLessThan(end.length - 1)
  })

  it('marks running heads and page numbers repeated at the page edges', async () => {
    const pages = [1, 2, 3].map((n) => [
      {text: 'Annual Report of the Office', x: 50, y: 760, size: 8},
      ...column(`p${'abc'[n - 1]}x`, 50, 700, 6, {words: 10}),
      {text: `${n}`, x: 300, y: 40, size: 8}
    ])
    const out = (await lines(pages)).filter((l) => l !== undefined)
    const furniture = out.filter((l) => l!.geometry.furniture).map((l) => l!.text)
    expect(furniture).toEqual(['Annual Report of the Office', '1', 'Annual Report of the Office', '2', 'Annual Report of the Office', '3'])
    expect(out.filter((l) => !l!.geometry.furniture).every((l) => /^p[abc]x/.test(l!.text))).toBe(true)
  })

  it('never takes a footnote opening with its marker for a page number, though the numbers advance with the pages', async () => {
    const pages = [1, 2, 3].map((n) => [
      ...column(`p${'abc'[n - 1]}x`, 50, 700, 6, {words: 10}),
      {text: `${n}`, x: 50, y: 84, size: 5},
      {text: `Note number ${'abc'[n - 1]} in small type at the foot.`, x: 54, y: 80, size: 7}
    ])
    const out = (await lines(pages)).filter((l) => l !== undefined)
    const notes = out.filter((l) => l!.text.includes('in small type'))
    expect(notes.map((l) => [l!.text, l!.geometry.furniture ?? false, l!.geometry.note])).toEqual([
      ['1 Note number a in small type at the foot.', false, true],
      ['2 Note number b in small type at the foot.', false, true],
      ['3 Note number c in small type at the foot.', false, true]
    ])
  })

  it('starts blocks at a first-line indent, a vertical gap and a short last line, not at a full line', async () => {
    const prose = (n: number) => Array.from({length: n}, (_, i) => ['the', 'reader', 'measures', 'every', 'line', 'against', 'its', 'column'][i % 8]).join(' ')
    const first = await wrap(`${prose(30)} end.`, 300)
    const second = await wrap(`${prose(29)} end.`, 300, 10, 285)
    const third = await wrap(`${prose(31)} end.`, 300)
    const page: Placed[] = []
    let y = 700
    for (const text of first) page.push({text, x: 50, y: (y -= 12)})
    second.forEach((text, i) => page.push({text, x: i === 0 ? 65 : 50, y: (y -= 12)}))
    y -= 12
    for (const text of third) page.push({text, x: 50, y: (y -= 12)})
    const starts = (await lines([page])).map((l) => l!.geometry.blockStart)
    const expected = [
      undefined,
      ...first.slice(1).map(() => false),
      true,
      ...second.slice(1).map(() => false),
      true,
      ...third.slice(1).map(() => false)
    ]
    expect(starts).toEqual(expected)
  })

  it('builds a table from cells at shared x positions, a cell over two lines included', async () => {
    const page: Placed[] = [...column('prose', 50, 720, 3, {words: 12})]
    const rows = [
      ['Year', 'Place', 'Event'],
      ['1901', 'Harbour town', 'First meeting'],
      ['1902', 'Old mill', 'Second meeting of the'],
      ['', '', 'whole board'],
      ['1903', 'River bank', 'Third meeting']
    ]
    rows.forEach((cells, r) => cells.forEach((text, c) => text && page.push({text, x: [50, 150, 300][c]!, y: 660 - r * 12})))
    page.push(...column('after', 50, 580, 3, {words: 12}))
    const path = save(await makePdf([page]))
    const result = await renderDocument(path, {outputs: ['markdown', 'json']})
    expect(result.error).toBeUndefined()
    const table = result.tree!.children.find((n) => n.type === 'table')
    expect(table).toBeDefined()
    const cells = (table as {children: Array<{children: Array<unknown>}>}).children.map((row) => row.children.map((cell) => toString(cell as never)))
    expect(cells).toEqual([
      ['Year', 'Place', 'Event'],
      ['1901', 'Harbour town', 'First meeting'],
      ['1902', 'Old mill', 'Second meeting of the whole board'],
      ['1903', 'River bank', 'Third meeting']
    ])
    // The prose around it stays prose, and no cell is read twice.
    const prose = blocks(result.tree).filter((b) => b.startsWith('paragraph')).join(' ')
    expect(prose).toContain('prosea')
    expect(prose).toContain('aftera')
    expect(prose).not.toContain('Harbour')
  })

  it('keeps the hanging lines of a list item in the item', async () => {
    const page: Placed[] = [
      {text: '• First item of the list, long enough to run over', x: 60, y: 700},
      {text: 'onto a second line that hangs under its text.', x: 70, y: 688},
      {text: '• Second item on one line.', x: 60, y: 676},
      {text: 'A paragraph after the list starts at the margin and runs on', x: 50, y: 652},
      {text: 'for two lines.', x: 50, y: 640}
    ]
    const starts = (await lines([page])).map((l) => l!.geometry.blockStart)
    expect(starts).toEqual([undefined, false, true, true, false])
  })

  it('reads bold body type as a heading only when set off by space above', async () => {
    const body = (y: number, n: number) => column('text', 50, y, n, {words: 10})
    const page: Placed[] = [
      ...body(700, 3),
      {text: 'A Bold Section Head', x: 50, y: 640, bold: true},
      ...body(628, 3),
      {text: 'Passes: 6-0', x: 50, y: 592, bold: true},
      ...body(580, 2)
    ]
    const out = (await lines([page])).map((l) => [l!.text, l!.geometry.display] as const)
    expect(out.find(([t]) => t === 'A Bold Section Head')![1]).toBe(1)
    expect(out.find(([t]) => t === 'Passes: 6-0')![1]).toBeUndefined()
  })

  it('starts a block at a line set at the first-line indent after a one-line paragraph, and at a short indented line', async () => {
    const prose = await wrap('The opening paragraph of the page runs on over several lines of the measure, so that the column shows where its right edge is, and where a line that ends short stops early.', 250)
    const rows: Array<[number, string]> = [
      ...prose.map((text): [number, string] => [50, text]),
      [62, 'Set a budget for the incentives.'],
      [62, 'Select or write a screener for the study.'],
      [62, 'Schedule the research sessions and all the'],
      [50, 'appointments that go with them, one by one.'],
      [50, 'Morning: the first focus group meets for two hours'],
      [62, 'Lunch break'],
      [62, 'Afternoon: the second focus group meets for two'],
      [50, 'hours, then the team writes down its notes.']
    ]
    const page: Placed[] = rows.map(([x, text], i) => ({text, x, y: 720 - 12 * i}))
    const out = (await lines([page])).filter((l) => l !== undefined)
    const start = (text: string) => out.find((l) => l!.text === text)!.geometry.blockStart
    expect(start('Select or write a screener for the study.')).toBe(true)
    expect(start('Schedule the research sessions and all the')).toBe(true)
    expect(start('Lunch break')).toBe(true)
    expect(start('Afternoon: the second focus group meets for two')).toBe(true)
    expect(start('appointments that go with them, one by one.')).toBe(false)
  })

  it('a marked line set in from a numbered paragraph whose lines came back left is a new item, not the paragraph going on', async () => {
    const rows: Array<[number, string]> = [
      [50, '(a) Requirements for every office of the department and for all'],
      [50, 'the agencies under it.'],
      [62, '(1) Accessibility'],
      [62, 'When offices buy or build technology, each shall'],
      [50, 'make sure that everyone can use it.']
    ]
    const page: Placed[] = rows.map(([x, text], i) => ({text, x, y: 720 - 12 * i}))
    const out = (await lines([page])).filter((l) => l !== undefined)
    expect(out.find((l) => l!.text === '(1) Accessibility')!.geometry.blockStart).toBe(true)
    expect(out.find((l) => l!.text.startsWith('When offices'))!.geometry.blockStart).toBe(true)
  })

  it('ranks larger type above body type (display lines)', async () => {
    const page = [{text: 'Big Heading', x: 50, y: 740, size: 18}, {text: 'Smaller Heading', x: 50, y: 710, size: 13}, ...column('text', 50, 690, 6, {words: 10})]
    const out = await lines([page])
    expect(out[0]!.geometry.display).toBe(1)
    expect(out[1]!.geometry.display).toBe(2)
    expect(out[2]!.geometry.display).toBeUndefined()
  })
})

describe('a PDF through the whole build', () => {
  it('builds the same kind of tree as text, with headings, paragraphs and page positions', async () => {
    const page1: Placed[] = [
      {text: 'Report on Testing', x: 50, y: 740, size: 18, bold: true},
      {text: 'The reader places every line where the page prints it, and the stages', x: 50, y: 700},
      {text: 'read the lines as they read text from any extractor, with the geometry.', x: 50, y: 688},
      {text: 'Methods', x: 50, y: 660, size: 13, bold: true},
      {text: 'Short paragraphs end short.', x: 50, y: 640},
      {text: `Page 1`, x: 290, y: 40, size: 8}
    ]
    const page2: Placed[] = [
      {text: 'A second page goes on with more text of the same kind, in one column.', x: 50, y: 700},
      {text: `Page 2`, x: 290, y: 40, size: 8}
    ]
    const path = save(await makePdf([page1, page2]), 'report.pdf')
    const result = await renderDocument(path, {outputs: ['markdown', 'json']})
    expect(result.error).toBeUndefined()
    expect(result.name).toBe('report')
    expect(blocks(result.tree)).toEqual([
      'heading: Report on Testing',
      'paragraph: The reader places every line where the page prints it, and the stages read the lines as they read text from any extractor, with the geometry.',
      'heading: Methods',
      'paragraph: Short paragraphs end short.',
      'paragraph: A second page goes on with more text of the same kind, in one column.'
    ])
    const json = JSON.parse(new TextDecoder().decode(result.artifacts.find((a) => a.path.endsWith('.json'))!.bytes))
    expect(json.metadata.source.encoding).toBe('pdf')
    expect(json.metadata.source.pages).toBe(2)
    const last = json.blocks.at(-1)
    expect(last.position.page).toBe(2)
    expect(last.position.bbox[0]).toBeCloseTo(50, 0)
    // Page numbers are removed and recorded.
    const removed = result.file.messages.filter((m) => m.ruleId === 'layout:furniture').map((m) => String((m as {original?: string}).original).trim())
    expect(removed).toEqual(['Page 1', 'Page 2'])
  })

  it('finds .pdf files in folders by default, beside .txt', () => {
    const folder = join(dir, 'mixed')
    mkdirSync(folder)
    writeFileSync(join(folder, 'a.txt'), 'Text.\n')
    writeFileSync(join(folder, 'b.pdf'), '%PDF-1.4\n')
    writeFileSync(join(folder, 'c.md'), '# no\n')
    const found = discoverInputs([folder]).inputs.map((i) => i.path.split(/[\\/]/).pop())
    expect(found.sort()).toEqual(['a.txt', 'b.pdf'])
  })

  it('splits a bold run-in head off its paragraph, not a bold label ending in a colon', async () => {
    const lead = await textWidth('Expand Scope', 10, true)
    const label = await textWidth('Passes:', 10, true)
    const opening = await wrap('An opening paragraph of plain text that runs on for a while here, long enough to fill three lines of the measure that the column sets for it.', 250)
    const page: Placed[] = [
      ...opening.map((text, i) => ({text, x: 50, y: 724 - i * 12})),
      {text: 'Expand Scope', x: 50, y: 676, bold: true},
      {text: 'The policy covers new systems.', x: 50 + lead + 3, y: 676},
      {text: 'Passes:', x: 50, y: 652, bold: true},
      {text: 'Six votes to none.', x: 50 + label + 3, y: 652}
    ]
    const path = save(await makePdf([page]))
    const result = await renderDocument(path, {outputs: ['markdown']})
    expect(blocks(result.tree)).toEqual([
      `paragraph: ${opening.join(' ')}`,
      'heading: Expand Scope',
      'paragraph: The policy covers new systems.',
      'paragraph: Passes: Six votes to none.'
    ])
  })

  it('recognises a PDF by its signature whatever its name', async () => {
    const path = save(await makePdf([[{text: 'Only one line of text here.', x: 50, y: 700}]]), 'scan-export.bin')
    const result = await renderDocument(path, {outputs: ['markdown']})
    expect(result.error).toBeUndefined()
    expect(blocks(result.tree)).toEqual(['paragraph: Only one line of text here.'])
  })
})

describe('bad PDFs', () => {
  it('a damaged PDF: one-line error', async () => {
    const path = save(new TextEncoder().encode('%PDF-1.7\nthis is not a PDF body at all\n%%EOF\n'))
    const result = await renderDocument(path)
    expect(result.error).toMatch(/PDF/)
    expect(result.error).not.toMatch(/\n/)
    expect(result.artifacts).toEqual([])
  })

  it('a truncated PDF: an error or the pages that survive, never a crash', async () => {
    const bytes = await makePdf([[...column('cut', 50, 700, 20, {words: 8})]])
    const path = save(bytes.slice(0, Math.floor(bytes.length * 0.5)))
    const result = await renderDocument(path, {outputs: ['markdown']})
    if (result.error) expect(result.error).not.toMatch(/\n/)
    else expect(result.tree).toBeDefined()
  })

  it('a PDF without pages: one-line error', async () => {
    const {PDFDocument} = await import('pdf-lib')
    const path = save(await (await PDFDocument.create()).save())
    const result = await renderDocument(path)
    // pdfjs counts an empty page tree as one page without content: it says there is no text.
    expect(result.error).toMatch(/^(PDF has no pages|PDF has no text layer .*)$/)
    expect(result.artifacts).toEqual([])
  })

  it('an empty .pdf file: one-line error', async () => {
    const path = save(new Uint8Array(0), 'empty.pdf')
    expect((await renderDocument(path)).error).toBe('empty file')
  })

  it('a .pdf file that is not a PDF', async () => {
    const path = save(new TextEncoder().encode('plain text pretending\n'), 'fake.pdf')
    const result = await renderDocument(path)
    expect(result.error).toBe('not a PDF: the file has no %PDF- header')
  })

  it('an image-only PDF: says so and suggests OCR', async () => {
    const {PDFDocument, rgb} = await import('pdf-lib')
    const doc = await PDFDocument.create()
    doc.addPage([300, 300]).drawRectangle({x: 20, y: 20, width: 100, height: 100, color: rgb(0.5, 0.5, 0.5)})
    const path = save(await doc.save())
    const result = await renderDocument(path)
    expect(result.error).toMatch(/no text layer.*OCR/)
  })

  it('a blank page among text pages is a warning naming the page', async () => {
    const path = save(await makePdf([[{text: 'Text on page one.', x: 50, y: 700}], [], [{text: 'Text on page three.', x: 50, y: 700}]]))
    const result = await renderDocument(path, {outputs: ['markdown']})
    expect(result.error).toBeUndefined()
    expect(result.file.messages.map((m) => m.reason)).toContain('No text on page(s) 2 (images only, or blank): OCR them to read their text')
  })

  it('a PDF over the page limit is refused on one line, before its pages are read', async () => {
    const pages = Array.from({length: 12}, (_, i) => [{text: `Page text number ${i + 1}.`, x: 50, y: 700}])
    const path = save(await makePdf(pages))
    const result = await renderDocument(path, {outputs: ['markdown'], pdf: {maxPages: 5}})
    expect(result.error).toBe('PDF too long: 12 pages (limit 5, see --max-pages)')
    expect(result.artifacts).toEqual([])
  })

  it('a 2,000-page PDF is refused under the default limit', async () => {
    const {PDFDocument} = await import('pdf-lib')
    const doc = await PDFDocument.create()
    for (let i = 0; i < 2000; i++) doc.addPage([200, 200])
    const path = save(await doc.save())
    const result = await renderDocument(path, {outputs: ['markdown']})
    expect(result.error).toBe('PDF too long: 2000 pages (limit 1000, see --max-pages)')
  })

  it.skipIf(!hasQpdf)('an encrypted PDF with a user password: error without it, read with it', async () => {
    const plain = save(await makePdf([[{text: 'Secret text of the document.', x: 50, y: 700}]]))
    const locked = join(dir, 'locked.pdf')
    execFileSync('qpdf', ['--encrypt', 'user1', 'owner1', '256', '--', plain, locked])
    const result = await renderDocument(locked)
    expect(result.error).toBe('encrypted PDF: it needs a password to open (not supported)')
    const opened = await renderDocument(locked, {outputs: ['markdown'], pdf: {password: 'user1'}})
    expect(blocks(opened.tree)).toEqual(['paragraph: Secret text of the document.'])
  })

  it.skipIf(!hasQpdf)('an encrypted PDF without a user password is read', async () => {
    const plain = save(await makePdf([[{text: 'Open but restricted text.', x: 50, y: 700}]]))
    const locked = join(dir, 'restricted.pdf')
    execFileSync('qpdf', ['--encrypt', '', 'owner1', '256', '--print=none', '--', plain, locked])
    const result = await renderDocument(locked, {outputs: ['markdown']})
    expect(result.error).toBeUndefined()
    expect(blocks(result.tree)).toEqual(['paragraph: Open but restricted text.'])
  })

  it('rotated text is not read into lines, and is reported', async () => {
    const {PDFDocument, StandardFonts, degrees} = await import('pdf-lib')
    const doc = await PDFDocument.create()
    const font = await doc.embedFont(StandardFonts.Helvetica)
    const page = doc.addPage([300, 300])
    page.drawText('Upright text of the page.', {x: 20, y: 200, size: 10, font})
    page.drawText('DRAFT', {x: 280, y: 50, size: 10, font, rotate: degrees(90)})
    const result = await renderDocument(save(await doc.save()), {outputs: ['markdown']})
    expect(blocks(result.tree)).toEqual(['paragraph: Upright text of the page.'])
    expect(result.file.messages.map((m) => m.reason)).toContain('Rotated text not read: 5 character(s) on page(s) 1')
  })

  it('a font without a Unicode map: the pages that lost text are named, the lost glyphs shown as U+FFFD', async () => {
    // A subset font as producers write them: no ToUnicode, glyphs named g1, g2, … at codes 1, 2, …
    const {PDFDocument, PDFName, StandardFonts} = await import('pdf-lib')
    const doc = await PDFDocument.create()
    const helvetica = await doc.embedFont(StandardFonts.Helvetica)
    const names = ['g1', 'g2', 'g3', 'g4'].map((n) => PDFName.of(n))
    const subset = doc.context.register(
      doc.context.obj({Type: 'Font', Subtype: 'Type1', BaseFont: 'ABCDEF+Custom', FirstChar: 1, LastChar: 4, Widths: [500, 500, 500, 500], Encoding: doc.context.obj({Type: 'Encoding', Differences: [1, ...names]})})
    )
    for (const [n, mapped] of [true, false, true].entries()) {
      const page = doc.addPage([300, 300])
      page.drawText(`Readable words on page ${['one', 'two', 'three'][n]}, in a font with its map.`, {x: 20, y: 250 - 30 * n, size: 10, font: helvetica})
      if (mapped) continue
      page.node.setFontDictionary(PDFName.of('FX'), subset)
      const stream = doc.context.register(doc.context.stream('BT /FX 10 Tf 20 200 Td <01020304> Tj ET'))
      page.node.addContentStream(stream)
    }
    const result = await renderDocument(save(await doc.save()), {outputs: ['markdown']})
    expect(result.error).toBeUndefined()
    const warning = result.file.messages.find((m) => m.ruleId === 'no-unicode' || m.ruleId === 'pdf:no-unicode')
    expect(warning?.reason).toMatch(/text lost on page\(s\) 2\b/)
    expect(toString(result.tree!)).toContain('\uFFFD\uFFFD\uFFFD\uFFFD')
    expect(toString(result.tree!)).not.toMatch(/[\u0001-\u0004]/)
  })

  it('page lists are short', () => {
    expect(pageList([1, 2, 3, 5, 7, 8])).toBe('1–3, 5, 7–8')
  })
})
