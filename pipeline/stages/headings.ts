/**
 * headings: find the headings of a document and normalize them.
 *
 * Runs after `typography`, on root children that are `paragraph`, `list` and
 * `pageBreak` nodes, each paragraph holding one `text` node per source line.
 * Headings keep those line nodes (with their positions), so later stages
 * (dates) read them like paragraphs.
 *
 * - Appendix headings ("APPENDIX: No1", " APPENDIX: No3 ", "Appendix A",
 *   "ANNEX 2", "Annex II", "Appendix. Title") become depth-2 headings with
 *   `data.id` `appendix-<n>` and `data.appendix` `{number, label}`. The lines
 *   after the label that make its title are taken into the heading, also
 *   across a blank line or a page break ("… held between Azerbaijani and" /
 *   "Armenian presidents"). The heading reads "Appendix 1: <title>"
 *   (`headings:appendix`). Numbering style: numbers are always Arabic,
 *   letters count from A = 1 and Roman numerals are read as numbers, the
 *   word ("Appendix", "Annex") is kept in title case; the printed label stays
 *   in `data.appendix.label`. A label printed twice (a table of contents,
 *   then the appendix) counts at its last place. Everything after an
 *   appendix heading up to the next one is left for the `appendices` stage.
 * - A short standalone block (one to three lines) that reads like a heading
 *   and stands where headings stand (after finished prose, before prose or a
 *   table) becomes a heading; so does a numbered list of one such item ("1.
 *   Introduction"), which keeps its number (`headings/detect.ts`).
 * - A heading phrase glued to the start of a paragraph and followed by a
 *   capitalized sentence ("Armenia-Azerbaijan Nagorno-Karabakh conflict The
 *   Armenians staged …") is split off as a heading (`headings:split-glued`).
 * - Levels: the title (a heading that opens the document and agrees with the
 *   sidecar title, if any) is depth 1; sections and appendices depth 2;
 *   below them depth 3: numbered subsections ("2.1 …"), and a heading that
 *   directly follows a section heading, with the headings like it after it.
 * - Headings printed in capitals are title-cased, keeping acronyms learned
 *   from the document (`headings:title-case`, `headings/title-case.ts`);
 *   stray spaces are trimmed (`headings:spaces`).
 * - Each heading gets a slug id (`data.id`) unique within the document
 *   (`headings/slug.ts`).
 * - The document title: the metadata sidecar's, else the first heading,
 *   else the file name; stored in `root.data.metadata.title`.
 */
import type {Heading, List, Paragraph, Root, RootContent, Text} from 'mdast'
import {toString} from 'mdast-util-to-string'
import type {Plugin} from 'unified'
import type {Position} from 'unist'
import type {VFile} from 'vfile'
import {recordChange} from '../messages.js'
import {pointAt} from '../text/line-edges.js'
import type {DocumentMetadata} from '../types.js'
import {
  labelNumber,
  labelsAreRoman,
  labelWord,
  parseAppendixLabel,
  sentenceCase,
  titleContinues,
  titleLine,
  type AppendixLabel
} from '../headings/appendix.js'
import {
  gluedHeading,
  numberedHeading,
  repeatedHeading,
  shortNext,
  similarHeadings,
  standaloneHeading,
  trailingColumnHead,
  type DetectOptions
} from '../headings/detect.js'
import {Slugger, slugify} from '../headings/slug.js'
import {documentAcronyms, isAllCaps, titleCase} from '../headings/title-case.js'

export interface HeadingsOptions extends DetectOptions {
  /** Split heading phrases glued to the start of a paragraph. Default true. */
  glued?: boolean
  /** Title-case headings printed in capitals. Default true. */
  titleCase?: boolean
  /** Acronyms to keep in capitals, besides those the document shows. */
  acronyms?: string[]
}

/** A section number opening a heading: "1.", "2.1", "3.2.1", "IV." (group 1 without a final dot). */
const SECTION_NUMBER = /^((?:\d{1,2}(?:\.\d{1,2})+|\d{1,2}|[IVX]{1,5}))\.?\s+\p{Lu}/u

/** Longest appendix title, in source lines. */
const MAX_TITLE_LINES = 3

export const headings: Plugin<[HeadingsOptions?], Root> = function (options = {}) {
  return (tree, file) => {
    const found = findHeadings(tree, file, options)
    // Learned from the prose once the headings are out of it.
    const acronyms = documentAcronyms(tree)
    for (const word of options.acronyms ?? []) acronyms.add(word)
    normalizeText(found, file, acronyms, options)
    assignDepths(tree, found)
    assignIds(tree, found)
    setTitle(tree, file)
  }
}

interface Found {
  node: Heading
  kind: 'section' | 'appendix'
}

/** Walk the root's children once: appendix headings, standalone and glued headings. */
function findHeadings(tree: Root, file: VFile, options: HeadingsOptions): Found[] {
  const children = tree.children
  const labels: Array<{index: number; label: AppendixLabel}> = []
  for (let i = 0; i < children.length; i++) {
    const node = children[i]!
    if (node.type !== 'paragraph') continue
    const first = node.children[0]
    if (first?.type !== 'text') continue
    const label = parseAppendixLabel(first.value)
    if (label) labels.push({index: i, label})
  }
  const roman = labelsAreRoman(labels.map((l) => l.label.token).filter(Boolean))
  // A label printed again later ("Appendix 1 …" in a table of contents, then
  // the appendix itself): only the last one is the appendix.
  const key = (label: AppendixLabel) => `${labelWord(label.word)} ${label.token ? labelNumber(label.token, roman) : ''}`
  const lastOf = new Map<string, Paragraph>()
  for (const {index, label} of labels) if (label.token) lastOf.set(key(label), children[index] as Paragraph)
  const isAppendix = (node: Paragraph, label: AppendixLabel) => !label.token || lastOf.get(key(label)) === node
  let appendixCount = 0
  let inAppendix = false
  for (let i = 0; i < children.length; i++) {
    const node = children[i]!
    if (node.type === 'list' && !inAppendix && numberedHeading(children, i, options)) {
      children[i] = listHeading(node)
      continue
    }
    if (node.type !== 'paragraph') continue
    const first = node.children[0]
    const label = first?.type === 'text' ? parseAppendixLabel(first.value) : undefined
    if (label && isAppendix(node, label)) {
      appendixCount++
      const number = label.token ? (labelNumber(label.token, roman) ?? appendixCount) : appendixCount
      appendixHeading(children, i, label, number, file)
      inAppendix = true
      continue
    }
    // Inside an appendix: its content belongs to the appendices stage. A
    // label that is not the appendix (a contents entry) is no section either.
    if (inAppendix || label) continue
    if (standaloneHeading(children, i, options)) {
      // "Chronology: Summit Meetings Abroad, 1955–1979" / "Date": a table's
      // first column head read as the heading's second line goes back out.
      const cell = trailingColumnHead(children, i) ? node.children.pop() : undefined
      children[i] = toHeading(node)
      if (cell) children.splice(i + 1, 0, {type: 'paragraph', children: [cell], position: cell.position, data: {}})
      continue
    }
    if (options.glued !== false) {
      const split = gluedHeading(node, options)
      if (split) {
        children.splice(i, 0, splitGlued(node, split, file))
        i++
      }
    }
  }
  // Second pass: headings like one found before that open the same thing
  // (each person's chronology under a name, with the same column head).
  const known: Array<{text: string; next: string}> = []
  for (let i = 0; i < children.length; i++) {
    const node = children[i]!
    if (node.type !== 'heading' || node.data?.appendix) continue
    const next = shortNext(children, i)
    if (next) known.push({text: toString(node).trim(), next})
  }
  if (known.length > 0) {
    let appendix = false
    for (let i = 0; i < children.length; i++) {
      const node = children[i]!
      if (node.type === 'heading' && node.data?.appendix) appendix = true
      if (appendix || node.type !== 'paragraph') continue
      if (repeatedHeading(children, i, known, options)) children[i] = toHeading(node)
    }
  }
  // Reading order, with the kind of each.
  return children
    .filter((n): n is Heading => n.type === 'heading')
    .map((node) => ({node, kind: node.data?.appendix ? ('appendix' as const) : ('section' as const)}))
}

/** A paragraph of heading lines → a heading node (same text nodes, the last one trimmed). */
function toHeading(paragraph: Paragraph): Heading {
  const texts = paragraph.children.filter((c): c is Text => c.type === 'text')
  trimEnds(texts)
  return {type: 'heading', depth: 2, children: paragraph.children as Heading['children'], position: paragraph.position, data: {}}
}

/** A numbered list of one heading-like item → a heading that keeps its number ("1. Introduction"). */
function listHeading(list: List): Heading {
  const item = list.children[0]!
  const paragraph = item.children[0] as Paragraph
  const marker = (item.data as {marker?: string} | undefined)?.marker ?? `${list.start ?? 1}.`
  const texts = paragraph.children as Text[]
  const first = texts[0]
  // The item's text starts after the marker and one space.
  const at = first?.position?.start
  const back = marker.length + 1
  const start = at && at.column > back ? {line: at.line, column: at.column - back, ...(at.offset === undefined ? {} : {offset: at.offset - back})} : at
  // The marker left the item's text in `paragraphs`; it is printed, so it comes back.
  const number: Text = {
    type: 'text',
    value: `${marker} `,
    position: start && first?.position ? {start, end: first.position.start} : undefined
  }
  trimEnds(texts)
  const end = texts.at(-1)?.position?.end ?? list.position?.end
  return {type: 'heading', depth: 2, children: [number, ...texts], position: start && end ? {start, end} : list.position, data: {}}
}

/** Trim the outer spaces of a run of line nodes, keeping positions on the printed text. */
function trimEnds(texts: Text[]): void {
  const first = texts[0]
  const last = texts.at(-1)
  if (first) {
    const lead = /^\s+/.exec(first.value)?.[0].length ?? 0
    if (lead > 0 && first.position) {
      const start = pointAt(first, lead)
      first.value = first.value.slice(lead)
      if (start) first.position = {...first.position, start}
      if (first.data?.edits) first.data.edits = first.data.edits.map(([at, d]) => [at - lead, d])
    }
  }
  if (last) last.value = last.value.replace(/\s+$/, '')
}

/**
 * Build an appendix heading from the label paragraph at `index`, taking in
 * the title lines that follow (from that paragraph and the next ones), and
 * put it in place of what it consumed.
 */
function appendixHeading(children: RootContent[], index: number, label: AppendixLabel, number: number, file: VFile): Heading {
  const paragraph = children[index] as Paragraph
  const labelNode = paragraph.children[0] as Text
  const printedLines: string[] = [labelNode.value.trim()]
  const titleNodes: Text[] = []

  // Title on the label's own line.
  if (label.rest) {
    const offset = labelNode.value.lastIndexOf(label.rest)
    const start = pointAt(labelNode, offset)
    titleNodes.push({
      type: 'text',
      value: label.rest,
      position: start && labelNode.position ? {start, end: labelNode.position.end} : labelNode.position
    })
  }

  // Title lines after the label: the rest of this paragraph, then following paragraphs.
  const consumed = new Map<Paragraph, number>() // paragraph → number of leading text nodes taken
  const take = (p: Paragraph, n: number) => consumed.set(p, n)
  let lines = label.rest ? 1 : 0
  let previous = label.rest
  let j = index
  let lastUsed = index
  let k = 1
  let current: Paragraph | undefined = paragraph
  while (current && lines < MAX_TITLE_LINES) {
    const texts = current.children
    let took = 0
    // A later block goes on the title only as a whole short unfinished
    // block, never as the first lines of a prose paragraph.
    if (current !== paragraph && lines > 0 && !titleBlock(current)) break
    for (; k < texts.length && lines < MAX_TITLE_LINES; k++) {
      const line = texts[k]
      if (line?.type !== 'text') break
      const sameBlock = took > 0 || current === paragraph
      if (!acceptTitleLine(line.value, previous, lines, sameBlock)) break
      titleNodes.push(line)
      printedLines.push(line.value.trim())
      previous = line.value
      lines++
      took++
    }
    if (current === paragraph) take(current, k)
    else if (took > 0) {
      take(current, took)
      lastUsed = j
    }
    // Go on to the next paragraph only when this one was used up; a page
    // break between the label and its title is stepped over (and kept).
    if (k < texts.length) break
    let m = j + 1
    while (children[m]?.type === 'pageBreak') m++
    const next = children[m]
    if (next?.type !== 'paragraph') break
    const nextFirst = next.children[0]
    if (nextFirst?.type === 'text' && parseAppendixLabel(nextFirst.value)) break
    j = m
    k = 0
    current = next
  }

  trimEnds(titleNodes)
  for (const node of titleNodes.slice(0, -1)) if (!/\s$/.test(node.value)) node.value += ' '
  const printedTitle = titleNodes.map((t) => t.value).join('')
  const title = printedTitle.replace(/[\s:.–—-]+$/, '')
  const word = labelWord(label.word)
  // An unnumbered label ("Appendix. Title") gets no number it never printed;
  // its number (for the id) is its place among the appendices.
  const prefix = `${label.token ? `${word} ${number}` : word}${title ? ': ' : ''}`
  const lastTitle = titleNodes.at(-1)
  if (lastTitle && lastTitle.value !== lastTitle.value.replace(/[\s:.–—-]+$/, '')) lastTitle.value = lastTitle.value.replace(/[\s:.–—-]+$/, '')
  const prefixNode: Text = {type: 'text', value: prefix, position: labelPosition(labelNode, label)}

  const heading: Heading = {
    type: 'heading',
    depth: 2,
    children: [prefixNode, ...titleNodes.filter((t) => t.value !== '')],
    position: {
      start: prefixNode.position?.start ?? labelNode.position!.start,
      end: (lastTitle ?? labelNode).position?.end ?? labelNode.position!.end
    } as Position,
    data: {id: `appendix-${number}`, appendix: {number, label: label.label}}
  }

  const original = printedLines.join(' ')
  const replacement = toString(heading)
  if (original !== replacement) {
    recordChange(file, {
      ruleId: 'headings:appendix',
      reason: `Appendix heading \`${label.label}\` normalized to \`${replacement}\``,
      place: heading.position,
      original,
      replacement,
      evidence: printedLines.length > 1 ? `title from ${printedLines.length - 1} following line(s)` : 'label line'
    })
  }

  // Replace the consumed nodes: the label paragraph becomes the heading; the
  // rest of partly used paragraphs stays in place.
  const replaced: RootContent[] = [heading]
  const rest = paragraph.children.slice(consumed.get(paragraph) ?? 1)
  if (rest.length > 0) replaced.push(remainder(paragraph, rest))
  for (let m = index + 1; m <= lastUsed; m++) {
    const node = children[m]!
    if (node.type !== 'paragraph') {
      replaced.push(node)
      continue
    }
    const n = consumed.get(node) ?? 0
    if (n < node.children.length) replaced.push(remainder(node, node.children.slice(n)))
  }
  children.splice(index, lastUsed - index + 1, ...replaced)
  return heading
}

/** The source span of the label part of the label line. */
function labelPosition(node: Text, label: AppendixLabel): Position | undefined {
  const offset = node.value.indexOf(label.label)
  const start = pointAt(node, Math.max(0, offset))
  const end = pointAt(node, Math.max(0, offset) + label.label.length)
  return start && end ? {start, end} : node.position
}

/** What is left of a paragraph once its first lines went into a heading. */
function remainder(paragraph: Paragraph, rest: Paragraph['children']): Paragraph {
  const first = rest[0]
  const last = paragraph.children.at(-1)
  return {
    ...paragraph,
    children: rest,
    position:
      first?.position && last?.position ? {start: first.position.start, end: last.position.end} : paragraph.position
  }
}

/**
 * Whether a line goes on the appendix title: the first title line is any
 * title-like line; a later one must plainly continue the one before (it
 * ended on "and", "of", a comma; or it starts in lower case; or both are
 * phrases in sentence case and the line is in the same block or ends the
 * title before the appendix's content).
 */
function acceptTitleLine(line: string, previous: string, count: number, sameBlock: boolean): boolean {
  if (!titleLine(line)) return false
  if (count === 0) return true
  if (titleContinues(previous)) return true
  if (/^\s*\p{Ll}/u.test(line)) return true
  return sentenceCase(previous) && sentenceCase(line) && (sameBlock || !/[.!?]\s*$/.test(previous))
}

/** A block that can hold the rest of an appendix title: one or two lines, short, no sentence end. */
function titleBlock(paragraph: Paragraph): boolean {
  const text = toString(paragraph).trim()
  return paragraph.children.length <= 2 && text.length <= 160 && !/[.!?;:]["”’)]*$/.test(text)
}

/** Split a glued heading phrase off the start of a paragraph. */
function splitGlued(paragraph: Paragraph, words: number, file: VFile): Heading {
  const first = paragraph.children[0] as Text
  const match = new RegExp(`^\\s*(?:\\S+\\s+){${words}}`).exec(first.value)!
  const cut = match[0].length
  const phrase = first.value.slice(0, cut)
  const headingStart = pointAt(first, /^\s*/.exec(first.value)![0].length)
  const headingEnd = pointAt(first, phrase.trimEnd().length)
  const bodyStart = pointAt(first, cut)
  const heading: Heading = {
    type: 'heading',
    depth: 2,
    children: [
      {
        type: 'text',
        value: phrase.trim(),
        position: headingStart && headingEnd ? {start: headingStart, end: headingEnd} : first.position
      }
    ],
    position: headingStart && headingEnd ? {start: headingStart, end: headingEnd} : first.position,
    data: {}
  }
  first.value = first.value.slice(cut)
  if (first.data?.edits) first.data.edits = first.data.edits.map(([at, d]) => [at - cut, d])
  if (bodyStart && first.position) {
    first.position = {...first.position, start: bodyStart}
    if (paragraph.position) paragraph.position = {...paragraph.position, start: bodyStart}
  }
  recordChange(file, {
    ruleId: 'headings:split-glued',
    reason: `Heading \`${phrase.trim()}\` split off the paragraph it was glued to`,
    place: heading.position,
    original: `${phrase}${first.value.split(/\s+/)[0] ?? ''}`,
    replacement: `${phrase.trim()}\n\n${first.value.split(/\s+/)[0] ?? ''}`,
    evidence: 'heading phrase followed by a capitalized sentence start'
  })
  return heading
}

/** Title case for headings in capitals; trim stray spaces. */
function normalizeText(found: Found[], file: VFile, acronyms: Set<string>, options: HeadingsOptions): void {
  for (const {node} of found) {
    const texts = node.children.filter((c): c is Text => c.type === 'text')
    for (const text of texts) {
      const collapsed = text.value.replace(/[ \t]{2,}/g, ' ')
      if (collapsed === text.value) continue
      recordChange(file, {
        ruleId: 'headings:spaces',
        reason: 'Stray spaces in a heading collapsed',
        place: text.position,
        original: text.value.trim(),
        replacement: collapsed.trim()
      })
      text.value = collapsed
    }
    if (options.titleCase === false) continue
    // Appendix headings: only the title part (after the prefix) is looked at.
    const parts = node.data?.appendix ? texts.slice(1) : texts
    const printed = parts.map((t) => t.value).join('')
    if (!isAllCaps(printed)) continue
    // Title case the heading as a whole (small words depend on their place
    // in it), then share it out over the line nodes again: case changes
    // keep lengths, except for rare letters whose lower case is longer.
    const fixed = titleCase(printed, acronyms)
    if (fixed.length === printed.length) {
      let at = 0
      for (const text of parts) {
        const length = text.value.length
        text.value = fixed.slice(at, at + length)
        at += length
      }
    } else parts.forEach((text, i) => (text.value = i === 0 ? fixed : ''))
    if (fixed !== printed) {
      recordChange(file, {
        ruleId: 'headings:title-case',
        reason: `Heading in capitals set in title case: \`${fixed.trim()}\``,
        place: node.position,
        original: printed.trim(),
        replacement: fixed.trim(),
        evidence: 'heading printed in capitals; acronyms kept from the document'
      })
    }
  }
}

/** Title H1, sections and appendices H2, headings under an empty section H3. */
function assignDepths(tree: Root, found: Found[]): void {
  const sidecarTitle = tree.data?.metadata?.title
  const index = new Map<Heading, number>()
  tree.children.forEach((node, i) => {
    if (node.type === 'heading') index.set(node, i)
  })
  const firstContent = tree.children.findIndex((n) => n.type !== 'pageBreak')
  let parent: Heading | undefined // a section heading directly followed by another
  let firstChild: Heading | undefined
  for (let f = 0; f < found.length; f++) {
    const {node, kind} = found[f]!
    node.depth = 2
    if (kind === 'appendix') {
      parent = undefined
      firstChild = undefined
      continue
    }
    const at = index.get(node)!
    if (f === 0 && at === firstContent && titleLike(toString(node), sidecarTitle)) {
      node.depth = 1
      continue
    }
    // Numbered sections: "2.1 Background" is under "2. …"; "1. Introduction", "II. Background" are sections.
    const numbered = SECTION_NUMBER.exec(toString(node))
    if (numbered) {
      node.depth = numbered[1]!.includes('.') ? 3 : 2
      parent = undefined
      firstChild = undefined
      continue
    }
    const prev = previousContent(tree, at)
    if (prev?.type === 'heading' && prev.depth >= 2 && !prev.data?.appendix) {
      node.depth = 3
      parent = prev
      firstChild = node
      continue
    }
    if (parent && firstChild && similarHeadings(toString(firstChild), toString(node))) {
      node.depth = 3
      continue
    }
    parent = undefined
    firstChild = undefined
  }
}

/**
 * Whether a heading that opens the document is its title: always without a
 * sidecar title; with one, when most of the heading's words are in it (a
 * document that opens on "Summary" has its title elsewhere).
 */
function titleLike(heading: string, sidecar: string | undefined): boolean {
  if (!sidecar || sidecar.trim() === '') return true
  const words = (s: string) => s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []
  const title = new Set(words(sidecar))
  const own = words(heading)
  return own.length > 0 && own.filter((w) => title.has(w)).length / own.length >= 0.5
}

function previousContent(tree: Root, at: number): RootContent | undefined {
  for (let i = at - 1; i >= 0; i--) if (tree.children[i]!.type !== 'pageBreak') return tree.children[i]
  return undefined
}

/** Slug ids unique within the document (other blocks' ids are reserved). */
function assignIds(tree: Root, found: Found[]): void {
  const slugger = new Slugger()
  for (const node of tree.children) if (node.type !== 'heading' && node.data?.id) slugger.reserve(node.data.id)
  for (const {node} of found) if (node.data?.appendix) node.data.id = slugger.unique(`appendix-${node.data.appendix.number}`)
  for (const {node} of found) {
    if (node.data?.appendix) continue
    node.data = {...node.data, id: slugger.unique(slugify(toString(node)))}
  }
}

/** The metadata title: sidecar first, otherwise the first heading, otherwise the file name. */
function setTitle(tree: Root, file: VFile): void {
  const data = (tree.data ??= {})
  const metadata = (data.metadata ??= {source: {path: file.path ?? '', sha256: '', encoding: 'utf-8', lines: 0}} as DocumentMetadata)
  if (metadata.title && metadata.title.trim() !== '') return
  const first =
    tree.children.find((n): n is Heading => n.type === 'heading' && n.depth === 1) ??
    tree.children.find((n): n is Heading => n.type === 'heading' && !n.data?.appendix)
  if (first) {
    metadata.title = toString(first).trim()
    return
  }
  const name = (file.stem ?? file.basename ?? '').replace(/\.[^.]+$/, '')
  if (name) metadata.title = name
}

