/**
 * Flate (zlib) compression of PDF streams with Node's native zlib.
 *
 * pdf-lib compresses with pako, a JavaScript port of zlib: for the font
 * subsets, ToUnicode maps and page contents of one document that was about
 * 15-30 ms, the largest single cost of writing a PDF. `node:zlib` does the
 * same work in native code several times faster. Both produce standard zlib
 * streams at the same default level (6); the bytes differ from pako's but
 * decompress to the same content, and for a given Node (zlib) build the
 * output is deterministic, so two builds stay byte-identical.
 *
 * pdf-lib still compresses the object streams and the cross-reference stream
 * itself when saving (two small streams, about 1 ms): replacing those would
 * mean copying pdf-lib's writer.
 */
import {deflateSync} from 'node:zlib'
import type {PDFContext, PDFDocument, PDFRawStream} from 'pdf-lib'

type Dict = Parameters<PDFContext['flateStream']>[1]

/** Bytes as pdf-lib sees them: a string is taken one byte per UTF-16 unit (its low 8 bits), as in pdf-lib's typedArrayFor. */
function bytesOf(contents: string | Uint8Array): Uint8Array {
  return typeof contents === 'string' ? Buffer.from(contents, 'latin1') : contents
}

/** A FlateDecode stream of `contents`, compressed with node:zlib (the same stream pdf-lib's `context.flateStream` makes). */
export function flateStream(context: PDFContext, contents: string | Uint8Array, dict: Dict = {}): PDFRawStream {
  return context.stream(deflateSync(bytesOf(contents)), {...dict, Filter: 'FlateDecode'})
}

/**
 * Make this document's context compress with node:zlib. pdf-lib's font
 * embedder calls `context.flateStream` for the font file and its ToUnicode
 * map; the method is replaced on this one context object only (pdf-lib's
 * class is untouched), with the same signature and the same dictionary.
 */
export function useNativeDeflate(doc: PDFDocument): void {
  const context = doc.context
  context.flateStream = (contents, dict = {}) => flateStream(context, contents, dict)
}
