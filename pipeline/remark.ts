/**
 * Using reprint's stages inside someone else's remark pipeline.
 *
 * Every stage works on a tree from plain remark-parse: the line-edge stages
 * split multi-line `text` nodes into one node per source line themselves
 * (`remarkLines` does only that, for a pipeline that wants the shape
 * earlier), and `dates` teaches remark-stringify to print its `date` nodes.
 *
 *   unified()
 *     .use(remarkParse)
 *     .use(dehyphenate)
 *     .use(dates)
 *     .use(remarkStringify)
 */
import type {Root} from 'mdast'
import type {Plugin} from 'unified'
import type {VFile} from 'vfile'
import {dateToMarkdown} from './stages/dates.js'
import {splitLines} from './text/split-lines.js'

/** Split multi-line `text` nodes into one node per source line (the shape reprint's stages read; they also do it themselves). */
export const remarkLines: Plugin<[], Root> = function () {
  return (tree: Root, file: VFile) => {
    splitLines(tree, file)
  }
}

/**
 * remark-stringify handlers for reprint's inline nodes: a `date` prints in
 * the house style its `dates` stage recorded (as printed when it recorded no
 * change). The `dates` stage registers the same handler itself; this plugin
 * remains for trees whose `date` nodes came from elsewhere (a saved JSON tree).
 */
export const reprintMarkdown: Plugin<[], Root> = function () {
  const data = this.data() as {toMarkdownExtensions?: unknown[]}
  const extensions = (data.toMarkdownExtensions ??= [])
  if (!extensions.includes(dateToMarkdown)) extensions.push(dateToMarkdown)
}
