/**
 * The fidelity ledger, as properties over generated raw text:
 *
 * - the pipeline never throws, whatever the input;
 * - every word of the input is in the output (the JSON document's blocks and
 *   appendices) or is accounted for by a recorded change whose original text
 *   holds it;
 * - layout and paragraphs lose nothing at all: every non-blank source line
 *   ends up in exactly one text node, or in a recorded furniture removal.
 *
 * Inputs mix what PDF extractions look like (wrapped prose, hyphenated line
 * ends, list markers, page numbers, running heads, form feeds, blank runs,
 * quotes and dashes) with arbitrary Unicode. Runs are bounded so the suite
 * stays fast.
 */
import fc from 'fast-check'
import type {Root, RootContent} from 'mdast'
import {unified} from 'unified'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {toJsonDocument} from '../pipeline/emit/json.js'
import {listChanges, type ReprintMessage} from '../pipeline/messages.js'
import {createProcessor} from '../pipeline/processor.js'
import {ingest} from '../pipeline/stages/ingest.js'
import {layout} from '../pipeline/stages/layout.js'
import {paragraphs} from '../pipeline/stages/paragraphs.js'
import {DecodeError} from '../pipeline/text/decode.js'

// ---------------------------------------------------------------- generated documents

const WORDS = [
  'the', 'commission', 'River', 'tolls', 'of', 'and', 'in', '1929', '1,154', 'U.S.', 'Arme-', 'nian', 'co-', 'chairs',
  '1988-', '1989', 'egarding', 'th', '“quoted”', '"straight"', "it's", 'Azerbaijan’s', 'No.', '12', '(NPT),', 'a)',
  'end.', 'end;', 'end:', 'May', 'SEPTEMBER', 'www.example.org/a-b', '—', '–', '-', '*', '_x_', '<b>', '[link](x)', '#',
]
const word = fc.constantFrom(...WORDS)
const sentence = fc.array(word, {minLength: 1, maxLength: 14}).map((w) => w.join(' '))
const line = fc.oneof(
  {weight: 6, arbitrary: sentence},
  {weight: 1, arbitrary: fc.constant('')},
  {weight: 1, arbitrary: fc.integer({min: 1, max: 40}).map(String)},
  {weight: 1, arbitrary: fc.constantFrom('Page 3', 'The River Commission, 1921–1930', 'Valley Research Service')},
  {weight: 1, arbitrary: fc.tuple(fc.constantFrom('1.', '2)', '(b)', '•', '-', 'iv)'), sentence).map(([m, s]) => `${m} ${s}`)},
  {weight: 1, arbitrary: fc.constantFrom('\f', '\f2', '\n\n', ' \t indented line', 'ﬁnal ligature', 'tab\there')},
  {weight: 1, arbitrary: fc.string({unit: 'grapheme', maxLength: 30})}
)
const loose = fc.array(line, {maxLength: 40}).map((lines) => lines.join('\n'))
/** Pages with a running head and a page number, as extractors give them. */
const paged = fc
  .record({
    head: fc.constantFrom('The River Commission, 1921–1930', 'Annals of the Valley', 'Valley Research Service'),
    start: fc.integer({min: 1, max: 300}),
    numberOnTop: fc.boolean(),
    pages: fc.array(fc.array(line, {minLength: 1, maxLength: 8}), {minLength: 2, maxLength: 6})
  })
  .map(({head, start, numberOnTop, pages}) =>
    pages
      .map((body, i) => {
        const furniture = numberOnTop ? [String(start + i), head] : [head]
        return [...furniture, '', ...body, '', ...(numberOnTop ? [] : [String(start + i)])].join('\n')
      })
      .join('\n\f')
  )
const document = fc.oneof(loose, paged)
const anything = fc.oneof(document, fc.string({unit: 'binary', maxLength: 200}), fc.string({maxLength: 200}))

// ---------------------------------------------------------------- helpers

/** Fold what the pipeline may legitimately change in a word without recording it per word. */
function fold(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, '')
    .replace(/[‘’`´]/g, "'")
    .replace(/[“”„]/g, '"')
    .replace(/[‐‑–—]/g, '-')
}

const words = (text: string) => fold(text).split(/\s+/).filter(Boolean)

/** Every string the JSON document carries in its blocks and appendices. */
function outputStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value)
  else if (Array.isArray(value)) for (const v of value) outputStrings(v, out)
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) if (key !== 'position' && key !== 'type' && key !== 'id') outputStrings(v, out)
  }
  return out
}

async function runAll(raw: string) {
  const file = new VFile({path: 'generated.txt', value: new TextEncoder().encode(raw)})
  file.data.sourcePath = 'generated.txt'
  file.data.meta = {}
  const processor = createProcessor()
  const tree = (await processor.run(processor.parse(file), file)) as Root
  return {tree, file}
}

// REPRINT_PROPERTY_RUNS=2000 for a deeper search; the suite stays at 100.
const PROPERTY_RUNS = {numRuns: Number(process.env.REPRINT_PROPERTY_RUNS ?? 100)}

interface Point {
  line: number
  column: number
}

/** The source span a change covers: its place, or its start plus the original's length. */
function span(message: ReprintMessage): {start: Point; end: Point} {
  const place = message.place as {start?: Point; end?: Point; line?: number; column?: number} | undefined
  if (place?.start) {
    const end = place.end ?? {line: place.start.line, column: place.start.column + (message.original?.length ?? 0)}
    // A change of zero width (an insertion) still touches the word it sits in.
    return {start: place.start, end: end.line === place.start.line && end.column <= place.start.column ? {...end, column: place.start.column + 1} : end}
  }
  const start = {line: place?.line ?? message.line ?? 0, column: place?.column ?? message.column ?? 1}
  return {start, end: {line: start.line, column: start.column + Math.max(1, message.original?.length ?? 0)}}
}

/** a strictly before b. */
const before = (a: Point, b: Point) => a.line < b.line || (a.line === b.line && a.column < b.column)

// ---------------------------------------------------------------- properties

describe('fidelity ledger (property tests)', () => {
  it('the whole pipeline never throws and writes a JSON document', async () => {
    await fc.assert(
      fc.asyncProperty(anything, async (raw) => {
        let result: Awaited<ReturnType<typeof runAll>>
        try {
          result = await runAll(raw)
        } catch (error) {
          // Binary input is refused with a clear, typed error: that is not a crash.
          if (error instanceof DecodeError) return
          throw error
        }
        const json = toJsonDocument(result.tree, result.file, 'test')
        expect(Array.isArray(json.blocks)).toBe(true)
      }),
      PROPERTY_RUNS
    )
  })

  it('every input word is in the output or in a recorded change at its place', async () => {
    await fc.assert(
      fc.asyncProperty(document, async (raw) => {
        const {tree, file} = await runAll(raw)
        const json = toJsonDocument(tree, file, 'test')
        const available = new Map<string, number>()
        for (const text of outputStrings([json.blocks, json.appendices])) {
          for (const w of words(text)) available.set(w, (available.get(w) ?? 0) + 1)
        }
        const changes = listChanges(file).map(span)
        const unaccounted: string[] = []
        // The words of the text as ingest decoded it (its positions are the changes' positions).
        String(file.value)
          .split('\n')
          .forEach((text, i) => {
            for (const match of text.matchAll(/[^\s\f]+/g)) {
              const w = fold(match[0])
              if (!w) continue
              const from = {line: i + 1, column: match.index + 1}
              const to = {line: i + 1, column: match.index + 1 + match[0].length}
              if (changes.some((c) => before(c.start, to) && before(from, c.end))) continue
              const left = available.get(w) ?? 0
              if (left > 0) available.set(w, left - 1)
              else unaccounted.push(match[0])
            }
          })
        expect(unaccounted, `input:\n${raw}`).toEqual([])
      }),
      PROPERTY_RUNS
    )
  })

  it('layout and paragraphs put every non-blank line in exactly one text node or a recorded removal', async () => {
    const processor = unified().use(ingest).use(layout).use(paragraphs)
    await fc.assert(
      fc.asyncProperty(document, async (raw) => {
        const file = new VFile({path: 'generated.txt', value: raw})
        const tree = (await processor.run(processor.parse(file), file)) as Root
        const source = String(file.value).split('\n')
        // Columns of each source line covered by a text node; each node holds exactly its source text.
        const covered = source.map((line) => new Array<number>(line.length).fill(0))
        const visit = (node: RootContent | Root) => {
          if (node.type === 'text') {
            const {start, end} = node.position!
            expect(end.line).toBe(start.line)
            expect(source[start.line - 1]!.slice(start.column - 1, end.column - 1)).toBe(node.value.trimEnd())
            for (let c = start.column - 1; c < end.column - 1; c++) covered[start.line - 1]![c]!++
          }
          // A code block keeps its lines verbatim, one per source line.
          if (node.type === 'code') {
            const {start, end} = node.position!
            const values = node.value.split('\n')
            for (let l = start.line, k = 0; l <= end.line; l++) {
              if (source[l - 1]!.trim() === '') continue
              expect(source[l - 1]!.trimEnd().endsWith(values[k]!)).toBe(true)
              k++
              // The whole line is the block's (spaces included: indentation is kept).
              for (let c = 0; c < source[l - 1]!.length; c++) covered[l - 1]![c]!++
            }
          }
          if ('children' in node) for (const child of node.children) visit(child as RootContent)
        }
        visit(tree)
        const removed = new Set(listChanges(file).filter((m) => m.ruleId === 'layout:furniture').map((m) => m.line!))
        source.forEach((line, i) => {
          if (removed.has(i + 1)) {
            expect(covered[i]!.every((n) => n === 0), `line ${i + 1} removed and kept`).toBe(true)
            return
          }
          expect(covered[i]!.every((n) => n <= 1), `line ${i + 1} twice`).toBe(true)
          // What no node covers is white space, form feeds, or a list marker before the item's text.
          const left = [...line].map((ch, c) => (covered[i]![c] ? '\u0000' : ch)).join('')
          const outside = left.split('\u0000').filter((part) => part.trim() !== '')
          expect(outside.every((part) => /^[\s\f]*(?:\d{1,3}[.)]|[•▪◦●‣∙*]|[-–])\s+$/.test(part)), `line ${i + 1}: ${line}`).toBe(true)
        })
      }),
      PROPERTY_RUNS
    )
  })
})
