/**
 * Numbered section headings, found by their numbering.
 *
 * A document with numbered sections prints "1", "1.1", "1.2.1", "2." … in
 * order. One such line alone may be a list item or a paragraph that starts
 * with a number; a run of them that forms a valid outline (each number the
 * next sibling, the first child, or the next of an ancestor of the one
 * before) is the document's own section numbering, whatever the layout
 * around it. So the candidates are short blocks that open with a section
 * number and read like a heading (a capital, no sentence end but a question
 * mark), or a bare number block followed by such a title block (extractors
 * that put the number on a line of its own); the longest valid outline
 * chain among them, when it has at least `minChain` members and is not a
 * run of adjacent blocks (a numbered list of short items), becomes
 * headings, with the depth its numbering gives.
 *
 * Roman ("IV.") and letter ("B.") numbers count as one level, in their own sequence.
 */
import type {List, Paragraph, RootContent, Text} from 'mdast'
import {toString} from 'mdast-util-to-string'
import {numberLike} from './detect.js'
import {isAllCaps} from './title-case.js'

export interface NumberedOptions {
  /** Fewest headings in an outline chain. Default 3. */
  minChain?: number
  /** Longest numbered heading title, in words. Default 30. */
  maxWords?: number
}

export interface NumberedHeading {
  /** Index of the block in the root's children. */
  index: number
  /** The number as printed ("1.2.1", "2.", "IV."). */
  number: string
  /** Levels of the number: 1 for "2", 3 for "2.1.3". */
  level: number
  /** When the number is a block of its own: the index of the title block after it. */
  titleIndex?: number
  /** The block is an ordered list of one item (its marker is the number). */
  list?: boolean
  /** The number is the last line of the paragraph at `index` (to be split off). */
  splitLast?: boolean
}

const ARABIC = /^(\d{1,2}(?:\.\d{1,2}){0,5})(\.?)$/
const ROMAN = /^([IVXLC]{1,6})\.$/
const LETTER = /^([A-Z])\.$/
const LEAD = /^(\d{1,2}(?:\.\d{1,2}){0,5}\.?|[IVXLC]{1,6}\.|[A-Z]\.)\s+(\S[\s\S]*)$/u
const SENTENCE_END = /[.,;:!…]["'”’)\]]*$/
/** A line that may open with a section number. */
const NUMBER_START = /^\s*(?:\d|[IVXLC]+\.|[A-Z]\.)/
/** A last line that is a multi-level section number alone. */
const LAST_NUMBER = /^\s*\d{1,2}(?:\.\d{1,2})+\.?\s*$/

interface Parsed {
  kind: 'arabic' | 'roman' | 'letter'
  parts: number[]
}

function romanValue(text: string): number | undefined {
  const values: Record<string, number> = {I: 1, V: 5, X: 10, L: 50, C: 100}
  let total = 0
  for (let i = 0; i < text.length; i++) {
    const v = values[text[i]!]!
    const next = values[text[i + 1] ?? ''] ?? 0
    total += v < next ? -v : v
  }
  return total > 0 && total < 90 ? total : undefined
}

function parseNumber(token: string): Parsed | undefined {
  let m = ARABIC.exec(token)
  if (m) {
    const parts = m[1]!.split('.').map(Number)
    if (parts.some((p) => p === 0 && parts.length > 1)) return undefined
    return {kind: 'arabic', parts}
  }
  m = ROMAN.exec(token)
  if (m) {
    const v = romanValue(m[1]!)
    return v ? {kind: 'roman', parts: [v]} : undefined
  }
  m = LETTER.exec(token)
  if (m) return {kind: 'letter', parts: [m[1]!.charCodeAt(0) - 64]}
  return undefined
}

/** Whether `b` can follow `a` in an outline: next sibling, first child, or next of an ancestor. */
export function follows(a: readonly number[], b: readonly number[]): boolean {
  if (b.length === a.length + 1) return a.every((x, i) => b[i] === x) && b.at(-1) === 1
  if (b.length > a.length) return false
  const k = b.length - 1
  for (let i = 0; i < k; i++) if (a[i] !== b[i]) return false
  return b[k] === a[k]! + 1
}

function lines(node: Paragraph): string[] {
  return node.children.filter((c): c is Text => c.type === 'text').map((t) => t.value.trim())
}

/** A title that can follow a section number: a capital or digit first, no sentence end, not too long. */
function titleText(text: string, maxWords: number): boolean {
  const t = text.trim()
  if (!/^["“‘(]*[\p{Lu}\p{N}]/u.test(t) || !/\p{L}{2}/u.test(t)) return false
  // The stop of an abbreviation ("… 12:01 p.m.") ends no sentence.
  if (SENTENCE_END.test(t) && !/\p{L}\?["”’)]*$/u.test(t) && !/(?:^|\s)(?:\p{Ll}\.){2,}$/u.test(t)) {
    // "Section 3 – Scope." style: a short title may end on a full stop; a sentence has lower-case words.
    if (!(/\.$/.test(t) && (isAllCaps(t) || t.split(/\s+/).length <= 6))) return false
  }
  if (t.split(/\s+/).length > maxWords) return false
  // A URL or an address is no title, and a month or a date is none either ("7 NOVEMBER" is a day).
  if (/https?:|www\.|@/.test(t)) return false
  if (numberLike(t)) return false
  return true
}

/**
 * Whether `b` comes after `a` in outline order with sections skipped (one
 * missed where the extractor glued a heading to its text): later, and at most one
 * level deeper.
 */
export function comesAfter(a: readonly number[], b: readonly number[]): boolean {
  if (b.length > a.length + 1) return false
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (b[i]! > a[i]!) return b[i]! - a[i]! <= 2
    if (b[i]! < a[i]!) return false
  }
  return b.length > a.length && b.at(-1)! <= 2
}

/** A short paragraph of plain text (one to four lines). */
function shortParagraph(node: RootContent | undefined): node is Paragraph {
  if (node?.type !== 'paragraph') return false
  if (node.children.some((c) => c.type !== 'text')) return false
  const n = lines(node).length
  return n >= 1 && n <= 4
}

/** The candidate at `children[i]`, if it is one. */
function candidate(children: RootContent[], i: number, maxWords: number): (NumberedHeading & {parsed: Parsed}) | undefined {
  const node = children[i]
  if (node?.type === 'list') return node.ordered ? listCandidate(node, i, maxWords) : undefined
  if (node?.type !== 'paragraph') return undefined
  // Cheap first look (most blocks are prose): a number at the start of the first line or as the last line.
  const firstText = node.children[0]
  const lastText = node.children.at(-1)
  const numberFirst = firstText?.type === 'text' && NUMBER_START.test(firstText.value)
  const numberLast = lastText?.type === 'text' && node.children.length > 1 && LAST_NUMBER.test(lastText.value)
  if (!numberFirst && !numberLast) return undefined
  // The number as the last line of the paragraph before (an extractor left no blank line after it).
  if (node?.type === 'paragraph' && node.children.every((c) => c.type === 'text') && lines(node).length > 1) {
    const last = lines(node).at(-1)!
    const parsed = /^\d/.test(last) && last.includes('.') ? parseNumber(last) : undefined
    const next = children[i + 1]
    if (parsed && shortParagraph(next) && titleText(toString(next), maxWords) && !parseNumber(toString(next).trim())) {
      return {index: i, number: last, level: parsed.parts.length, titleIndex: i + 1, splitLast: true, parsed}
    }
  }
  if (!shortParagraph(node)) return undefined
  const text = toString(node).trim()
  const bare = parseNumber(text)
  if (bare) {
    // The number on a line of its own, the title in the next block.
    let j = i + 1
    while (children[j]?.type === 'pageBreak') j++
    const next = children[j]
    if (!shortParagraph(next) || !titleText(toString(next), maxWords) || parseNumber(toString(next).trim())) return undefined
    return {index: i, number: text, level: bare.parts.length, titleIndex: j, parsed: bare}
  }
  const m = LEAD.exec(text)
  if (!m) return undefined
  const parsed = parseNumber(m[1]!)
  if (!parsed || !titleText(m[2]!, maxWords)) return undefined
  return {index: i, number: m[1]!, level: parsed.parts.length, parsed}
}

/** An ordered list of one short item that reads like a title ("1. WHEN TO TEST"). */
function listCandidate(list: List, i: number, maxWords: number): (NumberedHeading & {parsed: Parsed}) | undefined {
  if (!list.ordered || list.children.length !== 1) return undefined
  const item = list.children[0]!
  const paragraph = item.children[0]
  if (item.children.length !== 1 || !shortParagraph(paragraph) || lines(paragraph).length > 3) return undefined
  if (!titleText(toString(paragraph), maxWords)) return undefined
  const marker = (item.data as {marker?: string} | undefined)?.marker ?? `${list.start ?? 1}.`
  const parsed = parseNumber(marker)
  if (!parsed) return undefined
  return {index: i, number: marker, level: parsed.parts.length, parsed, list: true}
}

/**
 * The numbered section headings among the root's children: the longest
 * valid outline chain of candidates, per numbering kind.
 */
export function findNumberedHeadings(children: RootContent[], options: NumberedOptions = {}): NumberedHeading[] {
  const minChain = options.minChain ?? 3
  const maxWords = options.maxWords ?? 30
  const all: Array<NumberedHeading & {parsed: Parsed}> = []
  for (let i = 0; i < children.length; i++) {
    const c = candidate(children, i, maxWords)
    if (c) {
      all.push(c)
      if (c.titleIndex !== undefined) i = c.titleIndex
    }
  }
  const chosen: NumberedHeading[] = []
  for (const kind of ['arabic', 'roman', 'letter'] as const) {
    const list = all.filter((c) => c.parsed.kind === kind)
    if (list.length < minChain) continue
    // Longest chain by dynamic programming (candidates are few).
    // Links are exact (the next number) or loose (a section or two skipped); exact ones weigh more.
    const best = new Array<number>(list.length).fill(2)
    const prev = new Array<number>(list.length).fill(-1)
    for (let b = 0; b < list.length; b++) {
      for (let a = 0; a < b; a++) {
        const pa = list[a]!.parsed.parts
        const pb = list[b]!.parsed.parts
        const gain = follows(pa, pb) ? 2 : comesAfter(pa, pb) ? 1 : 0
        if (gain > 0 && best[a]! + gain > best[b]!) {
          best[b] = best[a]! + gain
          prev[b] = a
        }
      }
    }
    let end = 0
    for (let b = 1; b < list.length; b++) if (best[b]! > best[end]!) end = b
    const chain: Array<NumberedHeading & {parsed: Parsed}> = []
    for (let at = end; at >= 0; at = prev[at]!) chain.unshift(list[at]!)
    if (chain.length < minChain) continue
    // Most links must be exact: the numbering is the document's own, not numbers that happen to rise.
    let exact = 0
    for (let k = 1; k < chain.length; k++) if (follows(chain[k - 1]!.parsed.parts, chain[k]!.parsed.parts)) exact++
    if (exact < (chain.length - 1) * 0.6) continue
    // A numbered list of short items sits block after block; sections have text between them.
    let apart = 0
    for (let k = 1; k < chain.length; k++) {
      const from = chain[k - 1]!.titleIndex ?? chain[k - 1]!.index
      if (children.slice(from + 1, chain[k]!.index).some((n) => n.type !== 'pageBreak')) apart++
    }
    if (apart < (chain.length - 1) / 2) continue
    for (const {parsed: _parsed, ...heading} of chain) chosen.push(heading)
  }
  return chosen.sort((a, b) => a.index - b.index)
}
