/**
 * The PDF writer (pipeline/emit/pdf): layout properties, text extraction,
 * determinism, character coverage, PDF structure.
 */
import {execFileSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import type {Root} from 'mdast'
import {describe, expect, it} from 'vitest'
import {emitPdf, pdfDate, typeset, type Item} from '../pipeline/emit/pdf/index.js'
import {formatDate} from '../pipeline/emit/format-date.js'
import {loadHyphenator} from '../pipeline/emit/pdf/hyphenate.js'
import type {Appendix} from '../pipeline/types.js'
import {agreement, extractPdf, markdownText, normalizeWords, parseMarkdown, pdfWords, treeText} from './fixtures/pdf/helpers.js'

const SAMPLE = readFileSync(new URL('./fixtures/pdf/sample.md', import.meta.url), 'utf8')
const DATE = new Date(Date.UTC(2024, 4, 1, 12, 0, 0))

function withMeta(tree: Root, title = 'Sample report'): Root {
  tree.data = {
    metadata: {
      title,
      author: 'Example Office',
      subject: 'Typesetting test',
      keywords: ['pdf', 'typesetting'],
      language: 'en',
      source: {path: 'sample.txt', sha256: 'a'.repeat(64), encoding: 'utf-8', lines: 1}
    }
  }
  return tree
}

function sample(): Root {
  return withMeta(parseMarkdown(SAMPLE))
}

/** A long document: the sample body repeated, so that pagination matters. */
function longDocument(times: number): Root {
  const tree = sample()
  const body = tree.children
  tree.children = Array.from({length: times}, () => structuredClone(body)).flat()
  return tree
}

const qpdf = (() => {
  try {
    execFileSync('qpdf', ['--version'], {stdio: 'ignore'})
    return true
  } catch {
    return false
  }
})()

describe('PDF writer', () => {
  it('extracts the same words, in order, as the Markdown text', async () => {
    const tree = sample()
    const bytes = await emitPdf(tree, {date: DATE})
    const {config} = await typeset(tree)
    const pages = await extractPdf(bytes)
    const actual = pdfWords(pages, {top: config.margin.top, bottom: config.margin.bottom})
    const meta = tree.data!.metadata!
    const expected = normalizeWords([meta.title, meta.author, treeText(parseMarkdown(SAMPLE))].join(' '))
    expect(agreement(expected, actual)).toBeGreaterThanOrEqual(0.995)
    // Real spaces: no extracted token glues two expected words together.
    const known = new Set(expected)
    const glued = actual.filter((w) => !known.has(w))
    expect(glued.length).toBeLessThanOrEqual(Math.ceil(expected.length * 0.005))
  })

  it('draws the running header and "page X of Y" footer outside the text area', async () => {
    const tree = longDocument(4)
    const bytes = await emitPdf(tree, {date: DATE})
    const pages = await extractPdf(bytes)
    expect(pages.length).toBeGreaterThan(1)
    const {config} = await typeset(tree)
    pages.forEach((page, i) => {
      const footer = page.lines.filter((l) => l.y < config.margin.bottom)
      expect(footer.map((l) => l.text)).toEqual([`page ${i + 1} of ${pages.length}`])
      const header = page.lines.filter((l) => l.y > page.height - config.margin.top + 2)
      expect(header.map((l) => l.text)).toEqual(i === 0 ? [] : ['Sample report'])
    })
  })

  it('is deterministic: two builds give the same bytes', async () => {
    const a = await emitPdf(sample(), {date: DATE})
    const b = await emitPdf(sample(), {date: DATE})
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true)
    const c = await emitPdf(sample(), {date: new Date(Date.UTC(2020, 0, 1))})
    expect(Buffer.from(a).equals(Buffer.from(c))).toBe(false)
    // The input's path is not part of the file; its content is.
    const moved = sample()
    moved.data!.metadata!.source.path = 'elsewhere/sample.txt'
    expect(Buffer.from(await emitPdf(moved, {date: DATE})).equals(Buffer.from(a))).toBe(true)
    const edited = sample()
    ;(edited.children[1] as {children: Array<{value?: string}>}).children[0]!.value = 'Changed text.'
    const d = await emitPdf(edited, {date: DATE})
    const idOf = (bytes: Uint8Array) => /\/ID\s*\[\s*<([0-9A-Fa-f]+)>/.exec(new TextDecoder('latin1').decode(bytes))?.[1]
    expect(idOf(a)).toMatch(/^[0-9A-Fa-f]{32}$/)
    expect(idOf(d)).not.toBe(idOf(a))
  })

  it('keeps every character of Azerbaijani, Turkish, Cyrillic, Greek and typographic text', async () => {
    const text = [
      '# Çoxdilli sınaq — İçindəkilər',
      'Azərbaycan dili: Əli, Ğ ğ, I ı, İ i, Ş ş, Ç ç, Ö ö, Ü ü, Ə ə; “Gəncə” və ‘Şəki’ — 1992–1994.',
      'Türkçe: Işık, İstanbul’da ağaçlar çiçek açtı; “ğüşıöç” ve ĞÜŞİÖÇ.',
      'Русский: Съешь же ещё этих мягких французских булок, да выпей чаю. Ёлка, Щука, Ъ.',
      'Ελληνικά: Ξεσκεπάζω την ψυχοφθόρα βδελυγμία· «Αθήνα» — ΆΈΉΊΌΎΏ ϊϋΐΰ.',
      'Punctuation: „German“ «French» ‹single› … † ‡ • ‰ € № ° ± × ÷ ′ ″ – — ‐ ‑ ‒ ― ¶ §.'
    ].join('\n\n')
    const tree = withMeta(parseMarkdown(text), 'Coverage')
    tree.data!.metadata!.language = 'az'
    const bytes = await emitPdf(tree, {date: DATE})
    const pages = await extractPdf(bytes)
    const {config} = await typeset(tree)
    const got = pdfWords(pages, {top: config.margin.top, bottom: config.margin.bottom}).join(' ')
    const expected = normalizeWords(['Coverage', 'Example Office', treeText(parseMarkdown(text))].join(' ')).join(' ')
    const count = (s: string) => {
      const m = new Map<string, number>()
      for (const ch of s.normalize('NFC')) if (ch.trim()) m.set(ch, (m.get(ch) ?? 0) + 1)
      return m
    }
    const have = count(got)
    const missing = [...count(expected)].filter(([ch, n]) => (have.get(ch) ?? 0) < n).map(([ch]) => ch)
    expect(missing).toEqual([])
    expect(normalizeWords(got)).toEqual(normalizeWords(expected))
  })

  it('extracts every letter of a document written after another one (no font state leaks between PDFs)', async () => {
    const accented = withMeta(parseMarkdown('Üç ürək, ağ ü, İi ı, ö ş ç ə — Ελληνικά, Кириллица.'), 'First')
    await emitPdf(accented, {date: DATE})
    const plain = 'Plain words with u, i, o, s, c, e and a: unknown words survive.'
    const tree = withMeta(parseMarkdown(plain), 'Second')
    const lines = (await extractPdf(await emitPdf(tree, {date: DATE}))).flatMap((p) => p.lines.map((l) => l.text))
    expect(lines).toContain(plain)
  })

  it('falls back to DejaVu Sans, then DejaVu Math, for characters the serif lacks', async () => {
    const text = 'Chess ♞, a check ✓ and Fraktur 𝔄 in one line.'
    const tree = withMeta(parseMarkdown(text), 'Fallbacks')
    const bytes = await emitPdf(tree, {date: DATE})
    const lines = (await extractPdf(bytes)).flatMap((p) => p.lines.map((l) => l.text))
    expect(lines).toContain(text)
    const {PDFDocument, PDFDict, PDFName} = await import('pdf-lib')
    const doc = await PDFDocument.load(bytes)
    const names: string[] = []
    for (const [, object] of doc.context.enumerateIndirectObjects()) {
      if (object instanceof PDFDict && object.get(PDFName.of('Type'))?.toString() === '/FontDescriptor') names.push(object.get(PDFName.of('FontName'))!.toString())
    }
    expect(names.some((n) => /\+DejaVuSans$/.test(n))).toBe(true)
    expect(names.some((n) => /DejaVuMath/.test(n))).toBe(true)
  })

  it('fails with a clear error when no font can draw a character', async () => {
    const tree = withMeta(parseMarkdown('Text with a Chinese character 漢 in it.'))
    await expect(emitPdf(tree, {date: DATE})).rejects.toThrow(/no font can draw the character "漢" \(U\+6F22\)/)
  })

  it('never lets a line overflow the text width', async () => {
    const tree = longDocument(3)
    for (const pageSize of ['A4', 'Letter'] as const) {
      const {items, config} = await typeset(tree, {pageSize})
      const left = config.margin.left
      const right = config.width - config.margin.right
      let lines = 0
      for (const item of items) {
        for (const op of item.ops) {
          if (op.kind !== 'text') continue
          lines++
          const measured = op.line.words.reduce((sum, word) => sum + word.reduce((s, p) => s + p.width, 0), 0) + op.line.gaps.reduce((a, b) => a + b, 0)
          expect(Math.abs(measured - op.line.width)).toBeLessThan(0.01)
          expect(op.line.width).toBeLessThanOrEqual(op.line.maxWidth + 0.01)
          expect(op.x).toBeGreaterThanOrEqual(left - 0.01)
          expect(op.x + op.line.width).toBeLessThanOrEqual(right + 0.01)
          // Spaces never shrink below the configured minimum.
          op.line.gaps.forEach((gap, k) => expect(gap).toBeGreaterThanOrEqual(op.line.spaces[k]! * config.minSpaceShrink - 0.01))
        }
      }
      expect(lines).toBeGreaterThan(100)
    }
  })

  it('justifies paragraph lines and sets the last line ragged', async () => {
    const {items} = await typeset(longDocument(3))
    const text = (i: Item) => i.ops.flatMap((o) => (o.kind === 'text' ? o.line.words.flat().map((p) => p.text) : [])).join(' ')
    // Paragraphs with an unbreakable URL may set a line ragged rather than with huge gaps.
    const withUrl = new Set(items.filter((i) => i.paragraph && text(i).includes('://')).map((i) => i.paragraph!.id))
    const paragraphs = items.filter((i) => i.paragraph && i.paragraph.lines > 2 && !withUrl.has(i.paragraph.id))
    expect(paragraphs.length).toBeGreaterThan(5)
    // Lines other than the last are justified to the full width.
    const inner = paragraphs.filter((i) => i.paragraph!.line < i.paragraph!.lines - 1)
    const full = inner.filter((i) => {
      const line = (i.ops.find((o) => o.kind === 'text') as {line: {width: number; maxWidth: number}}).line
      return Math.abs(line.width - line.maxWidth) < 0.01
    })
    expect(full.length / inner.length).toBeGreaterThan(0.95)
    const lasts = paragraphs.filter((i) => i.paragraph!.line === i.paragraph!.lines - 1)
    expect(lasts.some((i) => (i.ops[0] as {line: {width: number; maxWidth: number}}).line.width < (i.ops[0] as {line: {maxWidth: number}}).line.maxWidth - 20)).toBe(true)
  })

  it('paginates without lone headings, orphans or widows, and repeats table headers', async () => {
    const tree = longDocument(8)
    // A long table that must run over pages.
    const rows = Array.from({length: 120}, (_, i) => `| ${i + 1} March 1994 | Place ${i} | Occasion number ${i} with a few more words to wrap the cell |`)
    tree.children.push(...parseMarkdown(`| Date | Place | Occasion |\n| --- | --- | --- |\n${rows.join('\n')}\n`).children)
    const {pages} = await typeset(tree)
    expect(pages.length).toBeGreaterThan(8)
    let tablePages = 0
    pages.forEach((page, n) => {
      const last = page.placed[page.placed.length - 1]!.item
      if (n < pages.length - 1) {
        expect(last.role).not.toBe('heading')
        if (last.paragraph) expect(last.paragraph.line === 0 && last.paragraph.lines > 1).toBe(false)
        if (last.table) expect(last.table.header).toBe(false)
      }
      const first = page.placed[0]!.item
      if (first.paragraph) expect(first.paragraph.lines > 1 && first.paragraph.line === first.paragraph.lines - 1).toBe(false)
      const rowsHere = page.placed.filter((p) => p.item.table && !p.item.table.header)
      if (rowsHere.length && page.placed[0]!.item.table) {
        tablePages++
        expect(page.placed[0]!.item.table!.header).toBe(true)
      }
    })
    expect(tablePages).toBeGreaterThan(1)
  })

  it('hyphenates by the TeX patterns, never URLs, numbers or short words', async () => {
    const hyphenate = await loadHyphenator('en')
    expect(hyphenate('internationalization').length).toBeGreaterThan(3)
    expect(hyphenate('house')).toEqual([])
    expect(hyphenate('1234567890')).toEqual([])
    expect(hyphenate('https://example.org/internationalization')).toEqual([])
    expect(hyphenate('www.internationalization.org')).toEqual([])
    const {items} = await typeset(longDocument(2))
    const hyphenated = items.flatMap((i) => i.ops).filter((o) => o.kind === 'text' && o.line.hyphenated)
    expect(hyphenated.length).toBeGreaterThan(0)
    for (const op of hyphenated) {
      if (op.kind !== 'text') continue
      const lastWord = op.line.words[op.line.words.length - 1]!.map((p) => p.text).join('')
      expect(lastWord).toMatch(/\p{L}{2,}-$/u)
      expect(lastWord).not.toMatch(/\d|\/\//)
    }
  })

  it('writes the outline, http(s) link annotations only, and the metadata', async () => {
    const bytes = await emitPdf(sample(), {date: DATE})
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs')
    const doc = await pdfjs.getDocument({data: new Uint8Array(bytes), verbosity: 0}).promise
    const outline = await doc.getOutline()
    type OutlineNode = {title: string; items: OutlineNode[]}
    const titles = (nodes: OutlineNode[]): string[] => nodes.flatMap((n) => [n.title, ...titles(n.items)])
    expect(titles(outline)).toEqual(['Sample report', 'A Sample Report on Typesetting', 'Lists', 'Quotations and tables', 'A third-level heading'])
    // Heading tree: the H3 sits under the last H2.
    const report = (outline as OutlineNode[]).find((n) => n.title === 'A Sample Report on Typesetting')!
    expect(report.items.map((n) => n.title)).toEqual(['Lists', 'Quotations and tables'])
    expect(report.items[1]!.items.map((n) => n.title)).toEqual(['A third-level heading'])
    const urls: string[] = []
    for (let n = 1; n <= doc.numPages; n++) {
      for (const annotation of await (await doc.getPage(n)).getAnnotations()) if (annotation.subtype === 'Link') urls.push(annotation.url)
    }
    expect(urls).toContain('https://example.org/reports/2024')
    expect(urls.every((u) => /^https?:\/\//.test(u))).toBe(true)
    expect(urls.some((u) => u.startsWith('mailto:'))).toBe(false)
    const {info} = (await doc.getMetadata()) as unknown as {info: Record<string, unknown>}
    expect(info.Title).toBe('Sample report')
    expect(info.Author).toBe('Example Office')
    expect(info.Subject).toBe('Typesetting test')
    expect(info.Keywords).toContain('typesetting')
    expect(info.Producer).toMatch(/^reprint \d+\.\d+\.\d+/)
    expect(info.CreationDate).toMatch(/^D:20240501120000/)
    expect(info.ModDate).toMatch(/^D:20240501120000/)
    await doc.destroy()
    const {PDFDocument, PDFName} = await import('pdf-lib')
    const loaded = await PDFDocument.load(bytes, {updateMetadata: false})
    expect(loaded.catalog.get(PDFName.of('Lang'))?.toString()).toBe('(en)')
    expect(loaded.catalog.get(PDFName.of('PageMode'))?.toString()).toBe('/UseOutlines')
  })

  it('uses A4 by default and Letter on request', async () => {
    for (const [pageSize, width, height] of [[undefined, 595.28, 841.89], ['Letter', 612, 792]] as const) {
      const bytes = await emitPdf(sample(), {date: DATE, pageSize})
      const pages = await extractPdf(bytes)
      expect(pages[0]!.width).toBeCloseTo(width, 1)
      expect(pages[0]!.height).toBeCloseTo(height, 1)
    }
  })

  it('embeds every font it uses, as a subset', async () => {
    const bytes = await emitPdf(sample(), {date: DATE})
    const {PDFDocument, PDFDict, PDFName} = await import('pdf-lib')
    const doc = await PDFDocument.load(bytes)
    let fonts = 0
    for (const [, object] of doc.context.enumerateIndirectObjects()) {
      if (!(object instanceof PDFDict) || object.get(PDFName.of('Type'))?.toString() !== '/FontDescriptor') continue
      fonts++
      expect(object.get(PDFName.of('FontFile2')) ?? object.get(PDFName.of('FontFile3'))).toBeDefined()
      // Subset fonts are named with a six-letter tag.
      expect(object.get(PDFName.of('FontName'))?.toString()).toMatch(/^\/[A-Z]{6}\+DejaVu/)
    }
    expect(fonts).toBeGreaterThanOrEqual(3) // regular, bold, italic at least
    // A subset is far smaller than the full DejaVu Serif (~380 kB).
    expect(bytes.length).toBeLessThan(200_000)
  })

  it.skipIf(!qpdf)('passes qpdf --check', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reprint-pdf-'))
    try {
      const file = join(dir, 'sample.pdf')
      writeFileSync(file, await emitPdf(longDocument(3), {date: DATE}))
      const out = execFileSync('qpdf', ['--check', file], {encoding: 'utf8'})
      expect(out).toMatch(/No syntax or stream encoding errors/)
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })

  it('renders appendices, dates and unknown nodes instead of dropping them', async () => {
    const tree = withMeta(parseMarkdown('# Body\n\nIntro paragraph.\n'))
    tree.children.push(
      {type: 'paragraph', children: [{type: 'text', value: 'Signed on '}, {type: 'date', value: 'September 25, 1993', edtf: '1993-09-25', inferred: false}, {type: 'text', value: ' in Baku.'}]},
      {type: 'heading', depth: 2, children: [{type: 'text', value: 'Appendix 1. Sources'}]},
      {type: 'appendix', id: 'appendix-1', number: 1, title: 'Sources', kind: 'references', entries: [{title: 'Report', url: 'https://example.org/r'}, {title: 'Archive', url: 'ftp://example.org/a'}]},
      {type: 'appendix', id: 'appendix-2', number: 2, title: 'Appendix 2. Chronology', kind: 'chronology', entries: [{date: '1993-09-25', dateText: '25 SEPTEMBER', place: 'Baku', occasion: 'Meeting'}]},
      {type: 'appendix', id: 'appendix-3', number: 3, title: 'Appendix 3. Notes', kind: 'text', entries: [{text: 'A plain note.'}]},
      {type: 'pageBreak'},
      {type: 'mysteryBlock', children: [{type: 'text', value: 'Unknown words survive.'}]} as never
    )
    const bytes = await emitPdf(tree, {date: DATE})
    const text = (await extractPdf(bytes)).flatMap((p) => p.lines.map((l) => l.text)).join('\n')
    // Dates print in the house style, as the Markdown writer prints them.
    expect(text).toContain(`Signed on ${formatDate('September 25, 1993', '1993-09-25', 'dmy')} in Baku.`)
    expect(formatDate('September 25, 1993', '1993-09-25', 'dmy')).not.toBe('September 25, 1993')
    expect(text).toContain('Report: https://example.org/r')
    expect(text).toContain('Archive: ftp://example.org/a')
    // The heading before the node is its title: not repeated.
    expect(text.match(/Sources/g)).toHaveLength(1)
    expect(text).toContain('Appendix 2. Chronology')
    expect(text).toMatch(/Date Place Occasion\n25 September 1993 Baku Meeting/)
    expect(text).toContain('A plain note.')
    expect(text).toContain('Unknown words survive.')
  })

  it('splits a table row taller than a page, and keeps all its text', async () => {
    const long = Array.from({length: 900}, (_, i) => `w${i}`).join(' ')
    const tree = withMeta(parseMarkdown(`| Key | Value |\n| --- | --- |\n| one | ${long} |\n| two | short |\n`))
    const {pages, config} = await typeset(tree)
    const height = config.height - config.margin.top - config.margin.bottom
    expect(pages.length).toBeGreaterThan(1)
    for (const page of pages) for (const {item, top} of page.placed) expect(top + item.height).toBeLessThanOrEqual(height + 0.01)
    const bytes = await emitPdf(tree, {date: DATE})
    const words = pdfWords(await extractPdf(bytes), {top: config.margin.top, bottom: config.margin.bottom})
    for (let i = 0; i < 900; i++) expect(words).toContain(`w${i}`)
    // Each page of the table starts with the header row.
    for (const page of pages.slice(1)) expect(page.placed[0]!.item.table?.header).toBe(true)
  })

  it('writes a valid one-page PDF for an empty document', async () => {
    const bytes = await emitPdf({type: 'root', children: []}, {date: DATE})
    const pages = await extractPdf(bytes)
    expect(pages.length).toBe(1)
    expect(pages[0]!.lines.map((l) => l.text)).toEqual(['page 1 of 1'])
  })

  it('never hyphenates more than two lines in a row when a line has room for spaces', async () => {
    const {items} = await typeset(longDocument(4))
    const lines = items.flatMap((i) => i.ops).filter((o) => o.kind === 'text' && o.line.maxWidth > 300)
    let run = 0
    for (const op of lines) {
      if (op.kind !== 'text') continue
      run = op.line.hyphenated && op.line.words.length > 1 ? run + 1 : 0
      expect(run).toBeLessThanOrEqual(2)
    }
  })

  it('keeps a slightly too long URL whole in a smaller size, and breaks a very long one after a slash', async () => {
    const fitting = 'https://example.org/files/shares/Documents%20of%20international%20organizations.pdf'
    const huge = 'https://example.org/' + 'segment/'.repeat(20) + 'end.html'
    const tree = withMeta(parseMarkdown(`${fitting}\n\nSee ${huge} for more.\n`))
    const {items, config} = await typeset(tree)
    const lines = items.flatMap((i) => i.ops).filter((o) => o.kind === 'text').map((o) => (o.kind === 'text' ? o : undefined)!)
    const whole = lines.find((op) => op.line.words.some((w) => w.map((p) => p.text).join('') === fitting))
    expect(whole).toBeDefined()
    const piece = whole!.line.words.flat().find((p) => p.text.startsWith('https'))!
    expect(piece.size).toBeLessThan(config.body.size)
    expect(whole!.line.width).toBeLessThanOrEqual(whole!.line.maxWidth)
    const parts = lines.flatMap((op) => op.line.words.map((w) => w.map((p) => p.text).join(''))).filter((w) => w.startsWith('https://example.org/segment') || w.startsWith('segment'))
    expect(parts.length).toBeGreaterThan(1)
    expect(parts.slice(0, -1).every((p) => p.endsWith('/'))).toBe(true)
    expect(parts.join('')).toBe(huge)
    // The whole URL extracts as one word, and its link annotation covers it.
    const bytes = await emitPdf(tree, {date: DATE})
    const words = pdfWords(await extractPdf(bytes), {top: config.margin.top, bottom: config.margin.bottom})
    expect(words).toContain(fitting)
  })

  it('shows GFM task items with ballot boxes and nested lists with their own bullets', async () => {
    const tree = withMeta(parseMarkdown('- [x] done item\n- [ ] open item\n- plain\n  - nested\n'))
    const text = (await extractPdf(await emitPdf(tree, {date: DATE}))).flatMap((p) => p.lines.map((l) => l.text))
    expect(text).toEqual(expect.arrayContaining(['☑ done item', '☐ open item', '• plain', '◦ nested']))
  })

  it('uses font files given in the options, with DejaVu as the fallback, and rejects WOFF2 clearly', async () => {
    const {fontDirectory} = await import('../pipeline/emit/pdf/fonts.js')
    const regular = join(fontDirectory(), 'DejaVuSansCondensed.ttf')
    const bytes = await emitPdf(sample(), {date: DATE, fonts: {regular}})
    const {PDFDocument, PDFDict, PDFName} = await import('pdf-lib')
    const doc = await PDFDocument.load(bytes)
    const names: string[] = []
    for (const [, object] of doc.context.enumerateIndirectObjects()) {
      if (object instanceof PDFDict && object.get(PDFName.of('Type'))?.toString() === '/FontDescriptor') names.push(object.get(PDFName.of('FontName'))!.toString())
    }
    expect(names.some((n) => n.includes('DejaVuSansCondensed'))).toBe(true)
    expect(names.some((n) => n.includes('DejaVuSerif-Bold'))).toBe(true) // styles not given keep DejaVu Serif
    const dir = mkdtempSync(join(tmpdir(), 'reprint-font-'))
    try {
      const woff2 = join(dir, 'font.woff2')
      writeFileSync(woff2, Buffer.concat([Buffer.from('wOF2'), Buffer.alloc(64)]))
      await expect(emitPdf(sample(), {date: DATE, fonts: {regular: woff2}})).rejects.toThrow(/WOFF2/)
      await expect(emitPdf(sample(), {date: DATE, fonts: {bold: join(dir, 'missing.ttf')}})).rejects.toThrow(/cannot read font .*missing\.ttf/)
      const junk = join(dir, 'junk.ttf')
      writeFileSync(junk, 'not a font at all')
      await expect(emitPdf(sample(), {date: DATE, fonts: {italic: junk}})).rejects.toThrow(/junk\.ttf is not a font/)
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })

  it('lays out appendices with the same words as the Markdown writer, for every kind and date style', async () => {
    const {emitMarkdown} = await import('../pipeline/emit/markdown.js')
    const {lowerAppendix} = await import('../pipeline/emit/pdf/layout.js')
    const appendices: Appendix[] = [
      {type: 'appendix', id: 'a1', number: 1, title: 'Sources', kind: 'references', entries: [{title: 'Report on things', url: 'https://example.org/r?a=1&b=2'}, {title: 'Archive', url: 'ftp://example.org/a'}, {title: 'Untitled note'}, {text: 'www.example.org/plain'}, {title: 'Sources', url: 'https://example.org/same-title'}]},
      {
        type: 'appendix', id: 'a2', number: 2, title: 'Chronology', kind: 'chronology',
        data: {columns: ['Date', 'Participants', 'Place', 'Occasion']},
        entries: [
          {date: '1993-09-25', dateText: '25 SEPTEMBER', place: 'Moscow', occasion: 'Meeting', certainty: 'certain', group: 'Presidents', extra: {Participants: 'A and B'}},
          {date: '1994-05-12', dateText: '12 May', place: 'Bishkek', occasion: 'Ceasefire *signed*', certainty: 'ambiguous', group: 'Presidents'},
          {date: '1995-03-01/1995-03-03', dateText: '1-3 March', place: 'Paris', occasion: null, group: 'Ministers'},
          {date: '1996-12-30/1997-01-02', dateText: '30 December - 2 January', place: 'Lisbon', occasion: 'Summit', group: 'Ministers'},
          {date: 'XXXX-07-18', dateText: '18 July', place: 'Geneva', occasion: 'Working visit'},
          {dateText: 'Spring', place: 'Rome', occasion: 'Visit'},
          {text: 'A note under the table, not a row.'}
        ]
      } as Appendix,
      {type: 'appendix', id: 'a3', number: 3, title: 'Notes', kind: 'text', entries: [{text: 'First note with _underscores_ and <tags>.'}, {text: 'Second note.'}]},
      {type: 'appendix', id: 'a4', number: 4, title: 'Kept', kind: 'text', data: {keptBlocks: true}, entries: [{text: 'Printed by the blocks that follow.'}]} as Appendix
    ]
    for (const style of ['dmy', 'mdy', 'iso', 'preserve'] as const) {
      for (const node of appendices) {
        const fromMarkdown = markdownText(emitMarkdown({type: 'root', children: [node]}, {dateStyle: style}))
        const fromPdf = treeText({type: 'root', children: lowerAppendix(node, style)})
        expect(normalizeWords(fromPdf), `${node.kind} ${style}`).toEqual(normalizeWords(fromMarkdown))
      }
    }
  })

  it('derives the PDF date from SOURCE_DATE_EPOCH or the input hash', () => {
    expect(pdfDate('ff', {SOURCE_DATE_EPOCH: '1700000000'}).toISOString()).toBe('2023-11-14T22:13:20.000Z')
    const a = pdfDate('0123456789abcdef', {})
    expect(pdfDate('0123456789abcdef', {}).getTime()).toBe(a.getTime())
    expect(pdfDate('fedcba9876543210', {}).getTime()).not.toBe(a.getTime())
  })
})
