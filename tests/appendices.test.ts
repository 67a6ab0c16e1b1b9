/**
 * Unit tests of the appendix helpers: day-month cells, wrapped places,
 * references, classification, year resolution, body cross-references and
 * dated tables. Snippets are real raw text (the corpus appendix) or fixtures.
 */
import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {buildChronology, inTimeOrder} from '../pipeline/appendices/build-chronology.js'
import {joinPlaces, parseChronology, splitOccasion} from '../pipeline/appendices/chronology.js'
import {classify} from '../pipeline/appendices/classify.js'
import {crossReference, placeWords, scanBodyDates} from '../pipeline/appendices/cross-references.js'
import {normalizeMonthCase, parseDayMonth, toEdtf, yearHeading} from '../pipeline/appendices/day-month.js'
import {matches} from '../pipeline/appendices/corrections.js'
import {parseReferences} from '../pipeline/appendices/references.js'
import {resolveYears, type YearPage} from '../pipeline/appendices/resolve-years.js'
import {findTableHeader, isNameLine, parseTable} from '../pipeline/appendices/table-rows.js'
import {sourceLines} from './helpers/synthetic-chronology.js'

const corpus = readFileSync('input/nagorno-karabakh-conflict.txt', 'utf8').split('\n')
/** Source lines [from, to] of the corpus, as the stage reads them. */
const corpusLines = (from: number, to: number) => sourceLines(corpus.slice(from - 1, to).join('\n'), from)
const find = (text: string) => corpus.findIndex((l) => l.trim() === text) + 1

describe('day-month cells', () => {
  it.each([
    ['25 SEPTEMBER', {month: 9, day: 25, text: '25 September'}],
    ['18  NOVEMBER', {month: 11, day: 18, text: '18 November'}],
    ['23 DECEMBER ', {month: 12, day: 23, text: '23 December'}],
    ['10-11 FEBRUARY', {month: 2, day: 10, endMonth: 2, endDay: 11, text: '10-11 February'}],
    ['17–18 JULY', {month: 7, day: 17, endMonth: 7, endDay: 18, text: '17–18 July'}],
    ['30 JUNE-2 JULY', {month: 6, day: 30, endMonth: 7, endDay: 2, text: '30 June-2 July'}],
    ['September 25', {month: 9, day: 25, text: 'September 25'}],
    ['25 SEPTEMBER 1993', {month: 9, day: 25, text: '25 September 1993', year: 1993}],
    ['September 25, 1993', {month: 9, day: 25, text: 'September 25, 1993', year: 1993}]
  ])('%s', (cell, expected) => {
    expect(parseDayMonth(cell)).toEqual(expected)
  })
  it.each(['31 FEBRUARY', 'NOVEMBER', '1993', 'Moscow (UN Summit)', '12 MAYBE', '0 JUNE'])('%s is not a date cell', (cell) => {
    expect(parseDayMonth(cell)).toBeUndefined()
  })
  it('EDTF: a day, a range, a range over the new year, an unknown year', () => {
    expect(toEdtf(parseDayMonth('25 SEPTEMBER')!, 1993)).toBe('1993-09-25')
    expect(toEdtf(parseDayMonth('17-18 JULY')!, 2011)).toBe('2011-07-17/2011-07-18')
    expect(toEdtf(parseDayMonth('30 DECEMBER-2 JANUARY')!, 1999)).toBe('1999-12-30/2000-01-02')
    expect(toEdtf(parseDayMonth('25 SEPTEMBER')!, undefined)).toBe('XXXX-09-25')
  })
  it('month case and spaces are normalized, the rest as printed', () => {
    expect(normalizeMonthCase('18  NOVEMBER ')).toBe('18 November')
    expect(normalizeMonthCase('10-11 FEBRUARY')).toBe('10-11 February')
  })
  it('year headings are four-digit years alone on a line', () => {
    expect(yearHeading('1993')).toBe(1993)
    expect(yearHeading(' 2018 ')).toBe(2018)
    expect(yearHeading('1993 1994')).toBeUndefined()
    expect(yearHeading('40,000')).toBeUndefined()
  })
})

describe('places of the corpus chronology', () => {
  it('joins wrapped places and splits “Place (occasion)”', () => {
    const start = find('Moscow (Meeting of the heads of CIS member states)')
    const places = joinPlaces(corpusLines(start, start + 29))
    expect(places.map((p) => p.place)).toEqual([
      'Moscow', 'Moscow', 'New York', 'Copenhagen', 'New York', 'Moscow', 'Ashgabat', 'Moscow', 'Budapest', 'Almaty', 'Paris', 'Paris', 'Luxembourg'
    ])
    expect(places[1]!.occasion).toBe('Meeting of Azerbaijani, Russian, Georgian and Armenian presidents')
    // Wrapped over a blank line: the open parenthesis carries the place on.
    expect(places[12]!.occasion).toBe('Signing ceremony of Agreement on Cooperation and Partnership between the Republic of Azerbaijan and the European Union')
  })
  it('a place alone on its line takes the occasion on the next ("Washington" / "(Summit …)")', () => {
    const start = find('Washington')
    const places = joinPlaces(corpusLines(start, start + 5))
    expect(places.map((p) => [p.place, p.occasion])).toEqual([
      ['Washington', 'Summit on the 50th anniversary of NATO'],
      ['Geneva', 'working visit'],
      ['Sadarak region', 'Nakhchivan Autonomous Republic']
    ])
  })
  it('a word broken at a line-end hyphen is joined and reported', () => {
    const places = joinPlaces(sourceLines('Moscow (Meeting of the Black Sea Economic Coopera-\ntion member states)'))
    expect(places[0]!.occasion).toBe('Meeting of the Black Sea Economic Cooperation member states')
    expect(places[0]!.joins).toEqual([expect.objectContaining({original: 'Coopera-tion', replacement: 'Cooperation'})])
  })
  it('splitOccasion keeps a place without parentheses whole', () => {
    expect(splitOccasion('Vienna')).toEqual({place: 'Vienna', occasion: null})
    expect(splitOccasion('Geneva (on the initiative of OSCE Minsk Group co-chairs)')).toEqual({place: 'Geneva', occasion: 'on the initiative of OSCE Minsk Group co-chairs'})
  })
})

describe('chronology layout', () => {
  it('cuts the corpus appendix into pages and groups with as many places as dates', () => {
    const from = find('APPENDIX: No2') + 4
    const to = find('APPENDIX: No3') - 1
    const layout = parseChronology(corpusLines(from, to))
    expect(layout.mismatches).toEqual([])
    expect(layout.entries).toHaveLength(77)
    expect(layout.entries.every((e) => e.date && e.place)).toBe(true)
    expect(layout.pages[0]!.headings).toEqual([1993, 1994, 1996, 1995])
    expect(layout.pages.every((p) => p.headings.length >= 2)).toBe(true)
  })
  it('a year heading left after the places belongs to the page (not a new page)', () => {
    const from = find('APPENDIX: No3') + 4
    const layout = parseChronology(corpusLines(from, corpus.length))
    expect(layout.pages).toHaveLength(1)
    expect([...layout.pages[0]!.headings].sort()).toEqual([2018, 2019, 2020])
    expect(layout.entries).toHaveLength(4)
  })
  it('a note before the first dates is kept as a text entry; an unused year heading is reported', () => {
    const result = buildChronology(sourceLines('(all meetings in the capital)\n\n2001\n\n2002\n\n2003\n\n3 MAY\n\n4 JUNE\n\nA (x)\n\nB (y)\n'))
    expect(result.entries.at(-1)).toMatchObject({text: '(all meetings in the capital)'})
    expect(result.unusedHeadings.map((l) => l.text).length).toBeGreaterThanOrEqual(1)
  })
  it('a year printed in the date cell is certain', () => {
    const {entries} = buildChronology(sourceLines('3 MAY 2001\n\n4 JUNE\n\nA (x)\n\nB (y)\n'))
    expect(entries[0]).toMatchObject({date: '2001-05-03', certainty: 'certain', evidence: 'year printed with the date'})
    expect(entries[1]!.certainty).not.toBe('certain')
  })
  it('unequal groups are paired over the page when the page agrees, and reported otherwise', () => {
    const text = '2001\n\n2002\n\n3 MAY\n\n4 JUNE\n\nA (x)\n\n5 JULY\n\nB (y)\n\nC (z)\n'
    const layout = parseChronology(sourceLines(text))
    expect(layout.mismatches).toEqual([])
    expect(layout.entries.map((e) => `${e.date!.date.text} ${e.place!.place}`)).toEqual(['3 May A', '4 June B', '5 July C'])
    const bad = parseChronology(sourceLines('2001\n\n3 MAY\n\n4 JUNE\n\nA (x)\n'))
    expect(bad.mismatches).toEqual([{page: 0, group: 0, dates: 2, places: 1}])
    expect(bad.entries).toHaveLength(2)
  })
})

describe('year resolution', () => {
  const page = (headings: number[], cells: string[][]): YearPage => ({
    headings,
    entries: cells.flatMap((group, g) => group.map((c) => ({date: parseDayMonth(c)!, group: g})))
  })
  it('two columns in one run, each in time order and spanning the page', () => {
    const p = page([1993, 1994, 1996, 1995], [['25 SEPTEMBER', '8 OCTOBER', '27 SEPTEMBER', '12 MARCH', '24 OCTOBER', '18 JANUARY', '23 DECEMBER', '8 SEPTEMBER', '5 DECEMBER', '9 FEBRUARY', '8 MAY', '11 JANUARY', '21 APRIL']])
    const years = resolveYears([p])[0]!.map((r) => r.year)
    expect(years).toEqual([1993, 1993, 1994, 1995, 1995, 1996, 1993, 1994, 1994, 1995, 1995, 1996, 1996])
  })
  it('never calls a year certain from the layout alone', () => {
    const p = page([2000, 2001], [['28 JANUARY', '18 AUGUST', '30 NOVEMBER', '26 JANUARY', '3 APRIL', '1 AUGUST'], ['24 JANUARY', '20 JUNE', '7 SEPTEMBER', '25 JANUARY', '4 MARCH', '31 MAY', '30 NOVEMBER']])
    const r = resolveYears([p])[0]!
    expect(r.map((x) => x.year)).toEqual([2000, 2000, 2000, 2001, 2001, 2001, 2000, 2000, 2000, 2001, 2001, 2001, 2001])
    expect(r.every((x) => x.certainty !== 'certain')).toBe(true)
  })
  it('a page with one possible year is certain; pinned years are certain; no headings stay unknown', () => {
    expect(resolveYears([page([2018], [['1 MAY', '2 JUNE']])])[0]!.map((r) => [r.year, r.certainty])).toEqual([[2018, 'certain'], [2018, 'certain']])
    const pinned: YearPage = {headings: [2014, 2015], entries: [{date: parseDayMonth('19 DECEMBER')!, group: 0, pinned: {year: 2015, evidence: 'body'}}]}
    expect(resolveYears([pinned])[0]![0]).toMatchObject({year: 2015, certainty: 'certain', evidence: 'body'})
    expect(resolveYears([page([], [['1 MAY']])])[0]![0]).toMatchObject({year: undefined, certainty: 'ambiguous'})
  })
  it('a page may begin in the year the previous page ended in', () => {
    const first = page([1993, 1994], [['1 MARCH', '1 SEPTEMBER', '2 MARCH', '2 SEPTEMBER'], ['3 MARCH', '3 SEPTEMBER', '4 MARCH', '4 SEPTEMBER']])
    const second = page([1995, 1996], [['1 NOVEMBER', '1 MARCH', '1 SEPTEMBER', '2 MARCH'], ['2 DECEMBER', '3 MARCH', '3 SEPTEMBER', '4 MARCH']])
    const r = resolveYears([first, second])[1]!.map((x) => x.year)
    expect(r).toEqual([1994, 1995, 1995, 1996, 1994, 1995, 1995, 1996])
  })
})

describe('body cross-references', () => {
  const body = scanBodyDates([
    sourceLines('Contact resumed when the presidents met on December 19, 2015, in Bern,\nSwitzerland. Talks stalled on 5 May 2016.'),
    sourceLines('The OSCE Lisbon Summit held on December 2-3, 1996, discussed the principles.')
  ])
  it('finds full dates with their sentence and line', () => {
    expect(body.map((d) => [d.year, d.month, d.day, d.line])).toEqual([[2015, 12, 19, 1], [2016, 5, 5, 2], [1996, 12, 2, 1]])
  })
  it('finds dates after sentences and paragraphs without a year', () => {
    const dates = scanBodyDates([
      sourceLines('No year here, only 12 May. Nor here.'),
      sourceLines('They met on 12 May. Then on\n14 June 1999 in Minsk. Later, on June 20, 2001, again.')
    ])
    expect(dates.map((d) => [d.year, d.month, d.day, d.line, d.sentence])).toEqual([
      [1999, 6, 14, 2, 'Then on 14 June 1999 in Minsk.'],
      [2001, 6, 20, 2, 'Later, on June 20, 2001, again.']
    ])
  })
  it('pins a year when the sentence names the place, hints otherwise', () => {
    expect(crossReference(body, {month: 12, day: 19, place: 'Bern'})).toMatchObject({year: 2015, withPlace: true})
    expect(crossReference(body, {month: 12, day: 3, place: 'Lisbon'})).toMatchObject({year: 1996, withPlace: true})
    expect(crossReference(body, {month: 5, day: 5, place: 'Sochi'})).toMatchObject({year: 2016, withPlace: false})
    expect(crossReference(body, {month: 1, day: 1, place: 'Bern'})).toBeUndefined()
  })
  it('place words skip short and generic words', () => {
    expect(placeWords('St. Petersburg')).toEqual(['Petersburg'])
    expect(placeWords('Sadarak region')).toEqual(['Sadarak'])
  })
})

describe('references', () => {
  it('http(s) addresses become links, others stay text and are reported', () => {
    const text = readFileSync('tests/fixtures/appendices/references.txt', 'utf8').split('\n').slice(7).join('\n')
    const refs = parseReferences(sourceLines(text, 8), 'Documents')
    expect(refs.entries.map((e) => [e.title, e.url, e.text])).toEqual([
      ['Minutes of the first meeting', 'https://example.org/harbour/minutes-1.pdf', undefined],
      ['Minutes of the second meeting', undefined, 'ftp://files.example.org/harbour/minutes-2.pdf'],
      ['Letter of the mayor', undefined, 'javascript:alert(1)']
    ])
    expect(refs.notLinks).toHaveLength(2)
  })
  it('an address alone takes the appendix title; a wrapped address is joined', () => {
    const refs = parseReferences(sourceLines('https://example.org/files/shares/Documents%20of%20inter\nnational%20organizations.pdf'), 'Documents of organizations')
    expect(refs.entries).toEqual([expect.objectContaining({title: 'Documents of organizations', url: 'https://example.org/files/shares/Documents%20of%20international%20organizations.pdf'})])
    expect(refs.joins).toHaveLength(1)
  })
})

describe('classification', () => {
  it('tells references, chronologies and text apart', () => {
    expect(classify(corpusLines(find('APPENDIX: No1') + 1, find('APPENDIX: No1') + 3)).kind).toBe('references')
    expect(classify(corpusLines(find('APPENDIX: No2') + 4, find('APPENDIX: No3') - 1))).toMatchObject({kind: 'chronology', shape: 'day-month'})
    expect(classify(sourceLines('Date\nPlace\nEvent\nMay 20, 1963\nLe Havre, France\nSigned.'))).toMatchObject({kind: 'chronology', shape: 'table'})
    expect(classify(corpusLines(10, 30)).kind).toBe('text')
  })
})

describe('dated tables', () => {
  it('finds the header row', () => {
    expect(findTableHeader(sourceLines('Chronology\nDate\nPresident\nPlace\nEvent\nJuly 16–23, 1955'))).toEqual({index: 1, columns: ['Date', 'President', 'Place', 'Event']})
    expect(findTableHeader(sourceLines('Date\nVotes\n12'))).toBeUndefined()
  })
  it('tells names from event sentences', () => {
    for (const t of ['Potsdam,', 'Germany', 'United', 'Kiev, U.S.S.R.', 'Dwight D.', 'Paris, France']) expect(isNameLine(t), t).toBe(true)
    for (const t of ['Attended Inter-American', 'Signed Bonn Agreements', 'Accompanied President Truman to', 'Crisis.', '29.', 'State visit; met with']) expect(isNameLine(t), t).toBe(false)
  })
  const expected = [
    ['1961-03-03/1961-03-09', 'Rotterdam, Netherlands', 'Visited the new container terminal and met the port authority.'],
    ['1962-09-12/1962-10-02', 'Gdansk, Poland', 'Attended the Baltic Ports Conference.'],
    ['1963-05-20', 'Le Havre, France', 'Signed the twinning agreement.']
  ]
  it.each(['dated-table-rows.txt', 'dated-table-columns.txt'])('%s: rows rebuilt', (name) => {
    const text = readFileSync(`tests/fixtures/appendices/${name}`, 'utf8')
    const table = parseTable(sourceLines(text))
    expect(table.warnings).toEqual([])
    expect(table.entries.map((e) => [e.date, e.place, e.occasion])).toEqual(expected)
    expect(table.entries.every((e) => e.certainty === 'certain')).toBe(true)
  })
})

describe('finished entries', () => {
  it('time order keeps unknown years last', () => {
    const entries = [{date: '1995-01-01'}, {date: 'XXXX-02-02'}, {date: '1993-05-05/1993-05-06'}, {date: '1993-05-05'}]
    expect(inTimeOrder(entries).map((e) => e.date)).toEqual(['1993-05-05', '1993-05-05/1993-05-06', '1995-01-01', 'XXXX-02-02'])
  })
  it('corrections match on the printed date, case and spaces aside', () => {
    expect(matches({dateText: '22 January', place: 'Vienna'}, {date: '22  JANUARY'})).toBe(true)
    expect(matches({dateText: '22 January', place: 'Vienna'}, {date: '22 JANUARY', place: 'Bern'})).toBe(false)
  })
  it('buildChronology gives every corpus entry a date, place, certainty and evidence', () => {
    const {entries} = buildChronology(corpusLines(find('APPENDIX: No2') + 4, find('APPENDIX: No3') - 1))
    expect(entries).toHaveLength(77)
    for (const e of entries) {
      expect(e.date).toMatch(/^\d{4}-\d{2}-\d{2}(\/\d{4}-\d{2}-\d{2})?$/)
      expect(e.place).toBeTruthy()
      expect(e.evidence).toBeTruthy()
      expect(e.position?.start.line).toBeGreaterThan(0)
    }
  })
})

describe('any input', () => {
  it('chronology reconstruction never throws and keeps every date and place line', async () => {
    const fc = await import('fast-check')
    const cell = fc.oneof(
      fc.constantFrom('1993', '2001', '1600', '2150', '25 SEPTEMBER', '10-11 FEBRUARY', '30 DECEMBER-2 JANUARY', '31 APRIL', 'Moscow (CIS', 'summit)', '(working visit)', 'Vienna', '', '', 'https://x.org/a'),
      fc.string({maxLength: 30})
    )
    fc.assert(
      fc.property(fc.array(cell, {maxLength: 120}), (cells) => {
        const lines = sourceLines(cells.join('\n'))
        const {entries, layout} = buildChronology(lines)
        const dates = lines.filter((l) => parseDayMonth(l.text)).length
        expect(entries.filter((e) => e.dateText).length).toBe(dates)
        expect(entries.filter((e) => e.text === undefined).length).toBe(layout.entries.length)
        // Lines outside any group are kept as text entries, never dropped.
        expect(entries.filter((e) => e.text !== undefined).length).toBe(layout.stray.length)
        for (const e of entries) if (e.text === undefined) expect(['certain', 'inferred', 'ambiguous']).toContain(e.certainty)
        classify(lines)
        parseTable(lines)
        parseReferences(lines, 'T')
      }),
      {numRuns: 200}
    )
  })
  it('a very long page or a wide span of headings stays bounded', () => {
    const many = Array.from({length: 700}, (_, k) => `${(k % 28) + 1} MARCH`)
    const {entries} = buildChronology(sourceLines(['1990', '1991', ...many, ...many.map(() => 'Rome (visit)')].join('\n')))
    expect(entries).toHaveLength(700)
    expect(entries[0]!.certainty).toBe('ambiguous')
    const wide = buildChronology(sourceLines(['1600', '2150', '3 MAY', '4 JUNE', 'A', 'B'].join('\n')))
    expect(wide.entries).toHaveLength(2)
    for (const e of wide.entries) expect(['1600', '2150']).toContain(e.date?.slice(0, 4))
  })
})
