/**
 * Pages in positions: text input gets `position.page` from the page breaks
 * layout found (form feeds, or runs of blank lines in a text without them);
 * a PDF input's recorded changes carry page and box into reports, and the
 * reporters name the page instead of a line of the text the reader built.
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {Writable} from 'node:stream'
import {afterAll, describe, expect, it} from 'vitest'
import {renderDocument} from '../pipeline/build.js'
import {createReporter, diagnostic, formatMessages} from '../pipeline/reporters.js'
import {messageRecord, type DocReport} from '../pipeline/worker.js'
import type {ReprintMessage} from '../pipeline/messages.js'
import {makePdf, type Placed} from './helpers/make-pdf.js'

const dir = mkdtempSync(join(tmpdir(), 'reprint-page-positions-'))
afterAll(() => rmSync(dir, {recursive: true, force: true}))

interface Json {
  blocks: Array<{type: string; text?: string; position?: {page?: number; bbox?: number[]}}>
  diagnostics: Array<{ruleId: string; original?: string; position?: {page?: number}}>
}

async function json(name: string, text: string): Promise<Json> {
  const path = join(dir, name)
  writeFileSync(path, text)
  const result = await renderDocument(path, {outputs: ['json']})
  expect(result.error).toBeUndefined()
  return JSON.parse(new TextDecoder().decode(result.artifacts.find((a) => a.path.endsWith('.json'))!.bytes))
}

const head = 'Annual Review of the Harbour Works'
const para = (n: number) => `Paragraph ${'one two three four five six seven'.split(' ')[n]} of the review sets out what was done and why it was done.`

describe('text input: the page of each block', () => {
  it('counts pages from form feeds', async () => {
    const pages = [1, 2, 3].map((p) => `${head}\n\n${para(2 * p - 2)}\n\n${para(2 * p - 1)}\n\n${p}\n`)
    const doc = await json('feeds.txt', pages.join('\f'))
    const paragraphs = doc.blocks.filter((b) => b.type === 'paragraph')
    // (A paragraph at a page foot goes on over the break: it is on the page where it starts.)
    expect(paragraphs.map((b) => [b.text?.split(' ')[1], b.position?.page])).toEqual([['one', 1], ['two', 1], ['four', 2], ['six', 3]])
    expect(paragraphs.every((b) => b.position?.bbox === undefined)).toBe(true)
    // Recorded changes (the removed running heads and page numbers) carry their page too.
    const removed = doc.diagnostics.filter((d) => d.ruleId === 'layout:furniture')
    expect(removed.map((d) => [d.original?.trim(), d.position?.page])).toContainEqual(['3', 3])
  })

  it('counts pages from the runs of blank lines layout takes for page breaks', async () => {
    const pages = [1, 2].map((p) => `${head}\n\n${para(2 * p - 2)}\n\n${para(2 * p - 1)}\n\n${p}`)
    const doc = await json('blank-runs.txt', pages.join('\n\n\n\n\n'))
    expect(doc.blocks.filter((b) => b.type === 'paragraph').map((b) => [b.text?.split(' ')[1], b.position?.page])).toEqual([['one', 1], ['two', 1], ['four', 2]])
  })

  it('gives no page to a text of one page', async () => {
    const doc = await json('one-page.txt', `${para(0)}\n\n${para(1)}\n`)
    expect(doc.blocks.map((b) => b.position?.page)).toEqual([undefined, undefined])
  })
})

describe('PDF input: reports name the page', () => {
  it('carries page and box from the recorded change to every reporter', async () => {
    const page = (n: number): Placed[] => [
      {text: `Body text of page ${n === 1 ? 'one' : 'two'} runs on in one column of plain type.`, x: 50, y: 700},
      {text: `Page ${n}`, x: 290, y: 40, size: 8}
    ]
    const path = join(dir, 'two-pages.pdf')
    writeFileSync(path, await makePdf([page(1), page(2)]))
    const result = await renderDocument(path, {outputs: ['json']})
    expect(result.error).toBeUndefined()
    const records = result.file.messages.map((m) => messageRecord(m as ReprintMessage, result.file))
    const second = records.find((m) => m.ruleId === 'layout:furniture' && m.original?.trim() === 'Page 2')!
    expect(second.page).toBe(2)
    expect(second.bbox![1]).toBeCloseTo(40, -1)
    // pretty: "page 2", not the line of the reader's text.
    const pretty = formatMessages('two-pages.pdf', [second])
    expect(pretty).toMatch(/^\s+page 2\s+info\s+Removed/m)
    expect(pretty).not.toMatch(/\d+:\d+/)
    // json: the position has the page and box, as the document JSON's diagnostics do.
    expect(diagnostic(second).position).toMatchObject({page: 2, bbox: second.bbox})
    const doc = JSON.parse(new TextDecoder().decode(result.artifacts.find((a) => a.path.endsWith('.json'))!.bytes)) as Json
    expect(doc.diagnostics.find((d) => d.original?.trim() === 'Page 2')!.position!.page).toBe(2)
    // github: no line annotation on a PDF; the page opens the message.
    let out = ''
    const stdout = new Writable({write: (chunk, _enc, done) => ((out += String(chunk)), done())})
    const reporter = await createReporter({kind: 'github', changes: true, stdout, stderr: stdout, env: {}})
    const report: DocReport = {index: 0, input: 'two-pages.pdf', key: 'two-pages', status: 'built', artifacts: [], messages: [second], ms: 1}
    reporter.document(report)
    expect(out).toMatch(/^::notice file=two-pages\.pdf,title=layout%3Afurniture::page 2: Removed/m)
    expect(out).not.toContain('line=')
  })

  it('leaves a text input\u2019s messages at their line and column', async () => {
    const path = join(dir, 'plain.txt')
    writeFileSync(path, `${head}\n\n${para(0)}\n\f${head}\n\n${para(1)}\n`)
    const result = await renderDocument(path, {outputs: ['json']})
    const records = result.file.messages.map((m) => messageRecord(m as ReprintMessage, result.file))
    expect(records.some((m) => m.line !== undefined)).toBe(true)
    expect(records.every((m) => m.page === undefined)).toBe(true)
  })
})
