/**
 * Short lines the block rules read from their shape: lines without closing punctuation in text that
 * has blank lines between some blocks (pdftotext's default mode, MuPDF: `paragraphs:short-line-blanks`),
 * and lead-in lines that end with a colon (`paragraphs:lead-in`). Made-up fixtures.
 */
import {describe, expect, it} from 'vitest'
import {blockOutline, runParagraphStages, fixtures} from './helpers/run-stages.js'

const fixture = fixtures('paragraphs')

const REGISTER = fixture('register-blanks.txt')

const run = (raw: string) => runParagraphStages(raw, 'register.txt')

const outline = blockOutline

describe('short lines without a stop in text with blank lines', () => {
  it('ends a block after a short open line when the next line starts with a capital that would have fit', async () => {
    const {tree} = await run(REGISTER)
    const blocks = outline(tree)
    // "Defined by: … of the" / "port.registry" / "The clerk explained …": the label's block ends at its short line.
    expect(blocks).toContain('Defined by: the works')
    expect(blocks).toContain('The clerk explained that')
  })

  it('records the boundary with its rule id and position', async () => {
    const {file} = await run(REGISTER)
    const decision = file.messages.find((m) => m.ruleId === 'paragraphs:short-line-blanks')
    expect(decision?.line).toBe(13)
    expect(decision?.column).toBe(1)
    expect(decision?.reason).toMatch(/short line/)
  })

  it('keeps a run of short pieces of one printed line together (a one-word lowercase piece among them)', async () => {
    // MuPDF cut a printed line at its wide spaces: "… log hut," / "where" / "Colonel …".
    const pieces = REGISTER.replace(
      'The clerk said that the older volumes would stay where they were for the time\n',
      'The clerk said that the older volumes,\nwhere\nThe copies lie, would stay where they were for the time\n'
    )
    const {tree} = await run(pieces)
    expect(outline(tree)).not.toContain('The copies lie, would')
  })
})

const LEAD_IN = fixture('lead-in-raw.txt')

describe('a lead-in line that ends with a colon', () => {
  it('starts a block after a sentence end, also in lowercase', async () => {
    const {tree} = await run(LEAD_IN)
    const blocks = outline(tree)
    // "… before the vote." / "Rule 4.02 - Replace:" and "… was issued.”" / "with:": each lead-in starts a block.
    expect(blocks).toContain('Rule 4.02 - Replace:')
    expect(blocks).toContain('with:')
  })

  it('leaves a wrapped lead-in in its sentence ("… as" / "follows:")', async () => {
    const {tree} = await run(LEAD_IN)
    expect(outline(tree).some((b) => b.startsWith('follows:'))).toBe(false)
  })

  it('records the boundary with its rule id and position', async () => {
    const {file} = await run(LEAD_IN)
    const lines = file.messages.filter((m) => m.ruleId === 'paragraphs:lead-in').map((m) => [m.line, m.column])
    expect(lines).toEqual([
      [5, 1],
      [8, 1]
    ])
  })
})

const NOTE_LINE_END = fixture('note-line-end-raw.txt')

describe('the rest of a line broken at a note marker that ends a sentence', () => {
  it('is no short last line when the two pieces make a full printed line', async () => {
    const {tree} = await run(NOTE_LINE_END)
    // "… at any time,"4" / "without any notice to the owner of the ship." / "Such reports …".
    expect(outline(tree)).not.toContain('Such reports could lead')
  })

  it('records the decision at the line after it', async () => {
    const {file} = await run(NOTE_LINE_END)
    const decision = file.messages.find((m) => m.ruleId === 'paragraphs:note-line-end')
    expect(decision?.line).toBe(10)
    expect(decision?.column).toBe(1)
  })

  it('takes no clock time for a note marker', async () => {
    const timed = NOTE_LINE_END.replace('at any time,"4\n', 'at any time, 3:36\n')
    const {file} = await run(timed)
    expect(file.messages.some((m) => m.ruleId === 'paragraphs:note-line-end')).toBe(false)
  })
})

const OPEN_END = fixture('open-end-raw.txt')

describe("a paragraph's short last line that ends on a dash", () => {
  it('ends the block when the next word would have fit (text without blank lines)', async () => {
    const {tree, file} = await run(OPEN_END)
    // "… I felt" / "glad, very glad, and yet—" / "After a long drink …": the line before it is full, so the dash ends the paragraph.
    expect(outline(tree)).toContain('After a long drink')
    const decision = file.messages.find((m) => m.ruleId === 'paragraphs:short-line' && m.line === 9)
    expect(decision?.column).toBe(1)
  })

  it('leaves a full line that ends on a comma in its paragraph', async () => {
    const {tree} = await run(OPEN_END)
    // "… near the station," is a full line: "Somewhere …" goes on.
    expect(outline(tree)).not.toContain('Somewhere on the far')
  })
})

describe('a run of short lines after a wrapped paragraph', () => {
  it("ends the paragraph at its short last line, though short lines follow (text without blank lines)", async () => {
    // "… Yes - Kim" / "Lund - Yes" / "Passes: 5-0" / "REPORTS": three short lines, the first the tail of a wrapped vote.
    const vote = OPEN_END.replace(
      'I did not go to look for him,',
      'Vote - Anna Berg - Yes - Carl Dahl - Yes - Eva Fors - Yes - Ola Holm - Yes - Kim\nLund - Yes\nPasses: 5-0\nREPORTS\nI did not go to look for him,'
    )
    const {tree} = await run(vote)
    expect(outline(tree)).toContain('Passes: 5-0')
  })
})
