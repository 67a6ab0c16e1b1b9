/**
 * Byte decoding: byte order marks (checked for plausible text), UTF-8 (with
 * a few bad bytes replaced, not the whole file re-read in another encoding),
 * an encoding the user states (`--encoding`, `encoding:` in the sidecar), and
 * otherwise ICU's statistical detector (the `chardet` package) for legacy
 * encodings, with Windows-1252 as the last resort.
 *
 * Throws `DecodeError` for input that is not text (NUL-heavy binary data, or
 * UTF-16 without a BOM): callers turn it into a one-line error.
 */
import {createRequire} from 'node:module'

/** chardet, loaded the first time bytes are not UTF-8 (most runs never need it: start-up stays as it was). */
let detector: typeof import('chardet') | undefined
function chardet(): typeof import('chardet') {
  detector ??= createRequire(import.meta.url)('chardet') as typeof import('chardet')
  return detector
}

export class DecodeError extends Error {
  override name = 'DecodeError'
}

/** A byte sequence that is not UTF-8, replaced by U+FFFD; `line`/`column` are in the decoded text. */
export interface BadBytes {
  line: number
  column: number
  /** Byte offset in the input. */
  offset: number
  /** The bytes, as hex (`E9`, `C3 28`…). */
  bytes: string
}

export interface Decoded {
  text: string
  /** utf-8, utf-8-bom, utf-16le, utf-16be, or a WHATWG encoding name (windows-1252, windows-1251, shift_jis…). */
  encoding: string
  /** How the encoding was chosen. */
  how: 'bom' | 'utf-8' | 'stated' | 'detected' | 'fallback'
  /** Bytes of invalid UTF-8 that were replaced (only when decoded as UTF-8). */
  bad?: BadBytes[]
  /** Detector confidence (0–100), when detected. */
  confidence?: number
  /** A byte order mark whose claim was refused (the text it gives is not plausible). */
  refusedBom?: 'utf-16le' | 'utf-16be'
}

export function decode(bytes: Uint8Array, stated?: string): Decoded {
  if (stated) return decodeStated(bytes, stated)
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return {...utf8(bytes.subarray(3), 3), encoding: 'utf-8-bom', how: 'bom'}
  }
  let refusedBom: Decoded['refusedBom']
  for (const [b0, b1, encoding] of [[0xff, 0xfe, 'utf-16le'], [0xfe, 0xff, 'utf-16be']] as const) {
    if (bytes.length >= 2 && bytes[0] === b0 && bytes[1] === b1) {
      const text = new TextDecoder(encoding).decode(bytes.subarray(2))
      // Two bytes are a weak claim: text that merely starts with them (ÿþ in Windows-1252) is not UTF-16.
      if (plausibleText(text)) return {text, encoding, how: 'bom'}
      refusedBom = encoding
    }
  }
  if (looksBinary(bytes)) {
    fail('binary data, not text (many NUL or control bytes)')
  }
  // The usual case, natively: valid UTF-8.
  const valid = strictUtf8(bytes)
  if (valid !== undefined) return {text: valid, encoding: 'utf-8', how: 'utf-8', ...(refusedBom ? {refusedBom} : {})}
  const scan = scanUtf8(bytes)
  // Mostly UTF-8 with a few bad bytes (a damaged file, a stray Windows-1252
  // byte): re-reading every byte in a legacy encoding would garble every
  // correct character (’ → â€™); replace only the bad ones.
  if (scan.multibyte >= scan.bad.length) return {...utf8(bytes, 0), encoding: 'utf-8', how: 'utf-8', ...(refusedBom ? {refusedBom} : {})}
  return {...detectLegacy(bytes), ...(refusedBom ? {refusedBom} : {})}
}

/** Decode with the encoding the user gave (a WHATWG label). UTF-8 still reports its bad bytes. */
function decodeStated(bytes: Uint8Array, stated: string): Decoded {
  let encoding: string
  try {
    encoding = new TextDecoder(stated).encoding
  } catch {
    fail(`unknown encoding “${stated}”`)
  }
  if (encoding === 'utf-8') {
    const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
    return {...utf8(bom ? bytes.subarray(3) : bytes, bom ? 3 : 0), encoding: 'utf-8', how: 'stated'}
  }
  if (encoding === 'windows-1252') return {text: decodeWindows1252(bytes), encoding, how: 'stated'}
  return {text: new TextDecoder(encoding).decode(bytes), encoding, how: 'stated'}
}

/** Legacy encodings the detector may name and the decoder can read. UTF-16/32 without a BOM are not accepted. */
const DETECTABLE = /^(iso-8859-\d+|windows-125\d|koi8-[ru]|shift_jis|euc-jp|euc-kr|gb18030|gbk|big5|iso-2022-jp)$/

/** Windows-1252 unless the detector is reasonably sure of another legacy encoding. */
function detectLegacy(bytes: Uint8Array): Decoded {
  // The detector's statistics settle within the first few hundred kilobytes.
  const sample = bytes.length > 262144 ? bytes.subarray(0, 262144) : bytes
  let best: {name: string; confidence: number} | undefined
  for (const match of chardet().analyse(sample)) {
    let name: string
    try {
      name = new TextDecoder(match.name).encoding
    } catch {
      continue // a name this Node's decoder does not know (a build without full ICU)
    }
    if (!DETECTABLE.test(name)) continue
    best = {name, confidence: match.confidence}
    break
  }
  // Latin-1 is read as its superset Windows-1252 (as browsers do); a weak guess falls back to it too.
  if (!best || best.confidence < 20) return {text: decodeWindows1252(bytes), encoding: 'windows-1252', how: 'fallback'}
  const text = best.name === 'windows-1252' ? decodeWindows1252(bytes) : new TextDecoder(best.name).decode(bytes)
  return {text, encoding: best.name, how: 'detected', confidence: best.confidence}
}

/** UTF-8 with bad sequences replaced by U+FFFD (as the WHATWG decoder does), and where they were. */
function utf8(bytes: Uint8Array, base: number): {text: string; bad?: BadBytes[]} {
  const text = new TextDecoder('utf-8', {ignoreBOM: true}).decode(bytes)
  const {bad} = scanUtf8(bytes, base)
  return bad.length > 0 ? {text, bad} : {text}
}

/**
 * Walk the bytes as the WHATWG UTF-8 decoder does (one U+FFFD per maximal
 * invalid subpart), counting valid multi-byte sequences and recording each
 * bad sequence with its line and column in the decoded text (columns in
 * UTF-16 units, like vfile positions; lines end at LF, CRLF or CR).
 */
export function scanUtf8(bytes: Uint8Array, base = 0): {multibyte: number; bad: BadBytes[]} {
  const bad: BadBytes[] = []
  let multibyte = 0
  let line = 1
  let column = 1
  let i = 0
  const n = bytes.length
  while (i < n) {
    const b = bytes[i]!
    if (b < 0x80) {
      if (b === 0x0a || (b === 0x0d && bytes[i + 1] !== 0x0a)) {
        line++
        column = 1
      } else column++
      i++
      continue
    }
    let need = 0
    let lo = 0x80
    let hi = 0xbf
    if (b >= 0xc2 && b <= 0xdf) need = 1
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2
      if (b === 0xe0) lo = 0xa0
      if (b === 0xed) hi = 0x9f
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3
      if (b === 0xf0) lo = 0x90
      if (b === 0xf4) hi = 0x8f
    }
    let j = i + 1
    let ok = need > 0
    for (let k = 0; ok && k < need; k++, j++) {
      const c = bytes[j]
      if (c === undefined || c < (k === 0 ? lo : 0x80) || c > (k === 0 ? hi : 0xbf)) ok = false
    }
    if (ok) {
      multibyte++
      column += need === 3 ? 2 : 1
      i = j
    } else {
      // The maximal subpart: the lead byte and the continuation bytes that were valid so far.
      const end = need === 0 ? i + 1 : j - 1 > i ? j - 1 : i + 1
      if (bad.length < 10000) {
        bad.push({line, column, offset: base + i, bytes: Array.from(bytes.subarray(i, end), (x) => x.toString(16).toUpperCase().padStart(2, '0')).join(' ')})
      }
      column++
      i = end
    }
  }
  return {multibyte, bad}
}

/**
 * Text a byte order mark's claim may stand for: almost no control
 * characters, unpaired surrogates, noncharacters or private-use code points,
 * and some spaces or line breaks (8-bit text read as UTF-16 pairs its bytes
 * into ideographs and has neither).
 */
export function plausibleText(text: string): boolean {
  const n = text.length
  if (n === 0) return true
  let bad = 0
  let breaks = 0
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x3000) breaks++
    else if ((c < 0x20 && c !== 0x09 && c !== 0x0c) || (c >= 0x7f && c < 0xa0) || (c >= 0xe000 && c < 0xf900) || c === 0xfffd || c === 0xfffe || c === 0xffff) bad++
    else if (c >= 0xd800 && c < 0xdc00) {
      const low = text.charCodeAt(i + 1)
      if (low >= 0xdc00 && low < 0xe000) i++
      else bad++
    } else if (c >= 0xdc00 && c < 0xe000) bad++
  }
  if (bad > n * 0.01) return false
  return n < 40 || breaks > 0
}

// 0x80–0x9F of Windows-1252 (WHATWG mapping). Node builds without full ICU
// decode these bytes as C1 controls, so the table is our own; the five
// undefined bytes keep their C1 code point (ingest then drops and records them).
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178
]

export function decodeWindows1252(bytes: Uint8Array): string {
  let out = ''
  const chunk: number[] = []
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!
    chunk.push(b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80]! : b)
    if (chunk.length === 8192) {
      out += String.fromCharCode(...chunk)
      chunk.length = 0
    }
  }
  return out + String.fromCharCode(...chunk)
}

/**
 * Binary when, in the first 64 KiB, more than 10% of bytes are NUL or other
 * C0 controls that text never holds. A few stray NULs stay text (ingest drops
 * and records them).
 */
function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 65536)
  if (n === 0) return false
  let bad = 0
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d) bad++
  }
  return bad / n > 0.1
}

function strictUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', {fatal: true, ignoreBOM: true}).decode(bytes)
  } catch {
    return undefined
  }
}

function fail(reason: string): never {
  throw new DecodeError(reason)
}
