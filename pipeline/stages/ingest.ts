/**
 * ingest: bytes → one `rawLine` node per physical line.
 *
 * This is the processor's parser. It decodes the input bytes (UTF-8 with or
 * without BOM, UTF-16 LE/BE with a plausible BOM, the encoding the caller
 * states in `file.data.declaredEncoding`, else a detected legacy encoding; see
 * text/decode.ts), normalizes line ends (CRLF, CR → LF), applies Unicode NFC, expands
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
import {decode, type Decoded} from '../text/decode.js'
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
  const decoded = decode(bytes, file.data.declaredEncoding)
  file.data.encoding = decoded.encoding
  reportDecoding(file, decoded)
  // Line ends first, so that line numbers stay those of the file.
  const text = decoded.text.replace(/\r\n?/g, '\n')
  const lines = text.split('\n')
  const out: string[] = []
  const children: RootContent[] = []
  let offset = 0
  let changed = false
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1
    let line = lines[i]!
    const cleaned = cleanLine(file, line, lineNo, expandLigatures)
    if (cleaned !== line) changed = true
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
  // The lines are slices of `text`, which they keep alive: when no line changed,
  // `text` is the joined lines, and a join would hold the whole text twice
  // (a 50 MB document: 100 MB more heap).
  file.value = changed ? out.join('\n') : text
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

/** What the decoder decided, when it was not simply valid UTF-8, as warnings and recorded changes. */
function reportDecoding(file: VFile, decoded: Decoded): void {
  const hint = 'state the encoding with --encoding or `encoding:` in the sidecar if that is wrong'
  if (decoded.refusedBom) {
    warn(file, `Input starts with a ${decoded.refusedBom.toUpperCase()} byte order mark, but does not read as ${decoded.refusedBom.toUpperCase()} text; decoded as ${decoded.encoding} (${hint})`, 'ingest:encoding', {line: 1, column: 1})
  }
  if (decoded.how === 'fallback') {
    warn(file, `Input is not valid UTF-8 and its encoding could not be detected; decoded as windows-1252 (${hint})`, 'ingest:encoding')
  } else if (decoded.how === 'detected') {
    warn(file, `Input is not valid UTF-8; decoded as ${decoded.encoding} (detected, confidence ${decoded.confidence}%; ${hint})`, 'ingest:encoding')
  }
  const bad = decoded.bad ?? []
  if (bad.length > 0) {
    const shown = bad.slice(0, 10).map((b) => `${b.line}:${b.column}`).join(', ')
    warn(
      file,
      `Input is UTF-8 with ${bad.length} invalid byte sequence(s), replaced by U+FFFD at ${shown}${bad.length > 10 ? ', …' : ''}`,
      'ingest:invalid-utf8',
      {line: bad[0]!.line, column: bad[0]!.column}
    )
    // Each replacement is a change to the text: recorded with the bytes it replaced.
    for (const b of bad) {
      recordChange(file, {
        ruleId: 'ingest:invalid-utf8',
        reason: `Replaced invalid UTF-8 bytes ${b.bytes} (at byte ${b.offset}) with U+FFFD`,
        place: {line: b.line, column: b.column},
        original: b.bytes
          .split(' ')
          .map((x) => `\\x${x}`)
          .join(''),
        replacement: '\uFFFD',
        evidence: 'not valid UTF-8 in a file that is otherwise UTF-8'
      })
    }
  }
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
  const nfc = normalizeKeepingSingletons(result)
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

/**
 * NFC, except for canonical singletons whose normalized form is a CJK
 * character: NFC maps U+2329/U+232A (angle brackets, which the bundled fonts
 * draw) to U+3008/U+3009 and CJK compatibility ideographs to unified ones,
 * which no bundled font draws. The characters the extractor wrote are kept
 * then; other singletons (Ω ohm → Ω omega, K kelvin → K, Å angstrom → Å)
 * normalize to letters every font draws.
 */
function normalizeKeepingSingletons(text: string): string {
  const nfc = text.normalize('NFC')
  if (nfc === text || !SINGLETON_TO_CJK.test(text)) return nfc
  SINGLETON_TO_CJK.lastIndex = 0
  let out = ''
  let last = 0
  for (const match of text.matchAll(SINGLETON_TO_CJK_G)) {
    out += text.slice(last, match.index).normalize('NFC') + match[0]
    last = match.index + match[0].length
  }
  return out + text.slice(last).normalize('NFC')
}

// U+2329, U+232A, the CJK compatibility ideographs (U+F900–U+FAFF, U+2F800–U+2FA1F):
// the canonical singletons whose NFC lies in the CJK blocks.
const SINGLETON_TO_CJK = /[\u2329\u232A\uF900-\uFAFF]|\uD87E[\uDC00-\uDE1F]/
const SINGLETON_TO_CJK_G = new RegExp(SINGLETON_TO_CJK.source, 'g')

function codePoint(char: string): string {
  return 'U+' + char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')
}

declare module 'vfile' {
  interface DataMap {
    /** Encoding detected by ingest. */
    encoding: string
    /** Encoding the user stated (`--encoding`, or `encoding:` in the sidecar), set by the caller. */
    declaredEncoding: string
    /** Line count of the decoded source. */
    lines: number
    /** Metadata from the sidecar, set by the caller before processing. */
    meta: Omit<DocumentMetadata, 'source'>
    /** Path to report as the source (relative to the working folder). */
    sourcePath: string
    /** Editor corrections from `<name>.corrections.yaml`, set by the caller; read by `appendices`. */
    corrections: unknown
  }
}

/** The plugin as the module's default export, as remark plugins are published. */
export default ingest
