/**
 * Code listings and configuration snippets among raw lines: lines whose
 * shape is that of code, not prose. A line is surely code when it opens or
 * closes a brace, ends with a backslash, or with `;` after other code symbols, or is a `key = value` or
 * `[section]` line, and has no run of prose words; it may be code when it
 * is dense with the symbols of code (`{}[]<>=;\/_$|&*`). A run of two or
 * more such lines with at least one sure one is a listing (a short plain
 * line between two code lines goes with them).
 */

import {asciiLettersOnly} from './ascii.js'

/** Share of symbol characters above which a line may be code. */
const DENSITY = 0.12
const SYMBOLS = /[{}[\]<>=;\\/_$|&*@]/g
const CODE_CHARS = /[{}[\]<>=;\\/_$|&*@(]/
/** Three lowercase words in a row, or four words: prose, not code. */
const PROSE = /\p{Ll}{2,}[,;]? \p{Ll}{2,}[,;]? \p{Ll}{2,}|\p{L}{2,}[,;]? \p{L}{2,}[,;]? \p{L}{2,}[,;]? \p{L}{2,}/u
/** `PROSE` for a text whose letters are all ASCII (text/ascii.ts): compiling PROSE took 1.3 ms of a short run for a two-byte line. */
export const PROSE_ASCII = /[a-z]{2,}[,;]? [a-z]{2,}[,;]? [a-z]{2,}|[A-Za-z]{2,}[,;]? [A-Za-z]{2,}[,;]? [A-Za-z]{2,}[,;]? [A-Za-z]{2,}/

/** Whether `text` holds a run of prose words (`PROSE`). */
export function hasProse(text: string): boolean {
  return (asciiLettersOnly(text) ? PROSE_ASCII : PROSE).test(text)
}

/** Every shape for which `codeLike` may answer 2 (its tests, without those that rule a line out). */
const SURE_SHAPE = /^[{}]|\{$|^\}|\\$|;$|^[\w.-]+\s*=\s*\S|^\[[\w. -]+\]$|^[\w.]+\(.*\)[;{]?$/

/** 2 when `text` (trimmed) is surely a line of code or configuration, 1 when it may be, 0 when not. */
export function codeLike(text: string): 0 | 1 | 2 {
  // URLs are full of slashes and colons, and prose cites them.
  // Most prose lines hold none of the characters any rule below needs (measured: one test per line).
  if (!CODE_CHARS.test(text)) return 0
  if (text.includes('://') || /^www\./.test(text)) return 0
  if (/^[{}]|\{$|^\}/.test(text)) return 2
  if (hasProse(text)) return 0
  if (/\\$/.test(text) || (/;$/.test(text) && /[=(){}[\]<>]/.test(text)) || /^[\w.-]+\s*=\s*\S/.test(text) || /^\[[\w. -]+\]$/.test(text) || /^[\w.]+\(.*\)[;{]?$/.test(text)) return 2
  const symbols = text.match(SYMBOLS)?.length ?? 0
  return text.length >= 8 && symbols / text.length >= DENSITY ? 1 : 0
}

/** Runs `[from, to)` of two or more code lines; `breaks[i]` is true where a page ends before line i. */
export function codeRuns(texts: readonly string[], breaks: readonly boolean[] = []): {from: number; to: number}[] {
  // A run needs a sure line: a text with none of the shapes `codeLike` answers 2 for has no listing, and its
  // lines need not be looked at one by one. (Measured: codeLike over doc1/raw-mutool's 672 lines costs 1.7 ms
  // in a short run, most of it compiling PROSE. The corpus documents each have a line ending with ";", so
  // they still pay it; a text without such lines does not.)
  if (!texts.some((text) => SURE_SHAPE.test(text))) return []
  const code: number[] = texts.map(codeLike)
  for (let i = 1; i + 1 < texts.length; i++) if (!code[i] && code[i - 1] && code[i + 1] && texts[i]!.length <= 40 && !hasProse(texts[i]!)) code[i] = 1
  const runs: {from: number; to: number}[] = []
  for (let i = 0; i < texts.length; i++) {
    if (!code[i]) continue
    let j = i + 1
    while (j < texts.length && code[j] && !breaks[j]) j++
    if (j - i >= 2 && code.slice(i, j).includes(2)) runs.push({from: i, to: j})
    i = j - 1
  }
  return runs
}
