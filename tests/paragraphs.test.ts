import {readFileSync} from 'node:fs'
import type {List, Paragraph, Root, RootContent, Text} from 'mdast'
import {toString} from 'mdast-util-to-string'
import {unified} from 'unified'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {ingest} from '../pipeline/stages/ingest.js'
import {layout} from '../pipeline/stages/layout.js'
import {emWidth, paragraphs, textWidth, type ParagraphsOptions} from '../pipeline/stages/paragraphs.js'
import {fixtures} from './helpers/run-stages.js'

const fixture = fixtures('paragraphs')

/** ingest → layout → paragraphs, the way the pipeline runs them. */
async function run(raw: string, options?: ParagraphsOptions) {
  const processor = unified().use(ingest).use(layout).use(paragraphs, options)
  const file = new VFile({path: 'fixture.txt', value: raw})
  const tree = (await processor.run(processor.parse(file), file)) as Root
  return {tree, file}
}

/** Each block as a short label: type and its first words (list items one by one). */
function outline(tree: Root, words = 4): string[] {
  const out: string[] = []
  for (const block of tree.children) {
    if (block.type === 'pageBreak') out.push('--page--')
    else if (block.type === 'list') {
      for (const item of block.children) out.push(`item: ${firstWords(toString(item), words)}`)
    } else out.push(`${block.type}: ${firstWords(toString(block), words)}`)
  }
  return out
}
const firstWords = (text: string, n: number) => text.split(/\s+/).slice(0, n).join(' ')

const blocksOf = (tree: Root) => tree.children.filter((b): b is Paragraph | List => b.type === 'paragraph' || b.type === 'list')

describe('paragraphs on a one-column book page as MuPDF extracts it', () => {
  it('unwraps lines, keeps headings apart and joins what page breaks cut', async () => {
    const {tree} = await run(fixture('book-mutool.txt'))
    expect(outline(tree)).toEqual([
      'paragraph: The River Commission, 1921–1930',
      'paragraph: The River Commission was',
      'paragraph: The early record of',
      // A two-line heading set apart by blank lines is one block.
      'paragraph: The Toll Dispute and',
      'paragraph: Not every member state',
      'item: (a) a lower toll',
      'item: (b) a higher toll',
      // "(c) … named by the" / page break / "River Commission itself.": one item.
      'item: (c) a review of',
      // A full line ending a sentence at the page foot goes on overleaf.
      'paragraph: The downstream states objected',
      'paragraph: The Flood of 1931',
      'paragraph: The flood began on',
      '--page--',
      'paragraph: The rebuilding took two'
    ])
  })

  it('reads a printed line that the extractor split at a sentence space as one line', async () => {
    const {tree} = await run(fixture('book-mutool.txt'))
    const text = blocksOf(tree).flatMap((b) => (b.type === 'list' ? b.children.map((item) => toString(item)) : [toString(b)]))
    expect(text).toContain(
      'The early record of the commission is one of quiet success. The engineers dredged the main channel, rebuilt the locks at the two upper crossings, and published the first complete survey of the river since the old territorial maps. Shipping on the river doubled within six years, and the tolls covered the cost of the works by 1927.'
    )
    expect(text.find((t) => t.startsWith('(c)'))).toBe(
      '(c) a review of the schedule every five years, to be conducted by an independent board of three engineers named by the River Commission itself.'
    )
  })

  it('reads a full line of a narrow column split after a sentence, its rest going on in lowercase, as one line', async () => {
    const {tree} = await run(fixture('column-mutool.txt'))
    // "… from the west." / "The" / "pilots kept …": the short piece and what follows carry on the paragraph.
    expect(outline(tree)).toEqual(['paragraph: The ferry ran twice', 'paragraph: The second summer was'])
  })

  it('goes on with a list item whose full line breaks before a capitalized word', async () => {
    const raw = [
      'The survey found three problems with the series, set out here in the order of their weight:',
      '',
      '1. Volume of papers. Nothing is as clear as the growing number of papers that must be read',
      'by the editors, and nothing grows as fast: the files of the harbour office alone fill a room',
      'that once held all of the papers of the board, and the editors must read every one of them',
      // A line a little short of the width, broken because "Westerhaven" did not fit: the item goes on.
      'before a volume can go to print, which takes most of a year for each new volume of our',
      'Westerhaven Harbour Board. The editors asked for more staff to be taken on this year, and for',
      'a second reading room at the north quay, where the older files are kept in the harbour office.',
      '2. Speed of review. The review of each volume by the board takes longer than the editing of it,',
      'and the editors have asked more than once that the board set itself a time for each review it',
      'makes, so that a volume does not wait for the board longer than the editors took to make it up.',
      '3. Cost of printing. The printer raised his prices twice in the last two years, and the board has',
      'not yet said whether the series will be printed by him or by the printer of the town council.'
    ].join('\n')
    const {tree} = await run(raw, {shortLine: 0.92})
    // Sections 2. and 3. go on the sequence of numbered paragraphs with run-in titles that 1. opens
    // (paragraphs:numbered-sequence), however short.
    expect(outline(tree)).toEqual(['paragraph: The survey found three', 'paragraph: 1. Volume of papers.', 'paragraph: 2. Speed of review.', 'paragraph: 3. Cost of printing.'])
  })

  it('starts a block at a line in capitals after a blank line, even when the line before ends mid-sentence', async () => {
    const raw = [
      'Present at the meeting were the harbour master, the two pilots of the north quay, the clerk',
      'of the board, the keepers of the landing stage and the owners of both of the river ferries',
      '',
      'CHANGES TO THE ORDER OF BUSINESS',
      '',
      'None were proposed, and the board went on to the reports.'
    ].join('\n')
    const {tree} = await run(raw)
    expect(outline(tree)).toEqual(['paragraph: Present at the meeting', 'paragraph: CHANGES TO THE ORDER', 'paragraph: None were proposed, and'])
  })

  it('sets apart a heading run into its paragraph that MuPDF split at the wide space after it', async () => {
    const raw = [
      'The survey of the harbour was finished in the spring,',
      'and the board printed it for every member.',
      '',
      'Choosing the Survey Teams and Quays',
      'Which quays',
      'should be surveyed first was left to the harbour',
      'master, who chose the two oldest and the new one.'
    ].join('\n')
    const {tree} = await run(raw)
    expect(outline(tree)).toEqual(['paragraph: The survey of the', 'paragraph: Choosing the Survey Teams', 'paragraph: Which quays should be'])
  })

  it('reads an item whose first line MuPDF split after an abbreviation as one item', async () => {
    const raw = [
      '• Dr. Robert A. Hale, Professor of History,',
      'University of the North, Westerhaven 1204',
      '(Harbour History Society)',
      '',
      '• Dr.',
      'Mary K. Stone, Member, Editorial Board',
      'of Editors, The Journal of River Law, Eastport',
      '(Society of River Law)',
      '',
      // The rest of the line goes on with a capital: the item holds only an abbreviation, so it goes on.
      '• Dr.',
      'Paul O. Reyes, Professor of Law,',
      'University of the South, Southport 2210'
    ].join('\n')
    const {tree} = await run(raw)
    expect(outline(tree, 3)).toEqual(['item: Dr. Robert A.', 'item: Dr. Mary K.', 'item: Dr. Paul O.'])
  })

  it('reads a line a little short after a sentence as running on where every paragraph ends with a blank line', async () => {
    const {tree} = await run(fixture('spaced-mutool.txt'))
    // "… when the board began." / "Each was run …": no blank line, so no new paragraph.
    expect(outline(tree)).toEqual(['paragraph: The harbour board met', 'paragraph: The first years of', 'paragraph: The ferries came next,', 'paragraph: After the storm the'])
  })

  it('keeps an enumeration run into a sentence in its paragraph, and a clause list as a list', async () => {
    const raw = [
      'The clerk listed what the board would keep back. The parts to be kept back will be these:',
      '(1) what related to the pilots; (2) some harsh words on the conduct of the owners, which',
      'might expose the keepers to blame; (3) the names of those who brought the complaint.',
      '',
      'The board then adopted two rules:',
      '(1) No ferry sails in fog.',
      '(2) No ferry carries more than forty people.'
    ].join('\n')
    const {tree} = await run(raw)
    expect(outline(tree)).toEqual(['paragraph: The clerk listed what', 'paragraph: The board then adopted', 'item: (1) No ferry sails', 'item: (2) No ferry carries'])
  })

  it('keeps a heading in capitals that the extractor cut at its wide spaces in one block', async () => {
    const raw = [
      'The clerk read the minutes of the last meeting, and the board approved them without a vote.',
      '',
      'ITEM 4:',
      'THE FERRY RULES',
      'AND',
      'THE',
      'NEW FARES',
      '',
      'The harbour master read the new rules aloud, and the owners asked for a week to answer them.'
    ].join('\n')
    const {tree} = await run(raw)
    expect(outline(tree, 3)).toEqual(['paragraph: The clerk read', 'paragraph: ITEM 4: THE', 'paragraph: The harbour master'])
  })

  it('keeps one text node per source line, with positions, separated by one space', async () => {
    const raw = fixture('book-mutool.txt')
    const {tree} = await run(raw)
    const sourceLines = raw.split('\n')
    for (const block of blocksOf(tree)) {
      const paragraphs = block.type === 'list' ? block.children.map((item) => item.children[0] as Paragraph) : [block]
      for (const paragraph of paragraphs) {
        paragraph.children.forEach((child, i) => {
          const text = child as Text
          const last = i === paragraph.children.length - 1
          expect(text.type).toBe('text')
          expect(text.value.endsWith(' ')).toBe(!last)
          // The node's position points at exactly its text in the source line.
          const {start, end} = text.position!
          expect(start.line).toBe(end.line)
          const source = sourceLines[start.line - 1]!.replace('\f', '')
          const offset = sourceLines[start.line - 1]!.startsWith('\f') ? 1 : 0
          expect(source.slice(start.column - 1 - offset, end.column - 1 - offset)).toBe(text.value.trimEnd())
        })
      }
    }
  })

  it('gives blocks stable ids in reading order', async () => {
    const {tree} = await run(fixture('book-mutool.txt'))
    const ids = blocksOf(tree).map((b) => b.data?.id)
    expect(ids[0]).toBe('p-1')
    expect(ids).toContain('list-6')
    expect(new Set(ids).size).toBe(ids.length)
  })
})

describe('paragraphs on the same page as pdftotext extracts it', () => {
  it('finds the same blocks although headings are glued to the text and hyphenated lines are merged', async () => {
    const mutool = await run(fixture('book-mutool.txt'))
    const pdftotext = await run(fixture('book-pdftotext.txt'))
    expect(outline(pdftotext.tree)).toEqual(outline(mutool.tree))
  })

  it('judges a merged line by its last printed line', async () => {
    // "autumn, … engi-" + "neers … directly." merged into one long line that ends a paragraph.
    const {tree} = await run(fixture('book-pdftotext.txt'))
    const first = blocksOf(tree)[1]!
    expect(toString(first)).toMatch(/reported to them directly\.$/)
  })
})

describe('paragraphs on the corpus document', () => {
  it('keeps blank-line paragraphs, the numbered list, and the page breaks between blocks', async () => {
    const {tree} = await run(fixture('corpus-body.txt'))
    expect(outline(tree)).toEqual([
      'paragraph: These resolutions adopted by',
      '--page--',
      'paragraph: Documents adopted within the',
      'item: Territorial integrity of the',
      'item: Legal status of Nagorno-Karabakh',
      'item: Guaranteed security for Nagorno-Karabakh',
      'paragraph: In November 2007, the',
      'paragraph: On November 2, 2008,',
      'paragraph: At subsequent meetings, the',
      '--page--',
      'paragraph: In the early 2016,',
      'paragraph: Throughout 2016, substantial discussions',
      'paragraph: In June and July,'
    ])
    const list = tree.children.find((b): b is List => b.type === 'list')!
    expect(list.ordered).toBe(true)
    expect(list.start).toBe(1)
  })

  it('does not join a paragraph over a page break in a document whose pages end with paragraphs', async () => {
    const {tree} = await run(readFileSync(new URL('../input/nagorno-karabakh-conflict.txt', import.meta.url)).toString())
    const text = blocksOf(tree).map((b) => toString(b))
    const before = text.findIndex((t) => t.endsWith('later quitted the Communist Party.'))
    expect(before).toBeGreaterThanOrEqual(0)
    expect(text[before + 1]).toMatch(/^Armenia’s military aggression/)
  })
})

describe('lists', () => {
  it('recognizes numbered items and bullets, with continuation lines', async () => {
    const {tree} = await run(fixture('report-lists.txt'))
    expect(outline(tree, 3)).toEqual([
      'paragraph: Summary',
      'paragraph: Each new board',
      'paragraph: Such elections have',
      'item: in 1936, upon',
      'item: in 1940, upon',
      'item: in 1962, after',
      'item: in 1989, upon',
      'paragraph: During the period',
      'item: in 1917, when',
      'item: in 1923, when',
      'item: in 1943, when',
      'paragraph: In addition, in'
    ])
    const lists = tree.children.filter((b): b is List => b.type === 'list')
    expect(lists.map((l) => [l.ordered, l.children.length])).toEqual([
      [true, 4],
      [false, 3]
    ])
    expect(toString(lists[0]!.children[3]!)).toBe(
      'in 1989, upon the resignation of the fourth chair, who had served for eleven years and had been elected six times.'
    )
  })

  it('does not take a number that starts a wrapped line for a list item', async () => {
    const raw = [
      'The commission counted the barges that passed the lower locks and found a total of',
      '216. That was fewer than in any earlier year.',
      'A second count followed in the spring, when the river was open again.'
    ].join('\n')
    const {tree} = await run(raw)
    expect(outline(tree)).toEqual(['paragraph: The commission counted the', 'paragraph: A second count followed'])
  })
})

describe('short lines that only look like headings', () => {
  it('keeps a table cell wrapped over three lines in one block (corpus chronology)', async () => {
    const {tree} = await run(readFileSync(new URL('../input/nagorno-karabakh-conflict.txt', import.meta.url), 'utf8'))
    const text = blocksOf(tree).map((b) => toString(b))
    const at = text.indexOf('11 OCTOBER')
    expect(text.slice(at, at + 3)).toEqual([
      '11 OCTOBER',
      'Mashad (Opening ceremony of Mashad-Sarakhs-Tajan railway)',
      'Moscow (Meeting of Heads of State and Goverment of the Organisation of Black Sea Economic Coopera- tion member states)'
    ])
  })
})

describe('headings without blank lines (pdftotext -raw)', () => {
  it('sets apart a heading after a full last line, and a two-line heading after a short one', async () => {
    const raw = [
      'The River Commission was created in 1921 by the four states that',
      'share the lower valley. Its charter gave it authority over navigation,',
      'flood works, and the tolls that paid for both. In its first years the',
      'commission met twice a year, in spring and in autumn, and most of the',
      'work was done by a small staff of engineers who reported to them alone.',
      'The Toll Dispute of 1929',
      'Not every member state was satisfied. The upstream states argued that',
      'the tolls fell hardest on their grain barges, while the downstream ports',
      'gained most of the new trade. The committee that reviewed the tolls gave',
      'its report to the commissioners in 1929.',
      'The Flood and the Rebuilding',
      '(1931–1933)',
      'The flood began on the upper river in the first week of March, when a',
      'sudden thaw melted the snow on the northern slopes of the valley, and the',
      'lower towns were under water before the end of the month.'
    ].join('\n')
    const {tree} = await run(raw)
    expect(outline(tree, 3)).toEqual([
      'paragraph: The River Commission',
      'paragraph: The Toll Dispute',
      'paragraph: Not every member',
      'paragraph: The Flood and',
      'paragraph: The flood began'
    ])
  })
})

describe('numbered headings', () => {
  it('keeps "2. Background" followed by running text as a paragraph, not a list item', async () => {
    const raw = [
      '1. Introduction',
      '',
      'The commission was created in 1921 by the four states that share the lower valley.',
      'Its charter gave it authority over navigation, flood works, and tolls.',
      '',
      '2. Background',
      'The river had been surveyed twice before the commission was formed, in 1887',
      'and in 1903, but neither survey had been published in full.',
      '',
      'The commission named three tasks:',
      '1. dredge the main channel;',
      '2. rebuild the locks; and',
      '3. publish a survey.'
    ].join('\n')
    const {tree} = await run(raw)
    expect(outline(tree, 3)).toEqual([
      'paragraph: 1. Introduction',
      'paragraph: The commission was',
      'paragraph: 2. Background',
      'paragraph: The river had',
      'paragraph: The commission named',
      'item: dredge the main',
      'item: rebuild the locks;',
      'item: publish a survey.'
    ])
  })
})

/**
 * A narrow justified column as MuPDF extracts it (indentation lost). The
 * first paragraph's last line holds as many characters as a full line, but
 * narrow letters: only its width in ems, with the indented first line after
 * it, shows that a paragraph ends there.
 */
const NARROW_PARAGRAPHS = [
  'The commission met for the first time in the spring of the',
  'year after the flood, in a hall lent by the port. Its mem-',
  'bers came from every state along the river, and each one',
  'brought a long list of claims that the others had not seen.',
  'Nobody expected the first meeting to settle many of them,',
  'and the chairman opened with a short report on the dam-',
  'age, read the claims aloud, and asked the members to agree',
  'on a method before they argued about any single amount.',
  'It was still a little while until the list was all settled.',
  'The method they chose was simple enough to be copied:',
  'every claim would be checked by two engineers from states',
  'that had no stake in it, and their figures would be final',
  'unless both of them asked the commission to look again, so',
  'that no member could hold up the work for long on his own.',
  'It stayed in use for many years.'
]
/** A page of such paragraphs: enough full lines to measure how much they vary. */
const NARROW_COLUMN = Array(4).fill(NARROW_PARAGRAPHS.join('\n')).join('\n') + '\n'

describe('paragraph ends in a narrow column, measured in ems', () => {
  it('weighs letters: "ill" is narrower than "mum"', () => {
    expect(emWidth('ill')).toBeLessThan(emWidth('mum'))
    expect(emWidth('')).toBe(0)
  })

  it('ends a paragraph after a last line that is full in characters but short in ems', async () => {
    const lines = NARROW_COLUMN.split('\n')
    // Counting characters, the last line is as long as any full line.
    expect(lines[8]!.length).toBeGreaterThanOrEqual(textWidth(lines.map((l) => l.length)))
    const {tree} = await run(NARROW_COLUMN)
    // Sentence ends before a capital on a full line ("… had not seen." / "Nobody",
    // "… single amount." / "It was") do not end the paragraph.
    expect(outline(tree)).toEqual(
      Array(4).fill(['paragraph: The commission met for', 'paragraph: The method they chose']).flat()
    )
    // One text node per source line, positions exact.
    const second = tree.children[1] as Paragraph
    const first = second.children[0] as Text
    expect(first.position!.start.line).toBe(10)
    expect(NARROW_COLUMN.slice(first.position!.start.offset, first.position!.end.offset)).toBe(lines[9])
    expect(second.children).toHaveLength(6)
  })

  it('ends a paragraph after a sentence end when the next word would have fit, with little room to spare', async () => {
    const raw = fixture('sentence-fit.txt')
    const lines = raw.split('\n')
    // "… of the tide in the morning." (line 9) with " Its" added stays just under the widest lines around it.
    const widths = lines.slice(2, 16).map(emWidth).sort((a, b) => a - b)
    const room = (emWidth(lines[8]!) + emWidth(' Its')) / widths.at(-2)!
    expect(room).toBeGreaterThan(0.97)
    expect(room).toBeLessThan(0.98)
    const {tree, file} = await run(raw)
    expect(outline(tree)).toEqual(['paragraph: The wardens of the', 'paragraph: Its record goes back'])
    const decision = file.messages.find((m) => m.ruleId === 'paragraphs:sentence-fit')
    expect([decision?.line, decision?.column]).toEqual([10, 1])
  })
})

describe('an unmarked list after a colon', () => {
  const raw = [
    'Each group of surveyors walks its own reach of the river bank, and every',
    'group carries the same things so that the counts can be compared. The',
    'things each group carries on the walk are:',
    'Field Glasses (one pair for the leader and one for the reader)',
    'The Count Book of the Year',
    'A Map of the Reach',
    'The leaders check these things at the mill before the walk begins, and the',
    'secretary keeps a spare map and a spare count book in the office in town.',
    '',
    'The survey of the lower reach follows the same plan as the upper one, and',
    'the groups meet at the weir to compare their counts at the end of the day.',
    ''
  ].join('\n')

  it('sets apart each entry, and the text after the last one', async () => {
    const {tree, file} = await run(raw)
    expect(outline(tree)).toEqual([
      'paragraph: Each group of surveyors',
      'paragraph: Field Glasses (one pair',
      'paragraph: The Count Book of',
      'paragraph: A Map of the',
      'paragraph: The leaders check these',
      'paragraph: The survey of the'
    ])
    const decisions = file.messages.filter((m) => m.ruleId === 'paragraphs:colon-list')
    expect(decisions.map((m) => m.line)).toEqual([4, 5, 6, 7])
  })

  it('does not read the first entry as the rest of a split line after a short colon line', async () => {
    // "… so that the counts can be compared; they" / "are:" / a long first entry: together about one full line,
    // the shape of a line an extractor split after a sentence; but the entries go on after it.
    const split = raw
      .replace('group carries the same things so that the counts can be compared. The\nthings each group carries on the walk are:', 'group carries the same things so that the counts can be compared; they\nare:')
    const {tree} = await run(split)
    expect(outline(tree).slice(0, 4)).toEqual([
      'paragraph: Each group of surveyors',
      'paragraph: Field Glasses (one pair',
      'paragraph: The Count Book of',
      'paragraph: A Map of the'
    ])
  })

  it('leaves two such lines alone: one entry wrapped in a narrow cell', async () => {
    // (The heading rules may still set the lines apart; the list rule does not decide here.)
    const {file} = await run(raw.replace('A Map of the Reach\n', ''))
    expect(file.messages.some((m) => m.ruleId === 'paragraphs:colon-list')).toBe(false)
  })
})

describe('a one-line paragraph after a short last line', () => {
  it('is not read as the rest of one printed line split after a sentence', async () => {
    const raw = [
      'Reviewers are members who look at the changes proposed for a part of the',
      'code and say whether the change can go in, as their entry in the file of the',
      'Harbour Board.',
      'A reviewer looks at one part of the code only.',
      'Note: an approver must agree to every change as well, before it is merged.',
      '',
      'Approvers are reviewers who have reviewed many changes over a long time.',
      ''
    ].join('\n')
    const {tree} = await run(raw)
    // "Harbour Board." + "A reviewer looks …" make about one line; but that piece ends a sentence too, and a capital follows.
    expect(outline(tree)).toEqual([
      'paragraph: Reviewers are members who',
      'paragraph: A reviewer looks at',
      'paragraph: Note: an approver must',
      'paragraph: Approvers are reviewers who'
    ])
  })
})

describe('a long line in capitals', () => {
  it('ends a block where ordinary case starts again', async () => {
    const raw = [
      'The chair opened the meeting at nine and read the names of the members who',
      'had sent their apologies, and the clerk wrote them into the minutes book.',
      '',
      'ITEM 3: THE REPORT OF THE WARDENS ON THE STATE OF THE DYKE AND THE SLUICES',
      'Mr. Berg said that the wardens had walked the whole dyke in March and found',
      'it sound, apart from two sluices that needed new gates before the autumn.',
      ''
    ].join('\n')
    const {tree, file} = await run(raw)
    expect(outline(tree)).toEqual(['paragraph: The chair opened the', 'paragraph: ITEM 3: THE REPORT', 'paragraph: Mr. Berg said that'])
    const decision = file.messages.find((m) => m.ruleId === 'paragraphs:after-capitals')
    expect([decision?.line, decision?.column]).toEqual([5, 1])
  })
})

describe('headings numbered by section, without blank lines (pdftotext)', () => {
  const raw = [
    'The survey looked at three groups of harbour users over two summers, and the',
    'board asked for the results to be kept by group, so that each group could read',
    'its own part. The groups were:',
    'Masters of the river barges',
    'Keepers of the lighthouses along the coast',
    '2.1. Barge Traffic',
    'The barges carried most of the timber and grain that came down the river, and',
    'their masters kept careful logs of every passage through the harbour mouth.',
    '2.1.1. Winter Passages',
    '2.1.1.1 Ice and Fog',
    'In winter the passages were fewer, and most of them were made by daylight, when',
    'the pilots could see the channel markers from the bridge of the tug boats.',
    'A version 2.1 of the rules followed in 1931, and it was read by every master.',
    ''
  ].join('\n')

  it('starts a block at a numbered heading after a line without a full stop, and ends it after the title', async () => {
    const {tree} = await run(raw)
    expect(outline(tree, 3)).toEqual([
      'paragraph: The survey looked',
      'paragraph: Masters of the',
      'paragraph: Keepers of the',
      'paragraph: 2.1. Barge Traffic',
      'paragraph: The barges carried',
      'paragraph: 2.1.1. Winter Passages',
      'paragraph: 2.1.1.1 Ice and',
      'paragraph: In winter the'
    ])
  })
})

describe('text width', () => {
  it('is the length of full lines, not of merged lines or table cells', () => {
    const lengths = [...Array(40).fill(62), ...Array(30).fill(64), ...Array(20).fill(5), ...Array(12).fill(120), 30, 41]
    expect(textWidth(lengths)).toBeGreaterThanOrEqual(62)
    expect(textWidth(lengths)).toBeLessThanOrEqual(64)
  })

  it('handles empty and tiny inputs', async () => {
    for (const raw of ['', '\n\n\n', 'x', '\f\f', '1.', '• ']) {
      const {tree} = await run(raw)
      const words = raw.split(/\s+/).filter(Boolean)
      expect(tree.children.map((b) => toString(b)).join(' ').split(/\s+/).filter(Boolean).length).toBe(words.length)
    }
  })
})

describe('no text is lost', () => {
  it('puts every non-blank line of every fixture in exactly one block', async () => {
    for (const name of ['book-mutool.txt', 'book-pdftotext.txt', 'corpus-body.txt', 'report-lists.txt']) {
      const raw = fixture(name)
      const {tree, file} = await run(raw)
      const removed = new Set(file.messages.filter((m) => m.ruleId === 'layout:furniture').map((m) => m.line))
      const lines = new Map<number, number>()
      const visit = (node: RootContent | Root) => {
        if (node.type === 'text') lines.set(node.position!.start.line, (lines.get(node.position!.start.line) ?? 0) + 1)
        if ('children' in node) for (const child of node.children) visit(child as RootContent)
      }
      visit(tree)
      raw.split('\n').forEach((line, i) => {
        if (line.replace('\f', '').trim() === '' || removed.has(i + 1)) return
        expect(lines.get(i + 1), `${name}:${i + 1}`).toBe(1)
      })
    }
  })
})
