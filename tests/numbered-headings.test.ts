/**
 * Numbered section headings found by their outline (`pipeline/headings/numbered.ts`),
 * on our own small texts shaped like the extractors write numbered sections.
 */
import type {Heading} from 'mdast'
import {toString} from 'mdast-util-to-string'
import {describe, expect, it} from 'vitest'
import {toJsonDocument} from '../pipeline/emit/json.js'
import {comesAfter, follows} from '../pipeline/headings/numbered.js'
import {runStagesUpTo} from './helpers/run-stages.js'

async function run(raw: string) {
  const {tree, file} = await runStagesUpTo(raw, 'headings', 'sections.txt')
  const headings = tree.children.filter((n): n is Heading => n.type === 'heading')
  return {tree, file, headings, outline: headings.map((h) => [h.depth, toString(h), h.data?.number] as const)}
}

const PROSE = [
  'The harbour board met in the spring and agreed to dredge the inner basin before the',
  'autumn storms, so that the ferries could keep their winter timetable without delay.'
].join('\n')

// mutool: the number on a line of its own, blank lines around each block.
const MUTOOL = [
  'Annual Report of the Harbour Board',
  '',
  '1',
  '',
  'Harbour Works',
  '',
  PROSE,
  '',
  '1.1',
  '',
  'Costs and Estimates',
  '',
  PROSE,
  '',
  '1.2',
  '',
  'Dredging Plans',
  '',
  PROSE,
  '',
  '1.2.1',
  '',
  'The Inner Basin',
  '',
  PROSE,
  '',
  '2',
  '',
  'Lighthouses',
  '',
  PROSE,
  ''
].join('\n')

describe('numbered section headings', () => {
  it('joins a number printed on its own line with its title, depth from the numbering, number kept as printed', async () => {
    const {outline, file} = await run(MUTOOL)
    expect(outline).toEqual([
      [1, 'Annual Report of the Harbour Board', undefined],
      [2, '1 Harbour Works', '1'],
      [3, '1.1 Costs and Estimates', '1.1'],
      [3, '1.2 Dredging Plans', '1.2'],
      [4, '1.2.1 The Inner Basin', '1.2.1'],
      [2, '2 Lighthouses', '2']
    ])
    // Each is a recorded decision with its evidence.
    const decisions = file.messages.filter((m) => m.ruleId === 'headings:numbered')
    expect(decisions).toHaveLength(5)
    expect(decisions[0]!.place).toBeDefined()
  })

  it('splits a section number off the end of the paragraph before it (no blank line after it)', async () => {
    const raw = MUTOOL.replace(`${PROSE}\n\n1.2.1\n`, `${PROSE}\n1.2.1\n`)
    const {outline, tree} = await run(raw)
    expect(outline.map(([, text]) => text)).toContain('1.2.1 The Inner Basin')
    // The paragraph it was glued to no longer ends with it.
    const paragraphs = tree.children.filter((n) => n.type === 'paragraph').map((n) => toString(n))
    expect(paragraphs.every((p) => !/1\.2\.1\s*$/.test(p))).toBe(true)
  })

  it('title-cases capitals and gives the number in JSON', async () => {
    const raw = ['1. HARBOUR WORKS', '', PROSE, '', '2. LIGHTHOUSES AND BUOYS', '', PROSE, '', '2.1. The Northern Light', '', PROSE, ''].join('\n')
    const {tree, file, outline} = await run(raw)
    expect(outline.map(([depth, text]) => [depth, text])).toEqual([
      [2, '1. Harbour Works'],
      [2, '2. Lighthouses and Buoys'],
      [3, '2.1. The Northern Light']
    ])
    const json = toJsonDocument(tree, file, '0.0.0')
    const blocks = json.blocks.filter((b) => b.type === 'heading')
    expect(blocks.map((b) => b.number)).toEqual(['1.', '2.', '2.1.'])
  })

  it('leaves a numbered list of short items alone (no text between them)', async () => {
    const raw = [PROSE, '', 'The board asked for three things:', '', '1. Dredging', '', '2. Lamps', '', '3. Buoys', '', PROSE, ''].join('\n')
    const {headings} = await run(raw)
    expect(headings).toHaveLength(0)
  })

  it('does not take numbered sentences for headings', async () => {
    const raw = [
      '1. The board met in the spring and agreed on the plan.',
      '',
      PROSE,
      '',
      '2. The engineer gave a second estimate in the autumn.',
      '',
      PROSE,
      '',
      '3. The ferries kept their winter timetable.',
      '',
      PROSE,
      ''
    ].join('\n')
    const {headings} = await run(raw)
    expect(headings.filter((h) => h.data?.number)).toHaveLength(0)
  })

  it('never takes days of a chronology ("7 NOVEMBER") for numbered sections', async () => {
    const raw = ['7 NOVEMBER', '', PROSE, '', '8 DECEMBER', '', PROSE, '', '9 JANUARY', '', PROSE, '', '10 MARCH', '', PROSE, ''].join('\n')
    const {headings} = await run(raw)
    expect(headings.filter((h) => h.data?.number)).toHaveLength(0)
  })

  it('knows the outline order', () => {
    expect(follows([1], [2])).toBe(true)
    expect(follows([1], [1, 1])).toBe(true)
    expect(follows([1, 2, 3], [2])).toBe(true)
    expect(follows([1, 2], [1, 2, 2])).toBe(false)
    expect(follows([2], [1])).toBe(false)
    expect(comesAfter([1, 1], [1, 3])).toBe(true)
    expect(comesAfter([1, 3], [1, 2])).toBe(false)
  })
})
