/**
 * Byte decoding with BOM sniffing and a Windows-1252 fallback.
 *
 * Throws `DecodeError` for input that is not text (NUL-heavy binary data, or
 * UTF-16 without a BOM): callers turn it into a one-line error.
 */

export class DecodeError extends Error {
  override name = 'DecodeError'
}

export interface Decoded {
  text: string
  encoding: 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252'
}

export function decode(bytes: Uint8Array): Decoded {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return {text: strictUtf8(bytes.subarray(3)) ?? fail('invalid UTF-8 after a UTF-8 byte order mark'), encoding: 'utf-8-bom'}
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return {text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le'}
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return {text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be'}
  }
  if (looksBinary(bytes)) {
    fail('binary data, not text (many NUL or control bytes)')
  }
  const utf8 = strictUtf8(bytes)
  if (utf8 !== undefined) return {text: utf8, encoding: 'utf-8'}
  return {text: decodeWindows1252(bytes), encoding: 'windows-1252'}
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

function strictUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', {fatal: true, ignoreBOM: true}).decode(bytes)
  } catch {
    return undefined
  }
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

function fail(reason: string): never {
  throw new DecodeError(reason)
}
