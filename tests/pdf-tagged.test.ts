/**
 * Tagged PDF (issue 14, PDF/UA-1): the structure tree read back with
 * pdf-lib and pdfjs-dist against the JSON output, for the corpus document
 * and for generated documents; content streams walked for unmarked content;
 * ParentTree consistency; qpdf --check, pdfinfo, XMP against Info.
 * The Matterhorn Protocol conditions these tests check are listed in
 * pipeline/emit/pdf/README.md.
 */
import {execFileSync, spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import fc from 'fast-check'
import type {BlockContent, FootnoteDefinition, ListItem, PhrasingContent, Root, RootContent, TableRow} from 'mdast'
import {PDFArray, PDFDict, PDFName, PDFNumber, PDFRef, PDFString, PDFHexString} from 'pdf-lib'
import {describe, expect, it} from 'vitest'
import {renderDocument} from '../pipeline/build.js'
import {emitPdf} from '../pipeline/emit/pdf/index.js'
import {VERSION} from '../pipeline/version.js'
import {compareElement, expectedFromJson, pageContents, readTagged, walkContent, type Element, type TaggedPdf} from './fixtures/pdf/tagged.js'

const CORPUS = new URL('../input/nagorno-karabakh-conflict.txt', import.meta.url).pathname
const DATE = new Date(Date.UTC(2024, 4, 1, 12, 0, 0))

const has = (command: string) => spawnSync(command, ['--version'], {stdio: 'ignore'}).status === 0 || spawnSync(command, ['-v'], {stdio: 'ignore'}).status === 0

/** PDF 1.7's standard structure types (ISO 32000-1 §14.8.4). */
const STANDARD = new Set('Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form'.split(' '))

/** Every element, depth first. */
function elements(root: Element): Element[] {
  return [root, ...root.kids.flatMap(elements)]
}

/** The checks every tagged PDF must pass; returns the problems found (empty: none). */
function checkTagged(pdf: TaggedPdf, tree: Root): string[] {
  const problems: string[] = []
  const {root, doc} = pdf
  if (root.role !== 'Document') problems.push(`root is ${root.role}`)
  // 1. Each block's element, in order, with the text of its JSON block.
  const expected = expectedFromJson(tree)
  if (root.kids.length !== expected.length) {
    problems.push(`Document has ${root.kids.length} elements (${root.kids.map((k) => k.role).join(' ')}), expected ${expected.length} (${expected.map((e) => e.role).join(' ')})`)
  }
  expected.forEach((e, i) => compareElement(root.kids[i], e, `Document/${i}`, problems))

  // 2. Content streams: nothing painted outside marked content, no nesting, MCIDs 0…n-1 once each.
  const all = elements(root)
  const owner = new Map<string, Element>()
  for (const elem of all) for (const c of elem.content) if ('mcid' in c) owner.set(`${c.page}:${c.mcid}`, elem)
  pageContents(doc).forEach((bytes, page) => {
    const walk = walkContent(bytes)
    for (const u of walk.unmarked) problems.push(`page ${page + 1}: unmarked ${u}`)
    for (const b of walk.badNesting) problems.push(`page ${page + 1}: ${b}`)
    const sorted = [...walk.mcids].sort((a, b) => a - b)
    if (sorted.some((m, i) => m !== i)) problems.push(`page ${page + 1}: MCIDs ${sorted.join(',')} are not 0…n-1 once each`)
    // 3. ParentTree: the page's entry lists, for each MCID, the element whose /K has it, with the same tag.
    const pageDict = doc.getPages()[page]!.node
    const key = (pageDict.get(PDFName.of('StructParents')) as PDFNumber | undefined)?.asNumber()
    const entry = key === undefined ? undefined : pdf.parentTree.get(key)
    const refs = entry ? doc.context.lookup(entry, PDFArray).asArray() : []
    if (refs.length !== walk.mcids.length) problems.push(`page ${page + 1}: ParentTree has ${refs.length} entries for ${walk.mcids.length} MCIDs`)
    walk.mcids.forEach((mcid) => {
      const elem = owner.get(`${page}:${mcid}`)
      if (!elem) problems.push(`page ${page + 1}: MCID ${mcid} is in no element`)
      else {
        if (refs[mcid]?.toString() !== elem.ref.toString()) problems.push(`page ${page + 1}: ParentTree[${mcid}] is not its element`)
        if (walk.tags.get(mcid) !== elem.role) problems.push(`page ${page + 1}: MCID ${mcid} tagged ${walk.tags.get(mcid)} in a ${elem.role}`)
      }
    })
    for (const k of owner.keys()) if (k.startsWith(`${page}:`) && !walk.mcids.includes(Number(k.split(':')[1]))) problems.push(`page ${page + 1}: element MCID ${k} is not drawn`)
    // 4. pdfjs's own reading of the page's structure: the elements with content here, in reading order.
    const ours = all.filter((e) => e.content.some((c) => c.page === page && 'mcid' in c)).map((e) => e.role)
    const theirs = pdf.pageRoles[page]!
    if (ours.join(' ') !== theirs.join(' ')) problems.push(`page ${page + 1}: pdfjs reads ${theirs.join(' ')}, the tree has ${ours.join(' ')}`)
    const mcidOrder = pdf.pageMcids[page]!.map((m) => owner.get(`${page}:${m}`)?.role)
    if (mcidOrder.some((r) => !r)) problems.push(`page ${page + 1}: pdfjs reads marked content of no element`)
    // 5. Links: each annotation in the structure (StructParent → its Link, which has an OBJR to it), with Contents; tab order /S.
    const annots = pageDict.Annots()?.asArray() ?? []
    for (const ref of annots) {
      const annot = doc.context.lookup(ref, PDFDict)
      const sp = (annot.get(PDFName.of('StructParent')) as PDFNumber | undefined)?.asNumber()
      const link = sp === undefined ? undefined : all.find((e) => e.ref.toString() === pdf.parentTree.get(sp)?.toString())
      if (link?.role !== 'Link') problems.push(`page ${page + 1}: annotation ${ref} has no Link element`)
      else if (!link.content.some((c) => 'annot' in c && c.annot.toString() === ref.toString())) problems.push(`page ${page + 1}: Link has no OBJR to ${ref}`)
      const contents = annot.get(PDFName.of('Contents'))
      if (!(contents instanceof PDFString || contents instanceof PDFHexString) || !contents.decodeText()) problems.push(`page ${page + 1}: annotation without Contents`)
    }
    if (annots.length && pageDict.get(PDFName.of('Tabs'))?.toString() !== '/S') problems.push(`page ${page + 1}: annotations but no /Tabs /S`)
  })
  if (process.env.TAGGED_DEBUG) writeFileSync(process.env.TAGGED_DEBUG, problems.join('\n') + '\n', {flag: 'a'})
  // Standard structure types only (no RoleMap needed: Matterhorn 02).
  for (const e of all) if (!STANDARD.has(e.role)) problems.push(`non-standard structure type ${e.role}`)
  if (doc.context.lookup(doc.catalog.get(PDFName.of('StructTreeRoot')), PDFDict).get(PDFName.of('RoleMap'))) problems.push('a RoleMap')
  // 6. Attributes and ids: TH scope, list numbering, unique Note ids, Lbl/LBody in LI, LI in L, table parts in tables.
  const noteIds = new Set<string>()
  for (const e of all) {
    if (e.role === 'TH' && e.attributes.Scope !== 'Column') problems.push('TH without /Scope /Column')
    if (e.role === 'L' && !e.attributes.ListNumbering) problems.push('L without ListNumbering')
    if (e.role === 'Note') {
      if (!e.id || noteIds.has(e.id)) problems.push(`Note id ${e.id} missing or repeated`)
      noteIds.add(e.id ?? '')
    }
    if (e.role === 'LI' && e.parent?.role !== 'L') problems.push('LI outside L')
    if ((e.role === 'Lbl' || e.role === 'LBody') && !['LI', 'Note'].includes(e.parent?.role ?? '')) problems.push(`${e.role} outside LI`)
    if (e.role === 'TR' && !['THead', 'TBody', 'Table'].includes(e.parent?.role ?? '')) problems.push('TR outside a table')
    if ((e.role === 'TD' || e.role === 'TH') && e.parent?.role !== 'TR') problems.push(`${e.role} outside TR`)
    if (/^H\d$/.test(e.role) && e.kids.some((k) => k.role !== 'Link' && k.role !== 'Reference')) problems.push('heading with block content')
  }
  // Heading levels: the first is H1, none skips a level.
  let level = 0
  for (const e of all) {
    const m = /^H(\d)$/.exec(e.role)
    if (!m) continue
    const next = Number(m[1])
    if (next > level + 1) problems.push(`H${next} after H${level}`)
    level = next
  }
  return problems
}

/** Document-level checks: catalog, XMP against Info, fonts, qpdf and pdfinfo. */
async function checkDocument(bytes: Uint8Array, pdf: TaggedPdf, lang: string | undefined): Promise<string[]> {
  const problems: string[] = []
  const {doc} = pdf
  const catalog = doc.catalog
  const markInfo = doc.context.lookup(catalog.get(PDFName.of('MarkInfo')), PDFDict)
  if (markInfo.get(PDFName.of('Marked'))?.toString() !== 'true') problems.push('MarkInfo Marked is not true')
  if (markInfo.get(PDFName.of('Suspects'))?.toString() === 'true') problems.push('MarkInfo Suspects is true')
  if (doc.context.trailerInfo.Encrypt) problems.push('encrypted')
  const prefs = doc.context.lookup(catalog.get(PDFName.of('ViewerPreferences')), PDFDict)
  if (prefs.get(PDFName.of('DisplayDocTitle'))?.toString() !== 'true') problems.push('DisplayDocTitle is not true')
  if (lang && (catalog.get(PDFName.of('Lang')) as PDFString | undefined)?.decodeText() !== lang) problems.push('catalog /Lang is not the metadata language')
  if (!catalog.get(PDFName.of('Outlines'))) problems.push('no outline')
  // Fonts: embedded, each with a ToUnicode map.
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of('Type'))?.toString() !== '/Font' || object.get(PDFName.of('Subtype'))?.toString() === '/CIDFontType2') continue
    if (!object.get(PDFName.of('ToUnicode'))) problems.push(`font ${object.get(PDFName.of('BaseFont'))} without ToUnicode`)
    const descendant = doc.context.lookup(doc.context.lookup(object.get(PDFName.of('DescendantFonts')), PDFArray).get(0), PDFDict)
    const descriptor = doc.context.lookup(descendant.get(PDFName.of('FontDescriptor')), PDFDict)
    if (!descriptor.get(PDFName.of('FontFile2')) && !descriptor.get(PDFName.of('FontFile3'))) problems.push(`font ${object.get(PDFName.of('BaseFont'))} not embedded`)
  }
  // XMP: parsed by pdfjs (an XML parser; no metadata if it does not parse), the same facts as Info.
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs')
  const loaded = await pdfjs.getDocument({data: new Uint8Array(bytes), verbosity: 0}).promise
  const {info, metadata} = (await loaded.getMetadata()) as unknown as {info: Record<string, string>; metadata: {get(k: string): unknown; getRaw(): string} | null}
  await loaded.destroy()
  if (!metadata) problems.push('no XMP metadata, or it does not parse')
  else {
    const raw = metadata.getRaw()
    const prop = (tag: string) => new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(raw)?.[1]
    if (metadata.get('dc:title') !== info.Title) problems.push(`dc:title ${metadata.get('dc:title')} ≠ Title ${info.Title}`)
    if (prop('pdfuaid:part') !== '1') problems.push('pdfuaid:part is not 1')
    if (prop('pdf:Producer') !== info.Producer) problems.push('pdf:Producer ≠ Producer')
    if (info.Producer !== `reprint ${VERSION}`) problems.push(`Producer ${info.Producer}`)
    if (prop('xmp:CreatorTool') !== info.Creator) problems.push('xmp:CreatorTool ≠ Creator')
    const infoDate = (d: string) => d.replace(/^D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z.*$/, '$1-$2-$3T$4:$5:$6Z')
    if (prop('xmp:CreateDate') !== infoDate(info.CreationDate!)) problems.push(`xmp:CreateDate ${prop('xmp:CreateDate')} ≠ CreationDate ${info.CreationDate}`)
    if (prop('xmp:ModifyDate') !== infoDate(info.ModDate!)) problems.push('xmp:ModifyDate ≠ ModDate')
    if (info.Author && !raw.includes(`<dc:creator><rdf:Seq><rdf:li>${info.Author}</rdf:li>`)) problems.push('dc:creator ≠ Author')
    if (lang && !raw.includes(`<dc:language><rdf:Bag><rdf:li>${lang}</rdf:li>`)) problems.push('dc:language ≠ Lang')
  }
  // qpdf and poppler (installed by `make deps`).
  const dir = mkdtempSync(join(tmpdir(), 'reprint-tagged-'))
  try {
    const file = join(dir, 'doc.pdf')
    writeFileSync(file, bytes)
    if (has('qpdf')) {
      const check = spawnSync('qpdf', ['--check', file], {encoding: 'utf8'})
      if (check.status !== 0 || /WARNING|error/i.test(check.stdout.replace(/No syntax or stream encoding errors found[^\n]*\n[^\n]*/, '') + check.stderr)) problems.push(`qpdf --check: ${check.stdout}${check.stderr}`)
    }
    if (has('pdfinfo')) {
      const out = execFileSync('pdfinfo', [file], {encoding: 'utf8'})
      if (!/^Tagged:\s+yes$/m.test(out)) problems.push('pdfinfo: not Tagged: yes')
      if (!/^Metadata Stream:\s+yes$/m.test(out)) problems.push('pdfinfo: no metadata stream')
    }
  } finally {
    rmSync(dir, {recursive: true, force: true})
  }
  return problems
}

describe('tagged PDF: the corpus document', () => {
  it('has one element per JSON block with its text, all content marked, ParentTree, links, XMP, qpdf and pdfinfo clean', async () => {
    const result = await renderDocument(CORPUS, {outputs: ['json', 'pdf']})
    expect(result.error).toBeUndefined()
    const bytes = result.artifacts.find((a) => a.path.endsWith('.pdf'))!.bytes
    const pdf = await readTagged(bytes)
    expect(checkTagged(pdf, result.tree!).join('\n')).toBe('')
    expect((await checkDocument(bytes, pdf, result.tree!.data?.metadata?.language)).join('\n')).toBe('')
    // The appendices' tables are there, with their header cells.
    const all = elements(pdf.root)
    expect(all.filter((e) => e.role === 'Table').length).toBeGreaterThan(0)
    expect(all.filter((e) => e.role === 'TH').length).toBeGreaterThan(0)
    // Running heads and page numbers are artifacts: on every page but the first, text drawn as an artifact.
    const contents = pageContents(pdf.doc)
    expect(contents.slice(1).every((c) => walkContent(c).artifactTexts >= 2)).toBe(true)
  }, 60_000)

  it('gives the same bytes for the same input and SOURCE_DATE_EPOCH', async () => {
    const saved = process.env.SOURCE_DATE_EPOCH
    process.env.SOURCE_DATE_EPOCH = '1700000000'
    try {
      const a = await renderDocument(CORPUS, {outputs: ['pdf']})
      const b = await renderDocument(CORPUS, {outputs: ['pdf']})
      expect(Buffer.from(a.artifacts[0]!.bytes).equals(Buffer.from(b.artifacts[0]!.bytes))).toBe(true)
    } finally {
      if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH
      else process.env.SOURCE_DATE_EPOCH = saved
    }
  }, 60_000)
})

// Documents of the dev corpus (read in place, when ../shared is there): other publishers, layouts, extractors.
const DEV = new URL('../../shared/dev-corpus/real/docs/', import.meta.url).pathname
describe.skipIf(!existsSync(DEV))('tagged PDF: dev-corpus documents', () => {
  for (const file of ['dubois/raw/n2-mutool.txt', 's508law/raw/n1-pdftotext.txt', 'hac1974/raw/r2-raw.txt']) {
    it(`${file}: one element per JSON block, all content marked, ParentTree consistent`, async () => {
      const result = await renderDocument(DEV + file, {outputs: ['json', 'pdf']})
      expect(result.error).toBeUndefined()
      const bytes = result.artifacts.find((a) => a.path.endsWith('.pdf'))!.bytes
      expect(checkTagged(await readTagged(bytes), result.tree!).join('\n')).toBe('')
    }, 60_000)
  }
})

// Generated documents: any sequence of headings, paragraphs (with links, emphasis and footnote references), lists, tables and footnotes.
const WORDS = ['report', 'committee', 'agreement', 'the', 'of', 'settlement', 'negotiations', 'region', 'council', 'and', 'minutes', 'published', 'archive', 'statement', 'delegation', 'a', 'in', 'international', 'resolution', 'observers']
const words = (min: number, max: number) => fc.array(fc.constantFrom(...WORDS), {minLength: min, maxLength: max}).map((ws) => ws.join(' '))
const text = (min = 1, max = 12) => words(min, max).map((value): PhrasingContent => ({type: 'text', value}))

interface Gen {
  blocks: RootContent[]
  notes: number
}

const phrasing = fc.array(
  fc.oneof(
    {weight: 6, arbitrary: text(1, 30)},
    {weight: 1, arbitrary: words(1, 4).map((value): PhrasingContent => ({type: 'link', url: `https://example.org/${value.replace(/ /g, '-')}`, children: [{type: 'text', value}]}))},
    {weight: 1, arbitrary: words(1, 3).map((value): PhrasingContent => ({type: 'emphasis', children: [{type: 'text', value}]}))},
    {weight: 1, arbitrary: fc.constant<PhrasingContent>({type: 'footnoteReference', identifier: 'NOTE', label: 'NOTE'})}
  ),
  {minLength: 1, maxLength: 5}
)

const block = fc.oneof(
  {weight: 2, arbitrary: fc.tuple(fc.integer({min: 1, max: 4}), words(1, 8)).map(([depth, value]): RootContent => ({type: 'heading', depth: depth as 1, children: [{type: 'text', value}]}))},
  {weight: 5, arbitrary: phrasing.map((children): RootContent => ({type: 'paragraph', children: spaced(children)}))},
  {
    weight: 2,
    arbitrary: fc.tuple(fc.boolean(), fc.array(words(1, 20), {minLength: 1, maxLength: 4})).map(
      ([ordered, items]): RootContent => ({
        type: 'list',
        ordered,
        start: ordered ? 1 : null,
        spread: false,
        children: items.map((value): ListItem => ({type: 'listItem', spread: false, children: [{type: 'paragraph', children: [{type: 'text', value}]}]}))
      })
    )
  },
  {
    weight: 2,
    arbitrary: fc.integer({min: 1, max: 3}).chain((columns) =>
      fc.array(fc.array(words(0, 6), {minLength: columns, maxLength: columns}), {minLength: 1, maxLength: 6}).map(
        (rows): RootContent => ({
          type: 'table',
          align: rows[0]!.map(() => null),
          children: rows.map((cells): TableRow => ({type: 'tableRow', children: cells.map((value) => ({type: 'tableCell', children: value ? [{type: 'text', value}] : []}))}))
        })
      )
    )
  }
)

/** Inline nodes with a space between neighbours (as printed text has). */
function spaced(children: PhrasingContent[]): PhrasingContent[] {
  return children.flatMap((c, i) => (i ? [{type: 'text', value: ' '} as PhrasingContent, c] : [c]))
}

/** Number the footnote references of the blocks and add one definition per reference at the end. */
function withNotes(blocks: RootContent[]): Gen {
  let notes = 0
  const number = (node: {type: string; identifier?: string; label?: string; children?: unknown[]}) => {
    if (node.type === 'footnoteReference') {
      notes++
      node.identifier = node.label = String(notes)
    }
    for (const c of (node.children ?? []) as Array<typeof node>) number(c)
  }
  for (const b of blocks) number(b as never)
  const definitions = Array.from({length: notes}, (_, i): FootnoteDefinition => ({
    type: 'footnoteDefinition',
    identifier: String(i + 1),
    label: String(i + 1),
    children: [{type: 'paragraph', children: [{type: 'text', value: `${WORDS[i % WORDS.length]} note text ${WORDS[(i * 7) % WORDS.length]}`}]} as BlockContent]
  }))
  return {blocks: [...blocks, ...definitions], notes}
}

function documentOf(blocks: RootContent[], title?: string): Root {
  const tree: Root = {type: 'root', children: structuredClone(blocks)}
  tree.data = {metadata: {title, language: 'en', author: 'Example Office', source: {path: 'generated.txt', sha256: 'b'.repeat(64), encoding: 'utf-8', lines: 1}}}
  return tree
}

describe('tagged PDF: generated documents', () => {
  it('every tree of headings, paragraphs, links, lists, tables and footnotes reads back as its JSON blocks', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(block, {minLength: 1, maxLength: 14}), fc.option(words(1, 5), {nil: undefined}), async (blocks, title) => {
        const {blocks: all} = withNotes(blocks)
        const tree = documentOf(all, title)
        const bytes = await emitPdf(structuredClone(tree), {date: DATE})
        const pdf = await readTagged(bytes)
        expect(checkTagged(pdf, tree).join('\n')).toBe('')
      }),
      {numRuns: 30}
    )
  }, 120_000)

  it('a document with every block type: long paragraph over a page break, a long table, links, notes; checked in full', async () => {
    const long = WORDS.join(' ').repeat(1)
    const para = (n: number) => ({type: 'paragraph', children: [{type: 'text', value: Array.from({length: n}, (_, i) => WORDS[(i * 3) % WORDS.length]).join(' ')}]}) as RootContent
    const rows = Array.from({length: 70}, (_, r) => ({type: 'tableRow', children: [`${r + 1}`, `${WORDS[r % WORDS.length]} ${long.slice(0, 30)}`, WORDS[(r * 5) % WORDS.length]!].map((value) => ({type: 'tableCell', children: [{type: 'text', value}]}))}))
    const blocks: RootContent[] = [
      {type: 'heading', depth: 2, children: [{type: 'text', value: 'Summary of the record'}]},
      {type: 'paragraph', children: [{type: 'text', value: 'See the '}, {type: 'link', url: 'https://example.org/archive', children: [{type: 'text', value: 'published archive of the committee'}]}, {type: 'text', value: ' and its minutes'}, {type: 'footnoteReference', identifier: 'a', label: 'a'}, {type: 'text', value: '.'}]} as RootContent,
      {type: 'list', ordered: true, start: 3, spread: false, children: ['first item', 'second item'].map((value) => ({type: 'listItem', spread: false, children: [{type: 'paragraph', children: [{type: 'text', value}]}]}))} as RootContent,
      {type: 'list', ordered: false, spread: false, children: ['a bullet', 'another bullet'].map((value) => ({type: 'listItem', spread: false, children: [{type: 'paragraph', children: [{type: 'text', value}]}]}))} as RootContent,
      para(200),
      {type: 'heading', depth: 4, children: [{type: 'text', value: 'Chronology'}]},
      {type: 'table', align: [null, null, null], children: [{type: 'tableRow', children: ['No', 'Event', 'Place'].map((value) => ({type: 'tableCell', children: [{type: 'text', value}]}))}, ...rows]} as RootContent,
      para(600),
      {type: 'code', value: 'line one\nline two'} as RootContent,
      {type: 'footnoteDefinition', identifier: 'a', label: 'a', children: [{type: 'paragraph', children: [{type: 'text', value: 'The archive is public.'}]}]} as RootContent
    ]
    const tree = documentOf(blocks, 'Generated record')
    const bytes = await emitPdf(structuredClone(tree), {date: DATE})
    const pdf = await readTagged(bytes)
    expect(checkTagged(pdf, tree).join('\n')).toBe('')
    expect((await checkDocument(bytes, pdf, 'en')).join('\n')).toBe('')
    const all = elements(pdf.root)
    // The note follows the paragraph that references it, whatever page it is printed on.
    const roles = pdf.root.kids.map((k) => k.role)
    // (Title, byline, then the body.)
    expect(roles.slice(0, 5)).toEqual(['H1', 'P', 'H2', 'P', 'Note'])
    // A paragraph over a page break: one element, marked content on two pages.
    const spanning = all.filter((e) => e.role === 'P' && new Set(e.content.map((c) => c.page)).size > 1)
    expect(spanning.length).toBeGreaterThan(0)
    // The table's header row is tagged once; its copies on later pages are artifacts.
    const table = all.find((e) => e.role === 'Table')!
    expect(elements(table).filter((e) => e.role === 'TH')).toHaveLength(3)
    const tablePages = new Set(elements(table).flatMap((e) => e.content.map((c) => c.page)))
    expect(tablePages.size).toBeGreaterThan(1)
    const repeatedHeaderPages = [...tablePages].slice(1).filter((p) => walkContent(pageContents(pdf.doc)[p]!).artifactTexts > 2)
    expect(repeatedHeaderPages.length).toBeGreaterThan(0)
    // One Link element for the link, with its annotation (OBJR) and text.
    const links = all.filter((e) => e.role === 'Link')
    expect(links).toHaveLength(1)
    expect(links[0]!.text.replace(/\s+/g, ' ').trim()).toBe('published archive of the committee')
    expect(links[0]!.content.some((c) => 'annot' in c)).toBe(true)
    // Ordered list labels as printed, starting at 3.
    const labels = all.filter((e) => e.role === 'Lbl' && e.parent?.role === 'LI').map((e) => e.text.trim())
    expect(labels.slice(0, 2)).toEqual(['3.', '4.'])
    expect(all.find((e) => e.role === 'L')!.attributes.ListNumbering).toBe('Decimal')
  }, 60_000)

  it('a long table with an empty column: more structure elements than one object stream holds (500), all found again', async () => {
    // 450 rows of a number and an empty cell (the shape of a glyph table): over 1,350 elements in three object streams.
    const rows = Array.from({length: 450}, (_, r) => ({type: 'tableRow', children: [String(1000 + ((r * 7919) % 9000)), ''].map((value) => ({type: 'tableCell', children: value ? [{type: 'text', value}] : []}))}))
    const header = {type: 'tableRow', children: ['Code', ''].map((value) => ({type: 'tableCell', children: value ? [{type: 'text', value}] : []}))}
    const tree = documentOf([{type: 'table', align: [null, null], children: [header, ...rows]} as RootContent], 'Glyph codes')
    const bytes = await emitPdf(structuredClone(tree), {date: DATE})
    const pdf = await readTagged(bytes)
    expect(checkTagged(pdf, tree).join('\n')).toBe('')
    expect((await checkDocument(bytes, pdf, 'en')).join('\n')).toBe('')
    const all = elements(pdf.root)
    expect(all.filter((e) => e.role === 'TR')).toHaveLength(451)
    expect(all.filter((e) => e.role === 'TD')).toHaveLength(900)
    // Same bytes again (the structure's object numbers are reserved in one block, in tree order).
    expect(Buffer.from(await emitPdf(structuredClone(tree), {date: DATE})).equals(Buffer.from(bytes))).toBe(true)
  }, 60_000)

  it('tagged: false (bench/pdf.mjs only, not a user option) writes the same text with no structure and no marked content', async () => {
    const tree = documentOf([{type: 'paragraph', children: [{type: 'text', value: 'See the '}, {type: 'link', url: 'https://example.org/a', children: [{type: 'text', value: 'archive'}]}, {type: 'text', value: '.'}]} as RootContent], 'Untagged')
    const tagged = await readTagged(await emitPdf(structuredClone(tree), {date: DATE}))
    const untaggedBytes = await emitPdf(structuredClone(tree), {date: DATE, tagged: false})
    const {PDFDocument} = await import('pdf-lib')
    const untagged = await PDFDocument.load(untaggedBytes)
    expect(untagged.catalog.get(PDFName.of('StructTreeRoot'))).toBeUndefined()
    expect(tagged.doc.catalog.get(PDFName.of('StructTreeRoot'))).toBeDefined()
    const text = (doc: typeof untagged) => pageContents(doc).map((c) => Buffer.from(c).toString('latin1')).join('\n')
    expect(text(untagged)).not.toMatch(/BDC|BMC|EMC/)
    expect(text(tagged.doc)).toMatch(/BDC/)
    // The same text objects, less the marking.
    const textObjects = (s: string) => s.match(/BT[\s\S]*?ET/g)!.map((t) => t.replace(/\/\w+ <<\/MCID \d+>> BDC|EMC/g, '').replace(/\s+/g, ' ').trim())
    expect(textObjects(text(untagged))).toEqual(textObjects(text(tagged.doc)))
  }, 60_000)

  it('tags headings H1… without gaps, whatever depths the source used', async () => {
    const tree = documentOf([
      {type: 'heading', depth: 3, children: [{type: 'text', value: 'Deep first'}]},
      {type: 'heading', depth: 5, children: [{type: 'text', value: 'Deeper'}]},
      {type: 'heading', depth: 3, children: [{type: 'text', value: 'Back up'}]}
    ] as RootContent[])
    const pdf = await readTagged(await emitPdf(tree, {date: DATE}))
    // (After the byline, a paragraph.)
    expect(pdf.root.kids.map((k) => k.role)).toEqual(['P', 'H1', 'H2', 'H1'])
  })

  it('is tagged without a title: the first heading names the document', async () => {
    const tree = documentOf([{type: 'paragraph', children: [{type: 'text', value: 'Only a paragraph.'}]}] as RootContent[])
    const bytes = await emitPdf(tree, {date: DATE})
    const pdf = await readTagged(bytes)
    expect(checkTagged(pdf, tree).join('\n')).toBe('')
    const {info} = (await (await import('pdfjs-dist/legacy/build/pdf.mjs')).getDocument({data: new Uint8Array(bytes), verbosity: 0}).promise.then((d) => d.getMetadata())) as unknown as {info: {Title: string}}
    expect(info.Title).toBe('generated')
    expect(PDFRef).toBeDefined()
  })
})
