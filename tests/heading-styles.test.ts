/**
 * Headings in the styles common layouts print, on made-up text in the shape
 * of each: sentence case, headings opening prose through short questions,
 * the first section under a title's date line, capitals after an unfinished
 * line, and running heads that repeat a section title at page tops.
 */
import type {Heading} from 'mdast'
import {toString} from 'mdast-util-to-string'
import {describe, expect, it} from 'vitest'
import {runHeadingStages, runStagesUpTo} from './helpers/run-stages.js'

const PROSE_A =
  'The garden committee met twice during the spring to plan the new beds along\n' +
  'the northern wall, and agreed that the work should start before the rains.\n'
const PROSE_B =
  'Volunteers bring their own gloves and tools, and the committee pays for seed,\n' +
  'compost and the hire of a small cart for the heavier loads of soil.\n'
const PROSE_C =
  'Each plot holder keeps a short record of what was planted and when, so that\n' +
  'the next season can rotate crops between the beds without guessing.\n'

const headingsOf = runHeadingStages

describe('sentence-case headings', () => {
  it('takes a short line in sentence case between finished prose and prose', async () => {
    const {headings} = await headingsOf(`Garden Report\n\n${PROSE_A}\nTools and materials to bring\n\n${PROSE_B}`)
    expect(headings).toContain('Tools and materials to bring')
  })

  it('takes one over a list', async () => {
    const {headings} = await headingsOf(`Garden Report\n\n${PROSE_A}\nCosts to consider\n\n1. Seed for the new beds.\n2. Compost from the town depot.\n`)
    expect(headings).toContain('Costs to consider')
  })

  it('does not take a short line among short lines (a table cell, a schedule)', async () => {
    const {headings} = await headingsOf(`Garden Report\n\n${PROSE_A}\nMorning session\n\nLunch break\n\nAfternoon session\n\n${PROSE_B}`)
    expect(headings).not.toContain('Lunch break')
    expect(headings).not.toContain('Morning session')
  })

  it('does not take a fragment after an introducing colon, nor one ending on a small word', async () => {
    const {headings} = await headingsOf(
      `Garden Report\n\nThe committee agreed on the following plan for the beds and the paths between them:\n\nDig the beds before the\n\n${PROSE_B}`
    )
    expect(headings).toEqual(['Garden Report'])
  })
})

describe('where a heading stands', () => {
  it('opens prose through a few short questions', async () => {
    const {headings} = await headingsOf(`Garden Report\n\n${PROSE_A}\nThe Northern Wall\n\nWhy does the wall matter so much?\n\nWhat should grow along it?\n\n${PROSE_B}`)
    expect(headings).toContain('The Northern Wall')
  })

  it('stands under the date line of a title', async () => {
    const {headings} = await headingsOf(`Garden Report\n\n2 March 2021\n\nPlanning the Spring Beds\n\n${PROSE_A}\n${PROSE_B}`)
    expect(headings).toEqual(['Garden Report', 'Planning the Spring Beds'])
  })

  it('takes a heading in capitals after a line that ends no sentence', async () => {
    const {headings} = await headingsOf(`Garden Report\n\n${PROSE_A}\nPresent - Ann Lee - Bo Park - Cy Diaz - Di Evans - Ed Fox - Flo Grant - Gus\nHill - Ida Jones - Jo King - various members of the public\n\nCHANGES TO THE PLAN\n\n${PROSE_B}`)
    expect(headings).toContain('Changes to the Plan')
  })
})

describe('running heads that carry the section title', () => {
  it('leaves the copies at page tops as paragraphs and records it', async () => {
    const raw =
      `Garden Report\n\n${PROSE_A}\nThe Northern Wall\n\n${PROSE_B}\n${PROSE_C}\f` +
      `The Northern Wall\n\n${PROSE_A}\nThe Southern Beds\n\n${PROSE_B}\f` +
      `The Southern Beds\n\n${PROSE_C}\n${PROSE_A}\f` +
      `The Southern Beds\n\n${PROSE_B}`
    const {headings, file} = await headingsOf(raw)
    expect(headings.filter((h) => h === 'The Northern Wall')).toHaveLength(1)
    expect(headings.filter((h) => h === 'The Southern Beds')).toHaveLength(1)
    expect(file.messages.filter((m) => m.ruleId === 'headings:running-head')).toHaveLength(3)
  })

  it('keeps a heading that repeats when page tops carry no section titles', async () => {
    const raw =
      `Garden Report\n\n${PROSE_A}\nRequirements\n\n${PROSE_B}\nThe Southern Beds\n\n${PROSE_C}\f` +
      `Requirements\n\n${PROSE_A}\n${PROSE_B}\f${PROSE_C}\f${PROSE_A}`
    const {headings} = await headingsOf(raw)
    expect(headings.filter((h) => h === 'Requirements')).toHaveLength(2)
  })
})

describe('levels from the document’s own styles', () => {
  const depths = async (raw: string) => {
    const {tree} = await runStagesUpTo(raw, 'headings')
    return tree.children.filter((n): n is Heading => n.type === 'heading').map((h) => [h.depth, toString(h).trim()] as const)
  }

  it('puts the rarer case style above the other (capitals over mixed case)', async () => {
    const raw =
      `Garden Report\n\n${PROSE_A}\nMeeting Details\n\n${PROSE_B}\nOPENING OF THE MEETING\n\n${PROSE_C}\nSeed Orders\n\n${PROSE_A}\nTool Repairs\n\n${PROSE_B}\n` +
      `REPORTS OF THE WORKING GROUPS\n\n${PROSE_C}\nCompost Group\n\n${PROSE_A}\nPath Group\n\n${PROSE_B}`
    expect(await depths(raw)).toEqual([
      [1, 'Garden Report'],
      [2, 'Meeting Details'],
      [2, 'Opening of the Meeting'],
      [3, 'Seed Orders'],
      [3, 'Tool Repairs'],
      [2, 'Reports of the Working Groups'],
      [3, 'Compost Group'],
      [3, 'Path Group']
    ])
  })

  it('puts the rarer case style above the other (mixed case over capitals)', async () => {
    const raw =
      `Garden Report\n\n${PROSE_A}\nMorning Session\n\n${PROSE_B}\nITEM ONE: SEED ORDERS\n\n${PROSE_C}\nITEM TWO: TOOL REPAIRS\n\n${PROSE_A}\n` +
      `Afternoon Session\n\n${PROSE_B}\nITEM THREE: COMPOST\n\n${PROSE_C}`
    const out = await depths(raw)
    expect(out.map(([d]) => d)).toEqual([1, 2, 3, 3, 2, 3])
  })

  it('puts a subhead repeated under each part one level under its part', async () => {
    const raw =
      `Garden Report\n\n${PROSE_A}\nNorthern Beds\n\n${PROSE_B}\nRequirements\n\n${PROSE_C}\nDuties\n\n${PROSE_B}\n` +
      `Southern Beds\n\n${PROSE_C}\nRequirements\n\n${PROSE_A}\nDuties\n\n${PROSE_B}`
    expect(await depths(raw)).toEqual([
      [1, 'Garden Report'],
      [2, 'Northern Beds'],
      [3, 'Requirements'],
      [3, 'Duties'],
      [2, 'Southern Beds'],
      [3, 'Requirements'],
      [3, 'Duties']
    ])
  })
})

describe('sentence-case headings in narrow columns and after lists', () => {
  it('takes one wrapped over two lines of a narrow column', async () => {
    const {headings} = await headingsOf(`Garden Report\n\n${PROSE_A}\nShare the planting plans and the\nrelevant background material\n\n${PROSE_B}`)
    expect(headings).toContain('Share the planting plans and the relevant background material')
  })

  it('takes one after a list whose last item ends a sentence, not after an open one', async () => {
    const done = await headingsOf(`Garden Report\n\n${PROSE_A}\n- Bring gloves.\n- Bring a trowel.\n\nQuestions to ask new members\n\n${PROSE_B}`)
    expect(done.headings).toContain('Questions to ask new members')
    const open = await headingsOf(`Garden Report\n\n${PROSE_A}\n- Bring gloves\n- Bring a trowel\n\nQuestions to ask new members\n\n${PROSE_B}`)
    expect(open.headings).not.toContain('Questions to ask new members')
  })
})

describe('run-in headings set on the line of their text', () => {
  const doc = (para: string) =>
    `Garden Report\n\n${PROSE_A}\nThe Northern Wall\n\n${PROSE_B}\nSoil and Compost Recruit two helpers for each bed, and keep the\nrecord of what was added to the soil and when it was turned.\n\n${PROSE_C}\n${para}`
  it('splits a Title Case phrase off when the capitalized word after it is written in lower case elsewhere', async () => {
    const {headings, tree} = await headingsOf(doc('We recruit more helpers in the autumn.\n'))
    expect(headings).toContain('Soil and Compost')
    const text = tree.children.map((n) => toString(n)).join('\n')
    expect(text).toContain('Recruit two helpers for each bed')
  })

  it('leaves a name that opens a sentence (the capitalized word is never written in lower case)', async () => {
    const {headings} = await headingsOf(doc('The beds were dug in spring.\n'))
    expect(headings).not.toContain('Soil and Compost')
  })

  it('never splits a sentence that opens on an article', async () => {
    const raw = `Garden Report\n\n${PROSE_A}\nThe Town Council Members agreed to pay for the seed and compost this\nyear, and the members thanked them for it at the spring meeting.\n`
    const {headings} = await headingsOf(raw)
    expect(headings).toEqual(['Garden Report'])
  })
})

describe('headings in capitals wrapped over two lines', () => {
  it('makes one heading of a capitals heading wrapped over two lines', async () => {
    const raw = `Garden Report\n\n${PROSE_A}\nITEM 5: QUESTIONS RAISED\nIN THE REVIEW OF THE TOOL SHED\n\n${PROSE_B}`
    const {headings} = await headingsOf(raw)
    expect(headings.filter((h) => /tool shed/i.test(h))).toEqual(['Item 5: Questions Raised in the Review of the Tool Shed'])
    expect(headings.some((h) => /^Item 5: Questions Raised$/i.test(h))).toBe(false)
  })
})

describe('what a heading line may end on and hold', () => {
  it('takes a heading that ends on an abbreviation’s stop', async () => {
    const {headings} = await headingsOf(`Garden Report\n\n${PROSE_A}\nMorning Session - 9:05 a.m. - 11:40 a.m.\n\n${PROSE_B}`)
    expect(headings).toContain('Morning Session - 9:05 a.m. - 11:40 a.m.')
  })

  it('does not take a line of three commas or more (a name with address) for a heading', async () => {
    const {headings} = await headingsOf(`Garden Report\n\n${PROSE_A}\nAnn Lee, Keeper of Seeds, Town Garden, North Street (Garden Society)\n\n${PROSE_B}`)
    expect(headings).toEqual(['Garden Report'])
  })
})

describe('numbered headings that end on an abbreviation', () => {
  it('keeps a numbered session heading ending on "p.m." in the outline', async () => {
    const raw =
      `Garden Report\n\n1\nMorning Session - 9:05 a.m. - 11:40 a.m.\n\n1.1\nSEED ORDERS\n\n${PROSE_A}\n1.2\nTOOL REPAIRS\n\n${PROSE_B}\n` +
      `2\nAfternoon Session - 2:10 p.m. - 4:00 p.m.\n\n2.1\nCOMPOST\n\n${PROSE_C}`
    const {tree} = await runStagesUpTo(raw, 'headings')
    const numbers = tree.children.filter((n): n is Heading => n.type === 'heading').map((h) => h.data?.number)
    expect(numbers).toEqual([undefined, '1', '1.1', '1.2', '2', '2.1'])
  })
})

describe('schedule lines', () => {
  it('does not take a line that opens on a clock time for a heading', async () => {
    const raw = `Garden Report\n\n${PROSE_A}\nDaily Plan\n\n9:00 – 10:30: Digging the Beds\n\n10:30 – 11:00: Tea Break\n\n${PROSE_B}`
    const {headings} = await headingsOf(raw)
    expect(headings.some((h) => /^\d/.test(h))).toBe(false)
  })
})

describe('one word in capitals', () => {
  it('is a heading when it is a long word over one sentence that leads into a table; a short acronym is not', async () => {
    const lead = 'The chair asked the harbour master for the figures.\nHarbour Figures\nFigure March Change\nMoorings 412 0.5%\nVisitors 2.1k 14%\n'
    const {headings} = await headingsOf(`Garden Report\n\n${PROSE_A}\nREPORTS\n${lead}\n${PROSE_B}\nNASA\n${lead}\n${PROSE_C}`)
    expect(headings).toContain('Reports')
    expect(headings.some((h) => /nasa/i.test(h))).toBe(false)
  })
})

describe('a run-in heading the document repeats', () => {
  it('is split off every paragraph it opens, also a short entry; a heading name that goes on is not cut', async () => {
    const raw = [
      'Garden Report',
      '',
      PROSE_A,
      'Spring Beds',
      '',
      'Weekly Plan (Example Week) 9:00 – 10:30: Digging the northern beds and clearing stones',
      '',
      PROSE_B,
      'Autumn Beds',
      '',
      'Weekly Plan (Example Week) Morning: Planting bulbs along the wall',
      '',
      PROSE_C
    ].join('\n')
    const {headings} = await headingsOf(raw)
    expect(headings.filter((h) => h === 'Weekly Plan (Example Week)')).toHaveLength(2)
    expect(headings.some((h) => /Morning|9:00/.test(h))).toBe(false)
  })
})

describe('a table caption', () => {
  it('is followed by the table\'s first column head, not a heading', async () => {
    const raw = `Garden Report\n\n${PROSE_A}\nTable 1: Plots let and kept, by season and by bed.\n\nKind of\nPlot\n\n${PROSE_B}\n${PROSE_C}`
    const {headings} = await headingsOf(raw)
    expect(headings).not.toContain('Kind of Plot')
  })
})

describe('a byline', () => {
  it('names with a middle initial under the title are no heading; a title with "and" is', async () => {
    const {byline} = await import('../pipeline/headings/detect.js')
    expect(byline('William B. McAllister and Aaron W. Marrs')).toBe(true)
    expect(byline('Anna K. Berg, Karl Lund and Olga T. McKay')).toBe(true)
    expect(byline('Budgeting and Resources')).toBe(false)
    expect(byline('Planning and Recruiting Participants')).toBe(false)
    const {headings} = await headingsOf(`Garden Report\n\nMaria T. Holm and Peter J. Lund\n\n${PROSE_A}\nTools and Materials\n\n${PROSE_B}`)
    expect(headings).not.toContain('Maria T. Holm and Peter J. Lund')
    expect(headings).toContain('Tools and Materials')
  })
})
