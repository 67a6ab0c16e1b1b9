/**
 * The document JSON's bytes, exactly `printJson(document)` encoded as UTF-8,
 * without ever holding the whole text as one string.
 *
 * `JSON.stringify` of a large document makes one string of the whole file
 * (for 25 MB of prose: 150 million characters, 300 MB as UTF-16 when any
 * character is outside Latin-1), and appending the final newline made a
 * second, flattened copy when it was encoded. Here each top-level value, and
 * each element of a top-level array (blocks, diagnostics, dates …), is
 * stringified on its own, re-indented and encoded in chunks: the largest
 * string alive is one block's. (Measured on 25 MB of prose, the JSON step's
 * live heap fell from 930 MB to about 650 MB; see README, "Large documents".)
 *
 * Re-indenting by replacing line feeds is exact: JSON.stringify escapes every
 * line feed inside a string, so each one in its output is a layout break.
 */

/** Strings are encoded once this many characters have gathered. */
const CHUNK_CHARS = 1 << 16

const encoder = new TextEncoder()

/**
 * Below this many elements in the top-level arrays, the document is printed as one string, which
 * is up to twice as fast (corpus document: 0.7 ms against 1.5 ms; 100 kB of digit ranges, 22,000
 * elements: 40-85 ms against 70-140 ms). 10 MB of prose has 116,000, 25 MB 290,000.
 */
export const STREAM_ELEMENTS = 100_000

/** `JSON.stringify(value, null, 2) + '\n'` as UTF-8 bytes, for a plain object `value`. */
export function jsonBytes(value: object, streamFrom = STREAM_ELEMENTS): Uint8Array {
  let elements = 0
  for (const v of Object.values(value)) if (Array.isArray(v)) elements += v.length
  if (elements < streamFrom) return encoder.encode(JSON.stringify(value, null, 2) + '\n')
  const chunks: Uint8Array[] = []
  let size = 0
  let pending = ''
  const flush = () => {
    if (!pending) return
    const bytes = encoder.encode(pending)
    chunks.push(bytes)
    size += bytes.length
    pending = ''
  }
  const put = (text: string) => {
    pending += text
    if (pending.length >= CHUNK_CHARS) flush()
  }
  if (Array.isArray(value) || typeof (value as {toJSON?: unknown}).toJSON === 'function') {
    put(JSON.stringify(value, null, 2) + '\n')
  } else {
    // The keys JSON.stringify prints: own enumerable string keys whose value it can print.
    let printed = 0
    for (const [key, v] of Object.entries(value)) {
      const big = Array.isArray(v) && v.length > 0 && typeof (v as {toJSON?: unknown}).toJSON !== 'function'
      const json = big ? undefined : JSON.stringify(v, null, 2)
      // A key whose value JSON.stringify cannot print (undefined, a function) is left out, as it does.
      if (!big && json === undefined) continue
      put(printed++ ? ',\n  ' : '{\n  ')
      put(JSON.stringify(key) + ': ')
      if (big) {
        put('[')
        for (let j = 0; j < (v as unknown[]).length; j++) {
          put(j ? ',\n    ' : '\n    ')
          put(indent(JSON.stringify((v as unknown[])[j], null, 2) ?? 'null', '    '))
        }
        put('\n  ]')
      } else put(indent(json!, '  '))
    }
    put(printed ? '\n}' : '{}')
    put('\n')
  }
  flush()
  if (chunks.length === 1) return chunks[0]!
  const out = new Uint8Array(size)
  let at = 0
  for (const chunk of chunks.splice(0)) {
    out.set(chunk, at)
    at += chunk.length
  }
  return out
}

function indent(json: string, pad: string): string {
  return json.includes('\n') ? json.replaceAll('\n', `\n${pad}`) : json
}
