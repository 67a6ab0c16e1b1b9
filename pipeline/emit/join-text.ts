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
 * - the characters on both sides of the seam are letters, digits or spaces,
 *   which no unsafe pattern targets (a space only next to a line ending);
 * - neither node holds a line ending, and the left one holds something other
 *   than spaces, tabs and digits: the only context longer than one character
 *   is “line ending, spaces, digits” before a list marker (`1.`, `#`, `-`),
 *   and that can then never reach across the seam.
 *
 * Every other unsafe pattern looks at one character on each side, and those
 * are the same whether the nodes are printed apart or together.
 */

const PLAIN = /^[\p{L}\p{N} ]$/u
const LINE_ENDING = /[\r\n]/
const NOT_BREAK_CONTEXT = /[^\t \d]/

export function canJoinText(left: string, right: string): boolean {
  if (left.length === 0 || right.length === 0) return false
  return (
    PLAIN.test(left[left.length - 1]!) &&
    PLAIN.test(right[0]!) &&
    !LINE_ENDING.test(left) &&
    !LINE_ENDING.test(right) &&
    NOT_BREAK_CONTEXT.test(left)
  )
}
