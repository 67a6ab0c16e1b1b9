/**
 * The Markdown as publishers read it: with a real CommonMark/GFM reader
 * (remark-parse + remark-gfm, i.e. micromark) the output renders to the text
 * of the tree, source markup stays inert, web addresses are links; pandoc's
 * markdown reader (when pandoc is installed) sees no TeX, math, superscript,
 * subscript or citation; and no escape is written that CommonMark does not need.
 */
import {spawnSync} from 'node:child_process'
import fc from 'fast-check'
import type {Nodes, Root} from 'mdast'
import {toString} from 'mdast-util-to-string'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import {describe, expect, it} from 'vitest'
import {emitMarkdown} from '../pipeline/emit/markdown.js'

const paragraph = (value: string): Root => ({type: 'root', children: [{type: 'paragraph', children: [{type: 'text', value}]}]})
const print = (value: string) => emitMarkdown(paragraph(value))
const parse = (markdown: string) => unified().use(remarkParse).use(remarkGfm).parse(markdown)

/** Node types a paragraph of plain source text may render to. */
const INERT = new Set(['root', 'paragraph', 'text', 'link'])

function rendered(markdown: string): {text: string; types: string[]; links: {url: string; text: string}[]} {
  const tree = parse(markdown)
  const types: string[] = []
  const links: {url: string; text: string}[] = []
  const walk = (node: Nodes) => {
    types.push(node.type)
    if (node.type === 'link') links.push({url: node.url, text: toString(node)})
    if ('children' in node) for (const child of node.children) walk(child as Nodes)
  }
  walk(tree)
  return {text: toString(tree), types, links}
}

// Words, spaces and every character CommonMark, GFM or pandoc give a meaning to.
const ALPHABET = [...'abc wW12 .:/*_[]()!#<>&`~|@\\$^{}-+=', '--', '...', 'https://ex.org/a', 'www.x.org', '\\def', ' * ', '[1]']
const sourceText = fc
  .array(fc.constantFrom(...ALPHABET), {minLength: 1, maxLength: 16})
  .map((parts) => parts.join('').replace(/\s+/g, ' ').trim())
  .filter((text) => text.length > 0)


describe('Markdown for CommonMark/GFM readers', () => {
  it('writes no escape CommonMark does not need', () => {
    expect(print('See [1] and [2], note [a].')).toBe('See [1] and [2], note [a].\n')
    expect(print('visit www.example.com today')).toBe('visit [www.example.com](http://www.example.com) today\n')
    expect(print('5 * 3 = 15 and a _ b')).toBe('5 * 3 = 15 and a _ b\n')
  })

  it('writes web addresses in prose as autolinks, without the trailing punctuation', () => {
    expect(print('See https://example.org/a_b?x=1.')).toBe('See <https://example.org/a_b?x=1>.\n')
    expect(print('(see https://en.wikipedia.org/wiki/Foo_(bar)).')).toBe('(see <https://en.wikipedia.org/wiki/Foo_(bar)>).\n')
    const {links, text} = rendered(print('Read http://example.com/report and https://example.org.'))
    expect(links).toEqual([
      {url: 'http://example.com/report', text: 'http://example.com/report'},
      {url: 'https://example.org', text: 'https://example.org'}
    ])
    expect(text).toBe('Read http://example.com/report and https://example.org.')
  })

  it('keeps source markup inert', () => {
    for (const source of ['[x](https://example.org)', '[1]: https://example.org', '*not emphasis* and _not_', '<b>bold</b>', '![img](a.png)', '`code`', '~~gone~~', '[^1] note', '- [x] done']) {
      const {text, types} = rendered(print(source))
      expect(text, source).toBe(source)
      for (const type of types) expect(INERT, `${source}: ${type}`).toContain(type)
    }
  })

  it('renders any source text to the same text, with no markup but links', () => {
    fc.assert(
      fc.property(sourceText, (value) => {
        const markdown = print(value)
        const {text, types, links} = rendered(markdown)
        expect(text, markdown).toBe(value)
        for (const type of types) expect(INERT, `${markdown}: ${type}`).toContain(type)
        // A link shows its own address (an autolink), nothing else.
        for (const link of links) expect(link.url.replace(/^mailto:/, '').replace(/^http:\/\/(?=www\.)/, '')).toBe(link.text)
      }),
      {numRuns: 600}
    )
  })
})

const hasPandoc = spawnSync('pandoc', ['--version']).status === 0

describe('Markdown for CommonMark/GFM readers, a paragraph of several lines', () => {
  it('renders the lines (one text node each, as reprint keeps them) to the same text', () => {
    fc.assert(
      fc.property(fc.array(sourceText, {minLength: 2, maxLength: 4}), (lines) => {
        const children = lines.map((value, i) => ({type: 'text' as const, value: i < lines.length - 1 ? `${value} ` : value}))
        const markdown = emitMarkdown({type: 'root', children: [{type: 'paragraph', children}]})
        const {text, types, links} = rendered(markdown)
        expect(text, markdown).toBe(children.map((c) => c.value).join(''))
        for (const type of types) expect(INERT, `${markdown}: ${type}`).toContain(type)
        for (const link of links) expect(link.url.replace(/^mailto:/, '').replace(/^http:\/\/(?=www\.)/, '')).toBe(link.text)
      }),
      {numRuns: 400}
    )
  })

  it('drops the escape of a bracket closed on the next line', () => {
    const markdown = emitMarkdown({type: 'root', children: [{type: 'paragraph', children: [{type: 'text', value: 'as listed in the volume [Attachment '}, {type: 'text', value: '3]. He noted'}]}]})
    expect(markdown).toBe('as listed in the volume [Attachment 3]. He noted\n')
  })
})

describe('Markdown for CommonMark/GFM readers, in headings and table cells', () => {
  it('renders any source text to the same text there too', () => {
    fc.assert(
      fc.property(sourceText, (value) => {
        const tree: Root = {
          type: 'root',
          children: [
            {type: 'heading', depth: 2, children: [{type: 'text', value}]},
            {type: 'table', children: [{type: 'tableRow', children: [{type: 'tableCell', children: [{type: 'text', value: 'Head'}]}]}, {type: 'tableRow', children: [{type: 'tableCell', children: [{type: 'text', value}]}]}]}
          ]
        }
        const markdown = emitMarkdown(tree)
        const parsed = parse(markdown)
        const [heading, table] = parsed.children
        expect(heading?.type, markdown).toBe('heading')
        expect(toString(heading!), markdown).toBe(value)
        expect(table?.type, markdown).toBe('table')
        expect(toString((table as {children: Nodes[]}).children[1]!), markdown).toBe(value)
        for (const type of rendered(markdown).types) expect([...INERT, 'heading', 'table', 'tableRow', 'tableCell'], `${markdown}: ${type}`).toContain(type)
      }),
      {numRuns: 25}
    )
  })
})

describe.skipIf(!hasPandoc)('Markdown for pandoc', () => {
  /** pandoc's JSON AST of `markdown` read as pandoc markdown. */
  const pandoc = (markdown: string) => {
    const run = spawnSync('pandoc', ['-f', 'markdown', '-t', 'json'], {input: markdown, encoding: 'utf8', timeout: 20_000})
    expect(run.status, run.stderr).toBe(0)
    return run.stdout
  }
  const plain = (markdown: string) =>
    spawnSync('pandoc', ['-f', 'markdown', '-t', 'plain', '--wrap=none'], {input: markdown, encoding: 'utf8', timeout: 20_000}).stdout.trim()

  it('runs no TeX and reads no math, superscript, subscript, note or citation', () => {
    const source = String.raw`A \def\x{\x}\x loop, $E = mc^2$ and H~2~O, 2^10^, a note^[inline] and @smith -- pages 10--12...`
    const json = pandoc(print(source))
    for (const element of ['RawInline', 'Math', 'Superscript', 'Subscript', 'Note', 'Cite']) expect(json).not.toContain(`"t":"${element}"`)
    expect(plain(print(source))).toBe(source)
  })

  it('reads no list, definition, line block or title block where the source had a paragraph', () => {
    for (const source of ['a) the parties agree', '(iv) the parties agree', 'B.  Smith', '#. item', '(@) example', ': a definition', '| a line', '% title', '2) second']) {
      const json = pandoc(`Before.\n\n${print(source)}`)
      for (const element of ['OrderedList', 'DefinitionList', 'LineBlock', 'BulletList']) expect(json, source).not.toContain(`"t":"${element}"`)
      expect(plain(print(source)), source).toBe(source.replace(/ +/g, ' '))
    }
  })

  it('reads an address followed by a brace as the same text, not as a link with attributes', () => {
    for (const source of ['https://ex.org/a{}a', 'see https://ex.org/a{.class} here']) expect(plain(print(source)), source).toBe(source)
  })

  it('reads any source text back as the same text', () => {
    fc.assert(
      fc.property(sourceText, (value) => {
        const markdown = print(value)
        const json = pandoc(markdown)
        for (const element of ['RawInline', 'Math', 'Superscript', 'Subscript', 'Note', 'Cite', 'Emph', 'Strong']) expect(json, markdown).not.toContain(`"t":"${element}"`)
        expect(plain(markdown), markdown).toBe(value)
      }),
      {numRuns: 25}
    )
  })
})
