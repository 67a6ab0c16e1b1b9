/**
 * Rejected repairs (`reject: {rule, position}` in `<name>.corrections.yaml`,
 * stages/reject.ts): the next build does not make them, lists them no more
 * as changes, and says so; a stale or impossible rejection fails the document
 * with a one-line reason and writes nothing.
 */
import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import type {Root} from 'mdast'
import {unified} from 'unified'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {recordChange} from '../pipeline/messages.js'
import {inlineOriginal, reject} from '../pipeline/stages/reject.js'
import {ROOT, reprint, tempDir, write} from './cli-harness.js'

const RAW = readFileSync(join(ROOT, 'tests', 'fixtures', 'html', 'harbour.txt'), 'utf8')

function buildWith(corrections?: string) {
  const dir = tempDir('reprint-reject-')
  write(join(dir, 'in', 'harbour.txt'), RAW)
  if (corrections !== undefined) write(join(dir, 'in', 'harbour.corrections.yaml'), corrections)
  const run = reprint(['build', 'in', '--out', 'out', '--outputs', 'markdown,json,html'], {cwd: dir})
  const doc = join(dir, 'out', 'harbour')
  const read = (name: string) => (existsSync(join(doc, name)) ? readFileSync(join(doc, name), 'utf8') : undefined)
  return {run, md: read('harbour.md'), json: read('harbour.json') ? JSON.parse(read('harbour.json')!) : undefined, html: read('harbour.html')}
}

const changes = (json: {diagnostics: {ruleId: string; position?: {start: {line: number; column: number}}}[]}, rule: string) =>
  json.diagnostics.filter((d) => d.ruleId === rule).map((d) => `${d.position!.start.line}:${d.position!.start.column}`)

describe('rejected repairs', () => {
  const before = buildWith()

  it('the fixture has the repairs the tests reject', () => {
    expect(before.run.code, before.run.stderr).toBe(0)
    expect(changes(before.json, 'dehyphenate:join')).toEqual(['5:64', '12:78'])
    expect(changes(before.json, 'dates:style')).toContain('5:31')
    expect(before.md).toContain('new breakwater')
  })

  it('a rejected line-end join keeps its hyphen; only that change is undone', () => {
    const after = buildWith('corrections:\n  - reject: {rule: dehyphenate:join, position: {line: 5, column: 64}}\n    note: the publisher hyphenates it\n')
    expect(after.run.code, after.run.stderr).toBe(0)
    expect(after.md).toContain('new break-water')
    expect(after.md).toContain('The commission agreed') // the other join stays
    expect(after.md!.replace('break-water', 'breakwater')).toBe(before.md)
    expect(after.html).toContain('new break-water')
    expect(changes(after.json, 'dehyphenate:join')).toEqual(['12:78'])
    const note = after.json.diagnostics.find((d: {ruleId: string}) => d.ruleId === 'corrections:reject')
    expect(note, JSON.stringify(after.json.diagnostics)).toBeDefined()
    expect(note.severity).toBe('info')
    expect(note.evidence).toBe('the publisher hyphenates it')
    expect(note.position.start).toEqual({line: 5, column: 64})
  })

  it('a rejected date rewrite prints the date as printed, still marked as a date', () => {
    const after = buildWith('corrections:\n  - reject: {rule: dates:style, position: {line: 5, column: 31}}\n')
    expect(after.run.code, after.run.stderr).toBe(0)
    expect(after.md).toContain('met on March 3, 1998 to')
    expect(after.md).toContain('on 12 May 1998') // the others are still restyled
    expect(after.html).toContain('<time datetime="1998-03-03">March 3, 1998</time>')
    expect(changes(after.json, 'dates:style')).not.toContain('5:31')
  })

  it('a typography change can be rejected too', () => {
    const after = buildWith('corrections:\n  - reject: {rule: typography:range, position: {line: 12, column: 49}}\n')
    expect(after.run.code, after.run.stderr).toBe(0)
    expect(after.md).toContain('built in 1905-1906,')
  })

  it('a rejection that names no recorded change fails the document, naming it, and writes nothing', () => {
    const after = buildWith('corrections:\n  - reject: {rule: dehyphenate:join, position: {line: 6, column: 1}}\n')
    expect(after.run.code).toBe(1)
    expect(after.run.stderr).toMatch(/corrections: correction 1 \(reject dehyphenate:join at 6:1\) matches no recorded change/)
    expect(after.md).toBeUndefined()
  })

  it('a heading set in title case can be kept in capitals', () => {
    const after = buildWith('corrections:\n  - reject: {rule: headings:title-case, position: {line: 1, column: 1}}\n')
    expect(after.run.code, after.run.stderr).toBe(0)
    expect(after.md).toContain('# HARBOUR WORKS REVIEW')
  })

  it('the schema refuses a rejection without a position, naming the file', () => {
    const after = buildWith('corrections:\n  - reject: {rule: dehyphenate:join}\n')
    expect(after.run.code).toBe(1)
    expect(after.run.stderr).toMatch(/harbour\.corrections\.yaml/)
  })
})

describe('reject stage', () => {
  const run = (rule: string) => {
    const file = new VFile({path: 'doc.txt', value: 'x'})
    recordChange(file, {ruleId: rule, reason: 'test', place: {start: {line: 3, column: 1}, end: {line: 3, column: 9}}, original: 'RUNNING HEAD', replacement: ''})
    file.data.corrections = {corrections: [{reject: {rule, position: {line: 3, column: 1}}}]}
    const tree: Root = {type: 'root', children: [{type: 'paragraph', children: [{type: 'text', value: 'Body text.'}], position: {start: {line: 1, column: 1}, end: {line: 5, column: 1}}}]}
    return () => unified().use(reject).runSync(tree, file)
  }

  it('refuses to reject a structural change, naming it', () => {
    expect(run('layout:furniture')).toThrow(/correction 1 \(reject layout:furniture at 3:1\): layout:furniture changes the structure and cannot be rejected/)
  })

  it('reads a line break in the original as the line join prints it', () => {
    expect(inlineOriginal('Arme-\nnian')).toBe('Arme-nian')
    expect(inlineOriginal('February 13,\n1988')).toBe('February 13, 1988')
  })
})
