/**
 * Using reprint's stages inside someone else's remark pipeline.
 *
 * reprint's own `paragraphs` stage leaves one `text` node per source line, and
 * the line-edge stages (`dehyphenate`, `repairEdges`) look at the boundaries
 * between them. remark-parse keeps a paragraph's lines in one `text` node with
 * `\n` inside, so `remarkLines` splits such nodes into one node per line (with
 * exact source positions) first. `reprintMarkdown` teaches remark-stringify to
 * print reprint's own inline nodes (`date`).
 *
 *   unified()
 *     .use(remarkParse)
 *     .use(remarkLines)
 *     .use(dehyphenate)
 *     .use(dates)
 *     .use(reprintMarkdown)
 *     .use(remarkStringify)
 */
import type {Nodes, Parent, Root, Text} from 'mdast'
import type {Plugin} from 'unified'
import type {VFile} from 'vfile'
import type {DateMention} from './types.js'

/** Node types whose text is not prose: never split or changed. */
const OPAQUE = new Set(['link', 'linkReference', 'image', 'imageReference', 'inlineCode', 'code', 'html', 'definition', 'yaml', 'toml'])

/** Split multi-line `text` nodes into one node per source line (the shape reprint's stages read). */
export const remarkLines: Plugin<[], Root> = function () {
  return (tree: Root, file: VFile) => {
    const source = typeof file.value === 'string' ? file.value : file.value ? new TextDecoder().decode(file.value) : undefined
    const lineStarts = source === undefined ? undefined : startsOfLines(source)
    const walk = (node: Nodes) => {
      if (OPAQUE.has(node.type) || !('children' in node)) return
      const parent = node as Parent
      const children: Parent['children'] = []
      for (const child of parent.children) {
        if (child.type === 'text' && child.value.includes('\n')) for (const part of splitText(child, source, lineStarts)) children.push(part)
        else {
          walk(child as Nodes)
          children.push(child)
        }
      }
      parent.children = children
    }
    walk(tree)
  }
}

function splitText(node: Text, source: string | undefined, lineStarts: number[] | undefined): Text[] {
  const lines = node.value.split('\n')
  const start = node.position?.start
  return lines.map((line, i) => {
    const last = i === lines.length - 1
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

/** remark-stringify handlers for reprint's inline nodes: a `date` prints as the text it was. */
export const reprintMarkdown: Plugin<[], Root> = function () {
  const data = this.data() as {toMarkdownExtensions?: unknown[]}
  const extensions = (data.toMarkdownExtensions ??= [])
  extensions.push({
    handlers: {
      date(node: DateMention, _parent: unknown, state: {safe: (value: string, info: unknown) => string}, info: unknown) {
        return state.safe(node.value, info)
      }
    }
  })
}
