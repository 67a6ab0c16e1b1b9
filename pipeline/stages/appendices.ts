/**
 * appendices: find appendices, classify them and build structured nodes.
 *
 * An appendix starts at a heading the headings stage marked with
 * `data.appendix = {number, label}` (or, without one, at a line such as
 * "APPENDIX: No2") and runs to the next appendix heading or the end. Its raw
 * blocks are replaced by one `appendix` node (references, chronology or text)
 * after the heading, which stays (plain-text appendices keep their blocks too).
 * A section that is not an appendix but holds a dated table (a header row
 * "Date | Place | Event", one cell a line) is structured the same way.
 *
 * Chronology years come from the page layout, the body's dated sentences and
 * the editor's corrections (`file.data.corrections`, from
 * `<name>.corrections.yaml`); each entry says how certain its year is.
 *
 * Messages: `appendices:correction` (each applied correction),
 * `appendices:join` (a word or address joined over a line end),
 * `appendices:month-case` (month names in title case), warnings
 * `appendices:not-a-link`, `appendices:unpaired`, `appendices:ambiguous-year`,
 * `appendices:unused-heading`. A correction that matches nothing throws (the
 * document fails with a one-line reason).
 */
import type {Heading, Root, RootContent} from 'mdast'
import {toString} from 'mdast-util-to-string'
import type {Plugin} from 'unified'
import type {VFile} from 'vfile'
import {buildChronology, inTimeOrder} from '../appendices/build-chronology.js'
import {dayMonthShare} from '../appendices/chronology.js'
import {parseDayMonth, yearHeading} from '../appendices/day-month.js'
import {classify} from '../appendices/classify.js'
import {claimFields, correctionsFor, describeCorrection, matches, type Correction, type CorrectionsFile} from '../appendices/corrections.js'
import {scanBodyDates} from '../appendices/cross-references.js'
import {blockLines, plainPosition, spanOf, type SourceLine} from '../appendices/lines.js'
import {parseReferences} from '../appendices/references.js'
import {findTableHeader, isGroupTitle, parseTable} from '../appendices/table-rows.js'
import {lowerAppendix} from '../emit/markdown.js'
import {recordChange, warn} from '../messages.js'
import type {Appendix, AppendixEntry} from '../types.js'

export interface AppendicesOptions {
  /** Columns per page of scrambled chronology tables (a layout assumption; soft). Default 2. */
  columns?: number
  /** Also structure non-appendix sections whose content is a chronology table. Default true. */
  sectionChronologies?: boolean
}

interface AppendixMark {
  number: number
  label?: string
}

const APPENDIX_LINE = /^\s*(?:appendix|annex)\b\s*[:.\-–]?\s*(?:no\.?\s*)?([0-9]{1,3}|[A-Z]|[IVXLC]{1,6})?\b\s*[:.\-–]?\s*$/i

/**
 * mdast-util-to-markdown extension: an `appendix` node prints as the Markdown
 * writer shows it (a table, a list, paragraphs), so that remark-stringify can
 * print the tree this stage leaves.
 */
export const appendixToMarkdown = {
  handlers: {
    appendix(node: Appendix, _parent: unknown, state: {containerFlow: (parent: Root, info: unknown) => string}, info: unknown): string {
      return state.containerFlow({type: 'root', children: lowerAppendix(node, 'dmy')}, info)
    }
  }
}

export const appendices: Plugin<[AppendicesOptions?], Root> = function (options = {}) {
  const data = this.data() as {toMarkdownExtensions?: unknown[]}
  const extensions = (data.toMarkdownExtensions ??= [])
  if (!extensions.includes(appendixToMarkdown)) extensions.push(appendixToMarkdown)
  return (tree, file) => {
    // Footnote definitions follow the text: never part of an appendix.
    const notes = tree.children.filter((n) => n.type === 'footnoteDefinition')
    if (notes.length > 0) tree.children = tree.children.filter((n) => n.type !== 'footnoteDefinition')
    transform(tree, file)
    if (notes.length > 0) tree.children.push(...notes)
  }
  function transform(tree: Root, file: VFile) {
    markAppendixHeadings(tree)
    const corrections = (file.data as {corrections?: CorrectionsFile}).corrections
    const used = new Set<number>()
    const children = tree.children
    const starts = children.flatMap((node, i) => (isAppendixHeading(node) ? [i] : []))
    const firstAppendix = starts[0] ?? children.length
    const body = scanBodyDates(
      children
        .slice(0, firstAppendix)
        .filter((n) => n.type === 'paragraph' || n.type === 'list')
        .map((n) => blockLines([n]))
    )
    const out: RootContent[] = []
    // Section tables are numbered after the document's own appendices, so numbers never collide.
    let sectionNumber = Math.max(0, ...starts.map((s) => (children[s]!.data as unknown as {appendix: AppendixMark}).appendix.number))
    let i = 0
    while (i < children.length) {
      const node = children[i]!
      if (isAppendixHeading(node)) {
        const end = starts.find((s) => s > i) ?? children.length
        const mark = (node.data as unknown as {appendix: AppendixMark}).appendix
        out.push(node)
        for (const n of buildAppendix(node, children.slice(i + 1, end), mark.number, file, {body, corrections, used, options, section: false})) out.push(n)
        i = end
        continue
      }
      const section = options.sectionChronologies === false || i >= firstAppendix ? undefined : dayMonthSection(children, i, firstAppendix)
      if (section) {
        // A section that is a scrambled day-month chronology (year headings, runs of dates and places).
        out.push(node)
        for (const n of buildAppendix(node, children.slice(i + 1, section.end), ++sectionNumber, file, {body, corrections, used, options, section: true})) out.push(n)
        i = section.end
        continue
      }
      const table = options.sectionChronologies === false || i >= firstAppendix ? undefined : tableAt(children, i, firstAppendix)
      if (table) {
        // A section whose content is a dated table ("Date | Place | Event"): structured like an appendix.
        if (table.before) out.push(table.before)
        const prev = out.at(-1)
        // A one-line sub-heading right before the header names the first rows: a paragraph, a
        // heading below section level, or a heading right under another heading.
        const beforePrev = out.at(-2)
        const subheading =
          prev?.type === 'paragraph' || (prev?.type === 'heading' && (prev.depth > 2 || beforePrev?.type === 'heading'))
        if (prev && subheading && !table.before && blockLines([prev]).length === 1 && isGroupTitle(blockLines([prev])[0]!.text)) {
          out.pop() // a sub-heading naming the first rows: part of the table
          table.region.unshift(prev)
        }
        const heading = [...out].reverse().find((n) => n.type === 'heading' || n.type === 'paragraph')
        for (const n of buildAppendix(heading ?? node, table.region, ++sectionNumber, file, {body, corrections, used, options, section: true})) out.push(n)
        i = table.end
        continue
      }
      out.push(node)
      i++
    }
    tree.children = out
    // Corrections that matched nothing are errors: a stale correction must not pass silently.
    corrections?.corrections?.forEach((c, index) => {
      // `reject` items are the reject stage's (stages/reject.ts).
      if (!used.has(index) && !('reject' in c)) throw new Error(`corrections: ${describeCorrection(c, index)} matches no entry`)
    })
  }
}

interface BuildContext {
  body: ReturnType<typeof scanBodyDates>
  corrections: CorrectionsFile | undefined
  used: Set<number>
  options: AppendicesOptions
  section: boolean
}

function buildAppendix(heading: RootContent, region: RootContent[], number: number, file: VFile, ctx: BuildContext): RootContent[] {
  const lines = blockLines(region)
  const kind = classify(lines)
  // A stable id by number (corrections and links use it); the heading keeps its GitHub slug.
  const id = `appendix-${number}`
  const headingId = heading.type === 'heading' ? heading.data?.id : undefined
  // A table after a plain paragraph takes it as its caption only when it is short.
  const title = heading.type === 'heading' || toString(heading).length <= 150 ? appendixTitle(heading) : ''
  const position = spanOf(lines) ?? heading.position
  const node: Appendix = {type: 'appendix', id, number, title, kind: kind.kind, entries: [], position, data: {id}}
  const corrections = [...correctionsFor(ctx.corrections, number, id), ...(headingId && headingId !== id ? correctionsFor(ctx.corrections, -1, headingId).filter((c) => c.correction.appendix === headingId) : [])]
  let keep: RootContent[] = []
  /** The date each year correction replaces, as the text alone gave it. */
  const reconstructed = new Map<number, string>()

  if (kind.kind === 'references') {
    const refs = parseReferences(lines, title)
    node.entries = refs.entries
    for (const j of refs.joins) recordChange(file, {ruleId: 'appendices:join', reason: 'address joined over a line break', place: linePlace(j.line), original: j.original, replacement: j.replacement})
    for (const n of refs.notLinks) warn(file, `not an http(s) address, kept as text: ${n.text}`, 'appendices:not-a-link', linePlace(n.line))
  } else if (kind.kind === 'chronology' && kind.shape === 'day-month') {
    // Years pinned by corrections feed the year resolution, so their neighbours benefit.
    const first = buildChronology(lines, {body: ctx.body, columns: ctx.options.columns})
    const pinnedYears = new Map<number, {year: number; evidence: string}>()
    for (const {correction, index} of corrections) {
      if (correction.set.year === undefined) continue
      const hit = single(first.entries, correction, index)
      pinnedYears.set(hit, {year: correction.set.year, evidence: `editor correction${correction.note ? `: ${correction.note}` : ''}`})
      reconstructed.set(index, first.entries[hit]!.date ?? '')
    }
    const result = pinnedYears.size > 0 ? buildChronology(lines, {body: ctx.body, columns: ctx.options.columns, pinnedYears}) : first
    node.entries = result.entries
    for (const j of result.joins) recordChange(file, {ruleId: 'appendices:join', reason: 'word joined over a line-end hyphen', place: linePlace(j.line), original: j.original, replacement: j.replacement})
    for (const m of result.layout.mismatches) warn(file, `chronology page ${m.page + 1}: ${m.dates} dates but ${m.places} places in a group; paired in order as far as they go`, 'appendices:unpaired', position)
    for (const s of result.layout.stray) warn(file, `chronology line outside any group kept as text: ${s.text}`, 'appendices:unpaired', linePlace(s))
    for (const h of result.unusedHeadings) warn(file, `year heading ${h.text} has no entry after year reconstruction`, 'appendices:unused-heading', linePlace(h))
    recordMonthCase(file, result.layout.entries.flatMap((e) => (e.date ? [e.date] : [])))
  } else if (kind.kind === 'chronology' && kind.shape === 'table') {
    const table = parseTable(lines)
    node.entries = table.entries
    if (table.columns.length > 3) node.data = {...node.data, columns: table.columns} as Appendix['data']
    for (const w of table.warnings) warn(file, w.message, 'appendices:unpaired', w.line ? linePlace(w.line) : position)
  } else {
    // Plain text: the blocks stay in the tree as they are (other stages' work on them, such
    // as tables, is kept); the node lists their text for the JSON and YAML.
    node.entries = region
      .filter((n) => n.type !== 'pageBreak')
      .map((n) => ({text: toString(n), position: plainPosition(n.position)}))
      .filter((e) => e.text.trim())
    keep = region
    node.data = {...node.data, keptBlocks: true} as Appendix['data']
  }

  // Other corrections: applied to the finished entries.
  const claims = new Map<number, Map<string, {correction: Correction; index: number}>>()
  for (const {correction, index} of corrections) {
    const hit = single(node.entries, correction, index)
    claimFields(claims, hit, correction, index)
    ctx.used.add(index)
    applyCorrection(file, node.entries[hit]!, correction, reconstructed.get(index))
  }
  if (node.kind === 'chronology') {
    node.entries = inTimeOrder(node.entries)
    const counts = {certain: 0, inferred: 0, ambiguous: 0}
    for (const e of node.entries) if (e.certainty) counts[e.certainty]++
    if (counts.ambiguous > 0) {
      warn(file, `${title || id}: ${counts.ambiguous} of ${node.entries.length} chronology years are ambiguous (the text does not settle them; pin them in the corrections file)`, 'appendices:ambiguous-year', position)
    }
  }
  return [node, ...keep]
}

/** The one entry a correction selects; anything else is an error. */
function single(entries: AppendixEntry[], correction: Correction, index: number): number {
  const hits = entries.flatMap((e, i) => (matches(e, correction.match) ? [i] : []))
  if (hits.length === 0) throw new Error(`corrections: ${describeCorrection(correction, index)} matches no entry`)
  if (hits.length > 1) throw new Error(`corrections: ${describeCorrection(correction, index)} matches ${hits.length} entries; add place or line`)
  return hits[0]!
}

function applyCorrection(file: VFile, entry: AppendixEntry, correction: Correction, reconstructed?: string): void {
  const place = entry.position ? {start: entry.position.start, end: entry.position.end} : undefined
  const set = correction.set
  const record = (field: string, original: string, replacement: string) =>
    recordChange(file, {
      ruleId: 'appendices:correction',
      reason: `editor correction of ${field}${correction.note ? ` (${correction.note})` : ''}`,
      place,
      original,
      replacement,
      evidence: 'corrections file'
    })
  if (set.year !== undefined && entry.date) {
    const before = reconstructed ?? entry.date
    // A pinned year already went through the year resolution; otherwise set it here, a range
    // keeping its own span (its end year moves by the same amount).
    if (reconstructed === undefined) {
      const start = Number(entry.date.slice(0, 4))
      entry.date = entry.date.replace(/^[0-9X]{4}/, String(set.year).padStart(4, '0')).replace(/\/[0-9X]{4}/, (m) => {
        const end = Number(m.slice(1))
        return '/' + String(Number.isFinite(start) && Number.isFinite(end) ? set.year! + (end - start) : set.year!).padStart(4, '0')
      })
    }
    entry.certainty = 'certain'
    entry.evidence = `editor correction${correction.note ? `: ${correction.note}` : ''}`
    record('year', before, entry.date)
  }
  if (set.date !== undefined) {
    record('date', entry.date ?? '', set.date)
    entry.date = set.date
    entry.certainty = 'certain'
    entry.evidence = `editor correction${correction.note ? `: ${correction.note}` : ''}`
  }
  for (const field of ['place', 'occasion', 'title', 'url'] as const) {
    if (set[field] === undefined) continue
    record(field, String(entry[field] ?? ''), String(set[field] ?? ''))
    ;(entry as Record<string, unknown>)[field] = set[field]
  }
}

function recordMonthCase(file: VFile, dates: {date: {text: string}; line: SourceLine}[]): void {
  for (const d of dates) {
    if (d.line.text === d.date.text) continue
    recordChange(file, {ruleId: 'appendices:month-case', reason: 'month name in title case, spaces normalized', place: linePlace(d.line), original: d.line.text, replacement: d.date.text})
  }
}

function linePlace(line: SourceLine) {
  return {start: {line: line.line, column: line.column}, end: {line: line.line, column: line.endColumn}}
}

/**
 * A title at block `i` (a heading, or a short one-line paragraph when the
 * headings stage made none) followed by a day-month chronology: year headings
 * and date cells make up much of what follows, up to the next heading. Prose
 * after the last date (a line as long as a body line) is not part of it.
 */
function dayMonthSection(children: RootContent[], i: number, limit: number): {end: number} | undefined {
  const node = children[i]!
  const title = blockLines([node])
  if (node.type === 'paragraph' && (title.length !== 1 || title[0]!.text.length > 100 || /[.;:,]$/.test(title[0]!.text))) return undefined
  if (node.type !== 'heading' && node.type !== 'paragraph') return undefined
  const next = children.slice(i + 1, i + 3).find((n) => n.type !== 'pageBreak')
  const first = next ? blockLines([next])[0]?.text ?? '' : ''
  if (!yearHeading(first) && !parseDayMonth(first)) return undefined
  let end = i + 1
  const depth = node.type === 'heading' ? node.depth : 6
  while (end < limit && !(children[end]!.type === 'heading' && (children[end] as Heading).depth <= depth)) end++
  // Trailing prose is not part of the table.
  let lastDate = i + 1
  for (let k = i + 1; k < end; k++) if (blockLines([children[k]!]).some((l) => parseDayMonth(l.text))) lastDate = k
  let cut = lastDate + 1
  while (cut < end && !blockLines([children[cut]!]).some((l) => l.text.length >= 90)) cut++
  end = cut
  const lines = blockLines(children.slice(i + 1, end))
  const {dates, years} = dayMonthShare(lines)
  return dates >= 4 && years >= 1 && dates + years >= lines.length * 0.25 ? {end} : undefined
}

/**
 * A dated table starting in block `i`: its header row ("Date" then column
 * names, one per line) begins in this block, and the table runs to the next
 * section heading. Short sub-heading blocks just before the header belong to
 * the table (they name its first group of rows).
 */
function tableAt(children: RootContent[], i: number, limit: number): {region: RootContent[]; before?: RootContent; end: number} | undefined {
  const node = children[i]!
  if (node.type !== 'paragraph' && node.type !== 'heading') return undefined
  const lines = blockLines([node])
  const at = lines.findIndex((l) => /^dates?$/i.test(l.text))
  // A heading may have swallowed the first cell of the header row ("… 1955–1979" / "Date").
  if (at < 0 || (node.type === 'heading' && at === 0)) return undefined
  let end = i + 1
  while (end < limit && !(children[end]!.type === 'heading' && (children[end] as Heading).depth <= 2)) end++
  const following = blockLines(children.slice(i, Math.min(end, i + 8))).slice(at)
  const header = findTableHeader(following)
  if (!header || header.index !== 0) return undefined
  let before: RootContent | undefined
  let first: RootContent = node
  if (at > 0) {
    // The header shares its block with the lines before it: split the block.
    const cut = lines[at]!.line
    const block = node as import('mdast').Paragraph | Heading
    const keep = block.children.filter((c) => (c.position?.start.line ?? 0) < cut)
    const rest = block.children.filter((c) => (c.position?.start.line ?? 0) >= cut)
    if (rest.length === 0) return undefined
    const last = keep.at(-1)
    if (last && last.type === 'text') last.value = last.value.replace(/\s+$/, '')
    before = {...block, children: keep, position: keep[0] && last ? {start: keep[0].position!.start, end: last.position!.end} : block.position} as RootContent
    first = {type: 'paragraph', children: rest, position: {start: rest[0]!.position!.start, end: rest.at(-1)!.position!.end}}
  }
  return {region: [first, ...children.slice(i + 1, end)], before, end}
}

function isAppendixHeading(node: RootContent): boolean {
  return node.type === 'heading' && (node.data as {appendix?: AppendixMark} | undefined)?.appendix !== undefined
}

/** The appendix title without its label ("Appendix 2: Chronology …" → "Chronology …"). */
function appendixTitle(heading: RootContent): string {
  const text = toString(heading).replace(/\s+/g, ' ').trim()
  const stripped = text.replace(/^(?:appendix|annex)\b[^:]*:\s*/i, '').trim()
  if (stripped !== text) return stripped || text
  const label = (heading.data as {appendix?: AppendixMark} | undefined)?.appendix?.label
  if (label && text.startsWith(label)) return text.slice(label.length).replace(/^\s*[:.\-–]\s*/, '').trim() || text
  return text
}

/**
 * Without appendix headings from the headings stage, recognize "APPENDIX: No2"
 * paragraphs ourselves: the label line becomes a depth-2 heading with the
 * title lines that follow (a title broken by a blank line continues into the
 * next one-line paragraph).
 */
function markAppendixHeadings(tree: Root): void {
  if (tree.children.some(isAppendixHeading)) return
  // Headings the headings stage made without the mark.
  let ordinal = 0
  for (const node of tree.children) {
    if (node.type !== 'heading') continue
    const m = /^\s*(?:appendix|annex)\b\s*[:.\-–]?\s*(?:no\.?\s*)?([0-9]{1,3}|[A-Z]|[IVXLC]{1,6})?\b/i.exec(toString(node))
    if (m) node.data = {...node.data, appendix: {number: labelNumber(m[1], ++ordinal)}} as Heading['data']
  }
  if (tree.children.some(isAppendixHeading)) return
  const out: RootContent[] = []
  const children = tree.children
  for (let i = 0; i < children.length; i++) {
    const node = children[i]!
    if (node.type !== 'paragraph' || node.children.length === 0) {
      out.push(node)
      continue
    }
    const lines = blockLines([node])
    const m = lines[0] ? APPENDIX_LINE.exec(lines[0].text) : null
    if (!m) {
      out.push(node)
      continue
    }
    const n = labelNumber(m[1], ++ordinal)
    const titleLines = lines.slice(1)
    let consumed = i
    // The label alone on its paragraph: the title is the next paragraph (unless that is content).
    const after = children[i + 1]
    if (titleLines.length === 0 && after?.type === 'paragraph') {
      const afterLines = blockLines([after])
      const first = afterLines[0]?.text ?? ''
      if (afterLines.length <= 3 && !/^\d/.test(first) && !/^\w+:\/\//.test(first) && !APPENDIX_LINE.test(first)) {
        titleLines.push(...afterLines)
        consumed++
      }
    }
    // A title broken by a blank line: the next paragraph is one line and the title reads on.
    while (titleLines.length > 0 && consumed + 1 < children.length) {
      const next = children[consumed + 1]!
      if (next.type !== 'paragraph') break
      const nextLines = blockLines([next])
      const last = titleLines.at(-1)!.text
      if (nextLines.length !== 1 || /[.:;!?]$/.test(last) || /^\d/.test(nextLines[0]!.text) || /^\w+:\/\//.test(nextLines[0]!.text)) break
      titleLines.push(nextLines[0]!)
      consumed++
    }
    const title = titleLines.map((l) => l.text).join(' ')
    const end = titleLines.at(-1) ?? lines[0]!
    out.push({
      type: 'heading',
      depth: 2,
      children: [{type: 'text', value: title ? `Appendix ${n}: ${title}` : `Appendix ${n}`}],
      position: {start: node.position!.start, end: {line: end.line, column: end.endColumn}},
      data: {id: `appendix-${n}`, appendix: {number: n, label: `Appendix ${n}`}} as Heading['data']
    })
    i = consumed
  }
  tree.children = out
}

function labelNumber(label: string | undefined, fallback: number): number {
  if (!label) return fallback
  if (/^\d+$/.test(label)) return Number(label)
  if (/^[IVXLC]+$/i.test(label) && label.length > 1) return roman(label.toUpperCase())
  if (/^[A-Z]$/i.test(label)) return label.toUpperCase().charCodeAt(0) - 64
  return fallback
}

function roman(s: string): number {
  const v: Record<string, number> = {I: 1, V: 5, X: 10, L: 50, C: 100}
  let total = 0
  for (let i = 0; i < s.length; i++) {
    const a = v[s[i]!]!
    const b = v[s[i + 1]!] ?? 0
    total += a < b ? -a : a
  }
  return total
}

/** The plugin as the module's default export, as remark plugins are published. */
export default appendices
