/**
 * The eval's classification of block-boundary errors (scripts/eval-metrics.mjs):
 * a missed break whose raw lines look like any line end inside a paragraph
 * (full line, sentence end, capital next) is (a) "no trace in the text"; a
 * missed break after a short line, at a blank line or before a marker is (b).
 * Made-up text in the shape of a `pdftotext -raw` extraction.
 */
import {describe, expect, it} from 'vitest'
// @ts-expect-error: a plain ES module of the eval scripts, without types
import {breakCues, classifyBoundaryErrors, evaluate, readGold, rawLayout, tokenize} from '../scripts/eval-metrics.mjs'

const gold = [
  'The river ran low that summer and the mill wheel turned only at night when the',
  'farmers had finished with the water. Everyone knew the miller would not wait long.',
  '',
  'Nobody asked him about it.',
  '',
  'In the autumn the rains came back and the wheel turned again.',
  '',
  '- First item of a short list',
  '',
  'After the list the story goes on and it goes on for a while longer in this line.',
  'Then it ends.'
].join('\n')

// The same words as printed lines: no blank lines, one missed break hides behind a full line.
const raw = [
  'The river ran low that summer and the mill wheel turned only at night when the',
  'farmers had finished with the water. Everyone knew the miller would not wait long.',
  'Nobody asked him about it.',
  'In the autumn the rains came back and the wheel turned again.',
  '',
  '• First item of a short list',
  'After the list the story goes on and it goes on for a while longer in this line.',
  'Then it ends.'
].join('\n')

describe('eval: boundary errors by what the raw text shows', () => {
  it('takes the measure from lines that go on in lower case', () => {
    const layout = rawLayout(raw)
    expect(layout.fullLines).toBe(1)
    expect(layout.measure).toBe(raw.split('\n')[0].length)
  })

  it('classifies each gold boundary by its cue', () => {
    const g = tokenize(readGold(gold).blocks).tokens
    const starts = tokenize(readGold(gold).blocks).starts.filter((s: number) => s > 0)
    const cues = breakCues(g, raw)
    const found = starts.map((s: number) => cues.at(s))
    // Full line, sentence end, capital next, nothing between: no trace.
    expect(found[0]).toMatchObject({cls: 'a', cue: 'noTrace'})
    expect(found[0].before).toMatch(/wait long\.$/)
    // The line before is short.
    expect(found[1]).toMatchObject({cls: 'b', cue: 'short'})
    // A blank line, then a list marker.
    expect(found[2]).toMatchObject({cls: 'b', cue: 'blank'})
    expect(found[3]).toMatchObject({cls: 'b', cue: 'shortNoStop'})
  })

  it('computes the text ceiling: (b) errors fixed, (a) errors kept', () => {
    const g = tokenize(readGold(gold).blocks)
    const goldStarts = new Set<number>(g.starts.filter((s: number) => s > 0))
    // An output that found no boundary at all.
    const result = classifyBoundaryErrors(g.tokens, raw, goldStarts, new Set<number>())
    expect(result.missedA).toBe(1)
    expect(result.missedB).toBe(3)
    expect(result.ceiling.recall).toBeCloseTo(3 / 4)
    expect(result.ceiling.precision).toBe(1)
    // Two line ends have the (a) shape: "…wait long." ¶ "Nobody…" is a break, "…in this line." ¶ "Then it ends." is not.
    expect(result.shapes).toEqual({breaks: 1, nonBreaks: 1})
  })

  it('reports the classes in evaluate()', () => {
    const goldDoc = readGold(gold)
    const out = {blocks: [{type: 'paragraph', text: raw.replace(/\s+/g, ' ').replace('• ', '')}], notes: []}
    const result = evaluate(goldDoc, out, raw, [])
    expect(result.breaks).toMatchObject({missedA: 1, missedB: 3, extraA: 0, extraB: 0})
    expect(result.breaks.ceiling.f1).toBeGreaterThan(result.f1)
  })
})
