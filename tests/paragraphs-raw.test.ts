/**
 * Paragraph boundaries in text without blank lines (`pdftotext -raw`): the
 * shape of the lines alone tells where a block ends. Made-up minutes in the
 * shape of such an extraction (tests/fixtures/paragraphs/minutes-raw.txt).
 */
import {toString} from 'mdast-util-to-string'
import {describe, expect, it} from 'vitest'
import {runStages, blockOutline, runParagraphStages, fixtures} from './helpers/run-stages.js'

const fixture = fixtures('paragraphs')

const MINUTES = fixture('minutes-raw.txt')

const run = (raw: string) => runParagraphStages(raw, 'minutes.txt')

const outline = blockOutline

describe('paragraph boundaries without blank lines', () => {
  it('ends a block after a short line without closing punctuation when the next word would have fit on it', async () => {
    const {tree} = await run(MINUTES)
    const blocks = outline(tree)
    // "… of the lower valley" / "Guests included …": a paragraph printed without a full stop ended.
    expect(blocks).toContain('Guests included two engineers')
    // "… as an observer" / "CHANGES TO THE AGENDA", "Vote: … - Yes" / "Passed without objection".
    expect(blocks).toContain('CHANGES TO THE AGENDA')
    expect(blocks).toContain('Passed without objection')
    // A line left open ("… Ines" / "Jung, …" is full; "Members present were" goes on) stays one block.
    expect(blocks).toContain('Members present were Anna')
    expect(blocks).not.toContain('Jung, Karl Lund, Olga')
  })

  it('records each such boundary as a structural decision with its position', async () => {
    const {file} = await run(MINUTES)
    const decisions = file.messages.filter((m) => m.ruleId === 'paragraphs:short-line')
    expect(decisions.length).toBeGreaterThan(0)
    const guests = decisions.find((m) => m.line === 6)
    expect(guests?.reason).toMatch(/short line/)
    expect(guests?.column).toBe(1)
  })

  it('keeps a heading in capitals whole over its lines, and starts it after an open line', async () => {
    const {tree, file} = await run(MINUTES)
    const blocks = outline(tree)
    // Two lines in capitals, the first one long for a heading: one block.
    expect(blocks).toContain('REPORTS ON THE SPRING')
    expect(blocks).not.toContain('NORTHERN DAM AND ITS')
    expect(blocks).toContain('The senior engineer said')
    // "Vote: … - Yes" (a full line without closing punctuation) / "Passed …": the capitals rule does not apply.
    expect(file.messages.some((m) => m.ruleId === 'paragraphs:capitals-heading')).toBe(true)
    // "• n/a" ends with no article "a": the item is done, the heading starts.
    expect(blocks).toContain('APPROVAL OF THE MINUTES')
  })

  it('sets apart a question set as a heading after a full line', async () => {
    const {tree} = await run(MINUTES)
    expect(outline(tree)).toContain('Why Repair Now?')
    expect(outline(tree)).toContain('The engineer answered that')
  })

  it('sets apart a heading after the full last line of an item, followed by items', async () => {
    const {tree} = await run(MINUTES)
    expect(outline(tree)).toContain('Finance Summary')
  })

  it('does not end a sentence at a title before a name ("Mr." / "Holm")', async () => {
    const {tree} = await run(MINUTES)
    expect(outline(tree)).not.toContain('Holm whether he wished')
  })

  it('leaves text with blank lines between its blocks to the other rules', async () => {
    // The same minutes with blank lines around two blocks: the rules for blank-less text stay off.
    const withBlanks = MINUTES.replace('CHANGES TO THE AGENDA\n', '\nCHANGES TO THE AGENDA\n\n')
    const {file} = await run(withBlanks)
    expect(file.messages.some((m) => m.ruleId === 'paragraphs:short-line')).toBe(false)
  })

  it('keeps an item whole where its line wrapped before a word too long for the room left', async () => {
    // "… the Navigation Company" is short, but "Westinghouse-Brackenridge" would not have fit on it.
    const {tree} = await run(fixture('numbered-raw.txt'))
    const blocks = outline(tree)
    expect(blocks).not.toContain('Westinghouse-Brackenridge Harbour Trust, which')
    // Numbered sections of four lines or more stay paragraphs with their number.
    expect(blocks).toContain('1. Scope of the')
  })

  it('starts a block at clause markers printed together ("(a)(1) Not later …"), after a heading or a sentence', async () => {
    const {tree} = await run(fixture('statute-raw.txt'))
    const blocks = outline(tree)
    expect(blocks[0]).toBe('Sec. 12. Reports on')
    expect(blocks).toContain('(a)(1) Not later than')
    // "… sets out." / "(b)(1) …": "(b" is no lowercase word going on with the sentence.
    expect(blocks).toContain('(b)(1) Not later than')
  })

  it('sets a heading that opens on a number apart from a finished heading line above it, and keeps its wrapped last word', async () => {
    const raw = fixture('numbered-title-raw.txt')
    const {tree} = await runStages(raw)
    const headings = tree.children.filter((n) => n.type === 'heading').map((n) => toString(n))
    // The title is the title alone, not the title and the first section's heading.
    expect(headings[0]).toBe('Rules of the Harbour Board, as amended')
    expect(headings).toContain('12 H.B.R. §41a. Moorings and Landing Stages')
    // A numbered section heading set large wraps its last word onto a line of its own.
    const blocks = tree.children.map((n) => toString(n))
    expect(blocks).toContain('1 Keep and Publish a Register of Moorings and Landing Stages')
    expect(blocks).not.toContain('Stages')
  })

  it('sets apart each line of a run that starts with the same kind of key: time ranges, labels, bracketed notes', async () => {
    const {tree, file} = await run(fixture('programme-raw.txt'))
    const blocks = outline(tree)
    // A schedule: each time range is an entry of its own, though the lines are short and end without a stop.
    for (const entry of ['8:30 – 9:00: Coffee', '9:00 – 10:45: Survey', '10:45 – 11:00: Break', '11:00 – 12:30: Survey', '12:30-1:15: Lunch at the'])
      expect(blocks).toContain(entry)
    // Labelled fields in a run.
    expect(blocks).toContain('Reader: Calls out the')
    expect(blocks).toContain('Recorder: Writes the count')
    // A label after a full line left without a stop is the sentence going on ("… of the Survey" / "Office: …").
    expect(blocks).not.toContain('Office: it goes back')
    // A bracketed note after a full line that ends a sentence.
    expect(blocks).toContain('[At 11:20 a.m. the')
    // The note ends at its closing bracket, on a full line: what follows is a block of its own.
    expect(blocks).toContain('When the rain had')
    const decisions = file.messages.filter((m) => m.ruleId === 'paragraphs:keyed-line')
    expect(decisions.find((m) => m.line === 7)?.reason).toMatch(/time key, in a run/)
    expect(decisions.find((m) => m.line === 21)?.reason).toMatch(/bracketed note/)
    expect(decisions.find((m) => m.line === 21)?.column).toBe(1)
    expect(decisions.find((m) => m.line === 23)?.reason).toMatch(/after a bracketed note/)
  })

  it('reads a line broken at a note marker as one printed line, where the two pieces fill no more than one line', async () => {
    const {tree, file} = await run(fixture('note-marker-raw.txt'))
    const blocks = outline(tree)
    // "… at a meeting.4" / "Much of the ledger has been lost since" / "the board moved …": one printed line, the paragraph goes on.
    expect(blocks).not.toContain('Much of the ledger')
    // "… agreed to buy one.5" / "The new ledger was bound in red leather …": wider than a line together, a new paragraph.
    expect(blocks).toContain('The new ledger was')
    const joins = file.messages.filter((m) => m.ruleId === 'paragraphs:note-line')
    // "… of" / "1,200 pounds …": the rest of the line is left open, though the next line starts with a figure.
    expect(blocks).not.toContain('Overall, the clerk reported')
    expect(joins.map((m) => [m.line, m.column])).toEqual([
      [5, 1],
      [15, 1]
    ])
  })
})
