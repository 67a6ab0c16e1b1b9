/**
 * Lists, and the blocks that only look like list items. Numbered paragraphs
 * and the lists after them: a report, rules or a statute
 * that numbers its paragraphs ("1. Purpose. The board asked …") keeps each
 * member of the sequence a paragraph, also a short last one that introduces
 * lettered clauses; a real ordered list (short items, line after line) stays
 * a list. Made-up fixtures in the shape of `pdftotext -raw` output
 * (tests/fixtures/paragraphs/*-sequence-raw.txt, steps-list-raw.txt,
 * long-items-raw.txt), and the same text with blank lines between blocks.
 * A note after an asterisk below a list of bullets is no item of that list
 * (asterisk-note-raw.txt, asterisk-list-raw.txt).
 */
import type {List, Root, RootContent} from 'mdast'
import {toString} from 'mdast-util-to-string'
import {describe, expect, it} from 'vitest'
import {runParagraphStages, fixtures} from './helpers/run-stages.js'

const fixture = fixtures('paragraphs')

const run = (raw: string) => runParagraphStages(raw, 'report.txt')

/** The same text with a blank line before every block a typesetter sets apart (as pdftotext's default mode writes it). */
const withBlanks = (raw: string) => raw.replace(/\n(?=\d+\. |\([a-z]\) |The (?:clerk|assistants) )/g, '\n\n')

const blocks = (tree: Root) => tree.children.filter((b) => b.type !== 'pageBreak')
/** The top-level block whose text starts with `start`. */
const blockAt = (tree: Root, start: string): RootContent | undefined => blocks(tree).find((b) => toString(b).startsWith(start))
/** The top-level list that holds an item whose text starts with `start`. */
const listWith = (tree: Root, start: string): List | undefined =>
  blocks(tree).find((b): b is List => b.type === 'list' && b.children.some((item) => toString(item).startsWith(start)))

describe('numbered paragraphs in a sequence', () => {
  for (const [name, shape] of [
    ['without blank lines', (raw: string) => raw],
    ['with blank lines', withBlanks]
  ] as const) {
    it(`keeps a short last member with a run-in title a paragraph like its siblings, its clauses a list of their own (${name})`, async () => {
      const {tree} = await run(shape(fixture('numbered-sequence-raw.txt')))
      // Sections 1.–3. are paragraphs of four lines or more, their numbers kept in the text.
      for (const start of ['1. Purpose.', '2. Method of Work.', '3. Findings.']) expect(blockAt(tree, start)?.type).toBe('paragraph')
      // Section 4. is two lines and ends with a colon: still a paragraph, not a list of one item.
      const conclusions = blockAt(tree, '4. Conclusions.')
      expect(conclusions?.type).toBe('paragraph')
      expect(toString(conclusions!)).toMatch(/keep these points in mind:$/)
      // The clauses follow as a list at the top level, each item whole, not nested in section 4.
      const clauses = listWith(tree, '(a) Every register')
      expect(clauses?.ordered).toBe(false)
      expect(clauses?.children.map((item) => toString(item).slice(0, 3))).toEqual(['(a)', '(b)', '(c)'])
      expect(toString(clauses!.children[0]!)).toMatch(/put right\.$/)
      expect(blocks(tree).some((b) => b.type === 'list' && b.ordered)).toBe(false)
    })
  }

  it('records the decision with its rule id and the position of the number', async () => {
    const {file} = await run(fixture('numbered-sequence-raw.txt'))
    const decisions = file.messages.filter((m) => m.ruleId === 'paragraphs:numbered-sequence')
    expect(decisions).toHaveLength(1)
    expect(decisions[0]!.line).toBe(17)
    expect(decisions[0]!.column).toBe(1)
    expect(decisions[0]!.reason).toMatch(/numbered paragraph 4/)
    expect(String((decisions[0] as {evidence?: string}).evidence)).toMatch(/run-in title/)
  })

  it('goes on over members of one line in rules whose first member is a long paragraph', async () => {
    const {tree, file} = await run(fixture('rules-sequence-raw.txt'))
    for (const start of ['1. Interpretation.', '2. Application.', '3. Fees.', '4. Notices.']) expect(blockAt(tree, start)?.type).toBe('paragraph')
    expect(listWith(tree, '(a) a berth')?.children).toHaveLength(2)
    expect(file.messages.filter((m) => m.ruleId === 'paragraphs:numbered-sequence').map((m) => m.line)).toEqual([6, 9, 10])
  })
})

describe('ordered lists stay lists', () => {
  it('reads no run-in title into a title before a name ("2. Mr. Smith asked …")', async () => {
    const {file} = await run(fixture('minutes-numbered-raw.txt'))
    expect(file.messages.some((m) => m.ruleId === 'paragraphs:numbered-sequence')).toBe(false)
  })

  it('keeps short steps numbered from 1 after a numbered paragraph an ordered list', async () => {
    const {tree, file} = await run(fixture('steps-list-raw.txt'))
    expect(blockAt(tree, '1. Background.')?.type).toBe('paragraph')
    const steps = listWith(tree, 'Open the register.')
    expect(steps?.ordered).toBe(true)
    expect(steps?.start).toBe(1)
    expect(steps?.children.map((item) => toString(item))).toEqual(['Open the register.', 'Write the berth number.', 'Sign the entry.'])
    expect(file.messages.some((m) => m.ruleId === 'paragraphs:numbered-sequence')).toBe(false)
  })

  it('keeps long numbered items without titles a list, a short one with clauses too, its clauses nested', async () => {
    // A directive's numbered actions: long items, no run-in titles; the third is short and has clauses.
    const {tree, file} = await run(fixture('long-items-raw.txt'))
    // Long items without run-in titles are items of one list, not numbered paragraphs.
    const actions = listWith(tree, 'Update the register')
    expect(actions?.start).toBe(1)
    expect(actions?.children.map((item) => toString(item).split(' ')[0])).toEqual(['Update', 'Check', 'Publish'])
    const third = actions!.children[2]!
    const nested = third.children.find((c) => c.type === 'list') as List | undefined
    expect(nested?.children.map((item) => toString(item).slice(0, 3))).toEqual(['(a)', '(b)'])
    expect(file.messages.some((m) => m.ruleId === 'paragraphs:numbered-sequence')).toBe(false)
  })
})

describe('a note after an asterisk', () => {
  it('keeps "* Except …" after a bullet list a paragraph with its asterisk, when a word above carries the asterisk', async () => {
    const {tree, file} = await run(fixture('asterisk-note-raw.txt'))
    const note = blockAt(tree, '* Except the club')
    expect(note?.type).toBe('paragraph')
    expect(toString(note!)).toMatch(/in the same way\.$/)
    // The bullets stay a list of three items, the last one whole over its two lines.
    const bullets = listWith(tree, 'Fill in the form')
    expect(bullets?.children).toHaveLength(3)
    expect(toString(bullets!.children[2]!)).toMatch(/for the first year\.$/)
    const decision = file.messages.find((m) => m.ruleId === 'paragraphs:asterisk-note')
    expect(decision?.line).toBe(8)
    expect(String((decision as {evidence?: string}).evidence)).toMatch(/harbour\*/)
  })

  it('keeps a list whose items are all marked with asterisks a list', async () => {
    const {tree, file} = await run(fixture('asterisk-list-raw.txt'))
    expect(listWith(tree, 'the register of berths;')?.children).toHaveLength(3)
    expect(file.messages.some((m) => m.ruleId === 'paragraphs:asterisk-note')).toBe(false)
  })
})

describe('a numbered heading in capitals after a list', () => {
  it('ends the list at "3. PAYING THE FEES" though 3 follows the list\'s 2, and records it', async () => {
    const {tree, file} = await run(fixture('capitals-section-raw.txt'))
    // The heading is a block of its own (the headings stage makes it a heading), not the list's third item.
    expect(blockAt(tree, '3. PAYING THE FEES')?.type).toBe('paragraph')
    expect(toString(blockAt(tree, '3. PAYING THE FEES')!)).toBe('3. PAYING THE FEES')
    const ways = listWith(tree, 'By asking at the main office')
    expect(ways?.children).toHaveLength(2)
    const decision = file.messages.find((m) => m.ruleId === 'paragraphs:capitals-after-items')
    expect(decision?.line).toBe(10)
  })

  it('keeps a list of items in capitals a list', async () => {
    const {tree, file} = await run(fixture('capitals-items-raw.txt'))
    expect(listWith(tree, 'NO SWIMMING')?.children.map((item) => toString(item))).toEqual(['NO SWIMMING', 'NO FISHING', 'NO FIRES'])
    expect(file.messages.some((m) => m.ruleId === 'paragraphs:capitals-after-items')).toBe(false)
  })
})
