import {readFileSync} from 'node:fs'
import type {Root} from 'mdast'
import {unified} from 'unified'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {listChanges} from '../pipeline/messages.js'
import {ingest} from '../pipeline/stages/ingest.js'
import {layout, lineShape, type LayoutOptions} from '../pipeline/stages/layout.js'
import type {RawLine} from '../pipeline/types.js'

const fixture = (name: string) => readFileSync(new URL(`fixtures/layout/${name}`, import.meta.url), 'utf8')

async function run(raw: string, options?: LayoutOptions) {
  const processor = unified().use(ingest).use(layout, options)
  const file = new VFile({path: 'fixture.txt', value: raw})
  const tree = (await processor.run(processor.parse(file), file)) as Root
  const removed = listChanges(file).filter((m) => m.ruleId === 'layout:furniture')
  const kept = tree.children.filter((n): n is RawLine => n.type === 'rawLine').map((n) => n.value.trim())
  return {tree, file, removed, kept, breaks: tree.children.filter((n) => n.type === 'pageBreak').length}
}

/** Lines of the raw text, form feeds taken out, blank lines dropped. */
const nonBlank = (raw: string) =>
  raw
    .split('\n')
    .map((l) => l.replace(/\f/g, '').trim())
    .filter(Boolean)

describe('layout: two-sided book pages (head and page number at the top)', () => {
  it('removes both running heads and every page number, and nothing else', async () => {
    const raw = fixture('two-sided.txt')
    const {removed, kept, breaks} = await run(raw)
    expect(breaks).toBe(7)
    const texts = removed.map((m) => m.original!.trim())
    expect(texts.filter((t) => t === 'The Lower River, 1921–1930')).toHaveLength(4)
    expect(texts.filter((t) => t === 'Annals of the Valley Commissions')).toHaveLength(4)
    expect(texts.filter((t) => /^\d+$/.test(t))).toEqual(['1', '2', '3', '4', '5', '6', '7', '8'])
    expect(removed).toHaveLength(16)
    // Every other line is still there, in order.
    const gone = new Set(removed.map((m) => m.line))
    const expected = raw.split('\n').flatMap((line, i) => (gone.has(i + 1) ? [] : nonBlank(line)))
    expect(kept.filter(Boolean)).toEqual(expected)
  })

  it('removes heads that carry the page number on the same line (pdftotext -layout)', async () => {
    const raw = fixture('two-sided.txt')
      .split('\f')
      .map((page) => {
        const lines = page.split('\n')
        const at = lines.findIndex((l) => l.trim() !== '')
        return [...lines.slice(0, at), `${lines[at]}${' '.repeat(20)}${lines[at + 1]}`, ...lines.slice(at + 2)].join('\n')
      })
      .join('\f')
    const {removed, kept} = await run(raw)
    expect(removed).toHaveLength(8)
    expect(removed.every((m) => /\d/.test(m.original!))).toBe(true)
    expect(kept.filter(Boolean)[0]).toBe('The Lower River, 1921–1930')
  })

  it('keeps the title that repeats the running head right under it', async () => {
    const {kept} = await run(fixture('two-sided.txt'))
    expect(kept.filter(Boolean)[0]).toBe('The Lower River, 1921–1930')
  })

  it('records each removal with its position and text', async () => {
    const raw = fixture('two-sided.txt')
    const {removed} = await run(raw)
    const lines = raw.split('\n')
    for (const message of removed) {
      expect(message.replacement).toBe('')
      expect(message.place).toBeDefined()
      const line = message.line!
      expect(lines[line - 1]!.replace(/\f/g, '')).toBe(message.original)
    }
  })
})

describe('layout: report pages (head, "… Research Service" footer, page number, a table)', () => {
  it('removes head, footer and page number on every page, also a footer the extractor moved into a table', async () => {
    const {removed} = await run(fixture('report.txt'))
    const texts = removed.map((m) => m.original!.trim())
    expect(texts.filter((t) => t.startsWith('Tolls on the Lower River'))).toHaveLength(6)
    expect(texts.filter((t) => t === 'Valley Research Service')).toHaveLength(6)
    expect(texts.filter((t) => /^\d+$/.test(t))).toEqual(['1', '2', '3', '4', '5', '6'])
    expect(removed.some((m) => m.reason.includes('moved into the page'))).toBe(true)
  })

  it('keeps the title of a cover page that has no running head, although it repeats the head', async () => {
    const raw = fixture('report.txt').replace(/^Tolls on the Lower River: Schedules, 1921-1930\n\n/, '')
    const {removed, kept} = await run(raw)
    expect(kept.filter(Boolean).slice(0, 2)).toEqual(['Tolls on the Lower River: Schedules, 1921-1930', 'Summary'])
    expect(removed.map((m) => m.original!.trim()).filter((t) => t.startsWith('Tolls on the Lower River'))).toHaveLength(5)
  })

  it('keeps the title under the head, the table header repeated on two pages, and the numbers in table cells', async () => {
    const {kept} = await run(fixture('report.txt'))
    const lines = kept.filter(Boolean)
    expect(lines.slice(0, 2)).toEqual(['Tolls on the Lower River: Schedules, 1921-1930', 'Summary'])
    expect(lines.filter((l) => l === 'Year')).toHaveLength(2)
    expect(lines).toContain('1921')
    expect(lines).toContain('1930')
  })
})

describe('layout: chapter running heads (each over a few pages only)', () => {
  it('removes a chapter head seen on two pages next to the page number, the book title, and every page number', async () => {
    const {removed, kept} = await run(fixture('chapter-heads.txt'))
    const texts = removed.map((m) => m.original!.trim())
    expect(texts.filter((t) => /^\d+$/.test(t))).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'])
    expect(texts.filter((t) => t === 'Annals of the Valley Commissions')).toHaveLength(5)
    // On the first page the chapter's head is the only line with its text: it is read as the title and stays.
    expect(texts.filter((t) => t.startsWith('Chapter 1.'))).toHaveLength(1)
    expect(kept[0]).toBe('Chapter 1. The Early Surveys')
    expect(texts.filter((t) => t.startsWith('Chapter 2.'))).toHaveLength(2)
    // Body text stays, page numbers go even where the line before them is not furniture.
    expect(kept.filter((l) => /^\d+$/.test(l))).toEqual([])
    expect(kept.filter((l) => l.startsWith('The ')).length).toBeGreaterThan(10)
  })
})

describe('layout: a long table without running heads', () => {
  it('keeps its header row, repeated at the top of every page the table runs over', async () => {
    const prose = (n: number) => `The commission counted the barges at the lower locks in season ${n}, and the clerks kept the tally.`
    const rows = (from: number) => Array.from({length: 6}, (_, i) => `${1921 + from + i}  ${110 + i}  ${1200 + 37 * i}`)
    const pages = [
      [prose(1), prose(2), prose(3)],
      [prose(4), prose(5), prose(6)],
      [prose(7), prose(8), prose(9)],
      [prose(10), prose(11), 'Year  Toll  Barges', ...rows(0)],
      ['Year  Toll  Barges', ...rows(6)],
      ['Year  Toll  Barges', ...rows(12)],
      ['Year  Toll  Barges', ...rows(18)],
      [prose(12), prose(13), prose(14)]
    ]
    const {removed, kept} = await run(pages.map((p, i) => [...p, '', String(i + 1)].join('\n')).join('\n\f'))
    expect(removed.map((m) => m.original)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8'])
    expect(kept.filter((l) => l.startsWith('Year'))).toHaveLength(4)
  })
})

describe('layout: "Page N" footers under a two-line head', () => {
  it('removes them', async () => {
    const {removed, kept} = await run(fixture('page-n.txt'))
    // The first line of the first page, with no title repeating it, is read as the title: it stays.
    expect(kept[0]).toBe('Ferries and Tolls on the Lower River, 1921–1930')
    expect(removed.map((m) => m.original!.trim())).toEqual([
      'Valley Commission Papers',
      'Page 1',
      ...[2, 3].flatMap((n) => ['Ferries and Tolls on the Lower River, 1921–1930', 'Valley Commission Papers', `Page ${n}`])
    ])
  })
})

describe('layout: the corpus document', () => {
  it('finds its page breaks (runs of blank lines) and removes nothing', async () => {
    const raw = readFileSync(new URL('../input/nagorno-karabakh-conflict.txt', import.meta.url), 'utf8')
    const {removed, breaks} = await run(raw)
    expect(breaks).toBe(15)
    expect(removed).toEqual([])
  })

  it('keeps the year headings at the tops of the chronology pages: they are not page numbers', async () => {
    const raw = fixture('corpus-chronology.txt')
    const {removed, kept} = await run(raw)
    expect(removed).toEqual([])
    for (const year of ['1993', '1997', '2000', '2001', '2002', '2006', '2010']) expect(kept).toContain(year)
  })
})

describe('layout: page breaks', () => {
  it('turns runs of two or more blank lines into one page break and keeps single blank lines', async () => {
    const {tree} = await run('one\n\ntwo\n\n\nthree\n\n\n\n\nfour\n')
    expect(tree.children.map((n) => (n.type === 'pageBreak' ? '|' : (n as RawLine).value))).toEqual([
      'one',
      '',
      'two',
      '|',
      'three',
      '|',
      'four',
      ''
    ])
  })

  it('takes only form feeds as page breaks where the text has them (runs of blank lines are then vertical space)', async () => {
    // Two-sided pages with three blank lines in the middle of every page, as pdftotext -layout leaves them.
    const raw = fixture('two-sided.txt')
      .split('\f')
      .map((page) => {
        const lines = page.split('\n')
        return [...lines.slice(0, 8), '', '', '', ...lines.slice(8)].join('\n')
      })
      .join('\f')
    const {removed, breaks} = await run(raw)
    expect(breaks).toBe(7)
    expect(removed).toHaveLength(16)
  })

  it('still takes runs of blank lines as page breaks when the only form feed ends the text', async () => {
    const {breaks} = await run('one\n\n\ntwo\n\n\nthree\n\f')
    expect(breaks).toBe(3)
  })

  it('honours blankRunForBreak', async () => {
    const {breaks} = await run('one\n\n\ntwo\n\n\n\nthree\n', {blankRunForBreak: 3})
    expect(breaks).toBe(1)
  })

  it('leaves a single page alone, and a body line repeated at page edges when it is long', async () => {
    expect((await run('Summary\nA line.\n1\n')).removed).toEqual([])
    const long = 'This sentence is long enough to be body text rather than a running head, '.repeat(2).trim()
    const raw = [1, 2, 3, 4].map((n) => `${long}\nbody ${n} of the page\nmore text ${n * 7}`).join('\f')
    expect((await run(raw)).removed.filter((m) => m.original === long)).toEqual([])
  })
})

describe('lineShape', () => {
  it('folds digits, roman numerals, case and spacing', () => {
    expect(lineShape('  Page 12  ')).toBe('page #')
    expect(lineShape('Chapter IV:   The  Flood')).toBe('chapter #: the flood')
    expect(lineShape('2 Milestones')).toBe(lineShape('14 Milestones'))
  })
})

describe('layout: appendix labels opening pages', () => {
  it('keeps "APPENDIX 1", "APPENDIX 2", … at page tops (they advance like page numbers but are labels)', async () => {
    const prose = (n: number) =>
      Array.from({length: 4}, (_, i) => `Line ${i + 1} of the prose on page ${n} runs on at about the same width as the rest.`).join('\n')
    const pages = [1, 2, 3, 4, 5, 6].map(prose)
    for (const n of [1, 2, 3]) pages.push(`APPENDIX ${n}\nList of documents, part ${n}\n\n${prose(6 + n)}`)
    const {removed, kept} = await run(pages.join('\n\n\n') + '\n')
    expect(removed.map((m) => m.original)).toEqual([])
    for (const n of [1, 2, 3]) expect(kept).toContain(`APPENDIX ${n}`)
  })
})

describe('layout: nothing lost to furniture', () => {
  const body = (n: number) => `The board met on day ${n} and read the minutes of the meeting before, then adjourned.`

  it('warns, naming the count, when furniture removal takes more than a small share of the words', async () => {
    const pages = Array.from({length: 6}, (_, i) => ['Minutes of the Harbour Board, Northern District Office', String(i + 1), '', body(i)].join('\n'))
    const {file, removed} = await run(pages.join('\n\f'))
    expect(removed.length).toBeGreaterThan(6)
    const warning = file.messages.find((m) => m.ruleId === 'layout:furniture-share')
    expect(warning).toBeDefined()
    expect(warning!.reason).toMatch(/takes \d+ of \d+ words/)
  })

  it('does not warn for ordinary running heads', async () => {
    const long = (i: number) => Array.from({length: 8}, (_, k) => body(i * 10 + k)).join('\n')
    const pages = Array.from({length: 6}, (_, i) => ['Harbour Board', String(i + 1), '', long(i)].join('\n'))
    const {file, removed} = await run(pages.join('\n\f'))
    expect(removed.length).toBeGreaterThanOrEqual(11) // the first page's head may stay as its title
    expect(file.messages.some((m) => m.ruleId === 'layout:furniture-share')).toBe(false)
  })

  it('never takes a list item that repeats at page edges for furniture', async () => {
    const pages = Array.from({length: 6}, (_, i) => [String(i + 1), '', body(i), body(i + 100), '• Approved by the board'].join('\n'))
    const {kept} = await run(pages.join('\n\f'))
    expect(kept.filter((l) => l === '• Approved by the board')).toHaveLength(6)
  })
})

describe('layout: page number styles', () => {
  const body = (n: number) => `The board met on day ${n} and read the minutes of the meeting before, then adjourned for lunch.`
  for (const style of [(n: number) => `-- ${n} --`, (n: number) => `– ${n} –`, (n: number) => `Page ${n}`, (n: number) => `${n} of 5`]) {
    it(`removes "${style(3)}" at the page foot on every page`, async () => {
      const pages = Array.from({length: 5}, (_, i) => [body(i), body(i + 10), body(i + 20), '', style(i + 1)].join('\n'))
      const {removed, kept} = await run(pages.join('\n\f'))
      expect(removed.map((m) => m.original!.trim())).toEqual([1, 2, 3, 4, 5].map(style))
      expect(kept.filter(Boolean)).toHaveLength(15)
    })
  }
})
