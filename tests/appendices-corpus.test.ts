/**
 * The corpus document's appendices end to end: a reference, and two
 * chronologies rebuilt from column-scrambled text (81 meetings), written as
 * YAML, JSON and Markdown; editor corrections from a sidecar.
 */
import {copyFileSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {parse as parseYaml} from 'yaml'
import {renderDocument, type BuildResult} from '../pipeline/build.js'
import {isValidEdtf} from '../pipeline/dates/edtf.js'
import {listChanges} from '../pipeline/messages.js'
import {check} from '../pipeline/schemas.js'

const CORPUS = 'input/nagorno-karabakh-conflict.txt'
const source = readFileSync(CORPUS, 'utf8').split('\n')
const text = (r: BuildResult, path: string) => new TextDecoder().decode(r.artifacts.find((a) => a.path === path)!.bytes)

interface Entry {
  date: string
  dateText: string
  place: string
  occasion: string | null
  certainty: 'certain' | 'inferred' | 'ambiguous'
  evidence: string
  position: {start: {line: number}}
}

let result: BuildResult
let yamls: Record<string, {id: string; number: number; title: string; kind: string; entries: Entry[]}>

beforeAll(async () => {
  result = await renderDocument(CORPUS)
  yamls = {}
  for (const a of result.artifacts) if (a.path.startsWith('appendices/')) yamls[a.path] = parseYaml(new TextDecoder().decode(a.bytes))
})

describe('corpus appendices', () => {
  it('builds three appendices, each a YAML 1.2 file that matches the schema', () => {
    expect(result.error).toBeUndefined()
    expect(Object.keys(yamls).sort()).toEqual(['appendices/appendix-1.yaml', 'appendices/appendix-2.yaml', 'appendices/appendix-3.yaml'])
    for (const [path, data] of Object.entries(yamls)) {
      expect(check('appendix', data), path).toBeUndefined()
      expect(text(result, path).startsWith('%YAML 1.2\n')).toBe(true)
    }
    expect(yamls['appendices/appendix-1.yaml']!.kind).toBe('references')
    expect(yamls['appendices/appendix-2.yaml']!.kind).toBe('chronology')
    expect(yamls['appendices/appendix-3.yaml']!.kind).toBe('chronology')
  })

  it('the reference is a link with the appendix title', () => {
    const [entry] = yamls['appendices/appendix-1.yaml']!.entries as unknown as {title: string; url: string}[]
    expect(entry!.url).toMatch(/^https:\/\/mfa\.gov\.az\/.+\.pdf$/)
    expect(entry!.title).toMatch(/^Documents of regional and international organizations/)
  })

  const chronology = () => [...yamls['appendices/appendix-2.yaml']!.entries, ...yamls['appendices/appendix-3.yaml']!.entries]

  it('all 81 meetings are present, each with its date, place and (where printed) occasion', () => {
    const entries = chronology()
    expect(entries).toHaveLength(81)
    for (const e of entries) {
      expect(e.place).toMatch(/^\p{Lu}/u)
      expect(e.date).toMatch(/^\d{4}-\d{2}-\d{2}(\/\d{4}-\d{2}-\d{2})?$/)
      expect(isValidEdtf(e.date), e.date).toBe(true)
      // The date cell as printed is on the entry's source line.
      // (typography turns the hyphen of a day range into an en dash, and records it)
      const printed = source[e.position.start.line - 1]!.replace(/\s+/g, ' ').trim().toLowerCase()
      expect(printed.replace(/–/g, '-')).toBe(e.dateText.toLowerCase().replace(/–/g, '-'))
    }
    // Every place printed with "(occasion)" has its occasion; the one without keeps null.
    const withoutOccasion = entries.filter((e) => e.occasion === null)
    expect(withoutOccasion.map((e) => e.place)).toEqual(['Vienna'])
    // Each date cell of the source is used exactly once.
    const lines = new Set(entries.map((e) => e.position.start.line))
    expect(lines.size).toBe(81)
  })

  it('keeps the source spelling, normalizes spaces and month case, keeps ranges as ranges', () => {
    const entries = chronology()
    expect(entries.find((e) => e.dateText === '18 November')).toBeDefined() // "18  NOVEMBER"
    const range = entries.find((e) => e.dateText.startsWith('17-18') || e.dateText.startsWith('17–18'))!
    expect(range.date).toMatch(/^(\d{4})-07-17\/\1-07-18$/)
    expect(entries.some((e) => e.occasion === 'Meeting ot CIS member states')).toBe(true) // the source's typo stays
    expect(entries.some((e) => e.place === 'Key-West')).toBe(true)
  })

  it('a year is certain only on direct evidence: a dated sentence of the body that names the place', () => {
    const entries = chronology()
    const certain = entries.filter((e) => e.certainty === 'certain')
    expect(certain.length).toBeGreaterThanOrEqual(4)
    for (const e of certain) {
      const m = /^body line (\d+): “([^”]+)” with (\S+)/.exec(e.evidence)
      expect(m, e.evidence).not.toBeNull()
      const line = source[Number(m![1]) - 1]!
      expect(line).toContain(e.date.slice(0, 4))
      expect(e.place).toContain(m![3])
    }
    const bern = entries.find((e) => e.place === 'Bern')!
    expect(bern).toMatchObject({date: '2015-12-19', certainty: 'certain'})
    // Everything else says how sure it is.
    for (const e of entries.filter((x) => x.certainty !== 'certain')) expect(e.evidence).toMatch(/year headings/)
    const counts = {certain: 0, inferred: 0, ambiguous: 0}
    for (const e of entries) counts[e.certainty]++
    console.log(`corpus chronology years: ${counts.certain} certain, ${counts.inferred} inferred, ${counts.ambiguous} ambiguous`)
    expect(counts.ambiguous).toBeGreaterThan(0)
  })

  it('years stay within the years the pages print (or the year carried over from the page before)', () => {
    const years = source.filter((l) => /^\s*(19|20)\d\d\s*$/.test(l)).map(Number)
    for (const e of chronology()) {
      const y = Number(e.date.slice(0, 4))
      expect(y).toBeGreaterThanOrEqual(Math.min(...years))
      expect(y).toBeLessThanOrEqual(Math.max(...years))
    }
  })

  it('the JSON carries the same appendices', () => {
    const json = JSON.parse(text(result, 'nagorno-karabakh-conflict.json'))
    expect(json.appendices.map((a: {id: string}) => a.id)).toEqual(['appendix-1', 'appendix-2', 'appendix-3'])
    for (const a of json.appendices) {
      const y = yamls[`appendices/${a.id}.yaml`]!
      expect({id: a.id, number: a.number, title: a.title, kind: a.kind, entries: a.entries}).toEqual({id: y.id, number: y.number, title: y.title, kind: y.kind, entries: y.entries})
    }
  })

  it('the Markdown shows each chronology as a GFM table in time order, dates with their year', () => {
    const md = text(result, 'nagorno-karabakh-conflict.md')
    const rows = md.split('\n').filter((l) => /^\| \d/.test(l))
    expect(rows).toHaveLength(81)
    expect(md).toMatch(/\| Date +\| Place +\| Occasion +\|/)
    // The reference prints its link once, under the heading that carries its title.
    expect(md).toMatch(/\n- <https:\/\/mfa\.gov\.az\/[^>]+>\n/)
    expect(md).toContain('| 19 December 2015 ')
    expect(md).toMatch(/\| 17–18 July (?:\d{4}|\[\d{4}\??\])/)
    // Time order inside each table.
    const table2 = yamls['appendices/appendix-2.yaml']!.entries.map((e) => e.date)
    expect([...table2].sort()).toEqual(table2)
    // An ambiguous year is marked in the table ([1997?]), an inferred one too ([1997]), with a legend under the table.
    expect(rows.some((r) => /^\| [^|]*\[\d{4}\?\] /.test(r))).toBe(true)
    expect(rows.some((r) => /^\| [^|]*\[\d{4}\] /.test(r))).toBe(true)
    expect(md).toMatch(/\|\n\n_Years in brackets: /)
  })

  it('records the month-case normalizations and warns about the ambiguous years', () => {
    const changes = listChanges(result.file).filter((m) => m.ruleId === 'appendices:month-case')
    expect(changes).toHaveLength(81)
    expect(result.file.messages.some((m) => m.ruleId === 'appendices:ambiguous-year')).toBe(true)
  })
})

describe('editor corrections', () => {
  const withSidecar = (fixture: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'reprint-corrections-'))
    const input = join(dir, 'doc.txt')
    copyFileSync(CORPUS, input)
    copyFileSync(`tests/fixtures/appendices/${fixture}`, join(dir, 'doc.corrections.yaml'))
    return input
  }

  it('pins a year: applied, certain, recorded', async () => {
    const r = await renderDocument(withSidecar('corrections-year.yaml'))
    expect(r.error).toBeUndefined()
    const data = parseYaml(text(r, 'appendices/appendix-3.yaml'))
    const entry = data.entries.find((e: Entry) => e.dateText === '22 January')
    expect(entry).toMatchObject({date: '2019-01-22', certainty: 'certain'})
    expect(entry.evidence).toContain('editor correction')
    const recorded = listChanges(r.file).filter((m) => m.ruleId === 'appendices:correction')
    expect(recorded).toHaveLength(1)
    expect(recorded[0]!.replacement).toBe('2019-01-22')
    // The record keeps the year the text alone gave.
    expect(recorded[0]!.original).toBe('2020-01-22')
  })

  it('a correction that matches nothing fails the document with a one-line error', async () => {
    const r = await renderDocument(withSidecar('corrections-stale.yaml'))
    expect(r.error).toMatch(/^corrections: correction 1 \(appendix 2, date “30 FEBRUARY”, place “Nowhere”\) matches no entry$/)
    expect(r.artifacts).toEqual([])
  })

  it('an invalid corrections file fails with the key named', async () => {
    const r = await renderDocument(withSidecar('corrections-invalid.yaml'))
    expect(r.error).toMatch(/doc\.corrections\.yaml: invalid corrections: .*colour/)
  })
})

describe('editor corrections of a range', () => {
  it('a pinned year moves both ends of a day range', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reprint-corrections-'))
    const input = join(dir, 'doc.txt')
    copyFileSync(CORPUS, input)
    writeFileSync(join(dir, 'doc.corrections.yaml'), 'corrections:\n  - appendix: 2\n    match: {date: 17-18 JULY}\n    set: {year: 2009}\n')
    const r = await renderDocument(input)
    expect(r.error).toBeUndefined()
    const data = parseYaml(text(r, 'appendices/appendix-2.yaml'))
    expect(data.entries.find((e: Entry) => /^17.18 July$/.test(e.dateText))).toMatchObject({date: '2009-07-17/2009-07-18', certainty: 'certain'})
  })
})

describe('date styles in the chronology tables', () => {
  it.each([
    ['mdy', '| September 25, [1993]', /\| July 17–18, (?:\d{4}|\[\d{4}\??\])/],
    ['iso', '| [1993-09-25]', /\| \[?\d{4}-07-17\/\d{4}-07-18\??\]?/],
    ['preserve', '| 25 September [1993]', /\| 17–18 July (?:\d{4}|\[\d{4}\??\])/]
  ] as const)('%s', async (dateStyle, day, range) => {
    const r = await renderDocument(CORPUS, {dateStyle, outputs: ['markdown']})
    const md = text(r, 'nagorno-karabakh-conflict.md')
    expect(md).toContain(day)
    expect(md).toMatch(range)
  })
})
