import type {Code} from 'mdast'
import {describe, expect, it} from 'vitest'
import {toJsonDocument} from '../pipeline/emit/json.js'
import {emitMarkdown} from '../pipeline/emit/markdown.js'
import {codeLike} from '../pipeline/text/code-lines.js'
import {fixtures, runStages} from './helpers/run-stages.js'

const fixture = fixtures('code')
const build = runStages

describe('code listings and configuration snippets', () => {
  it('become code blocks, kept line by line and untouched by typography, dates, dehyphenation and edge repairs', async () => {
    const raw = fixture('listing-raw.txt')
    const {tree, file} = await build(raw)
    const code = tree.children.filter((n): n is Code => n.type === 'code')
    expect(code.map((c) => c.value.split('\n').length)).toEqual([5, 5])
    expect(code[0]!.value).toBe('[tolls]\ngrain = 12\ntimber = 14\npassenger_vessel = "30 (per call)"\nupdated = 2021-04-27')
    // Every code line is in the source exactly as it is in the block (indentation kept).
    for (const line of code[1]!.value.split('\n')) expect(raw).toContain(line)
    expect(code[1]!.value).toContain('    log_line(i, total, "--with-\n        surcharge");')
    // No recorded change touches the code lines.
    const codeLines = new Set(code.flatMap((c) => Array.from({length: c.position!.end.line - c.position!.start.line + 1}, (_, k) => c.position!.start.line + k)))
    const touching = file.messages.filter((m) => (m as {change?: boolean}).change && codeLines.has((m.place && 'start' in m.place ? m.place.start.line : m.place?.line) ?? -1))
    expect(touching).toEqual([])
    const markdown = emitMarkdown(tree)
    expect(markdown).toContain('```\n[tolls]\ngrain = 12')
    expect(markdown).toMatch(/Nothing else in the program changes the amounts that the board has set\.\n$/)
    const json = toJsonDocument(tree, file, 'test')
    expect(json.blocks.filter((b) => b.type === 'code').map((b) => b.text)).toEqual(code.map((c) => c.value))
    expect(json.diagnostics.filter((d) => d.ruleId === 'paragraphs:code')).toHaveLength(2)
  })

  it('does not take prose, clauses, lists or URLs for code', () => {
    for (const line of [
      'the names of its contact staff;',
      '(A) Complaints',
      'https://www.justice.gov/criminal-ccips/page/file/983996/download',
      '1943 (12 boxes); the European Affairs Office or Lot Files for 1943 (6 boxes);',
      'Governmental Secrecy and the Founding Fathers, pp. 69–83; note 5 above.'
    ])
      expect(codeLike(line)).toBe(0)
    expect(codeLike('total += toll[cargo];')).toBe(2)
    expect(codeLike('}')).toBe(2)
  })
})
