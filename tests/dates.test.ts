import {readFileSync} from 'node:fs'
import edtf from 'edtf'
import fc from 'fast-check'
import type {Heading, Paragraph, PhrasingContent, Root, Text} from 'mdast'
import {toString} from 'mdast-util-to-string'
import {unified} from 'unified'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {renderDocument} from '../pipeline/build.js'
import {findDates, isValidEdtf, parseDateText} from '../pipeline/dates/index.js'
import {emitMarkdown} from '../pipeline/emit/markdown.js'
import {DATE_STYLES, formatDate, type DateStyle} from '../pipeline/emit/format-date.js'
import {listChanges, type ReprintMessage} from '../pipeline/messages.js'
import {dates} from '../pipeline/stages/dates.js'
import {tokenize} from '../pipeline/dates/tokens.js'
import type {DateMention} from '../pipeline/types.js'

/** The `edtf` package accepts the value (what downstream EDTF readers will use). */
function edtfAccepts(value: string): boolean {
  try {
    edtf(value)
    return true
  } catch {
    return false
  }
}

describe('parseDateText: every form of the issue', () => {
  // [text, context year, EDTF, inferred]
  const cases: [string, number | undefined, string, boolean][] = [
    // full dates, both orders
    ['February 13, 1988', undefined, '1988-02-13', false],
    ['26 February 1992', undefined, '1992-02-26', false],
    ['February 13 1988', undefined, '1988-02-13', false],
    ['Feb. 13, 1988', undefined, '1988-02-13', false],
    ['the 4th of July 1976', undefined, '1976-07-04', false],
    ['1988-02-13', undefined, '1988-02-13', false],
    ['SEPT. 11, 2001', undefined, '2001-09-11', false],
    // day and month without a year
    ['July 18', 1988, '1988-07-18', true],
    ['21 January', 1990, '1990-01-21', true],
    ['the 20th January', 1990, '1990-01-20', true],
    ['July 18', undefined, 'XXXX-07-18', false],
    // month and year
    ['May 1990', undefined, '1990-05', false],
    ['May of 1990', undefined, '1990-05', false],
    ['February', 1992, '1992-02', true],
    // bare years
    ['1923', undefined, '1923', false],
    // year ranges
    ['1988-1989', undefined, '1988/1989', false],
    ['1988–1989', undefined, '1988/1989', false],
    ['1948–53', undefined, '1948/1953', false],
    ['from 1988 to 1993', undefined, '1988/1993', false],
    ['between 1990 and 1995', undefined, '1990/1995', false],
    // day ranges
    ['January 30-31, 1992', undefined, '1992-01-30/1992-01-31', false],
    ['25-26 October 2019', undefined, '2019-10-25/2019-10-26', false],
    ['February 16 to March 2', 1988, '1988-02-16/1988-03-02', true],
    ['January 12 to November 28, 1989', undefined, '1989-01-12/1989-11-28', false],
    ['September 5–October 3, 1945', undefined, '1945-09-05/1945-10-03', false],
    ['December 28, 1991 – January 3, 1992', undefined, '1991-12-28/1992-01-03', false],
    ['December 28 to January 3', 1991, '1991-12-28/1992-01-03', true],
    ['May–June 1990', undefined, '1990-05/1990-06', false],
    // seasons and vague times
    ['summer of 1997', undefined, '1997-22', false],
    ['autumn 1997', undefined, '1997-23', false],
    ['late 1987', undefined, '1987', false],
    ['early 2016', undefined, '2016', false],
    ['the end of 2009', undefined, '2009', false],
    ['the first half of 1990', undefined, '1990-40', false],
    ['late 1980s', undefined, '198X', false],
    ['the 1990s', undefined, '199X', false],
    ['mid-1990s', undefined, '199X', false],
    ['the 1980’s', undefined, '198X', false],
    ['the 21st century', undefined, '20XX', false],
    ['the twentieth century', undefined, '19XX', false],
    ['early March', 1988, '1988-03', true],
    // upper-case table dates
    ['25 SEPTEMBER', 1993, '1993-09-25', true],
    ['10-11 FEBRUARY', 2008, '2008-02-10/2008-02-11', true],
    ['18  NOVEMBER', 1998, '1998-11-18', true],
    ['17-18 JULY', undefined, 'XXXX-07-17/XXXX-07-18', false]
  ]
  it.each(cases)('%s (year %s) → %s', (text, year, value, inferred) => {
    const parsed = parseDateText(text, {year})
    expect(parsed?.edtf).toBe(value)
    expect(parsed?.inferred).toBe(inferred)
    expect(parsed?.unresolved).toBe(value.startsWith('XXXX'))
    expect(isValidEdtf(value)).toBe(true)
    expect(edtfAccepts(value)).toBe(true)
  })

  it.each(['Resolution No. 1416', 'Article 78', '40,000', 'the 7th Summit', '21st meeting', 'February 30', '31 April 1990', 'March', 'may'])(
    '%s is not a date',
    (text) => {
      expect(parseDateText(text)?.edtf).toBe(text === 'March' ? 'XXXX-03' : undefined)
    }
  )
})

describe('findDates in prose', () => {
  // [sentence, mentions as `text=edtf` (years not resolved: XXXX)]
  const cases: [string, string[]][] = [
    ['The oblast was established in 1923, and annexed later.', ['1923=1923']],
    ['Throughout 2016, talks were held.', ['2016=2016']],
    ['Until 1988, the territory was populated.', ['1988=1988']],
    ['They were expelled in 1905-1906, 1918-1920, 1948-1953.', ['1905-1906=1905/1906', '1918-1920=1918/1920', '1948-1953=1948/1953']],
    ['From 1988 to 1993, 900 settlements were destroyed.', ['1988 to 1993=1988/1993']],
    ['the plan for 1990. On May 20, 1990, deputies', ['1990=1990', 'May 20, 1990=1990-05-20']],
    ['the August events of 1991 which', ['1991=1991']],
    ['at the organization’s 1994 Budapest summit to', ['1994=1994']],
    ['pursuant to a 1946 proclamation by', ['1946=1946']],
    ['In summer of 1997, a draft. In autumn of 1997, during', ['summer of 1997=1997-22', 'autumn of 1997=1997-23']],
    ['From the summer of 1973 to the summer of 1975, talks', ['the summer of 1973=1973-22', 'the summer of 1975=1975-22']],
    ['acts in late 1980s, the conflict', ['late 1980s=198X']],
    ['began in the late 1987. In 1988-\n1989, Azerbaijanis', ['the late 1987=1987', '1988-\n1989=1988/1989']],
    ['At the end of 2009, an updated draft', ['the end of 2009=2009']],
    ['In the early 2016, when', ['the early 2016=2016']],
    ['one of the most tragic conflicts of the 21st century, with', ['the 21st century=20XX']],
    ['The tragedy of the 20th January played', ['the 20th January=XXXX-01-20']],
    ['in Moscow on 21 January and voiced', ['21 January=XXXX-01-21']],
    ['In June and July, Armenia tried', ['June=XXXX-06', 'July=XXXX-07']],
    ['After sending a mission in February, the Committee', ['February=XXXX-02']],
    ['In early March, two organizations', ['early March=XXXX-03']],
    ['held in Prague on January \n30-31, 1992, the organization', ['January \n30-31, 1992=1992-01-30/1992-01-31']],
    ['existed from January 12 to November 28, 1989)', ['January 12 to November 28, 1989=1989-01-12/1989-11-28']],
    ['the Non-Aligned Movement held in Baku on 25-26 October 2019.', ['25-26 October 2019=2019-10-25/2019-10-26']],
    ['born in 1966, and her granddaughter, born in 2016.', ['1966=1966', '2016=2016']],
    ['Declaration of 2012, the Cardiff Declaration of 2014, the Warsaw', ['2012=2012', '2014=2014']],
    ['The Nuremberg Trial and the Tokyo War Crimes Trials (1945–1948)', ['1945–1948=1945/1948']],
    ['between 1990 and 1995 the economy shrank', ['1990 and 1995=1990/1995']],
    ['The dataset was updated on 2019-10-25 and again c. 1900.', ['2019-10-25=2019-10-25', '1900=1900']],
    ['Between 12 and 15 March 1990 the talks stalled; in 2008/09 the budget rose.', ['12 and 15 March 1990=1990-03-12/1990-03-15', '2008/09=2008/2009']],
    ['He served from 1 January 2000 to 31 December 2004.', ['1 January 2000 to 31 December 2004=2000-01-01/2004-12-31']]
  ]
  it.each(cases)('%j', (sentence, expected) => {
    const got = findDates(sentence).map((f) => {
      const parsed = parseDateText(f.text)
      return `${f.text}=${parsed?.edtf ?? '?'}`
    })
    expect(got).toEqual(expected)
  })

  // Numbers that are not times.
  const nonDates = [
    'in Resolution No. 1416 “On the Nagorno-Karabakh conflict”',
    'reaffirmed in Resolution No. \n1416 “On the conflict”',
    'compliance with UN Security Council Resolutions 822, 853, 874 and 884 and',
    'the Council adopted Resolution 822, demanding',
    'involving more than 40,000 personnel.',
    'the relevant provision of the USSR Constitution (Article 78).',
    'Armenia refused to accept paragraphs 7 and 8 of the document.',
    'As a result, 613 civilians were killed, including 106 women and 63 children.',
    'The 7th Summit of the OIC Heads of State',
    'adopted by the 21st meeting of the foreign ministers',
    'Addressing the 16th annual meeting of the Valdai Club',
    'the occupation of 20 percent of the territory',
    'in 1500 villages across the region',
    'a total of 2000 people were displaced',
    'the bloody January events and the August events',
    'May I ask? We may march. The April events',
    'the 18th Summit and 49th Session',
    'pages 1200-1250 of volume 3',
    'It rose to 1500 in the first round.',
    'A population of 2010 people lived there.'
  ]
  it.each(nonDates)('no date in %j', (sentence) => {
    expect(findDates(sentence).map((f) => f.text)).toEqual([])
  })
})

describe('EDTF validation', () => {
  it.each(['1900-02-29', '1988-02-30', '1989/1988', '1988-07/1988-06', '1988-13', 'XXXX', '1993-09-25/1993-09-25', 'XXXX-22', '1973-22/1975-22', 'abc'])(
    'rejects %s',
    (value) => expect(isValidEdtf(value)).toBe(false)
  )
  it('never accepts a value that the edtf library rejects (every shape we emit, alone and in pairs)', () => {
    const singles = [
      '1988', '1989', '2000', '1900', '1988-02', '1988-12', '1989-01', '1988-02-13', '1988-02-29', '2000-02-29', '1988-12-31',
      '1989-01-01', 'XXXX-02', 'XXXX-12', 'XXXX-02-13', 'XXXX-02-29', 'XXXX-12-31', 'XXXX-01-01', '1988-22', '1988-40',
      '198X', '199X', '19XX', '20XX', '1000-01-01', '2099-12-31'
    ]
    const values = [...singles, ...singles.flatMap((a) => singles.map((b) => `${a}/${b}`))]
    const disagreements = values.filter((v) => isValidEdtf(v) && !edtfAccepts(v))
    expect(disagreements).toEqual([])
    expect(values.filter((v) => isValidEdtf(v)).length).toBeGreaterThan(150) // and it accepts most of them
  })

  it.each(['2000-02-29', 'XXXX-02-29', '1997-22', '198X', '20XX', '1988/1989', 'XXXX-02-16/XXXX-03-02'])('accepts %s', (value) => {
    expect(isValidEdtf(value)).toBe(true)
    expect(edtfAccepts(value)).toBe(true)
  })
})

/** A paragraph of one text node per source line, the way `paragraphs` builds it. */
function paragraph(id: string, firstLine: number, lines: string[]): Paragraph {
  let offset = 0
  const children: Text[] = lines.map((line, i) => {
    const value = i < lines.length - 1 ? `${line} ` : line
    const node: Text = {
      type: 'text',
      value,
      position: {
        start: {line: firstLine + i, column: 1, offset},
        end: {line: firstLine + i, column: 1 + line.length, offset: offset + line.length}
      }
    }
    offset += line.length + 1
    return node
  })
  return {
    type: 'paragraph',
    children,
    data: {id},
    position: {start: children[0]!.position!.start, end: children.at(-1)!.position!.end}
  }
}

function heading(text: string, line: number): Heading {
  return {type: 'heading', depth: 2, children: [{type: 'text', value: text, position: {start: {line, column: 1}, end: {line, column: 1 + text.length}}}]}
}

async function runDates(tree: Root, dateStyle?: DateStyle): Promise<{tree: Root; file: VFile}> {
  const file = new VFile({path: 'test.txt'})
  await unified().use(dates, {dateStyle}).run(tree, file)
  return {tree, file}
}

function dateNodes(node: Root | Paragraph | Heading): DateMention[] {
  const out: DateMention[] = []
  const walk = (n: {type: string; children?: unknown[]}) => {
    if (n.type === 'date') out.push(n as unknown as DateMention)
    for (const c of (n.children ?? []) as {type: string}[]) walk(c)
  }
  walk(node as {type: string; children?: unknown[]})
  return out
}

describe('dates stage on the tree', () => {
  it('finds a date that spans two lines and keeps source positions', async () => {
    const p = paragraph('p-1', 10, ['the Council of Ministers held in Prague on January', '30-31, 1992, the organization started'])
    const before = toString(p)
    await runDates({type: 'root', children: [p]})
    expect(toString(p)).toBe(before)
    const [d] = dateNodes(p)
    expect(d).toMatchObject({value: 'January 30-31, 1992', edtf: '1992-01-30/1992-01-31', inferred: false})
    expect(d!.position!.start).toMatchObject({line: 10, column: 44})
    expect(d!.position!.end).toMatchObject({line: 11, column: 12})
    // the pieces around it keep their lines
    const texts = p.children.filter((c): c is Text => c.type === 'text')
    expect(texts[0]!.value).toBe('the Council of Ministers held in Prague on ')
    expect(texts[0]!.position!.end).toMatchObject({line: 10, column: 44})
    expect(texts[1]!.value).toBe(', the organization started')
    expect(texts[1]!.position!.start).toMatchObject({line: 11, column: 12})
  })

  it('resolves missing years from the nearest preceding date in the section, and no further', async () => {
    const tree: Root = {
      type: 'root',
      children: [
        heading('Events', 1),
        paragraph('p-1', 2, ['On February 13, 1988, a rally. On July 18, a decision.']),
        paragraph('p-2', 3, ['From 1988 to 1993, damage. On April 2 it resumed.']),
        heading('Later', 4),
        paragraph('p-3', 5, ['On July 4, civilians were killed.'])
      ]
    }
    const {file} = await runDates(tree)
    const all = dateNodes(tree).map((d) => [d.value, d.edtf, d.inferred])
    expect(all).toEqual([
      ['February 13, 1988', '1988-02-13', false],
      ['July 18', '1988-07-18', true],
      ['1988 to 1993', '1988/1993', false],
      ['April 2', '1993-04-02', true],
      ['July 4', 'XXXX-07-04', false]
    ])
    const warnings = (file.messages as ReprintMessage[]).filter((m) => m.ruleId === 'dates:unresolved-year')
    expect(warnings).toHaveLength(1)
    expect(warnings[0]!.fatal).toBe(false)
    expect(warnings[0]!.place).toMatchObject({start: {line: 5, column: 4}})
  })

  it('gives a day printed again without its year the year it was printed with, and continues from there', async () => {
    const tree: Root = {
      type: 'root',
      children: [
        paragraph('p-1', 1, ['Troops entered the city on 20 January 1990. In the early hours of 26 February 1992, the town fell.']),
        paragraph('p-2', 2, ['The tragedy of the 20th January changed everything; on 21 January he protested. On July 4, they met.']),
        paragraph('p-3', 3, ['Talks resumed in March, May and June 1995.'])
      ]
    }
    await runDates(tree)
    expect(dateNodes(tree).map((d) => [d.value, d.edtf, d.inferred])).toEqual([
      ['20 January 1990', '1990-01-20', false],
      ['26 February 1992', '1992-02-26', false],
      ['the 20th January', '1990-01-20', true],
      ['21 January', '1990-01-21', true],
      ['July 4', '1990-07-04', true],
      ['March', '1995-03', true],
      ['May', '1995-05', true],
      ['June 1995', '1995-06', false]
    ])
  })

  it('takes a year alone on a line as a date (a table cell), but not an amount', async () => {
    const p = paragraph('p-1', 1, ['1915', 'James R. Mann (IL)', '195', '1250', 'Total 1,154'])
    await runDates({type: 'root', children: [p]})
    expect(dateNodes(p).map((d) => [d.value, d.edtf])).toEqual([['1915', '1915']])
  })

  it('works on a tree without source positions (remark users): date nodes without positions', async () => {
    const p: Paragraph = {type: 'paragraph', children: [{type: 'text', value: 'Signed on February 13, 1988 in Baku.'}]}
    const {file} = await runDates({type: 'root', children: [p]})
    const [d] = dateNodes(p)
    expect(d).toMatchObject({value: 'February 13, 1988', edtf: '1988-02-13'})
    expect(d!.position).toBeUndefined()
    expect(toString(p)).toBe('Signed on February 13, 1988 in Baku.')
    expect(listChanges(file)).toHaveLength(1)
  })

  it('marks quotations and never restyles them', async () => {
    const p = paragraph('p-1', 1, ['He said “on 5 August 2019 we met” and on 3 October 2019 he replied.'])
    const {file} = await runDates({type: 'root', children: [p]})
    const [quoted, plain] = dateNodes(p)
    expect(quoted).toMatchObject({value: '5 August 2019', quoted: true})
    expect(plain!.quoted).toBeUndefined()
    const md = emitMarkdown({type: 'root', children: [p]}, {dateStyle: 'mdy'})
    expect(md).toContain('“on 5 August 2019 we met”')
    // dmy: nothing to change in either
    expect(listChanges(file)).toHaveLength(0)
  })

  const prose = [
    'On February 13, 1988, a rally; from February 16 to March 2 more; on July 18, a decision.',
    'Ministers met on January 30-31, 1992, and on 26 February 1992 and in May 1990 and 25-26 October 2019.',
    'In 1988-1989 and in summer of 1997 and the 20th January, “on June 14, 1988” he wrote.'
  ]
  it.each(DATE_STYLES)('style %s: the Markdown writer prints exactly the recorded rewrites', async (style) => {
    const p = paragraph('p-1', 1, prose)
    const original = toString(p)
    const {tree, file} = await runDates({type: 'root', children: [p]}, style)
    const md = emitMarkdown(tree, {dateStyle: style}).trim()
    // Apply the recorded changes to the original text, in order: the result is the Markdown paragraph.
    let expected = ''
    let cursor = 0
    for (const node of p.children as PhrasingContent[]) {
      const value = node.type === 'date' || node.type === 'text' ? node.value : ''
      if (node.type === 'date') {
        const change = listChanges(file).find((c) => c.original === node.value && c.place && 'start' in c.place && c.place.start.line === node.position!.start.line && c.place.start.column === node.position!.start.column)
        expected += change ? change.replacement : node.value
      } else expected += value
      cursor += value.length
    }
    expect(cursor).toBe(original.length)
    expect(md).toBe(expected)
    if (style === 'preserve') expect(listChanges(file)).toHaveLength(0)
    else expect(listChanges(file).length).toBeGreaterThan(0)
    for (const change of listChanges(file)) expect(change.ruleId).toBe('dates:style')
  })

  it('restyles as documented', () => {
    const cases: [string, string, DateStyle, string][] = [
      ['February 13, 1988', '1988-02-13', 'dmy', '13 February 1988'],
      ['13 February 1988', '1988-02-13', 'mdy', 'February 13, 1988'],
      ['February 13, 1988', '1988-02-13', 'iso', '1988-02-13'],
      ['January 30-31, 1992', '1992-01-30/1992-01-31', 'dmy', '30–31 January 1992'],
      ['25-26 October 2019', '2019-10-25/2019-10-26', 'mdy', 'October 25–26, 2019'],
      ['September 5–October 3, 1945', '1945-09-05/1945-10-03', 'dmy', '5 September–3 October 1945'],
      ['May 1990', '1990-05', 'iso', '1990-05'],
      ['25 SEPTEMBER', '1993-09-25', 'dmy', '25 September 1993'],
      ['1988-1989', '1988/1989', 'dmy', '1988-1989'],
      ['late 1987', '1987', 'iso', 'late 1987'],
      ['the 20th January', '1990-01-20', 'dmy', 'the 20th January']
    ]
    for (const [value, e, style, out] of cases) expect(formatDate(value, e, style)).toBe(out)
    // An inferred year is not printed.
    expect(formatDate('July 18', '1988-07-18', 'dmy', {inferred: true})).toBe('18 July')
    expect(formatDate('July 18', '1988-07-18', 'iso', {inferred: true})).toBe('July 18')
  })
})

interface Gold {
  line: number
  column: number
  text: string
  value: string
  inferred: boolean
  truth?: string
}

const norm = (s: string) => s.replace(/\s+/g, ' ').replace(/[–—-]\s*/g, '-').replace(/^the /i, '').trim()

/** Match found mentions to the gold list: same start line and the same text (one may add "the"). */
export function score(gold: Gold[], found: {text: string; value: string; position?: {start: {line: number}}}[]) {
  const used = new Set<number>()
  let matched = 0
  let exact = 0
  const misses: Gold[] = []
  for (const g of gold) {
    const k = found.findIndex((f, i) => !used.has(i) && f.position?.start.line === g.line && norm(f.text) === norm(g.text))
    if (k < 0) {
      misses.push(g)
      continue
    }
    used.add(k)
    matched++
    if (found[k]!.value === g.value) exact++
  }
  const falses = found.filter((_, i) => !used.has(i))
  return {matched, exact, falses, misses}
}

describe('corpus document', () => {
  const gold = JSON.parse(readFileSync('tests/fixtures/dates/corpus-gold.json', 'utf8')) as {dates: Gold[]; nonDates: string[]}

  it('finds at least 98% of the dated expressions of the prose, 95% exact, no false dates', async () => {
    const result = await renderDocument('input/nagorno-karabakh-conflict.txt', {outputs: ['json', 'markdown']})
    expect(result.error).toBeUndefined()
    const json = JSON.parse(new TextDecoder().decode(result.artifacts.find((a) => a.path.endsWith('.json'))!.bytes))
    const firstAppendix = readFileSync('input/nagorno-karabakh-conflict.txt', 'utf8').split('\n').findIndex((l) => /^\s*APPENDIX\b/i.test(l)) + 1
    const prose = (json.dates as {text: string; value: string; position: {start: {line: number}}}[]).filter((d) => d.position.start.line < firstAppendix)
    const {matched, exact, falses, misses} = score(gold.dates, prose)
    expect(misses).toEqual([])
    expect(matched / gold.dates.length).toBeGreaterThanOrEqual(0.98)
    expect(exact / gold.dates.length).toBeGreaterThanOrEqual(0.95)
    expect(falses).toEqual([])
    // every date in the JSON, tables included, has a value the edtf package accepts
    for (const d of json.dates as {value: string}[]) expect(edtfAccepts(d.value), d.value).toBe(true)
    // reading order, and each names its block
    const lines = prose.map((d) => d.position.start.line)
    expect([...lines].sort((a, b) => a - b)).toEqual(lines)
    for (const d of json.dates as {block: string | null}[]) expect(d.block).toBeTruthy()
  })
})

describe('end to end on raw text (tests/fixtures/dates/sections.txt)', () => {
  it('finds, resolves by section, positions and restyles every date; numbers stay numbers', async () => {
    const result = await renderDocument('tests/fixtures/dates/sections.txt', {outputs: ['json', 'markdown']})
    expect(result.error).toBeUndefined()
    const json = JSON.parse(new TextDecoder().decode(result.artifacts.find((a) => a.path.endsWith('.json'))!.bytes))
    const md = new TextDecoder().decode(result.artifacts.find((a) => a.path.endsWith('.md'))!.bytes)
    const rows = (json.dates as {text: string; value: string; inferred: boolean; position: JsonPos}[]).map((d) => [
      d.text, d.value, d.inferred, `${d.position.start.line}:${d.position.start.column}-${d.position.end.line}:${d.position.end.column}`
    ])
    expect(rows).toEqual([
      ['March 3, 1955', '1955-03-03', false, '3:36-3:49'],
      ['March 10 to April 2', '1955-03-10/1955-04-02', true, '4:12-4:31'],
      ['the summer of 1956', '1956-22', false, '4:60-5:5'],
      ['26 February 1957', '1957-02-26', false, '5:36-5:52'],
      ['July 18', '1957-07-18', true, '5:72-6:3'],
      ['the late 1950s', '195X', false, '6:8-6:22'],
      ['1958', '1958', false, '7:28-7:32'],
      ['July 4', 'XXXX-07-04', false, '11:4-11:10'],
      ['1960–1961', '1960/1961', false, '11:61-11:70'],
      ['1965 to 1968', '1965/1968', false, '12:6-12:18']
    ])
    const unresolved = (json.diagnostics as {ruleId: string; severity: string; position: JsonPos}[]).filter((d) => d.ruleId === 'dates:unresolved-year')
    expect(unresolved).toHaveLength(1)
    expect(unresolved[0]).toMatchObject({severity: 'warning', position: {start: {line: 11, column: 4}}})
    const styled = (json.diagnostics as {ruleId: string; original: string; replacement: string}[]).filter((d) => d.ruleId === 'dates:style')
    expect(styled.map((d) => `${d.original} → ${d.replacement}`)).toEqual([
      'March 3, 1955 → 3 March 1955',
      'March 10 to April 2 → 10 March to 2 April',
      'July 18 → 18 July',
      'July 4 → 4 July'
    ])
    expect(md).toContain('opened in Geneva on 3 March 1955, and the delegations met again from 10 March to 2 April.')
    expect(md).toContain('took effect on 18 July.')
    expect(md).toContain('Resolution No. 1416 of the Council')
  })
})

interface JsonPos {
  start: {line: number; column: number}
  end: {line: number; column: number}
}

describe('JSON dates', () => {
  it('lists prose mentions and the dates of appendices, each with its block, valid against the schema', async () => {
    const result = await renderDocument('input/nagorno-karabakh-conflict.txt', {outputs: ['json']})
    expect(result.error).toBeUndefined() // the build validates the JSON against schemas/document.schema.json
    const json = JSON.parse(new TextDecoder().decode(result.artifacts[0]!.bytes))
    const fromAppendices = (json.dates as {block: string; text: string; value: string}[]).filter((d) => d.block.startsWith('appendix'))
    const chronologyEntries = (json.appendices as {kind: string; entries: {date?: string}[]}[])
      .filter((a) => a.kind === 'chronology')
      .flatMap((a) => a.entries.filter((e) => e.date))
    expect(fromAppendices.length).toBeGreaterThanOrEqual(chronologyEntries.length)
    // a date inside an occasion's words (a quoted conference title) is listed too
    expect(fromAppendices).toContainEqual(expect.objectContaining({text: 'the 21st century', value: '20XX', quoted: true}))
    for (const d of json.dates as {text: string; value: string; inferred: boolean}[]) {
      expect(d.text.length).toBeGreaterThan(0)
      expect(typeof d.inferred).toBe('boolean')
    }
  })

  // build.ts passes `dateStyle` to both the dates stage (which records the rewrites) and the writer.
  it.each(['iso', 'mdy'] as const)('records exactly the rewrites that the Markdown of a build prints, for --date-style %s', async (dateStyle) => {
    const result = await renderDocument('input/nagorno-karabakh-conflict.txt', {outputs: ['markdown'], dateStyle})
    const md = new TextDecoder().decode(result.artifacts[0]!.bytes)
    const changes = listChanges(result.file).filter((c) => c.ruleId === 'dates:style')
    expect(changes.length).toBeGreaterThan(0)
    for (const c of changes) expect(md).toContain(c.replacement)
  })
})

describe('tokenizer', () => {
  // The hand-written scanner must give what this one regular expression gives (it is 3-4 times faster).
  const REFERENCE = /(\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?)([\p{L}]+)?|([\p{L}\p{M}]+)|([’']s)(?![\p{L}])|([\u2010-\u2015\u2212-])|(\S)/gu
  const reference = (text: string) =>
    [...text.matchAll(REFERENCE)].map((m) => {
      const [raw, num, suffix, word, poss, dash] = m
      const base = {text: raw, start: m.index, end: m.index + raw.length}
      if (num !== undefined) {
        const plain = /^\d+$/.test(num)
        return {kind: 'num', ...base, lower: raw.toLowerCase(), value: plain ? Number(num) : Number.NaN, digits: plain ? num.length : 0, suffix: suffix?.toLowerCase()}
      }
      if (word !== undefined) return {kind: 'word', ...base, lower: raw.toLowerCase()}
      if (poss !== undefined) return {kind: 'poss', ...base, lower: '’s'}
      if (dash !== undefined) return {kind: 'dash', ...base, lower: raw}
      return {kind: 'punct', ...base, lower: raw}
    })
  const pieces = fc.constantFrom(
    '1', '19', '1988', ',', '154', ',000', '.', '5', 's', 'th', 'km', ' ', '\n', '\f', '\u00a0', 'May', 'é', 'ï', '\u0301', '’', "'",
    '–', '-', '—', '“', '”', '𝒳', '(', ')', '/', 'No', '\uFFFC'
  )
  it('gives the same tokens as the reference regular expression', () => {
    fc.assert(
      fc.property(fc.array(pieces, {maxLength: 40}), (parts) => {
        const text = parts.join('')
        expect(tokenize(text).map((t) => ({...t, suffix: t.suffix}))).toEqual(reference(text))
      }),
      {numRuns: 2000}
    )
  })
})

describe('properties', () => {
  it('the stage never changes the words: each paragraph reads the same, and date positions run forward', async () => {
    const line = fc.array(
      fc.constantFrom('On', 'in', 'the', 'July', '18,', '1988', 'from', 'February', '16', 'to', 'March', '2', '1988-', '1989',
        '“on', '5', 'August', '2019”', 'late', '1980s', 'Resolution', 'No.', '1416', 'and', 'summer', 'of', '1997.', 'Jan.', '30-31,'),
      {minLength: 1, maxLength: 12}
    ).map((words) => words.join(' '))
    await fc.assert(
      fc.asyncProperty(fc.array(line, {minLength: 1, maxLength: 4}), async (lines) => {
        const p = paragraph('p-1', 1, lines)
        const before = toString(p)
        await runDates({type: 'root', children: [p]})
        expect(toString(p)).toBe(before)
        let last = {line: 0, column: 0}
        for (const child of p.children) {
          const {start, end} = child.position!
          expect(start.line > last.line || (start.line === last.line && start.column >= last.column)).toBe(true)
          expect(end.line > start.line || (end.line === start.line && end.column >= start.column)).toBe(true)
          last = start
        }
      }),
      {numRuns: 200}
    )
  })

  const words = fc.constantFrom(
    'in', 'on', 'the', 'of', 'from', 'to', 'and', 'No.', 'Resolution', 'late', 'early', 'summer', 'May', 'March',
    'January', 'SEPTEMBER', '1988', '1989', '1990s', '21st', 'century', '30', '31', '-', '–', ',', '.', '“', '”',
    '12', '1,154', 'between', 'end', 'half', 'first', '2', '29', 'February', '1900', '2000', 'mid', '\n'
  )
  it('findDates never throws; mentions are ordered, disjoint, exact slices with valid EDTF values', () => {
    fc.assert(
      fc.property(fc.array(words, {maxLength: 30}), fc.integer({min: 1000, max: 2099}), (parts, year) => {
        const text = parts.join(' ')
        let last = 0
        for (const f of findDates(text)) {
          expect(f.start).toBeGreaterThanOrEqual(last)
          expect(text.slice(f.start, f.end)).toBe(f.text)
          last = f.end
          const parsed = parseDateText(f.text, {year})
          if (parsed) {
            expect(isValidEdtf(parsed.edtf)).toBe(true)
            expect(edtfAccepts(parsed.edtf), parsed.edtf).toBe(true)
          }
        }
      }),
      {numRuns: 400}
    )
  })
})

describe('a number hyphenated to a word is not a day (issue 11)', () => {
  it('finds no date in “DEC 17-inch”, “3-day trips”, “May 12-year-olds”, but keeps day ranges', () => {
    expect(findDates('The lab bought a DEC 17-inch monitor.').map((d) => d.text)).toEqual([])
    expect(findDates('They went on 3-day trips in May 12-year-olds came.').map((d) => d.text)).not.toContain('May 12')
    expect(findDates('The talks ran from 25-26 October 2019.').map((d) => d.text)).toEqual(['25-26 October 2019'])
    expect(findDates('It was signed on DEC 17, 1990.').map((d) => d.text)).toEqual(['DEC 17, 1990'])
  })
})
