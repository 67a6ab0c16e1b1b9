/**
 * Synthetic chronologies: known entries laid out the way extractors scramble
 * a multi-column chronology (tests/helpers/synthetic-chronology.ts), rebuilt
 * and compared with the truth. Pairing must be exact; at least 90% of years
 * right; a wrong year is never `certain`.
 */
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {parse as parseYaml} from 'yaml'
import {buildChronology} from '../pipeline/appendices/build-chronology.js'
import {scanBodyDates} from '../pipeline/appendices/cross-references.js'
import {MONTHS} from '../pipeline/appendices/day-month.js'
import {renderDocument} from '../pipeline/build.js'
import {check} from '../pipeline/schemas.js'
import {layOut, makeEntries, sourceLines, type SyntheticLayout, type TruthEntry} from './helpers/synthetic-chronology.js'

interface Score {
  entries: number
  paired: number
  yearsRight: number
  wrongCertain: number
  wrongInferred: number
  certain: number
  inferred: number
  ambiguous: number
}

function dateOf(t: TruthEntry): string {
  return `${t.endDay ? `${t.day}-${t.endDay}` : t.day} ${MONTHS[t.month - 1]}`
}

/** Rebuild `seeds` synthetic chronologies of `years` years and score them. */
function score(layout: SyntheticLayout, options: {seeds?: number; years?: number; perYear?: [number, number]; crossReferences?: number} = {}): Score {
  const s: Score = {entries: 0, paired: 0, yearsRight: 0, wrongCertain: 0, wrongInferred: 0, certain: 0, inferred: 0, ambiguous: 0}
  for (let seed = 1; seed <= (options.seeds ?? 12); seed++) {
    const truth = makeEntries(seed, 1960 + seed * 3, options.years ?? 12, {perYear: options.perYear ?? [3, 8], ranges: layout.ranges})
    const syn = layOut(truth, layout, seed)
    // A body that mentions some meetings with their year and place.
    const every = options.crossReferences ?? 0
    const body = every
      ? scanBodyDates(syn.truth.filter((_, k) => k % every === 0).map((t) => sourceLines(`The leaders met on ${MONTHS[t.month - 1]} ${t.day}, ${t.year}, in ${t.place}.`)))
      : []
    const {entries} = buildChronology(sourceLines(syn.text), {body})
    expect(entries).toHaveLength(syn.truth.length)
    syn.truth.forEach((t, k) => {
      const e = entries[k]!
      s.entries++
      if (e.dateText === dateOf(t) && e.place === t.place && (e.occasion ?? null) === t.occasion) s.paired++
      s[e.certainty!]++
      if (Number(e.date!.slice(0, 4)) === t.year) s.yearsRight++
      else if (e.certainty === 'certain') s.wrongCertain++
      else if (e.certainty === 'inferred') s.wrongInferred++
    })
  }
  return s
}

const pct = (a: number, b: number) => Math.round((a / b) * 1000) / 10

const LAYOUTS: [string, SyntheticLayout][] = [
  ['all dates of a page in one run', {runs: 'page'}],
  ['one group per column', {runs: 'column'}],
  ['columns cut into groups of 2-5 rows', {runs: 'chunks'}],
  ['narrow columns (places wrap over 2-4 lines)', {runs: 'column', wrap: 28}],
  ['year headings in order, pages never carry a year', {runs: 'page', shuffleHeadings: false, carry: 0}],
  ['4-5 years per page', {runs: 'column', yearsPerPage: [4, 5]}],
  ['many day ranges (17-18 JULY)', {runs: 'column', ranges: 0.4}]
]

describe('synthetic chronologies (2-5 years a page, headings out of order, wrapped places, ranges)', () => {
  const results: string[] = []
  it.each(LAYOUTS)('%s: pairing exact, at least 90 percent of years right, no wrong year certain', (_, layout) => {
    const s = score(layout)
    results.push(`${_.padEnd(50)} entries ${s.entries}  pairing ${pct(s.paired, s.entries)}%  years ${pct(s.yearsRight, s.entries)}%  certain/inferred/ambiguous ${s.certain}/${s.inferred}/${s.ambiguous}  wrong among inferred ${pct(s.wrongInferred, s.inferred)}%`)
    expect(s.paired).toBe(s.entries)
    expect(s.yearsRight / s.entries).toBeGreaterThanOrEqual(0.9)
    expect(s.wrongCertain).toBe(0)
  })

  it('body cross-references pin years (certain and right) and help their neighbours', () => {
    const without = score({runs: 'page'}, {seeds: 6})
    const withRefs = score({runs: 'page'}, {seeds: 6, crossReferences: 5})
    results.push(`${'one run per page + body mentions every 5th entry'.padEnd(50)} entries ${withRefs.entries}  years ${pct(withRefs.yearsRight, withRefs.entries)}% (without ${pct(without.yearsRight, without.entries)}%)  certain ${withRefs.certain}`)
    // Every 5th entry is named in the body; a few share their day, month and place with another year's mention.
    expect(withRefs.certain).toBeGreaterThanOrEqual(Math.floor((withRefs.entries / 5) * 0.9))
    expect(withRefs.wrongCertain).toBe(0)
    expect(withRefs.yearsRight).toBeGreaterThanOrEqual(without.yearsRight)
  })

  it('short pages (2-3 years a page, often ending inside a year): the hardest slice, reported', () => {
    const s = score({runs: 'page', yearsPerPage: [2, 3]})
    results.push(`${'2-3 years per page, one run per page'.padEnd(50)} entries ${s.entries}  pairing ${pct(s.paired, s.entries)}%  years ${pct(s.yearsRight, s.entries)}%  certain/inferred/ambiguous ${s.certain}/${s.inferred}/${s.ambiguous}  wrong among inferred ${pct(s.wrongInferred, s.inferred)}%`)
    expect(s.paired).toBe(s.entries)
    expect(s.yearsRight / s.entries).toBeGreaterThanOrEqual(0.8)
    expect(s.wrongCertain).toBe(0)
  })

  it('columns not always in time order (8% of neighbours swapped): reported; the output says where it is unsure', () => {
    const s = score({runs: 'column', disorder: 0.08})
    results.push(`${'one group per column, 8% swapped neighbours'.padEnd(50)} entries ${s.entries}  pairing ${pct(s.paired, s.entries)}%  years ${pct(s.yearsRight, s.entries)}%  certain/inferred/ambiguous ${s.certain}/${s.inferred}/${s.ambiguous}  wrong among inferred ${pct(s.wrongInferred, s.inferred)}%`)
    expect(s.paired).toBe(s.entries)
    expect(s.yearsRight / s.entries).toBeGreaterThanOrEqual(0.7)
    expect(s.wrongCertain).toBe(0)
  })

  it('sparse tables (1-5 meetings a year, dealt at random to columns): years are often unknowable, and never called certain', () => {
    for (const dealing of ['rows', 'random'] as const) {
      const s = score({runs: 'page', dealing}, {perYear: [1, 5]})
      results.push(`${`sparse, ${dealing} dealing (report only)`.padEnd(50)} entries ${s.entries}  pairing ${pct(s.paired, s.entries)}%  years ${pct(s.yearsRight, s.entries)}%  certain/inferred/ambiguous ${s.certain}/${s.inferred}/${s.ambiguous}  wrong among inferred ${pct(s.wrongInferred, s.inferred)}%`)
      expect(s.paired).toBe(s.entries)
      expect(s.wrongCertain).toBe(0)
    }
    console.log(results.join('\n'))
  })
})

describe('synthetic chronology through the whole pipeline', () => {
  it('writes a valid YAML appendix with every entry, in time order, and a GFM table', async () => {
    const truth = makeEntries(7, 1990, 8, {perYear: [3, 6]})
    const syn = layOut(truth, {runs: 'page'}, 7)
    const first = syn.truth[0]!
    const text = [
      'Report on the talks',
      '',
      `The talks began when the two delegations met on ${MONTHS[first.month - 1]} ${first.day}, ${first.year}, in ${first.place}, and went on for years.`,
      'Every meeting is listed in the appendix below.',
      '',
      '',
      'APPENDIX: No1',
      'Chronology of the meetings of the two delegations',
      '',
      syn.text
    ].join('\n')
    const dir = mkdtempSync(join(tmpdir(), 'reprint-appendix-'))
    const input = join(dir, 'talks.txt')
    writeFileSync(input, text)
    const result = await renderDocument(input)
    expect(result.error).toBeUndefined()
    const yaml = result.artifacts.find((a) => a.path === 'appendices/appendix-1.yaml')
    expect(yaml).toBeDefined()
    const raw = new TextDecoder().decode(yaml!.bytes)
    expect(raw.startsWith('%YAML 1.2')).toBe(true)
    const data = parseYaml(raw)
    expect(check('appendix', data)).toBeUndefined()
    expect(data.kind).toBe('chronology')
    expect(data.entries).toHaveLength(syn.truth.length)
    const dates = data.entries.map((e: {date: string}) => e.date)
    expect([...dates].sort()).toEqual(dates)
    // The meeting the body names is certain.
    const named = data.entries.find((e: {dateText: string; place: string}) => e.dateText === dateOf(first) && e.place === first.place)
    expect(named).toMatchObject({certainty: 'certain'})
    expect(named.date.slice(0, 4)).toBe(String(first.year))
    const md = new TextDecoder().decode(result.artifacts.find((a) => a.path === 'talks.md')!.bytes)
    expect(md).toMatch(/\| Date +\| Place +\| Occasion +\|/)
    const json = JSON.parse(new TextDecoder().decode(result.artifacts.find((a) => a.path === 'talks.json')!.bytes))
    expect(json.appendices[0].entries).toHaveLength(syn.truth.length)
  })
})

describe('a day-month chronology in an ordinary section', () => {
  it('is structured like an appendix, numbered after the appendices, and the body stays as it was', async () => {
    const syn = layOut(makeEntries(11, 2001, 6, {perYear: [3, 6]}), {runs: 'column'}, 11)
    const text = [
      'Report on the talks',
      '',
      'The delegations met often; the section below lists the meetings, and the appendix the documents.',
      '',
      '',
      'Chronology of the meetings',
      '',
      syn.text,
      '',
      'APPENDIX: No1',
      'Documents',
      '',
      'https://example.org/documents.pdf',
      ''
    ].join('\n')
    const dir = mkdtempSync(join(tmpdir(), 'reprint-section-'))
    const input = join(dir, 'talks.txt')
    writeFileSync(input, text)
    const result = await renderDocument(input)
    expect(result.error).toBeUndefined()
    const json = JSON.parse(new TextDecoder().decode(result.artifacts.find((a) => a.path === 'talks.json')!.bytes))
    const kinds = json.appendices.map((a: {kind: string; number: number}) => `${a.kind} ${a.number}`)
    expect(kinds).toEqual(['chronology 2', 'references 1'])
    expect(json.appendices[0].entries).toHaveLength(syn.truth.length)
    expect(json.blocks.some((b: {text?: string}) => b.text?.startsWith('The delegations met often'))).toBe(true)
  })
})
