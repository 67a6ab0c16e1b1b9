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

/**
 * `deflateSync` whose bytes own their memory. Node's result is a view into
 * zlib's 16 kB output chunk, so a page's 1 kB of content kept the whole chunk
 * alive until the file was saved: 3,380 pages of the corpus repeated to
 * 10 MB held 54 MB, most of the PDF writer's growth. The copy keeps the
 * bytes alone (the same bytes).
 */
function deflated(contents: Uint8Array, options?: {level: number}): Uint8Array {
  const out = deflateSync(contents, options)
  return out.byteLength * 2 < out.buffer.byteLength ? new Uint8Array(out) : out
}

/** A FlateDecode stream of `contents`, compressed with node:zlib (the same stream pdf-lib's `context.flateStream` makes). */
export function flateStream(context: PDFContext, contents: string | Uint8Array, dict: Dict = {}): PDFRawStream {
  return context.stream(deflated(bytesOf(contents)), {...dict, Filter: 'FlateDecode'})
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
  computeIndirectObjectSize(indirect: Indirect): number
  createTrailerDict(): PDFDict
  computeBufferSize(): Promise<unknown>
  serializeToBuffer(): Promise<Uint8Array>
}

/**
 * Objects written from their serialized text (ASCII), numbered
 * `first`…`first + texts.length - 1`: the structure tree of a tagged PDF
 * (tags.ts), tens of thousands of small dictionaries in a long document. Made
 * as pdf-lib objects, each cost a PDFRef (a string key in pdf-lib's pool), a
 * map entry in the context and its serialization; as a block of numbers and
 * strings that `save` joins into object streams of their own they cost a
 * string each (16,000 table rows: writing the structure ~140 → ~40 ms CPU).
 */
export interface TextObjects {
  first: number
  /** The object with number `first + i` (the caller fills every slot before save). */
  texts: string[]
}

const textBlocks = new WeakMap<PDFContext, TextObjects[]>()

/** Reserve `count` object numbers for objects written as text; fill `texts` before `save`. */
export function textObjects(context: PDFContext, count: number): TextObjects {
  const block: TextObjects = {first: context.largestObjectNumber + 1, texts: new Array<string>(count)}
  context.largestObjectNumber += count
  let blocks = textBlocks.get(context)
  if (!blocks) textBlocks.set(context, (blocks = []))
  blocks.push(block)
  return block
}

/**
 * Objects per object stream. pdf-lib's default is 50; the structure tree of a
 * tagged PDF adds hundreds of small objects, and each stream is one more zlib
 * call with its own set-up: 500 per stream made the corpus document's
 * structure cost a third less PDF time (and the file a little smaller).
 */
const OBJECTS_PER_STREAM = 500

/** A growing byte buffer (object stream bodies). */
class Bytes {
  buffer = new Uint8Array(1 << 16)
  length = 0
  reserve(n: number): void {
    if (this.length + n <= this.buffer.length) return
    const bigger = new Uint8Array(Math.max(this.length + n, this.buffer.length * 2))
    bigger.set(this.buffer.subarray(0, this.length))
    this.buffer = bigger
  }
  ascii(text: string): void {
    this.reserve(text.length)
    const {buffer} = this
    let at = this.length
    for (let i = 0; i < text.length; i++) buffer[at++] = text.charCodeAt(i)
    this.length = at
  }
}

/**
 * `doc.save({useObjectStreams: true, addDefaultPage: false})`, with the
 * object streams and the cross-reference stream made here and compressed by
 * node:zlib.
 *
 * pdf-lib's PDFStreamWriter makes those streams in computeBufferSize (with
 * PDFObjectStream and PDFCrossRefStream) and compresses them with pako; this
 * writer's computeBufferSize is replaced by the same layout (pdf-lib 1.17.1:
 * plain objects in object streams, streams outside, the object streams
 * numbered after the document's objects, the cross-reference stream last,
 * entries in object number order with pdf-lib's /Index subsections and
 * widths), but the stream contents are written straight into bytes: pdf-lib's
 * classes cost about 10 µs per object (sizes asked twice, a byte array per
 * number of each cross-reference entry, caches invalidated per entry), which
 * for the ~420 structure elements of the corpus document was most of what
 * tagging cost (save: about 4 ms of 30 ms warm PDF CPU time; see README.md).
 * Not done: save's default page and form field appearances (the writer adds
 * pages itself and makes no forms).
 */
export async function save(lib: PdfLib, doc: PDFDocument): Promise<Uint8Array> {
  await doc.flush()
  const {context} = doc
  const writer = lib.PDFStreamWriter.forContext(context, Number.POSITIVE_INFINITY, false, OBJECTS_PER_STREAM) as unknown as WriterInternals
  writer.computeBufferSize = async () => {
    let objectNumber = context.largestObjectNumber + 1
    const header = lib.PDFHeader.forVersion(1, 7)
    let size = header.sizeInBytes() + 2
    const uncompressed: Indirect[] = []
    // Cross-reference entries in object number order: [object number, type, field 2, field 3].
    let entries: Array<[number, number, number, number]> = [[0, 0, 0, 65535]]
    const streamed: Array<{ref: PDFRef; objects: number[]; offsets: number[]; body: Bytes}> = []
    let current: (typeof streamed)[number] | undefined
    for (const indirect of context.enumerateIndirectObjects()) {
      const [ref, object] = indirect
      if (ref === context.trailerInfo.Encrypt || object instanceof lib.PDFStream || object instanceof lib.PDFInvalidObject || ref.generationNumber !== 0) {
        uncompressed.push(indirect)
        entries.push([ref.objectNumber, 1, size, ref.generationNumber])
        size += writer.computeIndirectObjectSize(indirect)
        continue
      }
      if (!current || current.objects.length === OBJECTS_PER_STREAM) {
        streamed.push((current = {ref: lib.PDFRef.of(objectNumber++), objects: [], offsets: [], body: new Bytes()}))
      }
      const {body} = current
      entries.push([ref.objectNumber, 2, current.ref.objectNumber, current.objects.length])
      current.objects.push(ref.objectNumber)
      current.offsets.push(body.length)
      body.reserve(object.sizeInBytes() + 1)
      body.length += object.copyBytesInto(body.buffer, body.length)
      body.ascii('\n')
    }
    /** One object stream (`count` objects, their index `first` bytes long), deflated, at the next offset of the file. */
    const addObjectStream = (ref: PDFRef, contents: Buffer, count: number, first: number, zlib?: Parameters<typeof deflated>[1]) => {
      const dict = context.obj({Filter: 'FlateDecode', Type: 'ObjStm', N: count, First: first}) as PDFDict
      const stream = lib.PDFRawStream.of(dict, deflated(contents, zlib))
      entries.push([ref.objectNumber, 1, size, 0])
      size += writer.computeIndirectObjectSize([ref, stream])
      uncompressed.push([ref, stream])
    }
    for (const {ref, objects, offsets, body} of streamed) {
      // "number offset " per object, then the objects (each followed by a line feed), as PDFObjectStream writes them.
      let index = ''
      for (let i = 0; i < objects.length; i++) index += `${objects[i]} ${offsets[i]} `
      const contents = Buffer.allocUnsafe(index.length + body.length)
      contents.write(index, 0, 'latin1')
      contents.set(body.buffer.subarray(0, body.length), index.length)
      addObjectStream(ref, contents, objects.length, index.length)
    }
    // Objects written as text (textObjects): object streams of their own, after the others (numbered after them),
    // their objects' entries merged into the table in number order.
    for (const {first, texts} of textBlocks.get(context) ?? []) {
      const block: typeof entries = []
      for (let start = 0; start < texts.length; start += OBJECTS_PER_STREAM) {
        const ref = lib.PDFRef.of(objectNumber++)
        const end = Math.min(texts.length, start + OBJECTS_PER_STREAM)
        let index = ''
        let offset = 0
        for (let i = start; i < end; i++) {
          const text = texts[i]
          if (text === undefined) throw new Error(`PDF: object ${first + i} was reserved but not written`)
          block.push([first + i, 2, ref.objectNumber, i - start])
          index += `${first + i} ${offset} `
          offset += text.length + 1
        }
        // One join per stream (a flat string, copied once), not a string grown object by object.
        const body = texts.slice(start, end).join('\n') + '\n'
        const contents = Buffer.allocUnsafe(index.length + body.length)
        contents.write(index, 0, 'latin1')
        contents.write(body, index.length, 'latin1')
        // The fastest zlib level: the structure is regular text, which level 1 compresses to about 23 % of its
        // size against level 6's 20 %, in less than half the time (16,000 table rows: 2.8 MB, 31 → 13 ms).
        addObjectStream(ref, contents, end - start, index.length, {level: 1})
      }
      const at = entries.findIndex((e) => e[0] > first)
      entries = at === -1 ? entries.concat(block) : entries.slice(0, at).concat(block, entries.slice(at))
    }
    const xrefRef = lib.PDFRef.of(objectNumber++)
    entries.push([xrefRef.objectNumber, 1, size, 0])
    const xrefOffset = size
    // Field widths in bytes (pdf-lib: the widest value of each field; the type always fits one byte), and runs of
    // consecutive object numbers (/Index).
    let max2 = 0
    let max3 = 0
    const index: number[] = []
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i]!
      if (entry[2] > max2) max2 = entry[2]
      if (entry[3] > max3) max3 = entry[3]
      if (i === 0 || entry[0] - entries[i - 1]![0] > 1) index.push(entry[0], 0)
      index[index.length - 1]!++
    }
    const width = (n: number) => (n < 0x100 ? 1 : n < 0x10000 ? 2 : n < 0x1000000 ? 3 : 4)
    const widths = [1, width(max2), width(max3)]
    const [w1, w2, w3] = widths as [number, number, number]
    const table = Buffer.alloc(entries.length * (w1 + w2 + w3))
    let at = 0
    for (const [, type, f2, f3] of entries) {
      table[at++] = type
      for (let b = w2 - 1; b >= 0; b--) table[at++] = (f2 >>> (8 * b)) & 0xff
      for (let b = w3 - 1; b >= 0; b--) table[at++] = (f3 >>> (8 * b)) & 0xff
    }
    // The trailer dictionary becomes the cross-reference stream's (Size, Root, Info, ID), then Filter, Type, Length, W
    // and Index, as in pdf-lib: the file is byte-identical to the one pdf-lib's classes made (checked on the corpus).
    const xrefDict = writer.createTrailerDict()
    xrefDict.set(lib.PDFName.of('Size'), lib.PDFNumber.of(objectNumber))
    xrefDict.set(lib.PDFName.of('Filter'), lib.PDFName.of('FlateDecode'))
    xrefDict.set(lib.PDFName.of('Type'), lib.PDFName.of('XRef'))
    const deflatedTable = deflated(table)
    xrefDict.set(lib.PDFName.of('Length'), lib.PDFNumber.of(deflatedTable.length))
    xrefDict.set(lib.PDFName.of('W'), context.obj(widths))
    xrefDict.set(lib.PDFName.of('Index'), context.obj(index))
    const xrefStream = lib.PDFRawStream.of(xrefDict, deflatedTable)
    size += writer.computeIndirectObjectSize([xrefRef, xrefStream])
    uncompressed.push([xrefRef, xrefStream])
    const trailer = lib.PDFTrailer.forLastCrossRefSectionOffset(xrefOffset)
    size += trailer.sizeInBytes()
    return {size, header, indirectObjects: uncompressed, trailer}
  }
  return writer.serializeToBuffer()
}
