/**
 * When two neighbouring `text` nodes can be printed as one.
 *
 * Our tree keeps one `text` node per source line (the line-edge stages need
 * that), and a paragraph's dates become `text` nodes too. mdast-util-to-markdown
 * escapes each `text` node on its own: it runs every unsafe pattern over the
 * node, and serializes the *next* node once more just to learn its first
 * character. Printing a paragraph of 40 nodes as one is several times
 * cheaper, and is byte-identical as long as nothing at the seam can be
 * escaped or give context to an escape:
 *
 * - the characters on both sides of the seam are not characters that an
 *   unsafe pattern targets (CommonMark and GFM syntax: `* _ [ ] # - . : @ |`
 *   and so on, see `SYNTAX`), so neither is ever escaped; a space is
 *   targeted only next to a line ending, and there is none;
 * - neither node holds a line ending, and the left one holds something other
 *   than spaces, tabs and digits: the only context longer than one character
 *   is “line ending, spaces, digits” before a list marker (`1.`, `#`, `-`),
 *   and that can then never reach across the seam.
 *
 * Every other unsafe pattern looks at one character on each side, and those
 * are the same whether the nodes are printed apart or together.
 * tests/markdown-join-text.test.ts checks this on generated text.
 */
import type {PhrasingContent} from 'mdast'

/**
 * Characters that unsafe patterns of mdast-util-to-markdown, mdast-util-gfm
 * and mdast-util-frontmatter target (printable ASCII ones; controls are
 * excluded separately), plus the backslash.
 */
const SYNTAX = '!"#&\'()*+-.:<=>@[\\]_`|~'
const LINE_ENDING = /[\r\n]/
const NOT_BREAK_CONTEXT = /[^\t \d]/

/** A character no unsafe pattern targets: no ASCII syntax or control, no surrogate half. */
function isPlain(code: number): boolean {
  if (code < 0x80) return code >= 0x20 && code !== 0x7f && !SYNTAX.includes(String.fromCharCode(code))
  return code < 0xd800 || code > 0xdfff
}

export function canJoinText(left: string, right: string): boolean {
  return joinable(left) && joinable(right) && isPlain(right.charCodeAt(0)) && isPlain(left.charCodeAt(left.length - 1)) && NOT_BREAK_CONTEXT.test(left)
}

/**
 * Characters whose escape depends on the whole node (markdown-escape.ts: a
 * bracket's `]`, spaces around `*` and `_` from the node's start): a node
 * holding one is printed on its own, so joining cannot change its escapes.
 */
const NODE_CONTEXT = /[[\]*_]/

/** A node that may be joined at all: not empty, no line ending, nothing escaped by node context. */
function joinable(value: string): boolean {
  return value.length > 0 && !LINE_ENDING.test(value) && !NODE_CONTEXT.test(value)
}

/**
 * `nodes` with runs of `text` nodes joined where `canJoinText` allows. Each
 * value is tested once (not the growing joined text again at every seam).
 */
export function joinTexts(nodes: readonly PhrasingContent[]): PhrasingContent[] {
  const out: PhrasingContent[] = []
  /** The run being joined: its values, and whether it already holds a non-break character. */
  let run: string[] = []
  let breakFree = false
  const close = () => {
    if (run.length > 1) out[out.length - 1] = {type: 'text', value: run.join('')}
    run = []
  }
  for (const node of nodes) {
    if (node.type !== 'text' || !joinable(node.value)) {
      close()
      out.push(node)
      continue
    }
    const value = node.value
    const left = run.at(-1)
    if (left !== undefined && breakFree && isPlain(left.charCodeAt(left.length - 1)) && isPlain(value.charCodeAt(0))) {
      run.push(value)
      continue
    }
    close()
    out.push(node)
    run = [value]
    breakFree = NOT_BREAK_CONTEXT.test(value)
  }
  close()
  return out
}
