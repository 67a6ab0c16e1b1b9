/**
 * Page furniture against repeated text (issue 16, "Nothing lost"): running
 * heads and feet and page numbers in their usual forms go; text that
 * repeats in the body (chronology rows, table rows, list items, duplicated
 * paragraphs) stays even where it lands at the edges of many pages. Made-up
 * pages, built here.
 */
import type {Root} from 'mdast'
import {unified} from 'unified'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {listChanges} from '../pipeline/messages.js'
import {ingest} from '../pipeline/stages/ingest.js'
import {layout, rowOutline} from '../pipeline/stages/layout.js'
import type {RawLine} from '../pipeline/types.js'

async function run(raw: string) {
  const processor = unified().use(ingest).use(layout)
  const file = new VFile({path: 'fixture.txt', value: raw})
  const tree = (await processor.run(processor.parse(file), file)) as Root
  const removed = listChanges(file)
    .filter((m) => m.ruleId === 'layout:furniture')
    .map((m) => m.original!.trim())
  const kept = tree.children
    .filter((n): n is RawLine => n.type === 'rawLine')
    .map((n) => n.value.trim())
    .filter(Boolean)
  return {file, removed, kept}
}

const SUBJECTS = ['The commission', 'The harbour board', 'The lock keeper', 'The clerk of the works', 'The ferry company', 'The district engineer']
const VERBS = ['counted the barges at', 'inspected the gates of', 'wrote to the council about', 'raised the tolls at', 'repaired the landing at']
const PLACES = ['the lower locks', 'the north quay', 'the old weir', 'the timber wharf', 'the salt pans', 'the mill race', 'the east basin']
/** Prose line `n` of the document: no two alike. */
const prose = (n: number) =>
  `${SUBJECTS[n % SUBJECTS.length]} ${VERBS[(n * 7) % VERBS.length]} ${PLACES[(n * 3) % PLACES.length]} in the season of ${1900 + n},`

/** `count` pages of prose, `lines` lines each. */
const prosePages = (count: number, lines: number) => Array.from({length: count}, (_, p) => Array.from({length: lines}, (_, i) => prose(p * lines + i)))

const join = (pages: string[][]) => pages.map((lines) => lines.join('\n')).join('\n\f')

describe('layout furniture: running heads and page numbers still go', () => {
  it('two-sided heads (one text on even pages, another on odd ones) and "-- N --" feet', async () => {
    const heads = ['Annals of the Valley Commissions', 'The Lower River, 1921–1930']
    const pages = prosePages(8, 10).map((lines, p) => [heads[p % 2]!, '', ...lines, '', `-- ${p + 1} --`])
    const {removed, kept} = await run(join(pages))
    // The first page's head, with no title repeating it, may be read as the title.
    expect(removed.filter((t) => heads.includes(t)).length).toBeGreaterThanOrEqual(7)
    expect(removed.filter((t) => /^-- \d+ --$/.test(t))).toHaveLength(8)
    expect(kept.filter((t) => !heads.includes(t))).toEqual(pages.flatMap((lines) => lines.slice(2, -2)))
  })

  it('section titles as running heads (each over its own pages) and "Page N" feet', async () => {
    const sections = ['Chapter 1. The Early Surveys', 'Chapter 2. The Lower Locks', 'Chapter 3. Tolls and Ferries']
    const pages = prosePages(9, 8).map((lines, p) => [sections[Math.floor(p / 3)]!, ...lines, `Page ${p + 1}`])
    const {removed, kept} = await run(join(pages))
    expect(removed.filter((t) => t.startsWith('Page '))).toHaveLength(9)
    for (const section of sections.slice(1)) expect(removed.filter((t) => t === section)).toHaveLength(3)
    expect(kept.filter((t) => t.startsWith('The '))).toHaveLength(72)
  })

  it('"N of M" page numbers under a running footer', async () => {
    const pages = prosePages(6, 8).map((lines, p) => [...lines, '', 'Valley Research Service', `${p + 1} of 6`])
    const {removed, kept} = await run(join(pages))
    expect(removed).toEqual(pages.flatMap((lines) => lines.slice(-2)))
    expect(kept).toHaveLength(48)
  })

  it('a head of three lines of one outline (each a pair of capitalized words)', async () => {
    const head = ['Harbour Board', 'Northern District', 'Annual Report']
    const pages = prosePages(6, 8).map((lines, p) => [...head, ...lines, String(p + 1)])
    const {removed} = await run(join(pages))
    // The first page's head may stay as its title.
    for (const line of head) expect(removed.filter((t) => t === line).length).toBeGreaterThanOrEqual(5)
  })

  it('a running head above pages of chronology rows goes; the rows stay', async () => {
    const rows = chronologyRows(400, 3)
    const pages = Array.from({length: 10}, (_, p) => ['A Chronology of the Valley Commissions', String(p + 1), ...rows.slice(p * 30, p * 30 + 30)])
    const {removed, kept} = await run(join(pages))
    expect(removed.filter((t) => t.startsWith('A Chronology')).length).toBeGreaterThanOrEqual(9)
    expect(removed.filter((t) => /^\d+$/.test(t))).toHaveLength(10)
    expect(kept.filter((t) => !t.startsWith('A Chronology'))).toEqual(rows.slice(0, 300))
  })
})

/** Chronology rows: a date line, a place line and, with `perRow` 3, an occasion line; places and occasions repeat. */
function chronologyRows(count: number, perRow: 2 | 3): string[] {
  const places = ['Paris', 'Geneva', 'Vienna', 'Brussels', 'Lisbon']
  const occasions = ['Meeting of the working group', 'Session of the council', 'Talks between the ministers']
  const lines: string[] = []
  for (let r = 0; r < count; r++) {
    const date = `${(r % 28) + 1} March ${1990 + Math.floor(r / 28)}`
    const place = places[(r * 2) % places.length]!
    const occasion = occasions[r % occasions.length]!
    lines.push(...(perRow === 3 ? [date, place, occasion] : [date, `${place}: ${occasion}`]))
  }
  return lines
}

describe('layout furniture: repeated text stays', () => {
  // Pages whose length is a multiple of the row period put the same kind of row at every page edge.
  for (const [perRow, perPage] of [
    [3, 36],
    [3, 30],
    [2, 30],
    [2, 40]
  ] as const) {
    it(`chronology rows of ${perRow} lines on pages of ${perPage} lines (the same place or occasion ending many pages)`, async () => {
      const rows = chronologyRows(300, perRow)
      const pages = Array.from({length: 12}, (_, p) => rows.slice(p * perPage, (p + 1) * perPage))
      const {removed, kept, file} = await run(join(pages))
      expect(removed).toEqual([])
      expect(kept).toEqual(pages.flat())
      expect(file.messages.some((m) => m.ruleId === 'layout:furniture-share')).toBe(false)
    })
  }

  it('table rows that repeat at the foot of many pages', async () => {
    const stations = ['North Quay', 'Old Weir', 'Timber Wharf', 'Salt Pans']
    const rows = Array.from({length: 200}, (_, i) => `${stations[i % 4]}  ${['daily', 'weekly'][i % 2]}  ${['open', 'closed'][Math.floor(i / 4) % 2]}`)
    const pages = Array.from({length: 10}, (_, p) => [prose(p), ...rows.slice(p * 16, p * 16 + 16)])
    const {removed, kept} = await run(join(pages))
    expect(removed).toEqual([])
    expect(kept).toEqual(pages.flat())
  })

  it('numbered list items ending every page (an agenda repeated page after page)', async () => {
    const agenda = ['1. Opening of the meeting', '2. Minutes of the last meeting', '3. Any other business']
    const pages = prosePages(8, 6).map((lines) => [...lines, ...agenda])
    const {removed, kept} = await run(join(pages))
    expect(removed).toEqual([])
    expect(kept).toEqual(pages.flat())
  })

  it('duplicated paragraphs whose copies land at page edges (the original too)', async () => {
    // Pages apart by runs of blank lines; a stretch of 12 lines across a page break written three times over.
    const text = prosePages(8, 8)
      .map((lines) => lines.join('\n'))
      .join('\n\n\n')
      .split('\n')
    const at = text.indexOf(prose(21))
    const stretch = text.slice(at, at + 12)
    const raw = [...text.slice(0, at + 12), ...stretch, ...stretch, ...text.slice(at + 12)]
    const {removed, kept} = await run(raw.join('\n'))
    expect(removed).toEqual([])
    expect(kept).toEqual(raw.filter((l) => l.trim() !== ''))
  })
})

describe('layout furniture: a paragraph printed on several pages of a numbered document', () => {
  it('stays where its copies end the pages, right above the page numbers', async () => {
    const paragraph = ['The board resolved that the tolls at the lower locks', 'be raised by one penny a barge from the first of May', 'and that notice be given at every landing']
    const pages = prosePages(10, 8).map((lines, p) => [...lines, ...([3, 5, 7].includes(p) ? paragraph : []), String(p + 1)])
    const {removed, kept} = await run(join(pages))
    expect(removed).toEqual(pages.map((_, p) => String(p + 1)))
    for (const line of paragraph) expect(kept.filter((t) => t === line)).toHaveLength(3)
  })
})

describe('layout furniture: a line repeated at the edges of a few pages of a document without page numbers', () => {
  it('stays (a chapter head would come with page numbers)', async () => {
    const line = 'The board adjourned until the spring'
    const pages = prosePages(12, 8).map((lines, p) => ([3, 5, 8].includes(p) ? [...lines, line] : lines))
    const {removed, kept} = await run(join(pages))
    expect(removed).toEqual([])
    expect(kept.filter((t) => t === line)).toHaveLength(3)
  })

  it("goes when the pages are numbered (a chapter's own running head)", async () => {
    const line = 'Chapter 2. The Lower Locks'
    const pages = prosePages(12, 8).map((lines, p) => [...lines, ...([3, 4, 5].includes(p) ? [line] : []), String(p + 1)])
    const {removed} = await run(join(pages))
    expect(removed.filter((t) => t === line)).toHaveLength(3)
  })
})

describe('rowOutline', () => {
  it('gives rows of one kind one outline, and tells them from prose and heads', () => {
    expect(rowOutline('12 March 1999')).toBe(rowOutline('3 June 2001'))
    expect(rowOutline('Paris: Meeting of the working group')).toBe(rowOutline('Rome: Session of the council'))
    expect(rowOutline('North Quay  daily  open')).toBe(rowOutline('Salt Pans  weekly  closed'))
    expect(rowOutline('Annals of the Valley Commissions')).not.toBe(rowOutline('The commission counted the barges at the lower locks,'))
  })
})

describe('running heads that carry the current section title', () => {
  // Page 1 has no head; every later page is topped by the title of the section running there, beside the
  // page number, and each section's own heading shows once in the text, where it starts, over prose.
  const text = (from: number, n: number) => Array.from({length: n}, (_, i) => prose(from + i))
  const page = (head: string | undefined, number: number, body: string[]) =>
    [...(head ? [head, '', String(number), ''] : [String(number), '']), ...body].join('\n')
  const raw = [
    page(undefined, 1, ['Harbour Report', 'Welcome', ...text(0, 8)]),
    page('Harbour Works', 2, [...text(10, 4), 'Harbour Works', ...text(20, 8)]),
    page('Harbour Works', 3, [...text(30, 8), 'Dredging Plans', ...text(40, 3)]),
    page('Dredging Plans', 4, text(50, 10)),
    page('Dredging Plans', 5, [...text(60, 4), 'Tolls', ...text(70, 6)]),
    page('Tolls', 6, text(80, 10)),
    page('Tolls', 7, text(90, 10))
  ].join('\f')

  it('removes the heads and keeps each section heading in the text once', async () => {
    const {removed, kept} = await run(raw)
    expect(removed.filter((t) => t === 'Harbour Works')).toHaveLength(2)
    expect(removed.filter((t) => t === 'Dredging Plans')).toHaveLength(2)
    expect(removed.filter((t) => t === 'Tolls')).toHaveLength(2)
    for (const title of ['Harbour Works', 'Dredging Plans', 'Tolls']) expect(kept.filter((t) => t === title)).toHaveLength(1)
  })

  it('removes a head printed with its page number on one line (pdftotext -raw), also where it tops two pages only', async () => {
    const rawPage = (head: string, number: number, body: string[]) => [`${head} ${number}`, ...body].join('\n')
    const joined = [
      ['1', 'Harbour Report', 'Welcome', ...text(0, 8)].join('\n'),
      rawPage('Harbour Works', 2, [...text(10, 4), 'Harbour Works', ...text(20, 8)]),
      rawPage('Harbour Works', 3, text(30, 10)),
      rawPage('Harbour Works', 4, [...text(40, 8), 'Tolls', ...text(50, 3)]),
      rawPage('Tolls', 5, text(60, 10)),
      rawPage('Tolls', 6, text(70, 10))
    ].join('\f')
    const {removed, kept} = await run(joined)
    expect(removed).toEqual(expect.arrayContaining(['Harbour Works 2', 'Harbour Works 3', 'Harbour Works 4', 'Tolls 5', 'Tolls 6']))
    expect(kept.filter((t) => t === 'Tolls')).toHaveLength(1)
  })

  it('keeps a header row that repeats at page tops where a table of cells starts under it', async () => {
    const rows = (from: number, n: number) => Array.from({length: n}, (_, i) => `${1900 + from + i}   ${PLACES[(from + i) % PLACES.length]}   ${from + i} barges`)
    const table = [
      page(undefined, 1, ['Harbour Report', ...text(0, 8), 'Year   Place   Count', ...rows(0, 4)]),
      page('Year   Place   Count', 2, rows(10, 10)),
      page('Year   Place   Count', 3, rows(20, 10)),
      page(undefined, 4, text(30, 10))
    ].join('\f')
    const {kept} = await run(table)
    expect(kept.filter((t) => t === 'Year   Place   Count').length).toBeGreaterThanOrEqual(1)
  })
})

describe('a page number the extractor glued to a word cut at the page end', () => {
  // pdftotext joins a line ending in a hyphen with the next line it reads (here the page
  // number) and deletes the hyphen: "…to the harbour DePage 2", the word going on overleaf.
  const pages = prosePages(4, 8).map((lines, p) => [...lines, `Page ${p + 1}`])
  pages[1]![7] = 'The ferry company wrote to the harbour De'
  pages[1]!.pop()
  pages[1]![7] += 'Page 2'
  pages[2]![0] = 'partment about the tolls in the season of 1917,'
  const raw = pages.map((lines) => lines.join('\n')).join('\n\f') + '\n'

  it('splits the page number off, puts the hyphen back and removes the number as furniture', async () => {
    const {file, removed, kept} = await run(raw)
    expect(kept).toContain('The ferry company wrote to the harbour De-')
    expect(removed).toEqual(['Page 1', 'Page 2', 'Page 3', 'Page 4'])
    const split = listChanges(file).filter((m) => m.ruleId === 'layout:glued-page-number')
    expect(split).toHaveLength(1)
    expect(split[0]).toMatchObject({original: 'DePage 2', replacement: 'De-\nPage 2'})
    expect(split[0]!.line).toBe(17)
  })

  it('leaves a glued number alone when it does not count on from the page numbers around it', async () => {
    for (const glued of ['DePage 7', 'Depage 2']) {
      const {file, kept} = await run(raw.replace('DePage 2', glued))
      expect(kept).toContain(`The ferry company wrote to the harbour ${glued}`)
      expect(listChanges(file).filter((m) => m.ruleId === 'layout:glued-page-number')).toHaveLength(0)
    }
  })

  it('leaves a glued number alone when the pages print no such page numbers', async () => {
    const {file, kept} = await run(raw.replace(/^Page [134]$/gmu, 'The end of a page'))
    expect(kept).toContain('The ferry company wrote to the harbour DePage 2')
    expect(listChanges(file).filter((m) => m.ruleId === 'layout:glued-page-number')).toHaveLength(0)
  })
})
