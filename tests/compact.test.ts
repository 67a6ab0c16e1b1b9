/**
 * Memory of large documents (issue 16): what the writers keep once the stages
 * have run. A large input's strings are flattened (same text) and its source
 * text dropped unless the review page prints it (pipeline/compact.ts); a
 * page's deflated content owns its bytes instead of a view into zlib's 16 kB
 * chunk (pipeline/emit/pdf/deflate.ts). The peak memory itself is measured by
 * bench/memory.mjs, not here.
 */
import {PDFDocument} from 'pdf-lib'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import type {Root} from 'mdast'
import {renderDocument} from '../pipeline/build.js'
import {compactLargeDocument, compactStrings, LARGE_INPUT_CHARS} from '../pipeline/compact.js'
import {flateStream} from '../pipeline/emit/pdf/deflate.js'

const TEXT = 'A Made-Up Report\n\nThe first paragraph runs over two lines of the\nmade-up source, with a note.\n\nThe second paragraph says a little more about it.\n'

describe('compactStrings', () => {
  it('keeps every string of the tree and the messages equal', async () => {
    const result = await renderDocument(new VFile({path: 'made-up.txt', value: TEXT}), {outputs: ['markdown']})
    if (result.error) throw new Error(result.error)
    const tree = result.tree as Root
    const before = JSON.stringify(tree)
    const messages = JSON.stringify(result.file.messages.map((m) => ({...m})))
    compactStrings(tree, result.file)
    expect(JSON.stringify(tree)).toBe(before)
    expect(JSON.stringify(result.file.messages.map((m) => ({...m})))).toBe(messages)
  })
})

describe('compactLargeDocument', () => {
  const tree = (): Root => ({type: 'root', children: [{type: 'paragraph', children: [{type: 'text', value: 'some words of a paragraph'}]}]})

  it('drops the source text of a large input unless the review page needs it', () => {
    const large = 'x'.repeat(LARGE_INPUT_CHARS)
    const dropped = new VFile({value: large})
    compactLargeDocument(tree(), dropped, false)
    expect(dropped.value).toBe('')
    const kept = new VFile({value: large})
    compactLargeDocument(tree(), kept, true)
    expect(String(kept.value).length).toBe(LARGE_INPUT_CHARS)
  })

  it('leaves a small input as it was', () => {
    const file = new VFile({value: TEXT})
    compactLargeDocument(tree(), file, false)
    expect(file.value).toBe(TEXT)
  })
})

describe('flateStream', () => {
  it('gives bytes that own their memory (not a view into a larger zlib chunk)', async () => {
    const doc = await PDFDocument.create()
    const stream = flateStream(doc.context, 'BT /F1 12 Tf (short page) Tj ET')
    expect(stream.contents.byteLength).toBeGreaterThan(0)
    expect(stream.contents.buffer.byteLength).toBe(stream.contents.byteLength)
  })
})
