/**
 * The HTML output (emit/html.ts), without a browser: built by the CLI from
 * a small raw text of our own, and printed from hand-made trees for the
 * properties (inert source text, footnotes, table scopes).
 * The browser tests (html-browser.test.ts) check the same page in Chromium.
 */
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import fc from 'fast-check'
import type {Root} from 'mdast'
import {describe, expect, it} from 'vitest'
import {emitHtml} from '../pipeline/emit/html.js'
import {readdirSync} from 'node:fs'
import {ROOT, reprint, tempDir, write} from './cli-harness.js'

const FIXTURE = join(ROOT, 'tests', 'fixtures', 'html', 'harbour.txt')
/** Every element the writer may print. */
const ALLOWED = new Set('html head meta title style body main article h1 h2 h3 h4 h5 h6 p ul ol li table thead tbody tr th td time a section sup blockquote pre code em strong del br hr span'.split(' '))

function tags(html: string): string[] {
  return [...html.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)/g)].map((m) => m[1]!.toLowerCase())
}

/** Names of the attributes of the elements in `<body>` (text that merely looks like markup is escaped, so never matches). */
function attributes(html: string): string[] {
  const body = html.slice(html.indexOf('<body'))
  const names: string[] = []
  for (const m of body.matchAll(/<[a-z0-9]+((?:\s[^>]*)?)>/g)) for (const attr of m[1]!.matchAll(/\s([a-z-]+)(?==|\s|$)/g)) names.push(attr[1]!)
  return names
}
const OWN_ATTRIBUTES = new Set(['id', 'scope', 'datetime', 'href', 'class', 'data-footnotes', 'data-footnote-ref', 'data-footnote-backref', 'aria-describedby', 'aria-label'])

function build(args: string[] = []) {
  const out = tempDir('reprint-html-')
  const run = reprint(['build', FIXTURE, '--out', out, '--outputs', 'html,json', ...args])
  expect(run.code, run.stderr).toBe(0)
  const html = readFileSync(join(out, 'harbour', 'harbour.html'), 'utf8')
  const json = JSON.parse(readFileSync(join(out, 'harbour', 'harbour.json'), 'utf8'))
  return {html, json, out}
}

describe('HTML output', () => {
  const {html, json} = build()

  it('is one self-contained page: lang, title, one stylesheet, no script, no external request', () => {
    expect(html.startsWith('<!doctype html><html lang="en">')).toBe(true)
    expect(html).toContain('<title>Harbour Works Review</title>')
    expect(html.match(/<style>/g)).toHaveLength(1)
    expect(html).toContain('@media print')
    for (const tag of tags(html)) expect(ALLOWED.has(tag), tag).toBe(true)
    expect(html).not.toMatch(/<(script|img|link|iframe|object|embed)\b/i)
    for (const name of attributes(html)) expect(OWN_ATTRIBUTES.has(name) && name !== 'href', name).toBe(true)
  })

  it('gives every heading the id of its JSON block', () => {
    const headings = json.blocks.filter((b: {type: string}) => b.type === 'heading')
    expect(headings.length).toBeGreaterThan(1)
    const ids = [...html.matchAll(/<h[1-6] id="([^"]+)">/g)].map((m) => m[1])
    expect(ids).toEqual(headings.map((h: {id: string}) => h.id))
  })

  it('puts <time datetime> around every normalized date, with the house-style words', () => {
    const times = [...html.matchAll(/<time datetime="([^"]+)">([^<]+)<\/time>/g)].map((m) => [m[1], m[2]])
    expect(times.map((t) => t[0])).toEqual(json.dates.map((d: {value: string}) => d.value))
    expect(times).toContainEqual(['1998-03-03', '3 March 1998'])
  })

  it('keeps markup in the source as text', () => {
    expect(html).toContain('&#x3C;script>alert(“x”)&#x3C;/script>')
    expect(html).toContain('&#x3C;img src=x onerror=alert(1)>')
    expect(html).toContain('&#x26;amp;')
    expect(html).not.toContain('href="javascript')
    expect(html).not.toContain('href="http://example.com/track"')
  })

  it('prints every word of the Markdown output', () => {
    const out = tempDir('reprint-html-md-')
    expect(reprint(['build', FIXTURE, '--out', out, '--outputs', 'markdown']).code).toBe(0)
    const md = readFileSync(join(out, 'harbour', 'harbour.md'), 'utf8').replace(/^---[\s\S]*?---\n/, '')
    const words = (s: string) => s.replace(/\\/g, '').replace(/&#x3C;/g, '<').replace(/&#x26;/g, '&').replace(/<((?:https?|mailto):[^<>\s]*)>/g, '$1').replace(/<[^>]*>|[#*_]/g, ' ').split(/\s+/).filter(Boolean)
    const body = html.slice(html.indexOf('<body>'))
    const htmlWords = new Set(words(body.replace(/<\/?(time|a|span|em|strong|sup|code)\b[^>]*>/g, '').replace(/<\/?[a-z][^>]*>/g, ' ')))
    for (const word of words(md)) expect(htmlWords.has(word), word).toBe(true)
  })
})

describe('choosing the pages', () => {
  it('`outputs: [html, review]` in the configuration writes both pages and nothing else', () => {
    const dir = tempDir('reprint-html-config-')
    write(join(dir, 'reprint.config.yaml'), 'outputs: [html, review]\n')
    write(join(dir, 'in', 'harbour.txt'), readFileSync(FIXTURE))
    const run = reprint(['build', 'in', '--out', 'out'], {cwd: dir})
    expect(run.code, run.stderr).toBe(0)
    expect(readdirSync(join(dir, 'out', 'harbour')).sort()).toEqual(['harbour.html', 'harbour.review.html'])
  })
})

describe('HTML writer on any text', () => {
  const tree = (values: string[]): Root => ({
    type: 'root',
    children: [
      {type: 'heading', depth: 1, children: [{type: 'text', value: values[0] ?? ''}], data: {id: 'title'}},
      {type: 'paragraph', children: values.map((value) => ({type: 'text' as const, value}))},
      {type: 'html', value: values.join('')} as never,
      {type: 'table', children: [{type: 'tableRow', children: [{type: 'tableCell', children: [{type: 'text', value: values[1] ?? 'x'}]}]}]}
    ]
  })
  const ALPHABET = '<>&"\'=/ abc!-:;[]()`\u0000\u00a0é\uD83D\uDE00'.split('')

  it('prints no element and no attribute from the text, and every character of it', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.constantFrom(...ALPHABET), {maxLength: 16}).map((c) => c.join('')), {minLength: 1, maxLength: 4}), (values) => {
        const html = emitHtml(tree(values))
        for (const tag of tags(html)) expect(ALLOWED.has(tag), tag).toBe(true)
        for (const name of attributes(html)) expect(OWN_ATTRIBUTES.has(name), name).toBe(true)
        const body = html.slice(html.indexOf('<body>'))
        const decoded = body.replace(/<[^>]*>/g, '').replace(/&#x([0-9A-F]+);/gi, (_m, hex) => String.fromCodePoint(parseInt(hex, 16))).replace(/&amp;/g, '&').replace(/&lt;/g, '<')
        for (const value of values) expect(decoded).toContain(value)
      }),
      {numRuns: 200}
    )
  })

  it('prints footnotes as a GFM section with back links, and table headers with scope', () => {
    const root: Root = {
      type: 'root',
      children: [
        {type: 'paragraph', children: [{type: 'text', value: 'A claim'}, {type: 'footnoteReference', identifier: '1', label: '1'}]},
        {type: 'footnoteDefinition', identifier: '1', label: '1', children: [{type: 'paragraph', children: [{type: 'text', value: 'The source.'}]}]},
        {type: 'table', children: [{type: 'tableRow', children: [{type: 'tableCell', children: [{type: 'text', value: 'Date'}]}]}, {type: 'tableRow', children: [{type: 'tableCell', children: [{type: 'text', value: '1998'}]}]}]}
      ]
    }
    const html = emitHtml(root)
    expect(html).toMatch(/<section data-footnotes class="footnotes"><h2 class="sr-only" id="footnote-label">Footnotes<\/h2>/)
    expect(html).toMatch(/<a href="#user-content-fnref-1" data-footnote-backref="" aria-label="Back to reference 1" class="data-footnote-backref">/)
    expect(html).toMatch(/<sup><a href="#user-content-fn-1" id="user-content-fnref-1" data-footnote-ref aria-describedby="footnote-label">1<\/a><\/sup>/)
    expect(html).toContain('<th scope="col">Date</th>')
    // A note whose mark was lost still prints every word.
    const lost: Root = {type: 'root', children: [{type: 'footnoteDefinition', identifier: '7', label: '7', children: [{type: 'paragraph', children: [{type: 'text', value: 'An orphan note.'}]}]}]}
    expect(emitHtml(lost)).toContain('<blockquote class="footnote">\n<p>7. An orphan note.</p>\n</blockquote>')
  })
})
