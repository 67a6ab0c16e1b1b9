/**
 * paragraphs: raw lines → paragraphs and lists.
 *
 * Hard-wrapped lines are unwrapped; a paragraph cut by a page break in mid
 * sentence is joined again; real paragraph breaks are kept, also where the
 * extractor left no blank line (a line clearly shorter than the text width
 * that ends a sentence ends a paragraph, and so does an indented line after
 * one). Lines starting with `1.`, `a)`, `(b)`, `•` or `- ` form lists.
 *
 * Each paragraph keeps one `text` node per source line, with its position;
 * the node's value ends with the separator to the next line (a space), so the
 * paragraph's plain text is the concatenation of its children. Later stages
 * (dehyphenate, repair-edges) work on these line edges.
 */
import type {List, ListItem, Paragraph, Root, RootContent, Text} from 'mdast'
import type {Plugin} from 'unified'
import type {RawLine} from '../types.js'

export interface ParagraphsOptions {
  /** A line shorter than this share of the text width can end a paragraph. Default 0.85. */
  shortLine?: number
}

const LIST_MARKER = /^(?:(\d{1,3})[.)]|\(?([a-z]|[ivx]{1,4})\)|([•▪◦●*]|-(?=\s)))\s+/
const SENTENCE_END = /[.!?:;…]["”’)\]]*$/
const OPENS_SENTENCE = /^["“‘(\[]*[\p{Lu}\p{N}]/u

interface Line {
  node: RawLine
  text: string
  indent: number
}

export const paragraphs: Plugin<[ParagraphsOptions?], Root> = function (options = {}) {
  const shortShare = options.shortLine ?? 0.85
  return (tree) => {
    const width = textWidth(tree.children)
    const short = width * shortShare
    const blocks: RootContent[] = []
    let current: Line[] = []
    let pendingBreak = false

    const flush = () => {
      if (current.length > 0) blocks.push(...toBlocks(current, short))
      current = []
    }

    for (const node of tree.children) {
      if (node.type === 'pageBreak') {
        pendingBreak = true
        continue
      }
      if (node.type !== 'rawLine') {
        flush()
        blocks.push(node)
        continue
      }
      const text = node.value.trim()
      if (text === '') {
        flush()
        continue
      }
      const line: Line = {node, text, indent: node.value.length - node.value.trimStart().length}
      if (pendingBreak) {
        // A page break inside a sentence: keep going in the same paragraph.
        const last = current.at(-1) ?? lastLineOf(blocks)
        const continues = last !== undefined && !SENTENCE_END.test(last.text) && /^[\p{Ll}\d,;)]/u.test(text)
        if (!continues) flush()
        else if (current.length === 0) current = reopenLast(blocks)
        pendingBreak = false
        blocks.push({type: 'pageBreak', position: node.position})
        if (continues) {
          // The break node goes after the joined paragraph instead.
          blocks.pop()
        }
      }
      current.push(line)
    }
    flush()
    let n = 0
    for (const block of blocks) {
      if (block.type === 'paragraph' || block.type === 'list') {
        block.data = {...block.data, id: `${block.type === 'list' ? 'list' : 'p'}-${++n}`}
      }
    }
    tree.children = blocks
  }
}

/** The text width: a high percentile of line lengths, robust to a few long lines. */
function textWidth(nodes: RootContent[]): number {
  const lengths = nodes
    .filter((n): n is RawLine => n.type === 'rawLine' && n.value.trim().length > 0)
    .map((n) => n.value.trimEnd().length)
    .sort((a, b) => a - b)
  if (lengths.length === 0) return 80
  return lengths[Math.floor(lengths.length * 0.9)] ?? lengths.at(-1)!
}

/** Split a run of non-blank lines into paragraphs and lists. */
function toBlocks(lines: Line[], short: number): RootContent[] {
  const groups: {lines: Line[]; marker?: RegExpExecArray}[] = []
  let group: {lines: Line[]; marker?: RegExpExecArray} | undefined
  lines.forEach((line, i) => {
    const prev = lines[i - 1]
    const marker = LIST_MARKER.exec(line.text) ?? undefined
    const endsPrev =
      prev !== undefined &&
      SENTENCE_END.test(prev.text) &&
      OPENS_SENTENCE.test(line.text) &&
      (prev.text.length < short || (line.indent > prev.indent && line.indent > 0))
    if (!group || marker || endsPrev) {
      group = {lines: [], marker}
      groups.push(group)
    }
    group.lines.push(line)
  })

  const blocks: RootContent[] = []
  for (const g of groups) {
    if (g.marker) {
      const item = toListItem(g.lines, g.marker)
      const last = blocks.at(-1)
      const ordered = g.marker[1] !== undefined
      if (last?.type === 'list' && last.ordered === ordered) {
        last.children.push(item)
        last.position = {start: last.position!.start, end: item.position!.end}
      } else {
        const list: List = {
          type: 'list',
          ordered,
          start: ordered ? Number(g.marker[1]) : null,
          spread: false,
          children: [item],
          position: item.position
        }
        blocks.push(list)
      }
    } else blocks.push(toParagraph(g.lines))
  }
  return blocks
}

function toListItem(lines: Line[], marker: RegExpExecArray): ListItem {
  // Numbers and bullets become list structure; letter and roman markers
  // ("(a)", "iv)") have no mdast form, so they stay in the item's text.
  const structural = marker[1] !== undefined || marker[3] !== undefined
  const first = lines[0]!
  const paragraph = structural
    ? toParagraph([{...first, text: first.text.slice(marker[0].length)}, ...lines.slice(1)], marker[0].length)
    : toParagraph(lines)
  return {
    type: 'listItem',
    spread: false,
    checked: null,
    data: {marker: marker[0].trim()} as ListItem['data'],
    children: [paragraph],
    position: paragraph.position
  }
}

function toParagraph(lines: Line[], firstSkip = 0): Paragraph {
  const children: Text[] = lines.map((line, i) => {
    const start = line.node.position.start
    const lead = line.indent + (i === 0 ? firstSkip : 0)
    const last = i === lines.length - 1
    return {
      type: 'text',
      value: last ? line.text : line.text + ' ',
      position: {
        start: {line: start.line, column: start.column + lead, offset: (start.offset ?? 0) + lead},
        end: {
          line: start.line,
          column: start.column + lead + line.text.length,
          offset: (start.offset ?? 0) + lead + line.text.length
        }
      }
    }
  })
  return {
    type: 'paragraph',
    children,
    position: {start: children[0]!.position!.start, end: children.at(-1)!.position!.end}
  }
}

/** The last line of the last paragraph in `blocks`, for page-break joining. */
function lastLineOf(blocks: RootContent[]): {text: string} | undefined {
  const last = blocks.at(-1)
  if (last?.type !== 'paragraph') return undefined
  const text = last.children.at(-1)
  return text?.type === 'text' ? {text: text.value.trim()} : undefined
}

/** Take the last paragraph back out of `blocks` as lines, to continue it. */
function reopenLast(blocks: RootContent[]): Line[] {
  const last = blocks.pop() as Paragraph
  return last.children.map((child) => {
    const text = child as Text
    const node: RawLine = {type: 'rawLine', value: text.value.trim(), position: text.position!}
    return {node, text: text.value.trim(), indent: 0}
  })
}
