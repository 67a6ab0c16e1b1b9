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
 * - Headings run into a paragraph by an extraction without blank lines
 *   (`headings/inner.ts`): lines in capitals opening it (`headings:caps-lead`),
 *   a Title Case line inside it over a line that opens on a sentence starter
 *   (`headings:inner-line`) or ending it over a heading or prose
 *   (`headings:last-line`), a run-in heading at a line start after a sentence
 *   end (`headings:inner-run-in`), a section number and its title on two lines
 *   (`headings:inner-number`). A labelled field ("Defined by: …", a schedule's
 *   "Morning: …") is no heading.
 * - Levels: the title (a heading that opens the document and agrees with the
 *   sidecar title, if any) is depth 1; sections and appendices depth 2;
 *   below them depth 3: numbered subsections ("2.1 …"), and a heading that
 *   directly follows a section heading, with the headings like it after it.
 * - Headings printed in capitals are title-cased, keeping acronyms learned
 *   from the document (`headings:title-case`, `headings/title-case.ts`);
 *   stray spaces are trimmed (`headings:spaces`).
 * - Each heading gets a slug id (`data.id`) unique within the document
 *   (`headings/slug.ts`). Heading nodes are built in `headings/nodes.ts`.
 * - The document title: the metadata sidecar's, else the first heading,
 *   else the file name; stored in `root.data.metadata.title`.
 */
import type {Heading, List, Paragraph, Root, RootContent, Text} from 'mdast'
import {toString} from 'mdast-util-to-string'
import type {Plugin} from 'unified'
import type {VFile} from 'vfile'
import {recordChange, recordDecision} from '../messages.js'
import type {DocumentMetadata} from '../types.js'
import {labelNumber, labelsAreRoman, labelWord, parseAppendixLabel, titleContinues, type AppendixLabel} from '../headings/appendix.js'
import {
  capsStyle,
  gluedHeading,
  FIELD_LABEL,
  numberLike,
  numberedHeading,
  opensProse,
  repeatedHeading,
  runInContext,
  runInHeading,
  repeatedRunInHeading,
  type RunInContext,
  shortNext,
  similarHeadings,
  standaloneHeading,
  titleBlock,
  trailingColumnHead,
  wrapsLikeHeading,
  type DetectOptions
} from '../headings/detect.js'
import {capsLead, endsSentence, innerHeadingLine, lastLineHeading, runInStarts, titleCaseLine} from '../headings/inner.js'
import {appendixHeading, listHeading, splitGlued, toHeading} from '../headings/nodes.js'
import {assignHeadingIds} from '../headings/slug.js'
import {differentType, geometryHeading, geometryRunIn} from '../readers/geometry-rules.js'
import {findNumberedHeadings, type NumberedOptions} from '../headings/numbered.js'
import {documentAcronyms, isAllCaps, titleCase} from '../headings/title-case.js'
import {countWords, firstWords} from '../text/word-count.js'

export interface HeadingsOptions extends DetectOptions {
  /** Split heading phrases glued to the start of a paragraph. Default true. */
  glued?: boolean
  /** Title-case headings printed in capitals. Default true. */
  titleCase?: boolean
  /** Acronyms to keep in capitals, besides those the document shows. */
  acronyms?: string[]
  /** Numbered section headings found by their outline (`headings/numbered.ts`); `false` turns it off. */
  numbered?: NumberedOptions | false
}

/** A section number opening a heading: "1.", "2.1", "3.2.1", "IV." (group 1 without a final dot). */
const SECTION_NUMBER = /^((?:\d{1,2}(?:\.\d{1,2})+|\d{1,2}|[IVX]{1,5}))\.?\s+\p{Lu}/u

export const headings: Plugin<[HeadingsOptions?], Root> = function (options = {}) {
  return (tree, file) => {
    const found = findHeadings(tree, file, options)
    // Learned from the prose once the headings are out of it.
    const acronyms = documentAcronyms(tree)
    for (const word of options.acronyms ?? []) acronyms.add(word)
    // Printed in capitals: a style of its own for the levels (read before title case).
    const capitals = new Set(found.filter(({node}) => capsStyle(toString(node))).map(({node}) => node))
    normalizeText(found, file, acronyms, options)
    assignDepths(tree, found)
    outlineNumbers(found)
    styleDepths(tree, found, capitals, file)
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
  if (options.numbered !== false) {
    splitSectionNumbers(children, file)
    numberedSections(children, file, options.numbered ?? {})
  }
  firstBlockTitle(children, file)
  let appendixCount = 0
  let inAppendix = false
  let runIn: RunInContext | undefined
  let measure: number | undefined
  let fieldCounts: Map<string, number> | undefined
  let lineCounts: Map<string, number> | undefined
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
    // A run-in heading the document repeats opens this block: split it off first (its entry is no heading).
    if (options.glued !== false && node.type === 'paragraph') {
      const repeated = repeatedRunInHeading(node, (runIn ??= runInContext(children)), options)
      if (repeated) {
        children.splice(i, 0, splitGlued(node, repeated, file))
        continue
      }
    }
    if ((!fieldLine(children, i, (fieldCounts ??= fieldLabels(children))) && standaloneHeading(children, i, options)) || geometryHeading(node, file)) {
      // "Chronology: Summit Meetings Abroad, 1955–1979" / "Date": a table's
      // first column head read as the heading's second line goes back out.
      const cell = trailingColumnHead(children, i) ? node.children.pop() : undefined
      children[i] = toHeading(node)
      if (cell) children.splice(i + 1, 0, {type: 'paragraph', children: [cell], position: cell.position, data: {}})
      continue
    }
    // A heading's lines run into the paragraph (no blank line around them): split out.
    if (innerHeadings(children, i, file, options, (measure ??= documentMeasure(children)), () => (lineCounts ??= countLines(children)))) {
      i--
      continue
    }
    if (options.glued !== false) {
      // PDF input: a bold run-in head opening the paragraph (readers/geometry-rules.ts).
      const split = gluedHeading(node, options) ?? geometryRunIn(node, file) ?? runInHeading(node, (runIn ??= runInContext(children)), options)
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
  joinWrappedCapitals(children, file)
  pageTopRepeats(children, file)
  // Reading order, with the kind of each.
  return children
    .filter((n): n is Heading => n.type === 'heading')
    .map((node) => ({node, kind: node.data?.appendix ? ('appendix' as const) : ('section' as const)}))
}

/** A paragraph of the inline nodes `nodes` (whole source lines), its position from theirs. */
function paragraphOf(nodes: Paragraph['children']): Paragraph {
  // The line that now ends a block loses its separating space, as a paragraph's last line has none.
  const last = nodes.at(-1)
  if (last?.type === 'text') last.value = last.value.replace(/\s+$/, '')
  const start = nodes[0]?.position?.start
  const end = nodes.at(-1)?.position?.end
  return {type: 'paragraph', children: nodes, position: start && end ? {start, end} : undefined, data: {}}
}

/**
 * A paragraph's inline nodes grouped by the source line they start on (a
 * line's text, then a note reference and the rest of the line); undefined
 * when a node has no position.
 */
function lineGroups(node: Paragraph): Array<Paragraph['children']> | undefined {
  const groups: Array<Paragraph['children']> = []
  let line = -1
  for (const child of node.children) {
    const at = child.position?.start.line
    if (at === undefined) return undefined
    if (child.type === 'text' && at !== line) groups.push([])
    if (groups.length === 0) return undefined
    groups.at(-1)!.push(child)
    line = child.position?.end.line ?? at
  }
  return groups
}

/** A heading made of whole source lines; toHeading needs text nodes only. */
function headingOf(nodes: Paragraph['children']): Heading | undefined {
  return nodes.every((c) => c.type === 'text') ? toHeading(paragraphOf(nodes)) : undefined
}

/** Record a heading split out of a paragraph's lines (a decision: the words stay as printed). */
function recordInner(file: VFile, place: Heading['position'] | Paragraph['position'], ruleId: string, reason: string, evidence: string): void {
  recordDecision(file, {ruleId, reason, place, evidence})
}

/**
 * Headings run into a paragraph (`headings/inner.ts`), in an extraction
 * that printed no blank line around them: lines in capitals opening it
 * (`headings:caps-lead`), a Title Case line inside it before a sentence
 * (`headings:inner-line`) or ending it over a heading or prose
 * (`headings:last-line`), and a run-in heading at the start of a line
 * after a sentence end (`headings:inner-run-in`: the paragraph is cut there,
 * and the glued-heading rules split the phrase off). True when `children`
 * changed; `children[i]` is then looked at again.
 */
function innerHeadings(children: RootContent[], i: number, file: VFile, options: HeadingsOptions, measure: number, repeats: () => Map<string, number>): boolean {
  const node = children[i]
  if (node?.type !== 'paragraph' || node.children.length < 2) return false
  const groups = lineGroups(node)
  if (!groups || groups.length < 2) return false
  const ls = groups.map((g) => g.map((c) => toString(c)).join('').trim())
  // A line printed three times or more is a running head left in the text, not a heading.
  const repeated = (line: string) => (repeats().get(line) ?? 0) >= 3
  const flat = (from: number, to = groups.length) => groups.slice(from, to).flat()
  const lead = capsLead(ls)
  const leadHeading = lead === undefined ? undefined : headingOf(flat(0, lead))
  if (leadHeading) {
    children.splice(i, 1, leadHeading, paragraphOf(flat(lead!)))
    recordInner(file, leadHeading.position, 'headings:caps-lead', 'Lines in capitals opening a paragraph are its heading', `${lead} line(s) in capitals, then a sentence in mixed case`)
    return true
  }
  const inner = innerHeadingLine(ls)
  const innerHeading = inner === undefined || repeated(ls[inner]!) ? undefined : headingOf(groups[inner]!)
  if (innerHeading) {
    const rest = paragraphOf(flat(inner! + 1))
    children.splice(i, 1, ...(inner === 0 ? [innerHeading, rest] : [paragraphOf(flat(0, inner)), innerHeading, rest]))
    recordInner(file, innerHeading.position, 'headings:inner-line', 'A line in Title Case inside a paragraph is a heading', 'after a sentence end, before a line that opens on a word that only starts sentences')
    return true
  }
  if (lastLineHeading(ls, measure) && !repeated(ls.at(-1)!)) {
    const at = nextContentIndex(children, i)
    const next = children[at]
    const heading = headingOf(groups.at(-1)!)
    if (heading && (next?.type === 'heading' || opensProse(children, at) || standaloneHeading(children, at, options))) {
      children.splice(i, 1, paragraphOf(flat(0, groups.length - 1)), heading)
      recordInner(file, heading.position, 'headings:last-line', 'A line in Title Case ending a paragraph is the heading of what follows', `the line before it ends a sentence; a ${next?.type === 'heading' ? 'heading' : 'paragraph of prose'} follows`)
      return true
    }
  }
  if (options.glued === false) return false
  for (const j of runInStarts(ls, measure)) {
    // The glued-heading rules read the first line and count a dozen words: three lines
    // are enough (the whole rest for each start line made long paragraphs quadratic).
    // (A probe, not paragraphOf: that trims the last line's space, here inside the paragraph.)
    const k = gluedHeading({type: 'paragraph', children: flat(j, j + 3)}, options)
    // (Only the strong sign, a word that starts sentences right after the phrase: the document's
    // lower-case words, runInHeading, let names through in running text, "Few in the United States had …".)
    if (k === undefined) continue
    // Inside a paragraph only a phrase in Title Case (a sentence in sentence case starts lines everywhere).
    const phrase = firstWords(ls[j]!, k)
    if (!titleCaseLine(phrase)) continue
    const tail = paragraphOf(flat(j))
    children.splice(i, 1, paragraphOf(flat(0, j)), tail)
    recordInner(file, tail.position, 'headings:inner-run-in', 'A paragraph cut before a run-in heading at the start of a line', `after a sentence end, the line opens on the heading phrase "${phrase}"`)
    return true
  }
  return false
}

function fieldLabel(node: RootContent | undefined): string | undefined {
  if (node?.type !== 'paragraph') return undefined
  const first = node.children[0]
  return first?.type === 'text' ? FIELD_LABEL.exec(first.value.trim())?.[1] : undefined
}

/** How many blocks open on each field label. */
function fieldLabels(children: RootContent[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const node of children) {
    const label = fieldLabel(node)
    if (label) counts.set(label, (counts.get(label) ?? 0) + 1)
  }
  return counts
}

/**
 * Whether `children[i]` is a labelled field, not a heading: it opens on a
 * label and a colon ("Defined by: Member of …") and the same label opens
 * another block of the document, or the block after it (or the one after
 * a short entry of one line) opens on a label too (a schedule: "Morning: Focus Group 1" / "Lunch
 * break" / "Afternoon: Focus Group 2"). A heading with a label and a number
 * ("Item 4: Budget") has digits in its label, so it stays.
 */
function fieldLine(children: RootContent[], i: number, labels: Map<string, number>): boolean {
  const label = fieldLabel(children[i])
  if (!label) return false
  if ((labels.get(label) ?? 0) >= 2) return true
  const j = nextContentIndex(children, i)
  if (fieldLabel(children[j])) return true
  // Over one short entry ("Lunch break") to the next field; prose between fields makes sections.
  const between = children[j]
  const short = between?.type === 'paragraph' && between.children.length === 1 && countWords(toString(between), 7) <= 6
  return short && fieldLabel(children[nextContentIndex(children, j)]) !== undefined
}

/** A multi-level section number alone on a line ("1.2.1", "3.4."). */
const SECTION_NUMBER_LINE = /^\d{1,2}(?:\.\d{1,2})+\.?$/

/**
 * A section number on a line of its own and its title on the next, run into
 * a paragraph after a sentence end ("… good practices." / "1.2.1" / "Enable
 * Receipt of Unsolicited Reports" / "Before the …"): the two lines become a
 * block of their own, for the outline rules (`headings/numbered.ts`) to judge
 * (`headings:inner-number`, recorded).
 */
function splitSectionNumbers(children: RootContent[], file: VFile): void {
  for (let i = 0; i < children.length; i++) {
    const node = children[i]
    if (node?.type !== 'paragraph' || node.children.length < 3) continue
    // Cheap first look: a line node that is a section number (most paragraphs have none).
    if (!node.children.some((c, k) => k > 0 && c.type === 'text' && SECTION_NUMBER_LINE.test(c.value.trim()))) continue
    const groups = lineGroups(node)
    if (!groups || groups.length < 3) continue
    const ls = groups.map((g) => g.map((c) => toString(c)).join('').trim())
    const j = ls.findIndex((line, k) => k > 0 && k + 1 < ls.length && SECTION_NUMBER_LINE.test(line) && endsSentence(ls[k - 1]!) && titleCaseLine(ls[k + 1]!))
    if (j < 0) continue
    const flat = (from: number, to = groups.length) => groups.slice(from, to).flat()
    const block = paragraphOf(flat(j, j + 2))
    children.splice(i, 1, paragraphOf(flat(0, j)), block, ...(j + 2 < groups.length ? [paragraphOf(flat(j + 2))] : []))
    recordInner(file, block.position, 'headings:inner-number', 'A section number and its title run into a paragraph become a block of their own', `"${ls[j]}" alone on a line after a sentence end, a title in Title Case under it`)
    i++
  }
}

/** How often each line (trimmed text node of a paragraph) stands in the document. */
function countLines(children: RootContent[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const node of children) {
    if (node.type !== 'paragraph') continue
    for (const child of node.children) {
      if (child.type !== 'text') continue
      const line = child.value.trim()
      counts.set(line, (counts.get(line) ?? 0) + 1)
    }
  }
  return counts
}

function nextContentIndex(children: RootContent[], i: number): number {
  let j = i + 1
  while (j < children.length && children[j]!.type === 'pageBreak') j++
  return j
}

/**
 * A heading in capitals wrapped over two source lines that came out as two
 * headings ("AGENDA ITEM 5: QUESTIONS RAISED" / "IN THE SELF-SURVEY OF THE
 * HISTORICAL OFFICE"): the second starts on the line right after the first
 * ends, both are in capitals and the first ends on no stop. They become one
 * heading (`headings:wrapped`, recorded).
 */
function joinWrappedCapitals(children: RootContent[], file: VFile): void {
  for (let i = 0; i + 1 < children.length; i++) {
    const a = children[i]!
    const b = children[i + 1]!
    if (a.type !== 'heading' || b.type !== 'heading' || a.data?.appendix || b.data?.appendix || b.data?.number) continue
    if (!a.position || !b.position || b.position.start.line !== a.position.end.line + 1) continue
    const first = toString(a).trim()
    const second = toString(b).trim()
    if (!isAllCaps(first) || !isAllCaps(second) || /[.!?;:]["'”’)]*$/.test(first)) continue
    const last = a.children.at(-1)
    if (last?.type === 'text' && !/\s$/.test(last.value)) last.value += ' '
    a.children.push(...b.children)
    a.position = {start: a.position.start, end: b.position.end}
    children.splice(i + 1, 1)
    recordDecision(file, {
      ruleId: 'headings:wrapped',
      reason: 'A heading in capitals wrapped over two lines is one heading',
      place: a.position,
      evidence: 'both lines in capitals, the second right under the first, no stop between'
    })
    i--
  }
}

/**
 * A running head that carries the current section's title repeats a
 * heading's words at the top of a later (or the same) page. When the words
 * of a heading stand both at a page top (right after a page break) and
 * elsewhere, the copies at page tops are the running head: they go back to
 * being paragraphs (`headings:running-head`, recorded; their words stay for
 * the layout rules to judge). Numbered and appendix headings are left alone.
 */
function pageTopRepeats(children: RootContent[], file: VFile): void {
  const groups = new Map<string, number[]>()
  children.forEach((node, i) => {
    if (node.type !== 'heading' || node.data?.appendix || node.data?.number) return
    const key = toString(node).trim().toLowerCase().replace(/\s+/g, ' ')
    groups.set(key, [...(groups.get(key) ?? []), i])
  })
  // Only where page tops carry section titles as a rule (most pages), not
  // where one section happens to start at the top of a page.
  const tops = children.filter((n, i) => i > 0 && children[i - 1]!.type === 'pageBreak' && n.type !== 'pageBreak')
  const titled = tops.filter((n) => n.type === 'heading' && (groups.get(toString(n).trim().toLowerCase().replace(/\s+/g, ' '))?.length ?? 0) >= 2)
  if (titled.length < 2 || titled.length * 2 < tops.length) return
  for (const at of groups.values()) {
    if (at.length < 2) continue
    const top = at.filter((i) => i > 0 && children[i - 1]!.type === 'pageBreak')
    if (top.length === 0 || top.length === at.length) continue
    for (const i of top) {
      const node = children[i] as Heading
      children[i] = {type: 'paragraph', children: node.children as Paragraph['children'], position: node.position, data: {}}
      recordDecision(file, {
        ruleId: 'headings:running-head',
        reason: 'A heading repeated at the top of a page is the running head, not a heading',
        place: node.position,
        evidence: `the same words stand as a heading ${at.length - top.length} time(s) away from a page top`
      })
    }
  }
}

/**
 * Numbered sections by their outline: each becomes a heading that keeps its
 * number as printed (also in `data.number`), a number on a line of its own
 * joined with its title. Recorded as `headings:numbered` (not a change of words).
 */
function numberedSections(children: RootContent[], file: VFile, options: NumberedOptions): void {
  const found = findNumberedHeadings(children, options)
  // From the end, so that indexes stay valid while title blocks are merged in.
  for (let k = found.length - 1; k >= 0; k--) {
    // (A split-off number goes round once more, as a block of its own.)
    const {index, number, level, titleIndex, list} = found[k]!
    if (list) {
      const heading = listHeading(children[index] as List)
      heading.data = {...heading.data, number}
      heading.depth = Math.min(6, level + 1) as Heading['depth']
      children[index] = heading
      recordNumbered(file, heading, number, level, found.length)
      continue
    }
    let node = children[index] as Paragraph
    if (found[k]!.splitLast) {
      // The number line leaves the paragraph it was glued to, and opens the heading.
      const line = node.children.pop() as Text
      const rest = node.children.at(-1)
      if (rest?.position && node.position) node.position = {start: node.position.start, end: rest.position.end}
      node = {type: 'paragraph', children: [line], position: line.position, data: {}}
      children.splice(index + 1, 0, node)
      found[k] = {...found[k]!, index: index + 1, titleIndex: titleIndex! + 1, splitLast: false}
      k++
      continue
    }
    if (titleIndex !== undefined) {
      const title = children[titleIndex] as Paragraph
      const numberText = node.children[0] as Text
      numberText.value = `${numberText.value.trim()} `
      node.children.push(...title.children)
      if (node.position && title.position) node.position = {start: node.position.start, end: title.position.end}
      children.splice(index + 1, titleIndex - index)
    }
    const entry = scheduleTail(node)
    if (entry) children.splice(index + 1, 0, entry)
    const heading = toHeading(node)
    heading.data = {...heading.data, number}
    heading.depth = Math.min(6, level + 1) as Heading['depth']
    children[index] = heading
    recordNumbered(file, heading, number, level, found.length, titleIndex !== undefined)
  }
}

/**
 * The lines of a numbered heading's block from the first one that opens on a
 * clock time ("3.4.1.2. Daily Structure (Example Schedule)" / "9:00 – 10:30:
 * Session 1"): the first entry of a schedule under the heading, not its title.
 * They leave `node` and come back as a paragraph of their own (words unchanged).
 */
function scheduleTail(node: Paragraph): Paragraph | undefined {
  const at = node.children.findIndex((c, k) => k > 0 && c.type === 'text' && /^\s*\d{1,2}:\d{2}\b/.test(c.value))
  if (at <= 0) return undefined
  const rest = node.children.splice(at)
  const kept = node.children.at(-1)
  if (kept?.type === 'text') kept.value = kept.value.replace(/\s+$/, '')
  if (node.position && kept?.position) node.position = {start: node.position.start, end: kept.position.end}
  return paragraphOf(rest)
}

/** Record a numbered heading as a structural decision (info, not a change of words). */
function recordNumbered(file: VFile, heading: Heading, number: string, level: number, count: number, joined = false): void {
  const message = file.info(`Numbered section heading ${number} (level ${level})`, {
    place: heading.position,
    ruleId: 'headings:numbered',
    source: 'reprint'
  }) as ReturnType<VFile['info']> & {evidence?: string}
  message.evidence = `${count} section numbers in outline order${joined ? '; number printed on a line of its own, joined with its title' : ''}`
}

/**
 * A text that opens on a number and goes on with a title of its own: four
 * words or more, three of them capitalized words of letters ("29 U.S.C.
 * §794d. Electronic and Information Technology", "2 Scope of the Rules").
 */
function numberedSection(text: string): boolean {
  const words = text.split(/\s+/)
  return /^\p{N}/u.test(text) && words.length >= 4 && words.filter((w) => /^["“(\[]*\p{Lu}\p{Ll}{2,}/u.test(w)).length >= 3
}

/**
 * The block that opens the document is its title when it reads like one,
 * whatever follows it (`headings:title`, a recorded decision). Running
 * heads are gone by now (layout), so it is the first page's own first line.
 * Appendix labels are left to their own rule.
 */
function firstBlockTitle(children: RootContent[], file: VFile): void {
  let at = firstContentIndex(children)
  // A page number left over the title ("1" / title / prose, one block in
  // `pdftotext -raw`) goes to a block of its own; the title is after it.
  if (splitLeadingNumber(children, at)) at++
  splitTrailingDate(children, at)
  let split = false
  if (!titleBlock(children[at])) {
    split = splitTitleLines(children, at)
    if (!split) return
  }
  const node = children[at]
  if (!titleBlock(node)) return
  const first = node.children[0]
  if (first?.type === 'text' && parseAppendixLabel(first.value)) return
  // A title wrapped over lines that were cut into blocks: the blocks right under it (on the
  // next source line, no blank line between) that read like a title and wrap with it like one.
  let merged = 0
  for (;;) {
    const next = children[at + 1]
    if (!titleBlock(next) || !next.position || !node.position) break
    if (next.position.start.line !== node.position.end.line + 1) break
    // A PDF shows a title and the heading under it in different type: never one title.
    if (differentType(file, node.position.end.line, next.position.start.line)) break
    // A finished title line, then a line that opens on a number and goes on with a title of its own
    // ("… Act, as amended" / "29 U.S.C. §794d. Electronic and Information Technology"): the first section's heading.
    if (numberedSection(toString(next).trim()) && !titleContinues(toString(node).trim())) break
    const lines = [...node.children, ...next.children].map((c) => toString(c).trim())
    if (!wrapsLikeHeading(lines) || lines.join(' ').split(/\s+/).length > 24) break
    // Lines keep their separating space at the end, as in any paragraph.
    const last = node.children.at(-1)
    if (last?.type === 'text' && !/\s$/.test(last.value)) last.value += ' '
    node.children.push(...next.children)
    node.position = {start: node.position.start, end: next.position.end}
    children.splice(at + 1, 1)
    merged++
  }
  const heading = toHeading(node)
  children[at] = heading
  const message = file.info('The first block of the document reads like a title', {
    place: heading.position,
    ruleId: 'headings:title',
    source: 'reprint'
  }) as ReturnType<VFile['info']> & {evidence?: string}
  message.evidence = `first block of the first page; short, no sentence end${merged ? `; ${merged + 1} blocks on consecutive lines wrapped as one title` : ''}${split ? '; its short lines split from the paragraph they were run into' : ''}`
}

/** A block that is only a page number ("1", "- 1 -", "Page 1"). */
function pageNumberBlock(node: RootContent | undefined): boolean {
  return node?.type === 'paragraph' && node.children.length === 1 && PAGE_NUMBER_LINE.test(toString(node).trim())
}

const PAGE_NUMBER_LINE = /^(?:[-–—]+\s*)?(?:page\s+)?\d{1,3}(?:\s*[-–—]+)?$/i

/** The first block of the document that is neither a page break nor a page number. */
function firstContentIndex(children: RootContent[]): number {
  return children.findIndex((n) => n.type !== 'pageBreak' && !pageNumberBlock(n))
}

/**
 * The first paragraph opens with a page-number line and goes on: the number
 * becomes a paragraph of its own (its words stay), so the title can be found
 * after it. True when split.
 */
function splitLeadingNumber(children: RootContent[], at: number): boolean {
  const node = children[at]
  if (node?.type !== 'paragraph' || node.children.length < 2 || node.children.some((c) => c.type !== 'text')) return false
  const first = node.children[0] as Text
  if (!PAGE_NUMBER_LINE.test(first.value.trim())) return false
  const rest = node.children.slice(1)
  node.children = [first]
  node.position = first.position
  const restStart = rest[0]!.position
  children.splice(at + 1, 0, {type: 'paragraph', children: rest, position: restStart && rest.at(-1)!.position ? {start: restStart.start, end: rest.at(-1)!.position!.end} : undefined, data: {}})
  return true
}

/**
 * A title block whose last line is a date ("September 2, 2020"), run in by
 * the extractor: the date line becomes a block of its own under the title.
 */
function splitTrailingDate(children: RootContent[], at: number): void {
  const node = children[at]
  if (node?.type !== 'paragraph' || node.children.length < 2 || node.children.length > 6 || node.children.some((c) => c.type !== 'text')) return
  const last = node.children.at(-1) as Text
  const text = last.value.trim()
  if (!numberLike(text) || !/\d{4}/.test(text) || !/\p{L}{3}/u.test(text)) return
  const head: Paragraph = {type: 'paragraph', children: node.children.slice(0, -1), position: node.position, data: {}}
  if (!titleBlock(head)) return
  const before = head.children.at(-1)!.position
  if (node.position && before) head.position = {start: node.position.start, end: before.end}
  children.splice(at, 1, head, {type: 'paragraph', children: [last], position: last.position, data: {}})
}

/**
 * A title run into the first paragraph (an extraction without a blank line
 * after it): its one to three lines are short against the paragraph's lines,
 * read like a title, and the paragraph's text starts with a capital on the
 * next line. They become a block of their own; true when split.
 */
function splitTitleLines(children: RootContent[], at: number): boolean {
  const node = children[at]
  if (node?.type !== 'paragraph' || node.children.some((c) => c.type !== 'text')) return false
  const texts = node.children as Text[]
  if (texts.length < 4) return false
  const lengths = texts.map((t) => t.value.trim().length)
  // The paragraph's own lines give the measure; a short paragraph borrows the document's.
  const own = [...lengths.slice(3)].sort((a, b) => a - b)[Math.floor((lengths.length - 3) / 2)]!
  const width = lengths.length >= 8 ? own : Math.max(own, documentMeasure(children))
  for (let k = 1; k <= 3 && k <= texts.length - 3; k++) {
    const head = texts.slice(0, k)
    if (lengths.slice(0, k).some((n) => n > width * 0.8)) return false
    if (!/^["“‘(]*\p{Lu}/u.test(texts[k]!.value.trim())) continue
    if (/[-\u2010.!?;:,]["'”’)]*$/.test(head.at(-1)!.value.trim())) continue
    const candidate: Paragraph = {type: 'paragraph', children: head, position: head[0]!.position && head.at(-1)!.position ? {start: head[0]!.position!.start, end: head.at(-1)!.position!.end} : undefined, data: {}}
    if (!titleBlock(candidate)) continue
    const rest = texts.slice(k)
    node.children = rest
    if (node.position && rest[0]!.position) node.position = {start: rest[0]!.position.start, end: node.position.end}
    children.splice(at, 0, candidate)
    return true
  }
  return false
}

/** The typical length of a full line: the median of the inner lines of paragraphs of three lines or more. */
function documentMeasure(children: RootContent[]): number {
  const lengths: number[] = []
  for (const node of children) {
    if (node.type !== 'paragraph' || node.children.length < 3) continue
    for (const line of node.children.slice(0, -1)) if (line.type === 'text') lengths.push(line.value.trim().length)
  }
  lengths.sort((a, b) => a - b)
  return lengths.length ? lengths[Math.floor(lengths.length / 2)]! : 0
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

/** An Arabic section number opening a heading ("1", "2.1.", "7"), whatever follows. */
const LEADING_NUMBER = /^(\d{1,2}(?:\.\d{1,2})*\.?)\s+(\S+(?:\s+\S+)?)/u

/**
 * Headings found by their type or shape (not by the outline chain) that open
 * with an Arabic number get it as their section number (`data.number`) when
 * the numbers of the document's headings read as an outline: two or more,
 * top-level parts never going back, top-level sections ("1", "2") each once.
 * Repeated numbers ("29 U.S.C. …" twice) and dates ("8 November …") are no outline.
 */
function outlineNumbers(found: Found[]): void {
  const numbered: Array<{node: Heading; number: string}> = []
  for (const {node, kind} of found) {
    if (kind !== 'section') continue
    const m = LEADING_NUMBER.exec(toString(node).trimStart())
    if (node.data?.number) numbered.push({node, number: node.data.number})
    else if (m && !numberLike(m[2]!)) numbered.push({node, number: m[1]!})
  }
  if (numbered.length < 2) return
  let top = 0
  const seen = new Set<number>()
  for (const {number} of numbered) {
    const parts = number.replace(/\.$/, '').split('.').map(Number)
    if (parts.some(Number.isNaN)) continue
    if (parts[0]! < top) return
    top = parts[0]!
    if (parts.length === 1) {
      if (seen.has(top)) return
      seen.add(top)
    }
  }
  for (const {node, number} of numbered) if (!node.data?.number) node.data = {...node.data, number}
}

/** Title H1, sections and appendices H2, headings under an empty section H3. */
function assignDepths(tree: Root, found: Found[]): void {
  const sidecarTitle = tree.data?.metadata?.title
  const index = new Map<Heading, number>()
  tree.children.forEach((node, i) => {
    if (node.type === 'heading') index.set(node, i)
  })
  const firstContent = firstContentIndex(tree.children)
  let parent: Heading | undefined // a section heading directly followed by another
  let firstChild: Heading | undefined
  for (let f = 0; f < found.length; f++) {
    const {node, kind} = found[f]!
    // Found by their outline: the depth their number gives (sections under a depth-1 title).
    if (node.data?.number) {
      parent = undefined
      firstChild = undefined
      continue
    }
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
 * Levels from the document's own styles, for headings that have no number
 * (numbered ones keep the depth of their number; the title and appendices
 * keep theirs):
 *
 * - Two case styles: when the headings come both in capitals and in mixed
 *   case, each style two times or more, the style with fewer headings is the
 *   upper level (sections, depth 2) and the other is under it (depth 3), from
 *   the first heading of the upper style on (mixed-case headings before it,
 *   "Meeting Details" over a list of agenda sections in capitals, stay sections).
 * - Repeated subheads: a heading whose words stand as a heading more than
 *   once ("Requirements", "Examples" under each part) is a subhead, one level
 *   under the nearest heading before it that is not repeated.
 *
 * Recorded as `headings:depth` (a decision, not a change of words).
 */
function styleDepths(tree: Root, found: Found[], capitals: Set<Heading>, file: VFile): void {
  const before = new Map(found.map(({node}) => [node, node.depth]))
  const why = new Map<Heading, string>()
  const order = new Map(tree.children.map((node, i) => [node, i]))
  const plain = found
    .filter(({node, kind}) => kind === 'section' && !node.data?.number && node.depth >= 2 && !SECTION_NUMBER.test(toString(node)))
    .map(({node}) => node)
    .sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0))
  const caps = plain.filter((n) => capitals.has(n))
  const mixed = plain.filter((n) => !capitals.has(n))
  if (caps.length >= 2 && mixed.length >= 2 && caps.length !== mixed.length) {
    const upper = caps.length < mixed.length ? caps : mixed
    const lower = upper === caps ? mixed : caps
    const start = order.get(upper[0]!) ?? 0
    const style = (nodes: Heading[]) => (nodes === caps ? 'capitals' : 'mixed case')
    for (const node of upper) (node.depth = 2), why.set(node, `${upper.length} headings in ${style(upper)}, ${lower.length} in ${style(lower)}: the rarer style is the upper level`)
    for (const node of lower) if ((order.get(node) ?? 0) > start) (node.depth = 3), why.set(node, `${lower.length} headings in ${style(lower)} under ${upper.length} in ${style(upper)}`)
  }
  const key = (node: Heading) => toString(node).trim().toLowerCase().replace(/\s+/g, ' ')
  const count = new Map<string, number>()
  for (const node of plain) count.set(key(node), (count.get(key(node)) ?? 0) + 1)
  let parent: Heading | undefined
  let afterRepeated = false
  for (const node of found.map((f) => f.node).sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0))) {
    const repeated = plain.includes(node) && (count.get(key(node)) ?? 0) >= 2
    if (!repeated) {
      // A subhead of its own after repeated ones ("Requirements" / "Ecosystem"),
      // set under the part already, is their sibling, not a new parent.
      if (!(afterRepeated && parent && node.depth > parent.depth)) parent = node
      afterRepeated = false
      continue
    }
    afterRepeated = true
    if (parent) (node.depth = Math.min(6, parent.depth + 1) as Heading['depth']), why.set(node, `the same heading stands ${count.get(key(node))} times: a subhead under the heading before it`)
  }
  for (const [node, evidence] of why) {
    if (before.get(node) === node.depth) continue
    recordDecision(file, {ruleId: 'headings:depth', reason: `Heading level ${node.depth} from the document's styles`, place: node.position, evidence})
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

/** GitHub's heading ids (github-slugger), in document order, appendix headings included (other blocks' ids are reserved). */
function assignIds(tree: Root, found: Found[]): void {
  const order = new Map(tree.children.map((node, i) => [node, i]))
  const inOrder = [...found].sort((a, b) => (order.get(a.node) ?? 0) - (order.get(b.node) ?? 0))
  // The dates stage gives them again when a date in a heading prints in another style.
  assignHeadingIds(tree, inOrder.map((f) => f.node))
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

/** The plugin as the module's default export, as remark plugins are published. */
export default headings
