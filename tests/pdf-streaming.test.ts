/**
 * The PDF writer's streaming mode (issue 16, memory): a large document is laid
 * out twice and each page drawn as soon as it is paginated, so its laid-out
 * lines are never all in memory. It must write exactly the bytes of the
 * one-pass mode, on the real corpus document (headings, lists, tables that
 * cross pages, notes, links).
 */
import fc from 'fast-check'
import {beforeAll, describe, expect, it} from 'vitest'
import type {Root} from 'mdast'
import {renderDocument} from '../pipeline/build.js'
import {emitPdf, typeset} from '../pipeline/emit/pdf/index.js'
import {paginate, Paginator, type Page} from '../pipeline/emit/pdf/paginate.js'

const CORPUS = 'input/nagorno-karabakh-conflict.txt'
let tree: Root

beforeAll(async () => {
  const result = await renderDocument(CORPUS, {outputs: ['markdown']})
  if (result.error) throw new Error(result.error)
  tree = result.tree!
})

describe('PDF streaming mode', () => {
  it('writes the same bytes as the one-pass mode on the corpus document', async () => {
    const date = new Date(Date.UTC(2020, 0, 1))
    const once = await emitPdf(tree, {date, stream: false})
    const streamed = await emitPdf(tree, {date, stream: true})
    expect(streamed.length).toBeGreaterThan(10_000)
    expect(Buffer.from(streamed).equals(Buffer.from(once))).toBe(true)
  })

  it('paginates items fed in any chunks as paginate does with all of them', async () => {
    const {items, config} = await typeset(tree)
    const height = config.height - config.margin.top - config.margin.bottom
    const expected = paginate(items, height)
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({min: 1, max: 60}), {minLength: 1, maxLength: 40}), async (sizes) => {
        const pages: Page[] = []
        const paginator = new Paginator(height, (page) => pages.push(page))
        let at = 0
        for (let i = 0; at < items.length; i++) {
          const size = sizes[i % sizes.length]!
          paginator.push(items.slice(at, at + size))
          at += size
        }
        paginator.finish()
        expect(pages).toEqual(expected)
      }),
      {numRuns: 15}
    )
  })
})
