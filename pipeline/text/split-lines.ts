/**
 * One `text` node per source line: the shape the line-edge stages read.
 *
 * reprint's own `paragraphs` stage leaves that shape. remark-parse keeps a
 * paragraph's lines in one `text` node with `\n` inside, so the line-edge
 * stages (`dehyphenate`, `repairEdges`, `typography`) call `splitLines`
 * first: a tree from plain remark-parse then works without extra plugins.
 * On reprint's own tree no text node holds a line ending and this is one walk.
 */
import type {Nodes, Parent, Root, Text} from 'mdast'
import type {VFile} from 'vfile'

/** Node types whose text is not prose: never split or changed. */
const OPAQUE = new Set(['link', 'linkReference', 'image', 'imageReference', 'inlineCode', 'code', 'html', 'definition', 'yaml', 'toml'])

/** Split every multi-line `text` node of `tree` into one node per line, with exact source positions. Returns how many were split. */
export function splitLines(tree: Root, file?: VFile): number {
  let split = 0
  let source: string | undefined
  let lineStarts: number[] | undefined
  let sourceRead = false
  const walk = (node: Nodes) => {
    if (OPAQUE.has(node.type) || !('children' in node)) return
    const parent = node as Parent
    let children: Parent['children'] | undefined
    for (let i = 0; i < parent.children.length; i++) {
      const child = parent.children[i]!
      if (child.type === 'text' && child.value.includes('\n')) {
        if (!sourceRead) {
          sourceRead = true
          const value = file?.value
          source = typeof value === 'string' ? value : value ? new TextDecoder().decode(value) : undefined
          lineStarts = source === undefined ? undefined : startsOfLines(source)
        }
        children ??= parent.children.slice(0, i)
        for (const part of splitText(child, source, lineStarts)) children.push(part)
        split++
      } else {
        walk(child as Nodes)
        children?.push(child)
      }
    }
    if (children) parent.children = children
  }
  walk(tree)
  return split
}

function splitText(node: Text, source: string | undefined, lineStarts: number[] | undefined): Text[] {
  const lines = node.value.split('\n')
  const start = node.position?.start
  return lines.map((line, i) => {
    const last = i === lines.length - 1
    // A line keeps one space where its line ending was, as reprint's paragraphs do.
    const text: Text = {type: 'text', value: last ? line : line.replace(/\s+$/, '') + ' '}
    if (start) {
      const lineNo = start.line + i
      let column = i === 0 ? start.column : 1
      let offset = i === 0 ? start.offset : lineStarts?.[lineNo - 1]
      // remark-parse drops a continuation line's indentation: find the line in the source.
      if (i > 0 && source !== undefined && offset !== undefined) {
        const found = source.indexOf(line, offset)
        if (found >= 0 && found - offset < 4 + 1) {
          column += found - offset
          offset = found
        }
      }
      text.position = {
        start: {line: lineNo, column, offset},
        end: {line: lineNo, column: column + line.length, offset: offset === undefined ? undefined : offset + line.length}
      }
    }
    return text
  })
}

function startsOfLines(source: string): number[] {
  const starts = [0]
  for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) starts.push(i + 1)
  return starts
}
