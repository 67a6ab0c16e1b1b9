import {readFileSync} from 'node:fs'
import fc from 'fast-check'
import type {Paragraph, Root} from 'mdast'
import {toString} from 'mdast-util-to-string'
import {unified} from 'unified'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {listChanges, type ReprintMessage} from '../pipeline/messages.js'
import {createProcessor} from '../pipeline/processor.js'
import {dehyphenate, type DehyphenateOptions} from '../pipeline/stages/dehyphenate.js'
import {englishWords} from '../pipeline/text/words.js'
import {contractTree, lineText as line} from './fixtures/words/contract-tree.js'

/** Raw text → the paragraphs contract tree → dehyphenate; returns the blocks' plain text and the messages. */
async function run(raw: string, options?: DehyphenateOptions) {
  const file = new VFile({path: 'fixture.txt', value: raw})
  const tree = contractTree(raw)
  await unified().use(dehyphenate, options).run(tree, file)
  const text = tree.children.map((block) => toString(block)).join('\n\n')
  const messages = (file.messages as ReprintMessage[]).filter((m) => m.ruleId?.startsWith('dehyphenate:'))
  return {tree, file, text, messages}
}

const byRule = (messages: ReprintMessage[], rule: string) => messages.filter((m) => m.ruleId === `dehyphenate:${rule}`)

describe('dehyphenate on corpus snippets', () => {
  const raw = readFileSync(new URL('fixtures/words/hyphenation.txt', import.meta.url), 'utf8')

  it('joins words split at line ends, inside compounds too, and keeps year ranges', async () => {
    const {text, messages} = await run(raw)
    for (const expected of [
      'from the Armenian violence',
      'Two Azerbaijani young people',
      'the Supreme Soviet of Armenian SSR adopted',
      'autonomous status of Nagorno-Karabakh. Armenia',
      'social and political stability, establishing',
      'functioning, rehabilitating the economy',
      'more than 20,000 Azerbaijanis were killed',
      'a new co-chairmanship institution',
      'a draft comprehensive agreement',
      'Despite Azerbaijan`s constructive stance',
      'In 1988–1989, Azerbaijanis living',
      'In 1948–1953 alone'
    ]) {
      expect(text).toContain(expected)
    }
    expect(text).not.toMatch(/\p{L}- \p{Ll}/u)
    expect(byRule(messages, 'join')).toHaveLength(10)
    expect(byRule(messages, 'range')).toHaveLength(2)
    expect(byRule(messages, 'keep')).toHaveLength(0)
  })

  it('records each decision with position, original, replacement and evidence', async () => {
    const {messages} = await run(raw)
    const armenian = messages.find((m) => m.replacement === 'Armenian' && m.original === 'Arme-\nnian')!
    expect(armenian).toBeDefined()
    expect(armenian.line).toBe(5)
    expect(armenian.column).toBe(raw.split('\n')[4]!.indexOf('Arme-') + 1)
    expect(armenian.evidence).toMatch(/document: “Armenian” ×\d+/)
    const compound = messages.find((m) => m.replacement === 'Nagorno-Karabakh')!
    expect(compound.original).toBe('Nagorno-Karab-\nakh')
    expect(compound.evidence).toMatch(/Karabakh/)
    const range = messages.find((m) => m.ruleId === 'dehyphenate:range')!
    expect(range.original).toBe('1988-\n1989')
    expect(range.replacement).toBe('1988–1989')
    for (const m of messages) {
      expect(m.original).toBeTruthy()
      expect(m.replacement).toBeTruthy()
      expect(m.evidence).toBeTruthy()
      expect(m.line).toBeGreaterThan(0)
    }
  })
})

describe('dehyphenate decisions', () => {
  it('keeps a real hyphen the document writes elsewhere (co-chairs)', async () => {
    const {text, messages} = await run(
      'The OSCE Chairperson was instructed to appoint the co-chairs of the Minsk Conference. Later the co-\n' +
        'chairs gave written proposals on the settlement of the conflict.\n'
    )
    expect(text).toContain('Later the co-chairs gave')
    const keep = byRule(messages, 'keep')
    expect(keep).toHaveLength(1)
    expect(keep[0]!.evidence).toMatch(/co-chairs” ×1/)
    expect(keep[0]!.fatal).toBeUndefined() // info, not a warning
  })

  it('keeps a hyphen before a capitalized part and between two words whose join is no word', async () => {
    const {text} = await run(
      'The plan relied on close Soviet-\nAmerican cooperation, and later the navy refused nuclear-\npowered submarines in port.\n'
    )
    expect(text).toContain('close Soviet-American cooperation')
    expect(text).toContain('refused nuclear-powered submarines')
  })

  it('joins on the word list when the document has no other spelling (health-care)', async () => {
    const {text, messages} = await run('Destroyed were 695 health-\ncare facilities and 927 libraries.\n')
    expect(text).toContain('695 healthcare facilities')
    expect(messages[0]!.evidence).toMatch(/word list/)
  })

  it('joins a name it has no evidence for (the usual case)', async () => {
    const {text} = await run('The Acheson-Lilien-\nthal report was submitted in March.\n')
    expect(text).toContain('The Acheson-Lilienthal report')
  })

  it('judges numbers by their shape', async () => {
    const {text, messages} = await run(
      [
        'The meetings ran over pages 10-',
        '11 of the report, and the rifle was an M-',
        '16 model; call 555-',
        '1234 or read ISBN 978-0-',
        '306-40615-7 and the score of 3-',
        '2 stood until 1990-',
        '91 when it changed.'
      ].join('\n') + '\n'
    )
    expect(text).toContain('pages 10–11 of')
    expect(text).toContain('an M-16 model')
    expect(text).toContain('call 555-1234 or')
    expect(text).toContain('ISBN 978-0-306-40615-7 and')
    expect(text).toContain('score of 3-2 stood')
    expect(text).toContain('until 1990–91 when')
    expect(byRule(messages, 'range')).toHaveLength(2)
    expect(byRule(messages, 'keep')).toHaveLength(4)
  })

  it('always joins at a soft hyphen', async () => {
    const {text, messages} = await run('The nego\u00AD\ntiations went on.\n')
    expect(text).toContain('The negotiations went on.')
    expect(messages[0]!.evidence).toMatch(/soft hyphen/)
  })

  it('merges a block that a break split inside a word back, and only then', async () => {
    const {tree, text, messages} = await run(
      'Moscow (Meeting of Heads of State and Goverment\nof the Organisation of Black Sea Economic Coopera-\n\ntion member states)\n\n' +
        'Paris (mediated by the French President) and Soviet-\n\nAmerican talks\n'
    )
    expect(tree.children).toHaveLength(3)
    expect(text).toContain('Black Sea Economic Cooperation member states)')
    expect(text).toContain('French President) and Soviet-\n\nAmerican talks')
    expect(messages).toHaveLength(1)
    expect(messages[0]!.evidence).toMatch(/next block/)
  })

  it('leaves a lone dash at a line end alone', async () => {
    const {text, messages} = await run('It was a long year -\nthe longest of all.\n')
    expect(text).toContain('year - the longest')
    expect(messages).toHaveLength(0)
  })
})

describe('dehyphenate: a dash set close at a line end', () => {
  it('joins the next word without a space, lower-case or a name the document capitalizes', async () => {
    const {text, messages} = await run(
      'The papers outside the Harbour Files--\nPost and Lot Files of the Harbour Board--and the old\nledgers—\nwhich the clerk kept--were read by the Post and Lot clerks.\n'
    )
    expect(text).toContain('the Harbour Files--Post and Lot Files of the Harbour Board--and the old ledgers—which the clerk')
    expect(byRule(messages, 'dash').map((m) => m.replacement)).toEqual(['Files--Post', 'ledgers—which'])
    expect(byRule(messages, 'dash')[0]).toMatchObject({line: 1, column: 32})
  })

  it('leaves a spaced dash, a clause marker and a capitalized sentence start alone', async () => {
    const {text, messages} = await run('the board shall--\n(A) publish the tolls, and yet—\nAfter two long years it was glad --\nvery glad.\n')
    expect(text).toContain('the board shall-- (A) publish the tolls, and yet— After two long years it was glad -- very glad.')
    expect(byRule(messages, 'dash')).toHaveLength(0)
  })
})

describe('dehyphenate restores hyphens an extractor deleted', () => {
  it('restores a joined compound the document writes hyphenated elsewhere', async () => {
    const {text, messages} = await run(
      'Nuclear-powered submarines were refused. The nuclear-powered fleet grew,\nand nuclearpowered ships stayed away.\n'
    )
    expect(text).toContain('and nuclear-powered ships')
    const restore = byRule(messages, 'restore')
    expect(restore).toHaveLength(1)
    expect(restore[0]).toMatchObject({original: 'nuclearpowered', replacement: 'nuclear-powered', line: 2, column: 5})
  })

  const wrapped = (long: string) =>
    [
      'The treaty was negotiated over several years by the',
      'delegations of American and other allies in sessions at',
      long,
      'the conference came to an end and the delegates left.'
    ].join('\n') + '\n'

  it('restores on a line the extractor merged (much longer than the text width), when asked to (mergedSplits)', async () => {
    const {text, messages} = await run(
      wrapped(
        'the United Nations. The plan relied on SovietAmerican cooperation, and the navy refused nuclearpowered submarines until'
      ),
      {mergedSplits: true}
    )
    expect(text).toContain('on Soviet-American cooperation')
    expect(text).toContain('refused nuclear-powered submarines')
    expect(byRule(messages, 'restore')).toHaveLength(2)
  })

  it('by default restores only what the document itself prints hyphenated', async () => {
    const line = 'the United Nations. The plan relied on SovietAmerican cooperation, the MailChimp list and exploitability scores, and the navy refused nuclearpowered submarines until'
    const {text, messages} = await run(wrapped(line))
    expect(byRule(messages, 'restore')).toHaveLength(0)
    expect(text).toContain('MailChimp list and exploitability scores')
    // With the hyphenated form printed elsewhere in the document, the lost hyphen comes back.
    const withEvidence = await run(`${wrapped(line)}

The nuclear-powered fleet grew, and more nuclear-powered ships followed.
`)
    expect(withEvidence.text).toContain('refused nuclear-powered submarines')
  })

  // A page of lines of one width (the extractor's line end is near column 50), then a merged line.
  const page = (merged: string, more = '') =>
    [
      ...Array.from({length: 24}, (_, i) => `Line ${String(i).padStart(2, '0')} of the report reads as plain prose here and`),
      merged,
      'the conference came to an end and the delegates left.',
      '',
      `The high-level talks and the school-board vote came later. ${more}`
    ].join('\n') + '\n'

  it('restores a hyphen the extractor deleted at its line end, with the document hyphenating a part elsewhere', async () => {
    // "low-" ended the printed line at column 51; the extractor joined "level" onto it.
    const {text, messages} = await run(page('the delegates of the allied powers agreed that lowlevel meetings would go on, while the navy kept its ships away'))
    expect(text).toContain('agreed that low-level meetings')
    const restore = byRule(messages, 'restore')
    expect(restore).toHaveLength(1)
    expect(restore[0]).toMatchObject({original: 'lowlevel', replacement: 'low-level', line: 25})
    expect(restore[0]!.evidence).toContain('line end')
  })

  it('breaks a tie with the document (one hyphenated, one closed) when the closed one straddles the line end', async () => {
    const tie = (merged: string) => run(page(merged, 'The nuclear-powered fleet sailed.'))
    const atEnd = await tie('the delegates of the allied powers say the nuclearpowered ships would go on, while the navy kept its ships away')
    expect(atEnd.text).toContain('say the nuclear-powered ships')
    expect(byRule(atEnd.messages, 'restore')[0]!.evidence).toContain('joined by the extractor at the line end')
    // Away from the line end the tie stays a warning.
    const away = await tie('the nuclearpowered ships would go on and the delegates of the allied powers said, while the navy kept its ships away')
    expect(away.text).toContain('the nuclearpowered ships')
    expect(byRule(away.messages, 'suspect')).toHaveLength(1)
  })

  it('does not restore at the line end without the document hyphenating a part, or when it closes the first part elsewhere', async () => {
    // No compound of "long" or "standing" is hyphenated: a closed word the word list lacks is as likely.
    const none = await run(page('the delegates of the allied powers agreed that longstanding meetings would go on, while the navy kept its ships away'))
    expect(none.text).toContain('that longstanding meetings')
    // "school-board" is hyphenated, but "schoolchildren" shows the document closes "school" compounds.
    const closed = await run(
      page('the delegates of the allied powers agreed that schoolfriends would meet again, while the navy kept its ships away', 'The schoolchildren came too.')
    )
    expect(closed.text).toContain('that schoolfriends would')
    // Away from the line-end column the same token is left alone.
    const away = await run(page('lowlevel meetings would go on and the delegates of the allied powers agreed, while the navy kept its ships away'))
    expect(away.text).toContain('lowlevel meetings')
    for (const run of [none, closed, away]) expect(byRule(run.messages, 'restore')).toHaveLength(0)
  })

  it('does not split closed words on ordinary lines, nor names', async () => {
    const {text, messages} = await run(
      wrapped('the United Nations, where policymakers met MacArthur and')
    )
    expect(text).toContain('where policymakers met MacArthur')
    expect(messages).toHaveLength(0)
  })

  it('warns instead of choosing when the document itself writes both forms', async () => {
    const {text, messages} = await run(
      wrapped('the United Nations. Both sides pushed for on-site inspections, but the others refused onsite inspections of')
    )
    expect(text).toContain('refused onsite inspections')
    expect(byRule(messages, 'suspect')).toHaveLength(1)
    expect(byRule(messages, 'suspect')[0]!.reason).toContain('onsite')
  })
})

describe('dehyphenate on other nodes', () => {

  it('works in headings and list items, and never enters links or code', async () => {
    const tree: Root = {
      type: 'root',
      children: [
        {type: 'heading', depth: 2, children: [line('The Negotia- ', 1), line('tions', 2)]},
        {
          type: 'list',
          ordered: false,
          children: [{type: 'listItem', children: [{type: 'paragraph', children: [line('Azer- ', 3), line('baijani people', 4)]}]}]
        },
        {
          type: 'paragraph',
          children: [
            {type: 'link', url: 'https://example.org/nuclearpowered-', children: [line('see nuclearpowered-', 5)]},
            {type: 'inlineCode', value: 'co-\nchairs'},
            line('Azerbaijani and Azerbaijani', 6)
          ]
        }
      ]
    }
    const file = new VFile()
    await unified().use(dehyphenate).run(tree, file)
    expect(toString(tree.children[0]!)).toBe('The Negotiations')
    expect(toString(tree.children[1]!)).toBe('Azerbaijani people')
    const paragraph = tree.children[2] as Paragraph
    expect(paragraph.children[0]).toMatchObject({url: 'https://example.org/nuclearpowered-'})
    expect(toString(paragraph.children[0]!)).toBe('see nuclearpowered-')
    expect(paragraph.children[1]).toMatchObject({value: 'co-\nchairs'})
    expect(listChanges(file)).toHaveLength(2)
  })
})

describe('dehyphenate properties', () => {
  const word = fc.stringMatching(/^[a-z]{1,8}$/)
  const token = fc.oneof(word, fc.integer({min: 0, max: 2999}).map(String))

  it('never loses a letter or digit, and records one decision per line-end hyphen', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.array(token, {minLength: 1, maxLength: 5}), fc.boolean()), {minLength: 2, maxLength: 8}), async (lines) => {
        const raw = lines.map(([tokens, hyphen]) => tokens.join(' ') + (hyphen ? '-' : '')).join('\n') + '\n'
        const {text, messages} = await run(raw)
        const strip = (s: string) => s.replace(/[^\p{L}\p{N}]/gu, '')
        expect(strip(text)).toBe(strip(raw))
        const edges = lines.slice(0, -1).filter(([, hyphen]) => hyphen).length
        const decisions = messages.filter((m) => m.ruleId !== 'dehyphenate:restore' && m.ruleId !== 'dehyphenate:suspect')
        expect(decisions).toHaveLength(edges)
      }),
      {numRuns: 60}
    )
  })
})

describe('dehyphenate on the whole corpus document', () => {
  it('joins all 16 split words right and keeps both year ranges', async () => {
    const file = new VFile({path: 'input/nagorno-karabakh-conflict.txt', value: readFileSync('input/nagorno-karabakh-conflict.txt')})
    const processor = createProcessor()
    await processor.run(processor.parse(file), file)
    const decisions = listChanges(file).filter((m) => m.ruleId?.startsWith('dehyphenate:'))
    const joins = decisions.filter((m) => m.ruleId === 'dehyphenate:join').map((m) => m.replacement)
    expect(joins.sort()).toEqual(
      [
        'Armenian', 'Azerbaijani', 'Armenian', 'development', 'elections', 'Nagorno-Karabakh', 'consciousness',
        'stability', 'rehabilitating', 'Azerbaijanis', 'healthcare', 'negotiations', 'co-chairmanship',
        'comprehensive', 'constructive', 'Cooperation'
      ].sort()
    )
    expect(decisions.filter((m) => m.ruleId === 'dehyphenate:range').map((m) => m.replacement)).toEqual(['1988–1989', '1948–1953'])
    expect(decisions.filter((m) => m.ruleId === 'dehyphenate:keep')).toHaveLength(0)
    expect(decisions.filter((m) => m.ruleId === 'dehyphenate:restore')).toHaveLength(0)
  })
})

describe('word list', () => {
  it('answers exactly, including entries out of sorted order in the list', () => {
    const words = englishWords()
    expect(words.size).toBeGreaterThan(270_000)
    for (const w of ['aa', 'healthcare', 'Cooperation', 'manlihood', 'manlily', 'sharrowed', 'sharrows', 'zyzzyva']) {
      expect(words.has(w)).toBe(true)
    }
    for (const w of ['armenian', 'nuclearpowered', 'egarding', '', 'zzzzzz']) expect(words.has(w)).toBe(false)
  })
})

describe('dehyphenate: capitals are no compound marker', () => {
  it('joins a capitalized word broken inside a sentence before a lower-case part (a name)', async () => {
    const {text, messages} = await run('The delegates sailed from the Nether-\nlands in May and met the envoys of Hick-\nmans and his partners there.\n')
    expect(text).toContain('from the Netherlands in May')
    expect(text).toContain('envoys of Hickmans and')
    expect(byRule(messages, 'join')).toHaveLength(2)
  })

  it('joins inside an address, whatever the case (“US-” / “AJobs.gov”)', async () => {
    const {text} = await run('Vacancies are posted on US-\nAJobs.gov every week for the public.\n')
    expect(text).toContain('on USAJobs.gov every')
  })

  it('still keeps a capitalized compound at a sentence start and a capitalized second part', async () => {
    const {text} = await run('The talks ended. Self-\ngovernment came later. The Soviet-\nAmerican talks went on.\n')
    expect(text).toContain('Self-government came later')
    expect(text).toContain('Soviet-American talks')
  })
})

describe('dehyphenate: addresses broken at a line end', () => {
  it('joins an address without a space, and keeps a hyphen an address breaks at', async () => {
    const {text, messages} = await run(
      [
        'The manuals are kept at https:',
        '//tug.org/texlive/ for every reader, and the older ones at https://example.org/docs/',
        'archive/index.html in the same form. The report is at https://www.example.gov/center-for-',
        'the-study-of-rivers/kent-',
        'csi/vol2.htm for all to read.',
        ''
      ].join('\n')
    )
    expect(text).toContain('at https://tug.org/texlive/ for')
    expect(text).toContain('https://example.org/docs/archive/index.html in')
    expect(text).toContain('https://www.example.gov/center-for-the-study-of-rivers/kent-csi/vol2.htm for')
    expect(byRule(messages, 'address')).toHaveLength(2)
  })

  it('does not join an address with the next sentence', async () => {
    const {text} = await run('The list is at https://example.org/\nThe board read it twice before the meeting began.\n')
    expect(text).toContain('https://example.org/ The board')
  })
})
