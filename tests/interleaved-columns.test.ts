import type {Root} from 'mdast'
import {unified} from 'unified'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {ingest} from '../pipeline/stages/ingest.js'
import {layout} from '../pipeline/stages/layout.js'
import {findInterleavedColumns} from '../pipeline/text/interleaved-columns.js'

// Our own prose, wrapped to a given width: one printed line per line.
const WORDS = (
  'the survey crews walked the northern ridge every morning and wrote down what the river had carried ' +
  'overnight while the clerks in town copied their notes into ledgers that nobody opened again until ' +
  'the flood of the following spring made every page of them worth reading twice over'
).split(' ')

function wrap(width: number, lines: number): string[] {
  const out: string[] = []
  let line = ''
  let i = 0
  while (out.length < lines) {
    const word = WORDS[i++ % WORDS.length]!
    if (line && line.length + 1 + word.length > width) {
      out.push(line)
      line = word
    } else line = line ? `${line} ${word}` : word
  }
  return out
}

/** pdftotext's default mode on two columns: one run of three in every nine column lines written as one line. */
function joinRuns(lines: string[]): string[] {
  const out: string[] = []
  for (let i = 0; i < lines.length; ) {
    if (i % 9 === 0 && i + 3 <= lines.length) {
      out.push(lines.slice(i, i + 3).join(' '))
      i += 3
    } else out.push(lines[i++]!)
  }
  return out
}

async function warnings(text: string) {
  const processor = unified().use(ingest).use(layout)
  const file = new VFile({path: 'columns.txt', value: text})
  await processor.run(processor.parse(file) as Root, file)
  return file.messages.filter((m) => m.ruleId === 'layout:interleaved-columns')
}

describe('interleaved two columns (pdftotext default mode)', () => {
  it('warns once on narrow columns with joined runs, naming pdftotext -raw and mutool', async () => {
    const pages = [0, 1, 2].map(() => joinRuns(wrap(44, 60)).join('\n'))
    const found = await warnings(pages.join('\n\f'))
    expect(found).toHaveLength(1)
    expect(found[0]!.fatal).toBe(false)
    expect(found[0]!.reason).toContain('pdftotext -raw')
    expect(found[0]!.reason).toContain('mutool')
  })

  it('stays quiet on the same columns one printed line per line (-raw, mutool)', async () => {
    const pages = [0, 1, 2].map(() => wrap(44, 60).join('\n'))
    expect(await warnings(pages.join('\n\f'))).toHaveLength(0)
  })

  it('stays quiet on one wide column, even with joined runs', async () => {
    const pages = [0, 1, 2].map(() => joinRuns(wrap(82, 60)).join('\n'))
    expect(await warnings(pages.join('\n\f'))).toHaveLength(0)
  })

  it('does not count table rows (wide gaps) as joined runs', () => {
    const rows = Array.from({length: 30}, (_, i) => `Committee ${i}      northern ridge survey office      ${1900 + i}      ledger kept in town`)
    expect(findInterleavedColumns([...wrap(44, 120), ...rows])).toBeUndefined()
  })

  it('needs enough text to judge', () => {
    expect(findInterleavedColumns(joinRuns(wrap(44, 20)))).toBeUndefined()
  })
})
