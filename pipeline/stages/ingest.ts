/**
 * ingest: bytes → one `rawLine` node per physical line.
 *
 * This is the processor's parser. It decodes the input bytes (UTF-8 with or
 * without BOM, UTF-16 LE/BE with BOM, Windows-1252 when the bytes are not valid
 * UTF-8), normalizes line ends (CRLF, CR → LF), applies Unicode NFC, expands
 * ligatures and drops control characters except newline and form feed. A form
 * feed becomes a `pageBreak` node. Every change to the characters is recorded.
 * The decoded text replaces `file.value`, so positions refer to it (line
 * numbers are those of the original file).
 */
import {createHash} from 'node:crypto'
import type {Root, RootContent} from 'mdast'
import type {Plugin} from 'unified'
import type {VFile} from 'vfile'
import {recordChange, warn} from '../messages.js'
import {decode} from '../text/decode.js'
import type {DocumentMetadata, RawLine} from '../types.js'
import type {} from '../readers/pdf-source.js'

export interface IngestOptions {
  /** Expand typographic ligatures (ﬁ → fi). Default true. */
  expandLigatures?: boolean
}

const LIGATURES: Record<string, string> = {
  '\uFB00': 'ff',
  '\uFB01': 'fi',
  '\uFB02': 'fl',
  '\uFB03': 'ffi',
  '\uFB04': 'ffl',
  '\uFB05': 'ſt',
  '\uFB06': 'st'
}
const LIGATURE_RE = /[\uFB00-\uFB06]/g
// C0 and C1 controls except \t (kept, later folded into spaces), \n and \f; plus DEL.
const CONTROL_RE = /[\u0000-\u0008\u000B\u000D-\u001F\u007F-\u009F]/g

export const ingest: Plugin<[IngestOptions?], string, Root> = function (options = {}) {
  const expandLigatures = options.expandLigatures !== false
  this.parser = (_doc: string, file: VFile): Root => parseRaw(file, expandLigatures)
}

/** Decode `file.value` and build the raw-line tree. Exported for tests. */
export function parseRaw(file: VFile, expandLigatures = true): Root {
  const bytes =
    typeof file.value === 'string' ? new TextEncoder().encode(file.value) : (file.value as Uint8Array)
  const decoded = decode(bytes)
  file.data.encoding = decoded.encoding
  if (decoded.encoding === 'windows-1252') {
    warn(file, 'Input is not valid UTF-8; decoded as Windows-1252', 'ingest:encoding')
  }
  // Line ends first, so that line numbers stay those of the file.
  const text = decoded.text.replace(/\r\n?/g, '\n')
  const lines = text.split('\n')
  const out: string[] = []
  const children: RootContent[] = []
  let offset = 0
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1
    let line = lines[i]!
    const cleaned = cleanLine(file, line, lineNo, expandLigatures)
    line = cleaned
    out.push(line)
    // A form feed splits the line: text before, a page break, text after.
    const parts = line.split('\f')
    let column = 1
    for (let p = 0; p < parts.length; p++) {
      if (p > 0) {
        children.push({
          type: 'pageBreak',
          position: {
            start: {line: lineNo, column: column - 1, offset: offset + column - 2},
            end: {line: lineNo, column, offset: offset + column - 1}
          }
        })
      }
      const part = parts[p]!
      // A line that holds only form feeds produces breaks, not blank lines.
      if (part.length > 0 || parts.length === 1) {
        const node: RawLine = {
          type: 'rawLine',
          value: part,
          position: {
            start: {line: lineNo, column, offset: offset + column - 1},
            end: {line: lineNo, column: column + part.length, offset: offset + column - 1 + part.length}
          }
        }
        // A PDF reader's line keeps where it was printed.
        const geometry = file.data.geometry?.[lineNo]
        if (geometry) node.geometry = geometry
        children.push(node)
      }
      column += part.length + 1
    }
    offset += line.length + 1
  }
  file.value = out.join('\n')
  // A final newline ends the last line; it does not start another.
  const lineCount = text.endsWith('\n') ? lines.length - 1 : lines.length
  file.data.lines = lineCount
  const metadata: DocumentMetadata = {
    ...file.data.meta,
    source: {
      path: file.data.sourcePath ?? file.path ?? '',
      sha256: file.data.inputSha256 ?? createHash('sha256').update(bytes).digest('hex'),
      encoding: file.data.pdf ? 'pdf' : decoded.encoding,
      lines: lineCount,
      ...(file.data.pdf ? {pages: file.data.pdf.pages} : {})
    }
  }
  return {type: 'root', children, data: {metadata}}
}

function cleanLine(file: VFile, line: string, lineNo: number, expandLigatures: boolean): string {
  let result = line
  if (CONTROL_RE.test(result)) {
    CONTROL_RE.lastIndex = 0
    const found = result.match(CONTROL_RE) ?? []
    result = result.replace(CONTROL_RE, '')
    recordChange(file, {
      ruleId: 'ingest:control-character',
      reason: `Removed ${found.length} control character(s) ${[...new Set(found)].map(codePoint).join(', ')}`,
      place: {line: lineNo, column: 1},
      original: found.join(''),
      replacement: ''
    })
  }
  if (result.includes('\t')) result = result.replace(/\t/g, ' ')
  const nfc = result.normalize('NFC')
  if (nfc !== result) {
    recordChange(file, {
      ruleId: 'ingest:nfc',
      reason: 'Normalized to Unicode NFC',
      place: {line: lineNo, column: 1},
      original: result,
      replacement: nfc
    })
    result = nfc
  }
  if (expandLigatures && LIGATURE_RE.test(result)) {
    LIGATURE_RE.lastIndex = 0
    result = result.replace(LIGATURE_RE, (lig, index: number) => {
      const expanded = LIGATURES[lig]!
      recordChange(file, {
        ruleId: 'ingest:ligature',
        reason: `Expanded ligature ${lig} to ${expanded}`,
        place: {line: lineNo, column: index + 1},
        original: lig,
        replacement: expanded
      })
      return expanded
    })
  }
  return result
}

function codePoint(char: string): string {
  return 'U+' + char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')
}

declare module 'vfile' {
  interface DataMap {
    /** Encoding detected by ingest. */
    encoding: string
    /** Line count of the decoded source. */
    lines: number
    /** Metadata from the sidecar, set by the caller before processing. */
    meta: Omit<DocumentMetadata, 'source'>
    /** Path to report as the source (relative to the working folder). */
    sourcePath: string
  }
}
