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
 *   and the runs pandoc's `smart` extension would turn into other characters
 *   (`--`, `---`, `...`: `-\-`, `.\..`). Straight quotes, which `smart` curls,
 *   are left alone: the typography stage has curled them already, unless the
 *   user asked for straight ones (`asciiQuotes`; read with `-f markdown-smart`);
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

/** Block syntax of pandoc's markdown at a line start that CommonMark does not have (or escapes differently). */
const PANDOC_BLOCK = /^[ \t]*(?:(\()?(?:[A-Za-z]|[ivxlcdmIVXLCDM]+|\d+|#|@)([.)])(?=[ \t\n]|$)|([:|%])(?=[ \t\n]|$))/

/**
 * The index of the character to escape so that pandoc does not read a block
 * marker at the start of the line: a fancy or example list marker (`a)`,
 * `(iv)`, `B.`, `#.`, `(@)`), a definition (`: …`), a line block (`| …`) or a
 * title block (`% …`); -1 when there is none.
 */
export function pandocBlockMark(text: string): number {
  const m = PANDOC_BLOCK.exec(text)
  if (!m) return -1
  const at = m[0].length - 1
  // `(a)`: escape the opening parenthesis (the closing one alone is no marker for CommonMark either).
  if (m[1]) return text.indexOf('(')
  return at
}

/** A text that may start with `pandocBlockMark` syntax (for the writer's shortcut). */
export const PANDOC_BLOCK_START = PANDOC_BLOCK

/** Runs that pandoc's `smart` extension turns into dashes and ellipses. */
const SMART_RUN = /--|\.\./

/** Characters that, escaped or not, `publishable` may write differently from mdast-util-to-markdown. */
export const PUBLISH_SENSITIVE = /[\\$^~@[*_]/

/**
 * The text nodes printed next to each other with this one (a paragraph's
 * lines are separate nodes): a bracket opened on one line and closed on the
 * next is decided on the whole run, the same whether or not the writer joins
 * the nodes.
 */
export interface TextRun {
  /** The text of the run's nodes after this one. */
  rest: string
  /** Whether `]` is followed by `(`, `[`, `:` or `{` anywhere in the run (or after it): link syntax. */
  syntax: boolean
}

/**
 * `escaped` is mdast-util-to-markdown's output for one text node; `before`
 * and `after` are the characters around the node in the printed line ('' at
 * a line edge); `inLabel` is true inside a link's text or any construct
 * other than plain blocks, where no escape is dropped; `run` the text
 * nodes around it (see `TextRun`), without which the node is decided alone.
 */
export function publishable(escaped: string, before = '', after = '', inLabel = false, run?: TextRun): string {
  // A node printed after a line ending (a paragraph, a list item) starts a line; one in a table
  // cell or a heading (after `|` or `# `) does not. Characters after only spaces then start it too.
  const lineStart = before === '' || before === '\n'
  const sensitive = PUBLISH_SENSITIVE.test(escaped) || SMART_RUN.test(before.slice(-1) + escaped)
  if (!sensitive && !(lineStart && PANDOC_BLOCK.test(escaped + after.charAt(0)))) return escaped
  const list = tokens(escaped)
  const chars = list.map((t) => t.char)
  const text = chars.join('')
  const charAt = (i: number) => (i < 0 ? before.slice(-1) : i >= list.length ? after.charAt(0) : list[i]!.char)
  // Brackets may form a link, a definition or a pandoc span only with one of these after a `]`.
  const bracketSyntax = run ? run.syntax : /\][([:{]/.test(text + after.charAt(0))
  const closedLater = run ? run.rest.includes(']') : false
  const mayStartLine = (i: number) => lineStart && isLineStart(list, i - 1)
  // The character after the node decides whether a marker ends there (`%` then `a` is no marker).
  const blockMark = lineStart ? pandocBlockMark(text + after.charAt(0)) : -1
  let out = ''
  /** Whether the previous character was escaped here for pandoc's `smart` runs. */
  let brokeRun = false
  for (let i = 0; i < list.length; i++) {
    const {char, written} = list[i]!
    const broke = brokeRun
    brokeRun = false
    if (i === blockMark) {
      out += written.length === 2 ? written : '\\' + char
      continue
    }
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
      case '-':
      case '.':
        // pandoc's `smart` reads `--` as an en dash, `---` as an em dash and `...` as an ellipsis:
        // every second character of such a run is escaped (`-\-`, `.\..`), as pandoc's own writer does.
        if (written === char && prev === char && !broke) {
          out += '\\' + char
          brokeRun = true
        } else out += written
        continue
      case '@':
        // A pandoc citation starts with `@` after a non-word character and before a word character.
        out += !WORD.test(prev) && (WORD.test(next) || next === '{') ? '\\@' : written
        continue
      case '[':
        // `[` that no `]` closes in this node, or with link syntax after a `]`, keeps its escape; so
        // does one that may start a line (a GFM task list item: `- [x] …`).
        out += escapedNow && !inLabel && !bracketSyntax && prev !== '!' && !mayStartLine(i) && (chars.indexOf(']', i + 1) !== -1 || closedLater) ? '[' : written
        continue
      case '*':
      case '_':
        // Between spaces (not at a line start) a delimiter run is neither left- nor right-flanking.
        out += escapedNow && !inLabel && SPACE.test(prev) && SPACE.test(next) && !mayStartLine(i) ? char : written
        continue
      default:
        out += written
    }
  }
  return out
}

/** True when every character up to index `i` (inclusive; none when `i` is -1) of the node is a space. */
function isLineStart(list: Token[], i: number): boolean {
  for (let k = 0; k <= i; k++) if (!SPACE.test(list[k]!.char)) return false
  return true
}
