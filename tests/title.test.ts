/**
 * The document title: the first page's own title, never its running head
 * (on our own small texts).
 */
import type {Heading} from 'mdast'
import {toString} from 'mdast-util-to-string'
import {describe, expect, it} from 'vitest'
import {runStagesUpTo} from './helpers/run-stages.js'

async function run(raw: string) {
  const {tree, file} = await runStagesUpTo(raw, 'headings', 'report.txt')
  const headings = tree.children.filter((n): n is Heading => n.type === 'heading')
  return {tree, file, headings, title: tree.data?.metadata?.title}
}

const PROSE = [
  'The harbour board met in the spring and agreed to dredge the inner basin before the',
  'autumn storms, so that the ferries could keep their winter timetable without delay.',
  'The engineer was asked for a second estimate, and the clerks copied the old charts.'
].join('\n')

/** Pages with a running head: the short title, and the page number beside it. */
function pages(head: (n: number) => string[], first: string[]): string {
  const out: string[] = []
  for (let n = 1; n <= 4; n++) out.push([...head(n), '', ...(n === 1 ? first : []), PROSE, '', PROSE].join('\n'))
  return out.join('\n\f')
}

describe('the document title', () => {
  it('is the first page title, not the running head printed with the page number over it', async () => {
    const raw = pages((n) => (n % 2 ? ['Harbour Report', String(n)] : [String(n), 'Harbour Report']), [
      'Dredging the Inner Basin',
      ''
    ])
    const {title, headings, file} = await run(raw)
    expect(title).toBe('Dredging the Inner Basin')
    expect(headings[0]!.depth).toBe(1)
    // The head is gone from every page, the first included, and recorded.
    const removed = file.messages.filter((m) => m.ruleId === 'layout:furniture').map((m) => String((m as {original?: string}).original).trim())
    expect(removed.filter((t) => t === 'Harbour Report')).toHaveLength(4)
  })

  it('is not a head that carries the first page number in its line', async () => {
    const raw = pages((n) => [n % 2 ? `Harbour Report ${n}` : `${n} Harbour Report`], ['Dredging the Inner Basin', ''])
    const {title} = await run(raw)
    expect(title).toBe('Dredging the Inner Basin')
  })

  it('keeps a head-like first line as the title when no other title follows it', async () => {
    const raw = pages((n) => (n === 1 ? ['Harbour Report', '1'] : [String(n), 'Harbour Report']), [])
    const {title} = await run(raw)
    expect(title).toBe('Harbour Report')
  })

  it('is the first block even when a date or a note follows it, not a later heading', async () => {
    const raw = ['Community membership', '', 'Note: this page is a draft', '', PROSE, '', 'Duties of Members', '', PROSE, ''].join('\n')
    const {title, headings, file} = await run(raw)
    expect(title).toBe('Community membership')
    expect(toString(headings[0]!)).toBe('Community membership')
    expect(file.messages.some((m) => m.ruleId === 'headings:title')).toBe(true)
  })

  it('is never a sentence or an address', async () => {
    for (const first of ['The board met in the spring.', 'https://example.org/harbour/report']) {
      const {headings} = await run([first, '', PROSE, ''].join('\n'))
      expect(headings.map((h) => toString(h))).not.toContain(first)
    }
  })
})

describe('a title wrapped over blocks', () => {
  it('joins the blocks on the next source lines that wrap like one title, and stops at a date', async () => {
    const raw = ['Minutes of the Annual Meeting of the Harbour', 'Board of the Northern District and the', 'Islands', 'June 20-August 31, 1961', 'The board met in the spring and agreed to dredge the inner basin before the autumn storms came.', ''].join('\n')
    const {title} = await run(raw)
    expect(title).toBe('Minutes of the Annual Meeting of the Harbour Board of the Northern District and the Islands')
  })
})

describe('a title run into the first paragraph', () => {
  it('splits its short lines off when the text goes on with a capital on the next line', async () => {
    const raw = [
      'Dredging the Inner',
      'Basin of the Harbour',
      'The harbour board met in the spring and agreed to',
      'dredge the inner basin before the autumn storms, so',
      'that the ferries could keep their winter timetable',
      'without delay, and the engineer gave an estimate.',
      ''
    ].join('\n')
    const {title, tree} = await run(raw)
    expect(title).toBe('Dredging the Inner Basin of the Harbour')
    expect(toString(tree.children.find((n) => n.type === 'paragraph')!)).toMatch(/^The harbour board met/)
  })

  it('leaves a paragraph that starts with a short line of prose alone', async () => {
    const raw = ['The board met.', 'Then the harbour board agreed to dredge the inner basin before the', 'autumn storms, so that the ferries could keep their winter timetable', 'without delay, and the engineer gave a second estimate.', ''].join('\n')
    const {headings} = await run(raw)
    expect(headings).toHaveLength(0)
  })
})
