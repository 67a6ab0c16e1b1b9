import {readFileSync} from 'node:fs'
import fc from 'fast-check'
import type {Paragraph, Root} from 'mdast'
import {toString} from 'mdast-util-to-string'
import {unified} from 'unified'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {listChanges, type ReprintMessage} from '../pipeline/messages.js'
import {createProcessor} from '../pipeline/processor.js'
import {repairEdges} from '../pipeline/stages/repair-edges.js'
import {typography, type TypographyOptions} from '../pipeline/stages/typography.js'
import {contractTree, lineText as line} from './fixtures/words/contract-tree.js'

async function run(raw: string, options?: TypographyOptions) {
  const file = new VFile({path: 'fixture.txt', value: raw})
  const tree = contractTree(raw)
  await unified().use(typography, options).run(tree, file)
  const text = tree.children.map((block) => toString(block)).join('\n\n')
  return {tree, file, text, changes: listChanges(file)}
}

describe('typography on corpus snippets', () => {
  const raw = readFileSync(new URL('fixtures/words/typography.txt', import.meta.url), 'utf8')
  const lines = raw.split('\n')
  /** Where `needle` starts in the source: [line, column], both 1-based. */
  const at = (needle: string, from = 0): [number, number] => {
    for (let i = from; i < lines.length; i++) {
      const column = lines[i]!.indexOf(needle)
      if (column >= 0) return [i + 1, column + 1]
    }
    throw new Error(`not in fixture: ${needle}`)
  }

  it('sets ranges, apostrophes and spaces, and leaves hyphenated words', async () => {
    const {text} = await run(raw)
    for (const expected of [
      'in 1905–1906, 1918–1920, 1948–1953. In 1948-',
      'reaffirmed NKAO’s status',
      'January 30–31, 1992',
      'Despite Armenia’s attempts',
      'December 2–3, 1996',
      'in Baku on 25–26 October 2019',
      'the Black Sea Economic Cooperation-business conference',
      '10–11 FEBRUARY',
      'Chairperson-in-Office',
      'the Non-Aligned Movement',
      'Southern Corridor-New Silk Road',
      'appoint the co-chairs',
      'named “Karabakh” operated',
      'Resolution No. 1416 “On the Nagorno-Karabakh conflict'
    ]) {
      expect(text).toContain(expected)
    }
  })

  it('records one message per change with its source position', async () => {
    const {changes} = await run(raw)
    const found = changes.map((m) => [m.ruleId, m.line, m.column, m.original, m.replacement])
    expect(found).toEqual([
      ['typography:range', ...at('1905-1906'), '1905-1906', '1905–1906'],
      ['typography:range', ...at('1918-1920'), '1918-1920', '1918–1920'],
      ['typography:range', ...at('1948-1953'), '1948-1953', '1948–1953'],
      ['typography:apostrophe', ...at('`s status'), '`', '’'],
      ['typography:range', ...at('30-31'), '30-31', '30–31'],
      ['typography:apostrophe', ...at('`s attempts'), '`', '’'],
      ['typography:range', ...at('2-3,'), '2-3', '2–3'],
      ['typography:range', ...at('25-26'), '25-26', '25–26'],
      ['typography:spaces', ...at('  Economic'), '  ', ' '],
      ['typography:range', ...at('10-11 FEB'), '10-11', '10–11']
    ])
    for (const m of changes) {
      const place = m.place as {start: {column: number}; end: {column: number}}
      expect(place.end.column - place.start.column).toBe(m.original!.length)
    }
  })
})

describe('typography rules', () => {
  it('turns straight double quotes into curly ones by their neighbours, across line edges', async () => {
    const {text, changes} = await run('He said "yes" and then ("no"), and another one named\n"Krunk" operated.\n')
    expect(text).toBe('He said “yes” and then (“no”), and another one named “Krunk” operated.')
    expect(changes.filter((m) => m.ruleId === 'typography:quote')).toHaveLength(6)
  })

  it('sets apostrophes and single quotes', async () => {
    const {text} = await run(
      "Azerbaijan`s and Armenia's leaders don't agree since the '90s; the 'SD' and 'Gestapo,' respectively; ten years' work.\n"
    )
    expect(text).toBe(
      'Azerbaijan’s and Armenia’s leaders don’t agree since the ’90s; the ‘SD’ and ‘Gestapo,’ respectively; ten years’ work.'
    )
  })

  it('turns TeX quotes into curly ones', async () => {
    const {text} = await run("The resolution ``Situation in the Occupied Territories'' was adopted.\n")
    expect(text).toBe('The resolution “Situation in the Occupied Territories” was adopted.')
  })

  it('keeps ASCII quotes with asciiQuotes, but still fixes backtick apostrophes', async () => {
    const {text, changes} = await run('He said "yes" to Armenia`s and Azerbaijan\'s plan.\n', {asciiQuotes: true})
    expect(text).toBe('He said "yes" to Armenia\'s and Azerbaijan\'s plan.')
    expect(changes).toHaveLength(1)
  })

  it('sets ranges only where numbers form a range', async () => {
    const raw =
      'In 1918-1920 and 1990-91, on pages 10-11 and 2-3, but call 555-1234, ISBN 978-0-306-40615-7, ' +
      'the M-16 rifle, on 2019-10-15, a 3-2 score, 1.5-2.5 litres, the 030-1234 line, COVID-19, well-known 10-yard lines.\n'
    const {text, changes} = await run(raw)
    expect(text).toBe(
      'In 1918–1920 and 1990–91, on pages 10–11 and 2–3, but call 555-1234, ISBN 978-0-306-40615-7, ' +
        'the M-16 rifle, on 2019-10-15, a 3-2 score, 1.5-2.5 litres, the 030-1234 line, COVID-19, well-known 10-yard lines.'
    )
    expect(changes.map((m) => m.ruleId)).toEqual(Array(4).fill('typography:range'))
  })

  it('collapses runs of spaces, one message each', async () => {
    const {text, changes} = await run('Geneva  (on the initiative of   OSCE Minsk Group\nco-chairs)\n')
    expect(text).toBe('Geneva (on the initiative of OSCE Minsk Group co-chairs)')
    expect(changes.map((m) => [m.column, m.original])).toEqual([
      [7, '  '],
      [30, '   ']
    ])
  })

  it('points at source columns even after earlier stages changed the line length', async () => {
    // (The third line is the document's own evidence for the lost letter.)
    const raw = 'These resolutions adopted by the Council, which acts as the main guarantor of peace\negarding the conflict in 1918-1920  and after, laid a  base.\nTalks regarding it went on.\n'
    const file = new VFile({path: 'fixture.txt', value: raw})
    const tree = contractTree(raw)
    await unified().use(repairEdges).use(typography).run(tree, file)
    expect(toString(tree)).toContain('peace regarding the conflict in 1918–1920 and after, laid a base.')
    const line2 = raw.split('\n')[1]!
    const found = listChanges(file).map((m) => [m.ruleId, m.line, m.column])
    expect(found).toEqual([
      ['repair-edges:repair', 2, 1],
      ['typography:range', 2, line2.indexOf('1918') + 1],
      ['typography:spaces', 2, line2.indexOf('  and') + 1],
      ['typography:spaces', 2, line2.indexOf('  base') + 1]
    ])
  })

  it('works in headings and list items, never in links or code', async () => {
    const tree: Root = {
      type: 'root',
      children: [
        {type: 'heading', depth: 2, children: [line('Meetings  in 1993-1994', 1)]},
        {type: 'list', ordered: false, children: [{type: 'listItem', children: [{type: 'paragraph', children: [line('Armenia`s "view"', 2)]}]}]},
        {
          type: 'paragraph',
          children: [
            {type: 'link', url: 'https://example.org/a  b/1993-1994/"q"', children: [line('it`s 1993-1994', 3)]},
            {type: 'inlineCode', value: 'x  = "1993-1994"'},
            line(' and 1-2', 3)
          ]
        }
      ]
    }
    const file = new VFile()
    await unified().use(typography).run(tree, file)
    expect(toString(tree.children[0]!)).toBe('Meetings in 1993–1994')
    expect(toString(tree.children[1]!)).toBe('Armenia’s “view”')
    const paragraph = tree.children[2] as Paragraph
    expect(paragraph.children[0]).toMatchObject({url: 'https://example.org/a  b/1993-1994/"q"'})
    expect(toString(paragraph.children[0]!)).toBe('it`s 1993-1994')
    expect(paragraph.children[1]).toMatchObject({value: 'x  = "1993-1994"'})
    expect(toString(paragraph.children[2]!)).toBe(' and 1–2')
    expect(listChanges(file)).toHaveLength(6)
  })
})

describe('typography properties', () => {
  const piece = fc.constantFrom('a', 'Z', '1', '19', '2020', '-', ' ', '  ', '"', "'", '`', '“', '’', '.', ',', '(', ')', 'word', 'No.')
  const anyLine = fc.array(piece, {minLength: 1, maxLength: 12}).map((p) => p.join('').trim()).filter((l) => l !== '')

  it('keeps every letter and digit, and records each change', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(anyLine, {minLength: 1, maxLength: 5}), async (lines) => {
        const input = lines.join(' ')
        const {text, changes} = await run(lines.join('\n') + '\n')
        const keep = (s: string) => s.replace(/[^\p{L}\p{N}]/gu, '')
        expect(keep(text)).toBe(keep(input))
        if (changes.length === 0) expect(text).toBe(input)
        const removed = changes.reduce((n, m) => n + m.original!.length - m.replacement!.length, 0)
        expect(input.length - text.length).toBe(removed)
        expect(text).not.toMatch(/ {2}/)
      }),
      {numRuns: 150}
    )
  })
})

describe('typography on the whole corpus document', () => {
  it('keeps “Resolution No. 1416” in one sentence and one paragraph, and records every change', async () => {
    const file = new VFile({path: 'input/nagorno-karabakh-conflict.txt', value: readFileSync('input/nagorno-karabakh-conflict.txt')})
    const processor = createProcessor()
    const tree = await processor.run(processor.parse(file), file)
    const blocks = tree.children.map((block) => toString(block))
    expect(blocks.some((b) => /Resolution No\. 1416 “On the Nagorno-Karabakh conflict/.test(b))).toBe(true)
    const all = blocks.join('\n')
    expect(all).not.toMatch(/ {2}/)
    expect(all).not.toMatch(/[`"]/)
    expect(all).not.toMatch(/\b(?:1905|1918|1948)-\d/)
    const changes = listChanges(file) as ReprintMessage[]
    for (const m of changes.filter((c) => c.ruleId?.startsWith('typography:'))) {
      expect(m.line).toBeGreaterThan(0)
      expect(m.column).toBeGreaterThan(0)
      expect(m.original).not.toBe(m.replacement)
    }
  })
})

describe('typography: punctuation that starts a line', () => {
  it('joins a comma, a colon or a lone stop at a line start to the word before, and records it', async () => {
    const {text, changes} = await run('in harmony with the charters5\n, the county rules6\n, and the old customs of the\nBoard\n. Then the registrar\n: the clerk wrote . . .\n')
    expect(text).toContain('the charters5, the county rules6, and the old customs of the Board. Then the registrar: the clerk')
    const joins = changes.filter((c) => c.ruleId === 'typography:line-start-punctuation')
    expect(joins.map((c) => c.replacement)).toEqual(['charters5,', 'rules6,', 'Board.', 'registrar:'])
    expect(joins[0]).toMatchObject({line: 2, column: 1})
  })

  it('leaves an ellipsis at a line start and punctuation inside a line alone', async () => {
    const {text, changes} = await run('he waited\n. . . and then the clerk , who\nwrote on\n')
    expect(text).toContain('he waited . . . and then the clerk , who wrote on')
    expect(changes.filter((c) => c.ruleId === 'typography:line-start-punctuation')).toHaveLength(0)
  })
})
