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
 * `save` does the same for the object streams and the cross-reference stream
 * that pdf-lib compresses when it writes the file.
 */
import {deflateSync} from 'node:zlib'
import type {PDFContext, PDFDict, PDFDocument, PDFObject, PDFRawStream, PDFRef, PDFStream} from 'pdf-lib'

type PdfLib = typeof import('pdf-lib')

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

type Indirect = [PDFRef, PDFObject]

/** The protected parts of pdf-lib 1.17's PDFWriter that computeBufferSize uses. */
interface WriterInternals {
  context: PDFContext
  objectsPerStream: number
  computeIndirectObjectSize(indirect: Indirect): number
  createTrailerDict(): PDFDict
  computeBufferSize(): Promise<unknown>
  serializeToBuffer(): Promise<Uint8Array>
}

/**
 * `doc.save({useObjectStreams: true, addDefaultPage: false})`, with the
 * object streams and the cross-reference stream compressed by node:zlib.
 *
 * pdf-lib's PDFStreamWriter makes those streams in computeBufferSize and
 * compresses them with pako; this writer's computeBufferSize is replaced by
 * the same steps (pdf-lib 1.17.1, PDFStreamWriter.computeBufferSize: plain
 * objects go into object streams of OBJECTS_PER_STREAM (pdf-lib: 50), streams stay outside, the
 * cross-reference stream comes last), except that each stream is made
 * uncompressed and then deflated here, with its dictionary keys in pdf-lib's
 * order (Filter first). Not done: save's default page and form field
 * appearances (the writer adds pages itself and makes no forms).
 */
/**
 * Objects per object stream. pdf-lib's default is 50; the structure tree of a
 * tagged PDF adds hundreds of small objects, and each stream is one more zlib
 * call with its own set-up: 500 per stream made the corpus document's
 * structure cost a third less PDF time (and the file a little smaller).
 */
const OBJECTS_PER_STREAM = 500

export async function save(lib: PdfLib, doc: PDFDocument): Promise<Uint8Array> {
  await doc.flush()
  const {context} = doc
  const writer = lib.PDFStreamWriter.forContext(context, Number.POSITIVE_INFINITY, false, OBJECTS_PER_STREAM) as unknown as WriterInternals
  const deflated = (stream: PDFStream, dict = context.obj({Filter: 'FlateDecode'}) as PDFDict) => {
    if (dict !== stream.dict) for (const [key, value] of stream.dict.entries()) dict.set(key, value)
    return lib.PDFRawStream.of(dict, deflateSync(stream.getContents()))
  }
  writer.computeBufferSize = async () => {
    let objectNumber = context.largestObjectNumber + 1
    const header = lib.PDFHeader.forVersion(1, 7)
    let size = header.sizeInBytes() + 2
    // The trailer dictionary becomes the cross-reference stream's; Filter goes before Type, as in pdf-lib.
    const trailerDict = writer.createTrailerDict()
    trailerDict.set(lib.PDFName.of('Filter'), lib.PDFName.of('FlateDecode'))
    const xref = lib.PDFCrossRefStream.create(trailerDict, false)
    const uncompressed: Indirect[] = []
    const chunks: Indirect[][] = []
    const chunkRefs: PDFRef[] = []
    for (const indirect of context.enumerateIndirectObjects()) {
      const [ref, object] = indirect
      if (ref === context.trailerInfo.Encrypt || object instanceof lib.PDFStream || object instanceof lib.PDFInvalidObject || ref.generationNumber !== 0) {
        uncompressed.push(indirect)
        xref.addUncompressedEntry(ref, size)
        size += writer.computeIndirectObjectSize(indirect)
        continue
      }
      let chunk = chunks[chunks.length - 1]
      if (!chunk || chunk.length % writer.objectsPerStream === 0) {
        chunks.push((chunk = []))
        chunkRefs.push(lib.PDFRef.of(objectNumber++))
      }
      xref.addCompressedEntry(ref, chunkRefs[chunkRefs.length - 1]!, chunk.length)
      chunk.push(indirect)
    }
    chunks.forEach((chunk, i) => {
      const ref = chunkRefs[i]!
      const stream = deflated(lib.PDFObjectStream.withContextAndObjects(context, chunk, false))
      xref.addUncompressedEntry(ref, size)
      size += writer.computeIndirectObjectSize([ref, stream])
      uncompressed.push([ref, stream])
    })
    const xrefRef = lib.PDFRef.of(objectNumber++)
    xref.dict.set(lib.PDFName.of('Size'), lib.PDFNumber.of(objectNumber))
    xref.addUncompressedEntry(xrefRef, size)
    const xrefOffset = size
    // All entries are in: W and Index are set now (updateDict), the contents deflated once.
    xref.updateDict()
    const xrefStream = deflated(xref, xref.dict)
    size += writer.computeIndirectObjectSize([xrefRef, xrefStream])
    uncompressed.push([xrefRef, xrefStream])
    const trailer = lib.PDFTrailer.forLastCrossRefSectionOffset(xrefOffset)
    size += trailer.sizeInBytes()
    return {size, header, indirectObjects: uncompressed, trailer}
  }
  return writer.serializeToBuffer()
}
