import {readFileSync} from 'node:fs'
import type {List, ListItem, RootContent} from 'mdast'
import {toString} from 'mdast-util-to-string'
import {describe, expect, it} from 'vitest'
import {toJsonDocument} from '../pipeline/emit/json.js'
import {emitMarkdown} from '../pipeline/emit/markdown.js'
import {markerInfo} from '../pipeline/text/list-markers.js'
import {fixtures, runStages} from './helpers/run-stages.js'

const fixture = fixtures('lists')
const build = runStages

/** Items as `depth:first words`, depth-first, for every list in the tree. */
function items(nodes: RootContent[], depth = 0, out: string[] = []): string[] {
  for (const node of nodes) {
    if (node.type !== 'list') continue
    for (const item of (node as List).children) {
      out.push(`${depth}:${toString(item.children[0]!).split(' ').slice(0, 3).join(' ')}`)
      items(item.children as RootContent[], depth + 1, out)
    }
  }
  return out
}

describe('clauses of a statute without blank lines (pdftotext -raw)', () => {
  it('nests (a) › (1) › (A) › (i), keeps markers as printed and goes on over the page break', async () => {
    const {tree} = await build(fixture('statute-raw.txt'))
    expect(items(tree.children)).toEqual([
      '0:(a) Dues payable',
      '1:(1) In general',
      '2:(A) Every vessel',
      '2:(B) The dues',
      '1:(2) Exemptions',
      '2:(i) vessels of',
      '2:(ii) vessels that',
      '0:(b) Records'
    ])
    // The clause cut by the page break is one item.
    const list0 = tree.children.find((n) => n.type === 'list')!
    expect(JSON.stringify(list0)).not.toContain('"pageBreak"') // the break inside the list is gone…
    const text = toString(tree)
    expect(text).toContain('only to seek shelter from a storm or to land a sick member of the crew.')
    // …and the sentence between (2) and (i) stays inside item (2).
    const list = tree.children.find((n): n is List => n.type === 'list')!
    const two = (list.children[0]!.children[1] as List).children[1] as ListItem
    expect(toString(two.children[1]!)).toBe('The following vessels are exempt from the dues set in paragraph (1):')
  })

  it('gives every item its marker and level in JSON', async () => {
    const {tree, file} = await build(fixture('statute-raw.txt'))
    const list = toJsonDocument(tree, file, 'test').blocks.find((b) => b.type === 'list')!
    expect(list.items!.map((i) => [i.marker, i.level ?? 1])).toEqual([
      ['(a)', 1],
      ['(1)', 2],
      ['(A)', 3],
      ['(B)', 3],
      ['(2)', 2],
      ['(i)', 3],
      ['(ii)', 3],
      ['(b)', 1]
    ])
    expect(list.items![1]!.text).toBe('(1) In general')
  })
})

describe('numbered, lettered and roman items and bullets (pdftotext -raw)', () => {
  it('nests a) and i. under 1., continues the numbering after a sub-list, and ends an item at its short line', async () => {
    const {tree} = await build(fixture('directive-raw.txt'))
    expect(items(tree.children)).toEqual([
      '0:Publish a contact',
      '0:Publish a policy',
      '1:a) Which services',
      '1:b) How to',
      '2:i. Where reports',
      '2:ii. What information',
      '1:c) A statement',
      '0:Review the policy',
      '0:the names of',
      '0:the hours at'
    ])
    const markdown = emitMarkdown(tree)
    expect(markdown).toContain('1. Publish a contact address for reports on its public website. The address must be monitored on every working day.')
    expect(markdown).toContain('3. Review the policy every year.')
    // The printed marker stays, escaped so that pandoc does not read it as a list of its own.
    expect(markdown).toContain('   - a\\) Which services are in scope of the policy.')
    // A short bullet line without closing punctuation ends its item; the sentence after it is a paragraph.
    expect(markdown).toMatch(/- the hours at which reports are read\n\nReports received outside those hours/)
  })
})

describe('marker families', () => {
  it('tells letters from roman numerals by the item before', () => {
    expect(markerInfo('(i)')).toEqual({family: '(i)', value: 1})
    expect(markerInfo('(i)', [{family: '(a)', value: 8}])).toEqual({family: '(a)', value: 9})
    expect(markerInfo('(iv)')).toEqual({family: '(i)', value: 4})
    expect(markerInfo('(A)')).toEqual({family: '(A)', value: 1})
    expect(markerInfo('12.')).toEqual({family: '1.', value: 12})
    expect(markerInfo('–').family).not.toBe(markerInfo('•').family)
    expect(markerInfo('-').family).toBe(markerInfo('•').family)
  })
})

describe('numbered paragraphs', () => {
  it('keep a long numbered block a paragraph with its number as printed', async () => {
    const pre = readFileSync(new URL('fixtures/lists/statute-raw.txt', import.meta.url), 'utf8').split('\n').slice(0, 12).join('\n')
    const raw = `${pre}
1. Purpose. The board asked me to report on the state of the harbour records
and on what it would take to bring them into order before the next review.
The records are kept in three rooms of the old customs house, and most of
them have not been opened since the war.
2. Method of Work. I read the minutes of every meeting since the charter was
renewed, and I went through the boxes in the order in which they are shelved.
Where a box held papers of more than one year, I listed each year apart, so
that the list can be used without opening the boxes again.
`
    const {tree} = await build(raw)
    expect(tree.children.some((n) => n.type === 'list')).toBe(false)
    const markdown = emitMarkdown(tree)
    expect(markdown).toContain('\n\n1\\. Purpose. The board asked me')
    expect(markdown).toContain('\n\n2\\. Method of Work. I read the minutes')
  })
})
