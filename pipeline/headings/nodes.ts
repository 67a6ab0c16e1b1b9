/**
 * Building heading nodes out of the blocks the `paragraphs` stage made: a
 * paragraph of heading lines, a numbered list of one item, a heading phrase
 * glued to a paragraph, an appendix label with the lines of its title. Each
 * heading keeps the source line nodes it was made of (with their
 * positions); what is left of a block it was cut from stays in place.
 */
import type {Heading, List, Paragraph, RootContent, Text} from 'mdast'
import {toString} from 'mdast-util-to-string'
import type {Position} from 'unist'
import type {VFile} from 'vfile'
import {recordChange} from '../messages.js'
import {pointAt} from '../text/line-edges.js'
import {labelWord, parseAppendixLabel, sentenceCase, titleContinues, titleLine, type AppendixLabel} from './appendix.js'

/** Longest appendix title, in source lines. */
const MAX_TITLE_LINES = 3

/** A paragraph of heading lines → a heading node (same text nodes, the last one trimmed). */
export function toHeading(paragraph: Paragraph): Heading {
  const texts = paragraph.children.filter((c): c is Text => c.type === 'text')
  trimEnds(texts)
  return {type: 'heading', depth: 2, children: paragraph.children as Heading['children'], position: paragraph.position, data: {}}
}

/** A numbered list of one heading-like item → a heading that keeps its number ("1. Introduction"). */
export function listHeading(list: List): Heading {
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
export function trimEnds(texts: Text[]): void {
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
export function appendixHeading(children: RootContent[], index: number, label: AppendixLabel, number: number, file: VFile): Heading {
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
    // No title, the table starts at once: "Date" / "Place" / "Event" are column heads.
    if (lines === 0 && current !== paragraph && columnHeads(children, j)) break
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
    position: span(prefixNode.position ?? labelNode.position, (lastTitle ?? labelNode).position ?? labelNode.position),
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

/** From the start of one span to the end of another (undefined without positions). */
function span(from: Position | undefined, to: Position | undefined): Position | undefined {
  return from && to ? {start: from.start, end: to.end} : undefined
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

/** Whether the block at `i` and the next two are one- or two-word cells (a table's column heads). */
function columnHeads(children: RootContent[], i: number): boolean {
  let seen = 0
  for (let j = i; j < children.length && seen < 3; j++) {
    const node = children[j]!
    if (node.type === 'pageBreak') continue
    if (node.type !== 'paragraph' || node.children.length > 1) return false
    const text = toString(node).trim()
    if (text.split(/\s+/).length > 2 || /[.!?;:,]$/.test(text) || !/^\p{Lu}/u.test(text)) return false
    seen++
  }
  return seen === 3
}

/** A block that can hold the rest of an appendix title: one or two lines, short, no sentence end. */
function titleBlock(paragraph: Paragraph): boolean {
  const text = toString(paragraph).trim()
  return paragraph.children.length <= 2 && text.length <= 160 && !/[.!?;:]["”’)]*$/.test(text)
}

/** Split a glued heading phrase off the start of a paragraph. */
export function splitGlued(paragraph: Paragraph, words: number, file: VFile): Heading {
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
