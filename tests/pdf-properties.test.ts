/**
 * Properties of the typesetting engine that must hold for any input:
 * line breaking keeps every character in order and never overflows;
 * pagination places every item once, in order, inside the page.
 */
import fc from 'fast-check'
import type {Root} from 'mdast'
import {beforeAll, describe, expect, it} from 'vitest'
import {pageConfig} from '../pipeline/emit/pdf/config.js'
import {loadFonts, type FontSet} from '../pipeline/emit/pdf/fonts.js'
import {loadHyphenator, type Hyphenator} from '../pipeline/emit/pdf/hyphenate.js'
import {breakLines, toWords} from '../pipeline/emit/pdf/line-break.js'
import {typeset} from '../pipeline/emit/pdf/index.js'

let fonts: FontSet
let hyphenate: Hyphenator

beforeAll(async () => {
  fonts = await loadFonts()
  hyphenate = await loadHyphenator('en')
})

const word = fc.oneof(
  fc.constantFrom('a', 'of', 'the', 'internationalization', 'responsibilities', 'Azərbaycan', 'İstanbul’da', 'Съешь', 'ψυχοφθόρα', '1988–1989', 'well-known', '“quoted”', '—', '250,000'),
  fc.stringMatching(/^[a-zəğışçöü]{1,14}$/),
  fc.constant('https://example.org/' + 'segment/'.repeat(12) + 'end.html'),
  fc.constant('x'.repeat(90))
)
const paragraph = fc.array(word, {minLength: 1, maxLength: 120})

describe('line breaking (any text)', () => {
  it('keeps every character in order and fits every line', () => {
    fc.assert(
      fc.property(paragraph, fc.integer({min: 60, max: 460}), fc.boolean(), (words, maxWidth, justify) => {
        const text = words.join(' ')
        const lines = breakLines(toWords([{text, style: {}}], fonts, 10.5), {fonts, size: 10.5, maxWidth, justify, hyphenate, maxStretch: 3, minShrink: 0.8})
        let rebuilt = ''
        for (const line of lines) {
          expect(line.width).toBeLessThanOrEqual(maxWidth + 0.01)
          const chars = line.words.flat().map((p) => p.text).join('')
          // Drop the hyphen that hyphenation added; nothing else may differ.
          rebuilt += line.hyphenated ? chars.slice(0, -1) : chars
        }
        expect(rebuilt).toBe(text.replace(/ /g, ''))
        expect(lines[lines.length - 1]!.hyphenated).toBe(false)
      }),
      {numRuns: 150}
    )
  })
})

describe('pagination (any document)', () => {
  it('places every item once, in order, within the text area', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom('heading', 'paragraph', 'list', 'table'), fc.integer({min: 1, max: 30})), {minLength: 1, maxLength: 40}),
        async (blocks) => {
          const tree: Root = {type: 'root', children: []}
          for (const [kind, n] of blocks) {
            const text = Array.from({length: n * 6}, (_, i) => `word${i}`).join(' ')
            if (kind === 'heading') tree.children.push({type: 'heading', depth: ((n % 3) + 1) as 1 | 2 | 3, children: [{type: 'text', value: `Heading ${n}`}]})
            else if (kind === 'paragraph') tree.children.push({type: 'paragraph', children: [{type: 'text', value: text}]})
            else if (kind === 'list') tree.children.push({type: 'list', ordered: n % 2 === 0, children: Array.from({length: n}, () => ({type: 'listItem', children: [{type: 'paragraph', children: [{type: 'text', value: 'item text'}]}]}))})
            else tree.children.push({type: 'table', children: Array.from({length: n + 1}, (_, r) => ({type: 'tableRow', children: [{type: 'tableCell', children: [{type: 'text', value: `r${r}`}]}, {type: 'tableCell', children: [{type: 'text', value: text.slice(0, 80)}]}]}))})
          }
          const {items, pages} = await typeset(tree)
          const config = pageConfig('A4')
          const height = config.height - config.margin.top - config.margin.bottom
          const placed = pages.flatMap((p) => p.placed.filter((x) => !x.repeated).map((x) => x.item))
          expect(placed).toEqual(items)
          for (const page of pages) {
            expect(page.placed.length).toBeGreaterThan(0)
            const last = page.placed[page.placed.length - 1]!
            expect(last.top + last.item.height).toBeLessThanOrEqual(height + 0.01)
          }
          for (const page of pages.slice(0, -1)) {
            const last = page.placed[page.placed.length - 1]!.item
            expect(last.role).not.toBe('heading')
          }
        }
      ),
      {numRuns: 40}
    )
  })
})

describe('whole PDF (any document)', () => {
  const words = fc.constantFrom('the', 'of', 'internationalization', 'Azərbaycan', 'İstanbul', 'Съешь', 'Ελληνικά', '“quoted”', '1988–1989', 'well-known', 'https://example.org/a/b', 'x'.repeat(70), '250,000', 'responsibilities', 'a')
  const text = fc.array(words, {minLength: 1, maxLength: 60}).map((w) => w.join(' '))
  const inline = fc.oneof(
    text.map((value) => ({type: 'text', value})),
    text.map((value) => ({type: 'strong', children: [{type: 'text', value}]})),
    text.map((value) => ({type: 'emphasis', children: [{type: 'text', value}]})),
    text.map((value) => ({type: 'link', url: 'https://example.org/x', children: [{type: 'text', value}]}))
  )
  const paragraph = fc.array(inline, {minLength: 1, maxLength: 4}).map((children) => ({type: 'paragraph', children}))
  const block = fc.oneof(
    paragraph,
    fc.tuple(fc.integer({min: 1, max: 4}), text).map(([depth, value]) => ({type: 'heading', depth, children: [{type: 'text', value: value.slice(0, 80)}]})),
    fc.tuple(fc.boolean(), fc.array(paragraph, {minLength: 1, maxLength: 5})).map(([ordered, items]) => ({type: 'list', ordered, children: items.map((p) => ({type: 'listItem', children: [p]}))})),
    fc.array(paragraph, {minLength: 1, maxLength: 2}).map((children) => ({type: 'blockquote', children})),
    fc.tuple(fc.integer({min: 1, max: 4}), fc.array(text, {minLength: 1, maxLength: 12})).map(([cols, cells]) => ({
      type: 'table',
      children: Array.from({length: Math.ceil(cells.length / cols) + 1}, (_, r) => ({type: 'tableRow', children: Array.from({length: cols}, (_, c) => ({type: 'tableCell', children: [{type: 'text', value: r === 0 ? `H${c}` : (cells[(r - 1) * cols + c] ?? '')}]}))}))
    })),
    fc.constant({type: 'thematicBreak'})
  )

  it('always writes a PDF whose extracted words are the document words', async () => {
    const {emitPdf} = await import('../pipeline/emit/pdf/index.js')
    const {extractPdf, normalizeWords, pdfWords, treeText} = await import('./fixtures/pdf/helpers.js')
    await fc.assert(
      fc.asyncProperty(fc.array(block, {minLength: 1, maxLength: 12}), async (children) => {
        const tree = {type: 'root', children} as unknown as Root
        const bytes = await emitPdf(tree, {date: new Date(0)})
        const config = pageConfig('A4')
        // Left out on both sides: list numbers, and table header cells (H0, H1…), which repeat on every page a table spans.
        const furniture = (w: string) => /^\d+\.$/.test(w) || /^H\d$/.test(w)
        const actual = pdfWords(await extractPdf(bytes), {top: config.margin.top, bottom: config.margin.bottom}).filter((w) => !furniture(w))
        const expected = normalizeWords(treeText(tree)).filter((w) => !furniture(w))
        // Every character of the document comes out, in order (line breaks inside long words aside).
        expect(actual.join('')).toBe(expected.join(''))
      }),
      {numRuns: 10, endOnFailure: true}
    )
  }, 300_000)
})

describe('test helpers', () => {
  it('do not glue a list bullet onto a line that ends with a hyphen (fast-check seed -1629573476)', async () => {
    const {joinLines, normalizeWords} = await import('./fixtures/pdf/helpers.js')
    expect(normalizeWords(joinLines(['A heading that ends well-', '• first item']))).toEqual(['A', 'heading', 'that', 'ends', 'well', 'first', 'item'])
    expect(joinLines(['a hyphen-', 'ated word'])).toBe('a hyphenated word')
  })
})
