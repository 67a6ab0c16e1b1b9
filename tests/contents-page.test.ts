import type {Root} from 'mdast'
import {unified} from 'unified'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {listChanges} from '../pipeline/messages.js'
import {ingest} from '../pipeline/stages/ingest.js'
import {layout} from '../pipeline/stages/layout.js'
import {findContents} from '../pipeline/text/contents-page.js'
import type {RawLine} from '../pipeline/types.js'

// Our own small report, as three extractors write its contents page.
const BODY = [
  '2',
  '1 Harbour Works',
  'The harbour board met in the spring and agreed to dredge the inner basin before the autumn',
  'storms, so that the ferries could keep their winter timetable without delay.',
  '1.1 Costs',
  'The board set aside a sum for the dredging and asked the engineer for a second estimate.',
  '\f3',
  '2 Lighthouses',
  'Both lighthouses on the point were repainted and their lamps replaced with new ones.'
].join('\n')

const RAW = [
  'Annual Report of the Harbour Board',
  'Contents',
  '1 Harbour Works 2',
  '1.1 Costs . . . . . . . . . . . . . . . . . . . . . . . . . . 2',
  '1.2 Dredging Plans . . . . . . . . . . . . . . . . . . . . . 2',
  '2 Lighthouses 3',
  '2.1 Lamps . . . . . . . . . . . . . . . . . . . . . . . . . . 3'
].join('\n')

const MUTOOL = [
  'Annual Report of the Harbour Board',
  '',
  'Contents',
  '',
  '1',
  'Harbour Works',
  '2',
  '1.1',
  'Costs . . . . . . . . . . . . . . . . . . . . . . . . . . . .',
  '2',
  '',
  '1.2',
  'Dredging Plans',
  '. . . . . . . . . . . . . . . . . . . . . . .',
  '2',
  '',
  '2',
  'Lighthouses',
  '3'
].join('\n')

async function run(contentsPage: string) {
  const processor = unified().use(ingest).use(layout)
  const file = new VFile({path: 'report.txt', value: `${contentsPage}\n\f${BODY}\n`})
  const tree = (await processor.run(processor.parse(file), file)) as Root
  const kept = tree.children.filter((n): n is RawLine => n.type === 'rawLine').map((n) => n.value.trim()).filter(Boolean)
  const contents = listChanges(file).filter((m) => m.ruleId === 'layout:contents')
  // A section number at the top of the contents may also read as a page number (furniture): removed either way.
  const removed = listChanges(file).filter((m) => m.ruleId === 'layout:contents' || m.ruleId === 'layout:furniture')
  return {kept, contents, removed}
}

describe('layout: table of contents pages', () => {
  for (const [name, page] of [
    ['one entry a line (pdftotext -raw)', RAW],
    ['number, title and dots on lines of their own (mutool)', MUTOOL]
  ] as const) {
    it(`drops the contents, recorded line by line, and keeps the title and the body: ${name}`, async () => {
      const {kept, contents, removed} = await run(page)
      expect(contents.length).toBeGreaterThan(4)
      expect(kept[0]).toBe('Annual Report of the Harbour Board')
      expect(kept).not.toContain('Contents')
      expect(kept.some((l) => /\. \. \./.test(l))).toBe(false)
      expect(kept).toContain('1 Harbour Works')
      expect(kept).toContain('1.1 Costs')
      expect(kept).toContain('2 Lighthouses')
      // Every removed line is named by a change.
      const lines = page.split('\n').map((l) => l.trim()).filter(Boolean)
      const names = removed.map((m) => m.original!.trim())
      for (const line of lines.slice(1)) expect(names).toContain(line)
    })
  }

  it('leaves a page without leader dots or a contents caption alone', () => {
    const page = ['1 Harbour Works', 'The board met twice.', '2 Lighthouses', 'Both were repainted.']
    expect(findContents([page, page]).size).toBe(0)
  })

  it('does not take the date lines of a chronology ("12 March 1999") for entries with page numbers', () => {
    const page = Array.from({length: 10}, (_, i) => [`${i + 3} March 1999`, 'Geneva', 'Meeting of the working group']).flat()
    expect(findContents([page, page]).size).toBe(0)
  })

  it('does not take prose after a caption-like word for contents', () => {
    const page = ['Contents', 'The crates held tools, rope and lamp oil for the winter.', 'Each was checked on arrival at the pier by two clerks.']
    expect(findContents([page]).size).toBe(0)
  })
})
