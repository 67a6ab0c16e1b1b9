/**
 * Reference lists: entries with a title and a URL. Only http and https URLs
 * become links; anything else (ftp:, javascript:, a bare www.) stays text and
 * is reported.
 */
import type {AppendixEntry} from '../types.js'
import {plainPosition, type SourceLine} from './lines.js'

const URL_START = /^(?:[a-z][a-z0-9+.-]*:(?:\/\/)?\S+|www\.\S+)$/i
const LINK = /^https?:\/\/[^\s<>"]+$/i

export interface ReferenceResult {
  entries: AppendixEntry[]
  /** URLs that stay text (not http/https). */
  notLinks: {text: string; line: SourceLine}[]
  /** URL pieces joined over a line break. */
  joins: {original: string; replacement: string; line: SourceLine}[]
}

/** Is this line a URL (or URL-like address)? */
export function isUrlLine(text: string): boolean {
  return URL_START.test(text.trim())
}

/**
 * Read a reference list: each URL line closes an entry whose title is the
 * text lines before it (or, for the first entry, the appendix title when the
 * appendix gives no title of its own). A URL broken over two lines (the next
 * line has no spaces and does not start a new address) is joined.
 */
export function parseReferences(lines: readonly SourceLine[], appendixTitle: string): ReferenceResult {
  const entries: AppendixEntry[] = []
  const notLinks: ReferenceResult['notLinks'] = []
  const joins: ReferenceResult['joins'] = []
  let title: SourceLine[] = []
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    if (!isUrlLine(line.text)) {
      title.push(line)
      continue
    }
    let url = line.text
    let last = line
    // A long address wrapped by the extractor: the rest has no spaces and is not itself an address.
    while (i + 1 < lines.length && !lines[i + 1]!.blankBefore && /^[^\s]+$/.test(lines[i + 1]!.text) && !isUrlLine(lines[i + 1]!.text) && /[\/%=&?#_-]/.test(lines[i + 1]!.text)) {
      const next = lines[++i]!
      joins.push({original: `${url}\n${next.text}`, replacement: url + next.text, line: next})
      url += next.text
      last = next
    }
    const first = title[0] ?? line
    const entry: AppendixEntry = {
      title: title.length > 0 ? title.map((l) => l.text).join(' ') : appendixTitle,
      position: plainPosition({start: {line: first.line, column: first.column}, end: {line: last.line, column: last.endColumn}})
    }
    if (LINK.test(url)) entry.url = url
    else {
      entry.text = url
      notLinks.push({text: url, line})
    }
    entries.push(entry)
    title = []
  }
  // Text after the last address: an entry of its own, never dropped.
  if (title.length > 0) {
    entries.push({
      text: title.map((l) => l.text).join(' '),
      position: plainPosition({start: {line: title[0]!.line, column: title[0]!.column}, end: {line: title.at(-1)!.line, column: title.at(-1)!.endColumn}})
    })
  }
  return {entries, notLinks, joins}
}
