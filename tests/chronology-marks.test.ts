/**
 * Chronology tables as publishers read them: a year the source does not print
 * with the date is marked in the Markdown and the PDF table ([1994] inferred,
 * [1994?] ambiguous) and explained by a legend under the table; a word broken
 * by a line-end hyphen inside a table cell is joined like body text.
 */
import type {Root} from 'mdast'
import {describe, expect, it} from 'vitest'
import {renderDocument} from '../pipeline/build.js'
import {emitMarkdown} from '../pipeline/emit/markdown.js'
import {emitPdf} from '../pipeline/emit/pdf/index.js'
import type {Appendix} from '../pipeline/types.js'
import {ROOT} from './cli-harness.js'
import {extractPdf} from './fixtures/pdf/helpers.js'

function chronology(entries: Appendix['entries']): Root {
  return {
    type: 'root',
    children: [
      {type: 'heading', depth: 2, children: [{type: 'text', value: 'Appendix 1: Meetings'}]},
      {type: 'appendix', id: 'appendix-1', number: 1, title: 'Meetings', kind: 'chronology', entries}
    ]
  }
}

const ENTRIES: Appendix['entries'] = [
  {date: '1993-09-25', dateText: '25 SEPTEMBER 1993', place: 'Baku', occasion: 'Talks', certainty: 'certain'},
  {date: '1994-05-12', dateText: '12 MAY', place: 'Vienna', occasion: 'Summit', certainty: 'inferred'},
  {date: '1995-01-30/1995-01-31', dateText: '30-31 JANUARY', place: 'Prague', occasion: 'Council', certainty: 'ambiguous'}
]

describe('chronology year marks', () => {
  it('marks inferred and ambiguous years in the Markdown table, with a legend under it', () => {
    const markdown = emitMarkdown(chronology(ENTRIES))
    expect(markdown).toContain('| 25 September 1993 ')
    expect(markdown).toContain('| 12 May [1994] ')
    expect(markdown).toContain('| 30–31 January [1995?] ')
    const legend = markdown.slice(markdown.lastIndexOf('|') + 1).trim()
    expect(legend).toMatch(/^_Years in brackets: \[year\] .*inferred.*; \[year\?\] .*not settled.*\._$/)
  })

  it('marks them in every date style', () => {
    expect(emitMarkdown(chronology(ENTRIES), {dateStyle: 'mdy'})).toContain('| May 12, [1994] ')
    expect(emitMarkdown(chronology(ENTRIES), {dateStyle: 'iso'})).toContain('| [1994-05-12] ')
    expect(emitMarkdown(chronology(ENTRIES), {dateStyle: 'iso'})).toContain('| [1995-01-30/1995-01-31?] ')
  })

  it('explains only the marks the table uses, and adds no legend to a table without them', () => {
    const inferredOnly = emitMarkdown(chronology(ENTRIES.slice(0, 2)))
    expect(inferredOnly).toContain('[year] not printed')
    expect(inferredOnly).not.toContain('[year?]')
    expect(emitMarkdown(chronology(ENTRIES.slice(0, 1)))).not.toContain('Years in brackets')
  })

  it('marks them in the PDF table, with the legend under it', async () => {
    const pages = await extractPdf(await emitPdf(chronology(ENTRIES), {date: new Date(Date.UTC(2000, 0, 1))}))
    const text = pages.flatMap((p) => p.lines.map((l) => l.text)).join('\n')
    expect(text).toContain('12 May [1994]')
    expect(text).toContain('30–31 January [1995?]')
    expect(text.indexOf('Years in brackets')).toBeGreaterThan(text.indexOf('30–31 January [1995?]'))
  })
})

describe('words broken inside a table cell', () => {
  it('are joined like body text, and the join is recorded (the shipped example)', async () => {
    const result = await renderDocument(`${ROOT}/input/nagorno-karabakh-conflict.txt`, {outputs: ['markdown', 'json'], cwd: ROOT})
    const markdown = new TextDecoder().decode(result.artifacts[0]!.bytes)
    const json = JSON.parse(new TextDecoder().decode(result.artifacts[1]!.bytes))
    // No cell keeps a word cut in two by a space where the source broke it with a hyphen.
    for (const change of json.diagnostics.filter((d: {ruleId: string}) => d.ruleId === 'dehyphenate:join')) {
      const [left, right] = change.original.split('-\n') as [string, string]
      expect(markdown, change.original).not.toContain(`${left} ${right} `)
    }
    // Some of those joins are inside table cells: the joined word is in the cell, and the change is recorded.
    const cells = json.appendices.flatMap((a: Appendix) => a.entries.map((e) => `${e.place ?? ''} ${e.occasion ?? ''}`)).join('\n')
    const inCells = json.diagnostics.filter((d: {ruleId: string; replacement?: string; position?: {start: {line: number}}}) => {
      const appendixStart = Math.min(...json.appendices.map((a: {position?: {start: {line: number}}}) => a.position?.start.line ?? Infinity))
      return d.ruleId === 'dehyphenate:join' && (d.position?.start.line ?? 0) > appendixStart && cells.includes(d.replacement!)
    })
    expect(inCells.length).toBeGreaterThan(0)
    expect(cells).not.toMatch(/\bCoopera tion\b/)
  })
})
