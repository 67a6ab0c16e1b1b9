/**
 * Headings run into a paragraph, as `pdftotext -raw` prints them (no blank
 * lines anywhere), on made-up text in the shape of each case: lines in
 * capitals opening a paragraph, a Title Case line inside or at the end of
 * one, a run-in heading after a sentence end, a glued phrase that ends on
 * the article "A", and a long heading in capitals over several lines. And
 * what is no such heading: the end of a printed line that mutool cut at a
 * sentence, a label with its value, a running head left in the text.
 */
import {toString} from 'mdast-util-to-string'
import {describe, expect, it} from 'vitest'
import {capsLead, fitsAfter, innerHeadingLine, lastLineHeading, titleCaseLine} from '../pipeline/headings/inner.js'
import {runHeadingStages} from './helpers/run-stages.js'

// Full lines of about 80 characters: the measure the rules compare with.
const PROSE =
  'The garden committee met twice during the spring to plan the new beds along the\n' +
  'northern wall, and agreed that the work should start well before the autumn rains.\n' +
  'Volunteers bring their own gloves and tools, and the committee pays for the seed,\n' +
  'the compost and the hire of a small cart for the heavier loads of soil and stone.\n'
const MORE =
  'Each plot holder keeps a short record of what was planted and when it went in, so\n' +
  'that the next season can rotate the crops between the beds without any guessing.\n'

const headingsOf = runHeadingStages

describe('headings run into a paragraph', () => {
  it('splits off lines in capitals that open a paragraph (caps-lead)', async () => {
    const raw =
      `Garden Report\n\n${PROSE}\nITEMS 3 and 4: OPENING REMARKS OF THE CHAIR AND THE CHOICE OF A NEW TREASURER\n` +
      'Mrs. Green called the meeting to order and welcomed the members of the committee. Mr. Hill seconded.\n' +
      MORE
    const {headings, rules, file} = await headingsOf(raw)
    expect(headings).toContain('ITEMS 3 and 4: OPENING REMARKS OF THE CHAIR AND THE CHOICE OF A NEW TREASURER')
    // The paragraph rule for a long line in capitals (paragraphs:after-capitals) may cut it first;
    // either way the cut is recorded, at the heading's line or at the line after it (capsLead
    // itself is checked on its own below).
    const cut = file.messages.find((m) => m.ruleId === 'headings:caps-lead' || m.ruleId === 'paragraphs:after-capitals')
    expect([8, 9]).toContain(cut?.line)
  })

  // A narrow column (about 60 characters), where a heading line is about as long as a line of prose.
  const NARROW =
    'The garden committee met twice during the spring to plan\nthe new beds along the northern wall, and agreed that the\n' +
    'work should start well before the autumn rains. Volunteers\nbring their own gloves and tools, and the committee pays for\n' +
    'the seed, the compost and the hire of a small cart as well.\n'
  const GATES =
    'Open the Gates of the Northern Garden to All Visitors\nBefore the first visitors arrive, each plot holder must clear\n' +
    'the paths of tools and hoses, so that nobody trips on the way\nto the beds at the far end of the garden by the river.\n'

  it('takes a Title Case line inside a paragraph over a line that opens on a sentence starter (inner-line)', async () => {
    const {headings, rules, tree} = await headingsOf(`Garden Report\n\n${NARROW}${GATES}`)
    expect(headings).toContain('Open the Gates of the Northern Garden to All Visitors')
    expect(rules).toContain('headings:inner-line')
    // The paragraph is cut around it: prose before, prose after.
    expect(tree.children.map((n) => n.type)).toEqual(['heading', 'paragraph', 'heading', 'paragraph'])
  })

  it('takes a Title Case first line over a line that opens on "A" (inner-line)', async () => {
    const raw = `Garden Report\n\n${NARROW}\nPublish and Share a Planting Schedule for Every Bed\nA planting schedule tells each holder when to sow, water and\nharvest, and which beds stand empty for a season to let them\nrest before the next planting.\n`
    const {headings} = await headingsOf(raw)
    expect(headings).toContain('Publish and Share a Planting Schedule for Every Bed')
  })

  it('takes a Title Case line that ends a paragraph over a heading (last-line)', async () => {
    const raw =
      `Garden Report\n\n${PROSE}[The committee rose at 12:01 p.m. for lunch and met again at the shed at 2:28 p.m.]\n` +
      `Afternoon Meeting - 2:28 p.m. - 3:36 p.m.\n\nITEM 5: PROBLEMS OF THE WATER SUPPLY\n\n${MORE}`
    const {headings, rules} = await headingsOf(raw)
    expect(headings).toContain('Afternoon Meeting - 2:28 p.m. - 3:36 p.m.')
    expect(headings).toContain('Item 5: Problems of the Water Supply')
    // A bracketed note now ends its block (paragraphs:keyed-line), so the line after it may stand alone.
    expect(rules.some((r) => r === 'headings:last-line' || r === 'paragraphs:keyed-line')).toBe(true)
  })

  it('cuts a paragraph before a run-in heading at the start of a line (inner-run-in)', async () => {
    const raw = `Garden Report\n\n${PROSE}Open the Gates to Visitors Before the first visitors arrive, each plot holder must\nclear the paths of tools and hoses, so that nobody trips on the way to the beds.\n`
    const {headings, rules} = await headingsOf(raw)
    expect(headings).toContain('Open the Gates to Visitors')
    expect(rules).toContain('headings:inner-run-in')
  })

  it('splits a glued phrase that ends on the article A', async () => {
    const raw = `Garden Report\n\n${PROSE}\nPublish and Share a Planting Schedule A planting schedule tells each holder when to\nsow, water and harvest, and which beds stand empty for a season to let them rest.\n`
    const {headings} = await headingsOf(raw)
    expect(headings).toContain('Publish and Share a Planting Schedule')
  })

  it('takes a long heading in capitals over up to five lines', async () => {
    const raw = `Garden Report\n\n${PROSE}\nITEM 4: SCHEDULING OF\nPLANTING FOR 1952-1954 AND\n1955-1957; THE THREE-YEAR\nPLAN AS A MEANS FOR REACHING\nTHE NORTHERN WALL\n\n${MORE}`
    const {headings} = await headingsOf(raw)
    expect(headings.some((h) => h.startsWith('Item 4: Scheduling of Planting'))).toBe(true)
  })
})

describe('no heading run into a paragraph', () => {
  const LAST = `${PROSE}The committee rose for lunch at noon and met again at the shed at half past two.\nAfternoon Meeting of the Garden Committee\n\nITEM 5: PROBLEMS OF THE WATER SUPPLY\n\n${MORE}\n`

  it('leaves a last line printed three times or more (a running head left in the text)', async () => {
    const once = await headingsOf(`Garden Report\n\n${LAST}`)
    expect(once.headings).toContain('Afternoon Meeting of the Garden Committee')
    const thrice = await headingsOf(`Garden Report\n\n${LAST}${LAST}${LAST}`)
    expect(thrice.headings).not.toContain('Afternoon Meeting of the Garden Committee')
  })

  it('leaves the end of a printed line that mutool cut after a sentence, and a label with its value', () => {
    const before = 'first members of the new garden society, the Northern Wall Trust.'
    expect(fitsAfter(before, 'The Northern', 82)).toBe(true)
    expect(lastLineHeading([before, 'The Northern'], 82)).toBe(false)
    expect(lastLineHeading(['the compost and the hire of a small cart for the heavier loads of soil and stone.', 'The Northern Wall'], 82)).toBe(true)
    expect(titleCaseLine('Sponsor: Jane Roe Second: Bob Poe')).toBe(false)
    expect(titleCaseLine('Afternoon Session - 2:28 p.m. - 3:36 p.m.')).toBe(true)
    // The printed line cut by mutool goes on with a name, not with a word that only starts sentences.
    expect(innerHeadingLine([before, 'The Northern', 'Wall Trust also took an active interest in the fate of the beds.'])).toBeUndefined()
    expect(innerHeadingLine([before, 'The Northern Wall', 'After the rains the beds were dug over again by the volunteers.'])).toBe(1)
  })

  it('takes no lines in capitals over a table row or a list in capitals, and none that end on a comma', () => {
    expect(capsLead(['ITEMS OF THE MEETING', 'Mr. Green called the meeting to order and welcomed the members.'])).toBe(1)
    expect(capsLead(['ITEMS OF THE MEETING', 'SEED ORDERS AND TOOLS'])).toBeUndefined()
    expect(capsLead(['ITEMS OF THE MEETING,', 'Mr. Green called the meeting to order and welcomed the members.'])).toBeUndefined()
  })
})

describe('labelled fields are no headings', () => {
  it('leaves a field whose label opens other blocks too, and finds the heading after it', async () => {
    const raw =
      `Garden Report\n\nMember\n\n${PROSE}\nDefined by: Member of the Northern Garden Society\n\nDuties\n\n${MORE}\n` +
      `Steward\n\n${PROSE}\nDefined by: stewards entry in the garden book of the society.\n\n${MORE}`
    const {headings} = await headingsOf(raw)
    expect(headings).not.toContain('Defined by: Member of the Northern Garden Society')
    expect(headings).toContain('Duties')
  })

  it('leaves the entries of a schedule', async () => {
    const raw = `Garden Report\n\n${PROSE}\nDaily Plan\n\nMorning: Planting Group 1 (90–120 minutes)\n\nLunch break\n\nAfternoon: Planting Group 2 (90–120 minutes)\n\n${MORE}`
    const {headings} = await headingsOf(raw)
    expect(headings.filter((h) => /Morning|Lunch|Afternoon/.test(h))).toEqual([])
  })
})

describe('a Title Case line over prose after a block that ended without a stop', () => {
  const RUN = 'The kinds of work can include:\n\nDigging and Weeding (e.g., Beds, Paths, Borders)\nSeed Sowing\nCompost Turning\n\n'

  it('takes it, and leaves a running head with a page number', async () => {
    const {headings} = await headingsOf(`Garden Report\n\n${PROSE}\n${RUN}Planting the Beds\n\n${MORE}\n${RUN}Planting the Beds 12\n\n${MORE}`)
    expect(headings).toEqual(['Garden Report', 'Planting the Beds'])
  })

  it('leaves one after a line that breaks off mid-phrase', async () => {
    const {headings} = await headingsOf(`Garden Report\n\n${PROSE}\nThe kinds of work are digging, weeding and the\n\nPlanting the Beds\n\n${MORE}`)
    expect(headings).toEqual(['Garden Report'])
  })
})

describe('a numbered heading over a schedule', () => {
  it('leaves the first entry, opening on a clock time, out of the title', async () => {
    const raw =
      `Garden Report\n\n1. Spring Work\n${PROSE}\n1.1. Daily Plan\n9:00 – 10:30: Planting the northern beds\n10:30 – 11:00: Break\n\n` +
      `1.2. Tools\n${MORE}\n2. Summer Work\n${PROSE}`
    const {headings, tree} = await headingsOf(raw)
    expect(headings).toContain('1.1. Daily Plan')
    const at = tree.children.findIndex((n) => n.type === 'heading' && toString(n).trim() === '1.1. Daily Plan')
    expect(toString(tree.children[at + 1]!)).toMatch(/^9:00 – 10:30: Planting/)
  })
})

describe('a section number and its title run into a paragraph', () => {
  it('cuts them out for the outline rules (inner-number)', async () => {
    const raw =
      `Garden Report\n\n1\n\nSpring Work\n\n${PROSE}\n1.1\n\nThe Beds\n\n${MORE}\n1.2\n\nThe Paths\n\n` +
      `The paths are laid with gravel from the pit by the river, and the committee agreed\nto rake them every week, before the first frost of the autumn comes to the garden.\n1.2.1\nOpen the Gates to Visitors\n${PROSE}`
    const {headings, rules} = await headingsOf(raw)
    expect(headings).toContain('1.2.1 Open the Gates to Visitors')
    // In text with blank lines the paragraph rule for a short open line (paragraphs:short-line-blanks) may cut it first.
    expect(rules.some((r) => r === 'headings:inner-number' || r === 'paragraphs:short-line-blanks')).toBe(true)
  })
})
