/**
 * The review page's writer without a browser (emit/review): which records it
 * lists, where their marks land, and that no source text can end its data
 * island. The page in Chromium: pages-browser.test.ts.
 */
import type {Root} from 'mdast'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {documentHast} from '../pipeline/emit/html.js'
import {addMarks} from '../pipeline/emit/review/marks.js'
import {emitReview, jsonIsland, reviewRecords} from '../pipeline/emit/review/page.js'
import {recordChange, warn} from '../pipeline/messages.js'

const SOURCE = ['The harbour com-', 'mission met on 3 March.', '', 'A second para-', 'graph with com-', 'mission again.'].join('\n')

function sample() {
  const file = new VFile({path: 'doc.txt', value: SOURCE})
  recordChange(file, {ruleId: 'dehyphenate:join', reason: 'join', place: {start: {line: 1, column: 12}, end: {line: 2, column: 8}}, original: 'com-\nmission', replacement: 'commission'})
  recordChange(file, {ruleId: 'dehyphenate:join', reason: 'join', place: {start: {line: 5, column: 12}, end: {line: 6, column: 8}}, original: 'com-\nmission', replacement: 'commission'})
  recordChange(file, {ruleId: 'layout:furniture', reason: 'running head removed', place: {start: {line: 3, column: 1}, end: {line: 3, column: 1}}, original: 'PAGE 2', replacement: ''})
  warn(file, 'suspect', 'repair-edges:suspect', {start: {line: 4, column: 3}, end: {line: 4, column: 9}})
  file.info('not a change', {ruleId: 'x:y'})
  const tree: Root = {
    type: 'root',
    children: [
      {type: 'paragraph', data: {id: 'p-1'}, children: [{type: 'text', value: 'The harbour com'}, {type: 'text', value: 'mission met on 3 March.'}], position: {start: {line: 1, column: 1}, end: {line: 2, column: 24}}},
      {type: 'paragraph', data: {id: 'p-2'}, children: [{type: 'text', value: 'A second paragraph with commission again.'}], position: {start: {line: 4, column: 1}, end: {line: 6, column: 15}}}
    ]
  }
  return {file, tree}
}

describe('review page writer', () => {
  it('lists changes and warnings, not other messages, with their kind and whether they can be rejected', () => {
    const {file} = sample()
    const records = reviewRecords(file)
    expect(records.map((r) => [r.rule, r.sev, r.change, r.rejectable])).toEqual([
      ['dehyphenate:join', 'info', true, true],
      ['dehyphenate:join', 'info', true, true],
      ['layout:furniture', 'info', true, false],
      ['repair-edges:suspect', 'warning', false, false]
    ])
    expect(records[0]).toMatchObject({line: 1, col: 12, endLine: 2, endCol: 8, orig: 'com-\nmission', repl: 'commission'})
  })

  it('gives the page of the line when the reader knows it (PDF input)', () => {
    const {file} = sample()
    file.data.geometry = [undefined, {page: 1}, {page: 1}, {page: 2}, {page: 2}, {page: 3}, {page: 3}] as never
    expect(reviewRecords(file).map((r) => r.page)).toEqual([1, 3, 2, 2])
  })

  it('marks each change on its own words, in its own block, even across text nodes; the rest at the block start', () => {
    const {file, tree} = sample()
    const hast = documentHast(tree)
    const records = reviewRecords(file)
    const landed = addMarks(
      hast,
      records.map((r) => ({index: r.i, rule: r.rule, severity: r.sev, line: r.line, column: r.col, replacement: r.change ? r.repl ?? '' : 'second'})),
      SOURCE.split('\n')
    )
    expect(landed).toBe(3)
    const html = JSON.stringify(hast)
    const p1 = hast.children[0] as {properties: {id: string}; children: {type: string; properties?: {id?: string}; children?: {value: string}[]}[]}
    expect(p1.properties.id).toBe('p-1')
    const mark = p1.children.find((c) => c.properties?.id === 'c-0')!
    expect(mark.children![0]!.value).toBe('commission')
    const p2 = hast.children.find((c) => c.type === 'element' && c.properties.id === 'p-2') as typeof p1
    expect(p2.children.find((c) => c.properties?.id === 'c-1')!.children![0]!.value).toBe('commission')
    expect(p2.children.find((c) => c.properties?.id === 'c-3')!.children![0]!.value).toBe('second')
    // The running head has no words left: an empty mark where its line was.
    expect(html).toContain('"id":"c-2"')
  })

  it('writes a data island no source text can close', () => {
    expect(jsonIsland({a: '</script><!-- & \u2028'})).toBe('{"a":"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028"}')
    const {file, tree} = sample()
    recordChange(file, {ruleId: 'typography:quote', reason: '</script><script>alert(1)</script>', place: {line: 1, column: 1}, original: '"', replacement: '“'})
    const page = emitReview(tree, file, {name: 'doc'})
    expect(page.match(/<script\b/g)).toHaveLength(2)
    expect(page.match(/<\/script>/g)).toHaveLength(2)
  })
})
