/**
 * Escapes for Markdown that publishers feed to pandoc as well as to CommonMark
 * and GFM readers.
 *
 * mdast-util-to-markdown escapes for CommonMark and GFM, and errs on the safe
 * side. `publishable` takes its output for one `text` node and
 *
 * - adds what pandoc's own markdown reader would otherwise interpret: TeX
 *   (`\def…` runs as raw TeX, `$…$` as math: a manual's text made pandoc
 *   loop), superscript and subscript (`^…^`, `~…~`, `^[…]` notes) and
 *   citations (`@key`). Every such escape (`\\`, `\$`, `\^`, `\~`, `\@`) is a
 *   CommonMark backslash escape too, so CommonMark readers print the same text;
 * - drops escapes no CommonMark or GFM reader needs: `\[` of a bracket that
 *   cannot start a link, definition or span (`\[1]`), `\*` and `\_` between
 *   spaces (they cannot open or close emphasis: `5 \* 3`). (`www.` addresses
 *   are links, see autolinks.ts, so `www\.` is not written either.)
 *
 * The text's characters are never changed, only escaped differently:
 * tests/markdown-publish.test.ts renders the output with CommonMark/GFM
 * readers (and pandoc, when installed) and compares the text.
 */

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/
const WORD = /[\p{L}\p{N}_]/u
const SPACE = /[ \t]/

interface Token {
  /** The character of the text. */
  char: string
  /** How it is written in the escaped output. */
  written: string
}

/** Read the writer's output back into the characters of the text (escape pairs and character references). */
function tokens(escaped: string): Token[] {
  const out: Token[] = []
  for (let i = 0; i < escaped.length; ) {
    const c = escaped[i]!
    if (c === '\\' && i + 1 < escaped.length && ASCII_PUNCTUATION.test(escaped[i + 1]!)) {
      out.push({char: escaped[i + 1]!, written: escaped.slice(i, i + 2)})
      i += 2
      continue
    }
    if (c === '&') {
      const ref = /^&#(?:x([0-9a-f]+)|(\d+));/i.exec(escaped.slice(i, i + 12))
      if (ref) {
        out.push({char: String.fromCodePoint(ref[1] ? parseInt(ref[1], 16) : Number(ref[2])), written: ref[0]})
        i += ref[0].length
        continue
      }
    }
    const code = escaped.codePointAt(i)!
    const char = String.fromCodePoint(code)
    out.push({char, written: char})
    i += char.length
  }
  return out
}

/** Characters that, escaped or not, `publishable` may write differently from mdast-util-to-markdown. */
export const PUBLISH_SENSITIVE = /[\\$^~@[*_]/

/**
 * `escaped` is mdast-util-to-markdown's output for one text node; `before`
 * and `after` are the characters around the node in the printed line ('' at
 * a line edge); `inLabel` is true inside a link's text or any construct
 * other than plain blocks, where no escape is dropped.
 */
export function publishable(escaped: string, before = '', after = '', inLabel = false): string {
  if (!PUBLISH_SENSITIVE.test(escaped)) return escaped
  const list = tokens(escaped)
  const text = list.map((t) => t.char).join('')
  const charAt = (i: number) => (i < 0 ? before.slice(-1) : i >= list.length ? after.charAt(0) : list[i]!.char)
  // Brackets may form a link, a definition or a pandoc span only with one of these after a `]`.
  const bracketSyntax = /\][([:{]/.test(text + after.charAt(0))
  let out = ''
  for (let i = 0; i < list.length; i++) {
    const {char, written} = list[i]!
    const escapedNow = written.length === 2 && written[0] === '\\'
    const prev = charAt(i - 1)
    const next = charAt(i + 1)
    switch (char) {
      case '\\':
      case '$':
      case '^':
      case '~':
        // TeX, math, superscript, subscript and pandoc notes: always escaped.
        out += '\\' + char
        continue
      case '@':
        // A pandoc citation starts with `@` after a non-word character and before a word character.
        out += !WORD.test(prev) && (WORD.test(next) || next === '{') ? '\\@' : written
        continue
      case '[':
        // `[` that no `]` closes in this node, or with link syntax after a `]`, keeps its escape; so
        // does one that may start a line (a GFM task list item: `- [x] …`).
        out += escapedNow && !inLabel && !bracketSyntax && prev !== '!' && i > 0 && !isLineStart(list, i - 1) && text.indexOf(']', i + 1) !== -1 ? '[' : written
        continue
      case '*':
      case '_':
        // Between spaces (not at a line start) a delimiter run is neither left- nor right-flanking.
        out += escapedNow && !inLabel && SPACE.test(prev) && SPACE.test(next) && i - 1 >= 0 && !isLineStart(list, i - 1) ? char : written
        continue
      default:
        out += written
    }
  }
  return out
}

/** True when every character before index `i` (inclusive) of the node is a space: the node starts a line there, perhaps. */
function isLineStart(list: Token[], i: number): boolean {
  for (let k = 0; k <= i; k++) if (!SPACE.test(list[k]!.char)) return false
  return true
}
