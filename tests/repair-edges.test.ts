import {readFileSync} from 'node:fs'
import fc from 'fast-check'
import type {Paragraph, Root} from 'mdast'
import {toString} from 'mdast-util-to-string'
import {unified} from 'unified'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {listChanges, type ReprintMessage} from '../pipeline/messages.js'
import {createProcessor} from '../pipeline/processor.js'
import {repairEdges, type RepairEdgesOptions} from '../pipeline/stages/repair-edges.js'
import {endsSentence} from '../pipeline/text/sentences.js'
import {contractTree, lineText as text} from './fixtures/words/contract-tree.js'

async function run(raw: string, options?: RepairEdgesOptions) {
  const file = new VFile({path: 'fixture.txt', value: raw})
  const tree = contractTree(raw)
  await unified().use(repairEdges, options).run(tree, file)
  const text = tree.children.map((block) => toString(block)).join('\n\n')
  const messages = (file.messages as ReprintMessage[]).filter((m) => m.ruleId?.startsWith('repair-edges:'))
  const repairs = messages.filter((m) => m.ruleId === 'repair-edges:repair')
  const suspects = messages.filter((m) => m.ruleId === 'repair-edges:suspect')
  return {tree, file, text, repairs, suspects}
}

describe('repair-edges on corpus snippets', () => {
  const raw = readFileSync(new URL('fixtures/words/edges.txt', import.meta.url), 'utf8')

  it('repairs tokens that become words by one letter, and records them', async () => {
    const {text, repairs, suspects} = await run(raw)
    // "regarding" is printed nowhere else in this snippet: no evidence from the document, so a warning, not a change.
    expect(text).toContain('peace and security egarding the Armenia-Azerbaijan')
    expect(suspects.some((m) => /“egarding”/.test(m.reason) && /not used elsewhere/.test(m.reason))).toBe(true)
    expect(text).toContain('on the basis of the documents and decisions')
    expect(text).toContain('a comprehensive cooperation in the region')
    expect(text).toContain('expresses support for Azerbaijan’s territorial integrity')
    expect(text).toContain('internationally recognized borders')
    const pairs = repairs.map((m) => `${m.original}→${m.replacement}`)
    expect(pairs).toEqual(['th→the', 'cooperatio→cooperation', 'zerbaijan’s→Azerbaijan’s', 'ecognized→recognized'])
    const recognized = repairs[3]!
    expect(recognized.evidence).toMatch(/recognized/)
    const th = repairs[0]!
    expect(th.line).toBe(raw.split('\n').findIndex((l) => l.endsWith(' th')) + 1)
    expect(th.evidence).toMatch(/“the” ×\d+/)
  })

  it('never changes a real word, but warns when the next line starts with a space (“It”)', async () => {
    const {text, suspects} = await run(raw)
    expect(text).toContain('The Committee was based on the weakening possibilities of the Soviet system. It activities')
    expect(suspects.map((m) => m.reason).join('\n')).toMatch(/“It”/)
  })

  it('warns, without repairing, when several candidates are close (“expresse”)', async () => {
    // In this snippet the document uses "expresses" once and "expressed" never: too little to choose.
    const {text, suspects} = await run(raw)
    expect(text).toContain('15 October 2019 expresse support')
    expect(suspects.some((m) => /“expresse”/.test(m.reason) && /expressed/.test(m.reason) && /expresses/.test(m.reason))).toBe(true)
  })
})

describe('repair-edges decisions', () => {
  it('lets the document’s own counts decide between candidates', async () => {
    const {text, repairs} = await run(
      'The summit expressed concern. It expressed regret and expressed hope, and later expresses thanks. The forum expresse\nsupport for the settlement.\n'
    )
    expect(text).toContain('The forum expressed support')
    expect(repairs[0]!.evidence).toMatch(/expressed” ×3, in word list; next “expresses” ×1/)
  })

  it('warns about an ambiguous capitalized token (“Ar”) and leaves it', async () => {
    const {text, repairs, suspects} = await run(
      'These are the facts. On June 14 the Supreme Soviet of Ar\nadopted a resolution, and the parties are still far apart.\n'
    )
    expect(text).toContain('Supreme Soviet of Ar adopted')
    expect(repairs).toHaveLength(0)
    expect(suspects).toHaveLength(1)
    expect(suspects[0]!.reason).toContain('“Ar”')
    expect(suspects[0]!.fatal).toBe(false)
  })

  it('does not touch names, acronyms, numbers or tokens with digits', async () => {
    const raw = [
      'Azerbaijanis living in other regions of Armenia (Amasya, Ararat, Ijevan',
      'Masis, Azizbeyov) and the NKAO',
      'in 1988 and the M16',
      'rifles of the 3rd',
      'brigade were moved to Gafan',
      'later.'
    ].join('\n')
    const {text, repairs, suspects} = await run(raw + '\n')
    expect(text).toBe(raw.replace(/\n/g, ' '))
    expect(repairs).toHaveLength(0)
    expect(suspects).toHaveLength(0)
  })

  it('repairs a name the document uses when its capitalized form lost a letter', async () => {
    const {text, repairs} = await run('Talks between Azerbaijan and Armenia began. The talks with Azerbaija\nended in May, and Azerbaijan left.\n')
    expect(text).toContain('talks with Azerbaijan ended')
    expect(repairs).toHaveLength(1)
  })

  it('needs document evidence at the edge of a block (a fragment like “sions”)', async () => {
    const {text, repairs, suspects} = await run('They could not agree on provi-\n\nsions for inspections of the sites.\n')
    expect(text).toContain('sions for inspections')
    expect(repairs).toHaveLength(0)
    expect(suspects).toHaveLength(1)
  })

  it('does not repair inside words joined across a line (no separator)', async () => {
    const tree: Root = {
      type: 'root',
      children: [
        {
          type: 'paragraph',
          children: [text('The Arme', 1), text('nian side and the Armenian troops.', 2)]
        }
      ]
    }
    const file = new VFile()
    await unified().use(repairEdges).run(tree, file)
    expect(toString(tree)).toBe('The Armenian side and the Armenian troops.')
    expect(file.messages).toHaveLength(0)
  })

  it('works in headings and list items, never in links or code', async () => {
    const tree: Root = {
      type: 'root',
      children: [
        {type: 'heading', depth: 2, children: [text('Documents ', 1), text('egarding the conflict', 2)]},
        {
          type: 'list',
          ordered: false,
          children: [{type: 'listItem', children: [{type: 'paragraph', children: [text('the ', 3), text('ecognized borders', 4)]}]}]
        },
        {
          type: 'paragraph',
          children: [
            {type: 'link', url: 'https://example.org/egarding', children: [text('egarding', 5)]},
            text(' and ', 5),
            {type: 'inlineCode', value: 'ecognized'}
          ]
        },
        // The document's own evidence for both repairs.
        {type: 'paragraph', children: [text('Talks regarding the recognized borders went on.', 6)]}
      ]
    }
    const file = new VFile()
    await unified().use(repairEdges).run(tree, file)
    expect(toString(tree.children[0]!)).toBe('Documents regarding the conflict')
    expect(toString(tree.children[1]!)).toBe('the recognized borders')
    const paragraph = tree.children[2] as Paragraph
    expect(paragraph.children[0]).toMatchObject({url: 'https://example.org/egarding'})
    expect(toString(paragraph)).toBe('egarding and ecognized')
    expect(listChanges(file)).toHaveLength(2)
  })
})

describe('repair-edges properties', () => {
  const real = ['It', 'it', 'is', 'a', 'the', 'of', 'Armenia', 'NKAO', '1988', 'regarding', 'conflict', 'an', 'by', 'status', 'Azerbaijan’s', 'co-chairs', 'M16', 'USSR', 'recognized', 'on']
  const line = fc.array(fc.constantFrom(...real), {minLength: 1, maxLength: 6}).map((w) => w.join(' '))

  it('never changes real words, names, acronyms or numbers', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(line, {minLength: 1, maxLength: 6}), async (lines) => {
        const raw = lines.join('\n') + '\n'
        const {text, repairs} = await run(raw)
        expect(repairs).toHaveLength(0)
        expect(text).toBe(lines.join(' '))
      }),
      {numRuns: 80}
    )
  })

  it('adds exactly one letter per recorded repair and changes nothing else', async () => {
    const token = fc.oneof(fc.constantFrom(...real), fc.stringMatching(/^[a-z]{1,9}$/))
    const anyLine = fc.array(token, {minLength: 1, maxLength: 5}).map((w) => w.join(' '))
    await fc.assert(
      fc.asyncProperty(fc.array(anyLine, {minLength: 1, maxLength: 6}), async (lines) => {
        const {text, repairs} = await run(lines.join('\n') + '\n')
        expect(text.length - lines.join(' ').length).toBe(repairs.length)
        for (const m of repairs) expect(m.replacement!.length).toBe(m.original!.length + 1)
      }),
      {numRuns: 80}
    )
  })
})

describe('sentence ends', () => {
  it('does not end a sentence at “No.” before a number', () => {
    expect(endsSentence('adopted in Resolution No. ', '1416 “On the conflict”')).toBe(false)
    expect(endsSentence('the St. ', 'Petersburg meeting')).toBe(false)
    expect(endsSentence('the number was No. ', 'Nobody objected.')).toBe(true)
    expect(endsSentence('the session ended. ', 'On December 1')).toBe(true)
    expect(endsSentence('the session of the ', 'council')).toBe(false)
  })
})

describe('repair-edges on the whole corpus document', () => {
  it('repairs the 6 unambiguous tokens and leaves real words', async () => {
    const file = new VFile({path: 'input/nagorno-karabakh-conflict.txt', value: readFileSync('input/nagorno-karabakh-conflict.txt')})
    const processor = createProcessor()
    await processor.run(processor.parse(file), file)
    const repairs = listChanges(file).filter((m) => m.ruleId === 'repair-edges:repair')
    expect(repairs.map((m) => `${m.original}→${m.replacement}`)).toEqual([
      'egarding→regarding',
      'th→the',
      'cooperatio→cooperation',
      'expresse→expressed',
      'zerbaijan’s→Azerbaijan’s',
      'ecognized→recognized'
    ])
    for (const m of repairs) expect(m.line).toBeGreaterThan(0)
    const suspects = (file.messages as ReprintMessage[]).filter((m) => m.ruleId === 'repair-edges:suspect')
    expect(suspects.map((m) => m.reason).join('\n')).toMatch(/“It”/)
  })
})

describe('repair-edges needs evidence and leaves identifiers alone', () => {
  it('does not repair into a word-list word the document never prints', async () => {
    const {text, repairs} = await run('The crates held the new\ntance for the winter, and the clerks counted them twice over.\n')
    expect(repairs).toHaveLength(0)
    expect(text).toContain('tance for the winter')
  })

  it('never repairs file names, addresses, commands or identifiers at a line edge', async () => {
    const raw = [
      'The package loads the file and the style is in',
      'oftmake.sty for every document that the reader opens today.',
      'See the archive at tug.org/texliv',
      'for the sources; the macro is called as',
      '\\isattribute in the preamble, and the setting',
      'ont_size=11 is read before the first page is set.'
    ].join('\n')
    const {text, repairs} = await run(`${raw}\nThe softmake and the misattribute and the texlive and the font were named, softmake twice.\n`)
    expect(repairs).toHaveLength(0)
    for (const token of ['oftmake.sty', 'tug.org/texliv', '\\isattribute', 'ont_size=11']) expect(text).toContain(token)
  })
})

describe('repair-edges on columns printed side by side (pdftotext -layout)', () => {
  it('does not take the rest of a word broken in the left column for a lost letter', async () => {
    const left = (s: string) => s.padEnd(52)
    const raw = [
      `${left('The clerks were asked to exam-')}The engineer gave a second estimate.`,
      `${' '.repeat(52)}The ferries kept their winter timetable.`,
      `${left('ine every ledger of the board, and the')}Both lighthouses were repainted.`,
      `${left('next year they met to discuss it ev-')}The lamps were replaced in the spring.`,
      `${left('ery two years thereafter. The line of')}The board thanked the keepers.`,
      'every ledger was very long, line by line, very neat, a line a day, very good.',
      ''
    ].join('\n')
    const file = new VFile({path: 'columns.txt', value: raw})
    file.data.meta = {}
    const processor = unified()
    for (const [name, plugin] of (await import('../pipeline/processor.js')).STAGES) {
      processor.use(plugin as never)
      if (name === 'repairEdges') break
    }
    await processor.run(processor.parse(file) as Root, file)
    expect(listChanges(file).filter((m) => m.ruleId === 'repair-edges:repair')).toEqual([])
  })
})

describe('repair-edges on a word broken across lines that start in different columns', () => {
  // A note at a column foot: its first line is indented by the number, its next line starts
  // further left, in a block of its own (pdftotext -layout), so no stage joined the broken word.
  const note = (first: string) =>
    [
      'The keepers had the ability to mend the lamps, and their ability was',
      'noted in every report of the board.',
      '',
      '      1',
      `        ${first}`,
      '',
      '    bility of the harbour lamps, 1921.',
      ''
    ].join('\n')

  it('takes the line-start piece for the rest of the word, not for a lost letter', async () => {
    const {repairs, suspects} = await run(note('Report on the relia-'))
    expect(repairs).toEqual([])
    expect(suspects.some((m) => /“bility”/.test(m.reason))).toBe(true)
  })

  it('still repairs where no broken word comes before it', async () => {
    const {repairs} = await run(note('Report on the state and'))
    expect(repairs.map((m) => `${m.original}→${m.replacement}`)).toEqual(['bility→ability'])
  })
})
