/**
 * The HTML and Markdown writers print large documents a block (or a group of
 * blocks) at a time (issue 16, memory). The bytes must be those of printing
 * the whole tree at once: checked on the corpus document and on a made-up one
 * with footnotes, lists side by side, markup-like characters and characters
 * outside the Basic Multilingual Plane, with every group size down to one block.
 */
import {beforeAll, describe, expect, it} from 'vitest'
import type {ElementContent} from 'hast'
import type {Root} from 'mdast'
import {VFile} from 'vfile'
import {renderDocument} from '../pipeline/build.js'
import {DOCUMENT_CSS, documentHast, documentTitle, el, emitHtml, emitHtmlBytes, language, pageHast, stringifyHtml} from '../pipeline/emit/html.js'
import {emitMarkdown, emitMarkdownBytes} from '../pipeline/emit/markdown.js'
import {Utf8Chunks} from '../pipeline/emit/utf8-chunks.js'

const MADE_UP = [
  'A SHORT TITLE',
  '',
  'The first paragraph has a note mark here.1 It goes on with <b>tags</b>, & ampersands, *stars* and _under_ scores.',
  '',
  '- one item of a list',
  '- another item',
  '',
  '1. a numbered item',
  '2. another numbered item',
  '',
  'A paragraph with an emoji 😀 and a date, 12 March 1994, in it.',
  '',
  '2. INTRODUCTION',
  '',
  'Text under the heading that ends a line with a space ',
  'and goes on; a link https://example.org/a_b stays text.',
  '',
  '1 The note text, with its own words.',
  ''
].join('\n')

const trees: Record<string, Root> = {}

beforeAll(async () => {
  for (const [name, source] of [
    ['corpus', 'input/nagorno-karabakh-conflict.txt'],
    ['made-up', new VFile({path: 'made-up.txt', value: MADE_UP})]
  ] as const) {
    const result = await renderDocument(source, {outputs: ['markdown']})
    if (result.error) throw new Error(result.error)
    trees[name] = result.tree!
  }
})

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes)

describe('Markdown printed in groups', () => {
  for (const name of ['corpus', 'made-up']) {
    it(`gives the bytes of the whole tree for every group size (${name})`, () => {
      const tree = trees[name]!
      const whole = emitMarkdown(tree)
      expect(whole.length).toBeGreaterThan(200)
      for (const size of [1, 2, 3, 5, 8, 13, 50]) expect(decode(emitMarkdownBytes(tree, {}, size))).toBe(whole)
    })
  }

  it('cuts groups at all: the corpus document has many paragraph pairs', () => {
    // One group per block would be the same string as a single group if no cut happened; count the cuts instead.
    const tree = trees.corpus!
    const pairs = tree.children.filter((node, i) => node.type === 'paragraph' && tree.children[i + 1]?.type === 'paragraph').length
    expect(pairs).toBeGreaterThan(10)
  })
})

describe('HTML printed a block at a time', () => {
  for (const name of ['corpus', 'made-up']) {
    it(`gives the page of the whole hast (${name})`, () => {
      const tree = trees[name]!
      const body = documentHast(tree)
      const expected = stringifyHtml(
        pageHast({lang: language(tree), title: documentTitle(tree), generator: 'reprint test', style: DOCUMENT_CSS, body: [el('main', {}, [el('article', {}, body.children as ElementContent[])])]})
      )
      expect(expected).toContain('<article>')
      expect(emitHtml(tree, {generator: 'reprint test'})).toBe(expected)
      expect(Buffer.from(emitHtmlBytes(tree, {generator: 'reprint test'})).equals(Buffer.from(expected))).toBe(true)
    })
  }
})

describe('Utf8Chunks', () => {
  it('never splits a surrogate pair between chunks', () => {
    const out = new Utf8Chunks()
    const text = 'a'.repeat((1 << 16) - 1) + '😀' + 'b'
    out.put(text.slice(0, 1 << 16))
    out.put(text.slice(1 << 16))
    expect(decode(out.bytes())).toBe(text)
  })
})
