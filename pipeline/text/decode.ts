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
  return {text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252'}
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
