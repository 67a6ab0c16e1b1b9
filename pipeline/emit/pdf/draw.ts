/**
 * Drawing: placed items → PDF content streams, fonts and link annotations.
 *
 * Each text line is one BT…ET block with a TJ array: the words are drawn
 * with the real space glyph between them, and the extra width of a
 * justified gap is a TJ adjustment after the space. Text extraction thus
 * sees real spaces, in reading order, line by line.
 *
 * Tagging (tags.ts): the lines of one element drawn one after another are
 * one marked-content sequence around their text objects; a line with a link
 * has its sequences inside its text object (the link's of a Link element,
 * the rest of the line's element), as a sequence may not end inside a text
 * object that it did not begin in. Running heads, page numbers, rules and
 * repeated table headers are artifacts. (A first version with one sequence per
 * line, more MCIDs and a larger ParentTree, cost markedly more PDF time;
 * see README.md.)
 *
 * pdf-lib comes in as a parameter: it is imported only when a PDF is written.
 */
import {createHash} from 'node:crypto'
import type {PDFDocument, PDFFont, PDFPage, PDFRef} from 'pdf-lib'
import type {PageConfig} from './config.js'
import {flateStream} from './deflate.js'
import type {Face, FontSet, TextStyle} from './fonts.js'
import type {TextOp} from './layout.js'
import type {Page} from './paginate.js'
import {addElem, type Marks, type StructElem} from './tags.js'

type PdfLib = typeof import('pdf-lib')

/** OpenType features off, so drawn glyphs have exactly the measured advance widths. */
const FEATURES = {liga: false, clig: false, calt: false, kern: false, dlig: false, rlig: false}

export interface DrawInput {
  lib: PdfLib
  doc: PDFDocument
  fonts: FontSet
  config: PageConfig
  pages: Page[]
  /** Running header (drawn on pages after the first) and one footer per page, already set by the
   *  caller: they are measured before fonts are embedded, so their faces are embedded too. */
  furniture: {header?: TextOp; footers: TextOp[]}
  /** Where the marked content is recorded (MCIDs, link annotations). Without it nothing is
   *  marked: the untagged build that bench/pdf.mjs measures tagging against (not a user option). */
  marks?: Marks
}

/** Artifacts (not read aloud): running heads, page numbers, rules and borders, repeated table headers. */
const ARTIFACT = {
  header: '/Artifact <</Type /Pagination /Subtype /Header>> BDC',
  footer: '/Artifact <</Type /Pagination /Subtype /Footer>> BDC',
  repeated: '/Artifact <</Type /Pagination>> BDC',
  // Rules and borders: the short form (no properties), as there are many.
  layout: '/Artifact BMC'
}

export interface DrawnPage {
  page: PDFPage
  ref: PDFRef
}

/** Embed, as subsets, the faces that layout actually used. */
export async function embedFonts(doc: PDFDocument, fonts: FontSet): Promise<Map<Face, PDFFont>> {
  const out = new Map<Face, PDFFont>()
  for (const face of fonts.used()) {
    const postscript = (face.font.postscriptName || face.key).replace(/[^A-Za-z0-9-]/g, '')
    // A subset's name carries a six-letter tag (PDF 32000 §9.6.4); pdf-lib's default suffix is not one.
    const customName = `${subsetTag(face.key)}+${postscript}`
    out.set(face, await doc.embedFont(face.bytes, {subset: true, features: FEATURES, customName}))
  }
  return out
}

/** Six capital letters derived from the face, so the same build always gets the same tag. */
function subsetTag(key: string): string {
  let hash = 2166136261
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 16777619) >>> 0
  let tag = ''
  for (let i = 0; i < 6; i++) {
    tag += String.fromCharCode(65 + (hash % 26))
    hash = Math.floor(hash / 26)
  }
  return tag
}

/** A number for a content stream: at most three decimals, no exponent, no "-0". */
const num = (n: number) => {
  const r = Math.round(n * 1000) / 1000
  return r === 0 ? '0' : String(r)
}

/** Draw every page. `digest` is a hash of all page contents (for the file identifier). */
export async function drawPages(input: DrawInput): Promise<{pages: DrawnPage[]; digest: string}> {
  const drawer = await startDrawing(input)
  input.pages.forEach((page) => drawer.draw(page))
  return drawer.finish()
}

/** Draws pages one at a time, in order, as they are paginated (see emitPdf's streaming mode). */
export interface PageDrawer {
  /** Draw the next page; the page's items may be dropped once this returns. */
  draw(page: Page): DrawnPage
  /** The drawn pages and the digest of their contents. */
  finish(): {pages: DrawnPage[]; digest: string}
}

/** Embed the fonts layout used and return a drawer for the pages. `input.pages` is not read. */
export async function startDrawing(input: Omit<DrawInput, 'pages'> & {pages?: Page[]}): Promise<PageDrawer> {
  const {lib, doc, fonts, config, furniture, marks} = input
  const embedded = await embedFonts(doc, fonts)
  const order = [...embedded.keys()]
  // Glyph codes are per document: a subset numbers its glyphs in the order they are first drawn.
  const codes = new Map([...embedded].map(([face, font]) => [face, new GlyphCodes(font)]))
  const out: DrawnPage[] = []
  const hash = createHash('sha256')
  // One buffer for the contents of every page of the document: each page is compressed before the next is written.
  const content = new ContentBuffer()
  const draw = (layoutPage: Page): DrawnPage => {
    const index = out.length
    const page = doc.addPage([config.width, config.height])
    // Short, fixed resource names (/F1, /F2 … in embedding order), added to the page as used.
    const keys = new Map<Face, string>()
    const fontKey = (face: Face) => {
      let key = keys.get(face)
      if (!key) {
        const font = embedded.get(face)
        if (!font) throw new Error(`PDF: font ${face.file} was used but not embedded`)
        const name = `F${order.indexOf(face) + 1}`
        page.node.setFontDictionary(lib.PDFName.of(name), font.ref)
        key = `/${name}`
        keys.set(face, key)
      }
      return key
    }
    content.reset()
    if (marks) {
      marks.beginPage()
      page.node.set(lib.PDFName.of('StructParents'), lib.PDFNumber.of(index))
    }
    const links: Link[] = []
    // Font and size are graphics state: they carry over from one text block to the next.
    const state: TextState = {}
    /** The element whose marked-content sequence is open around whole text objects. */
    let outer: StructElem | undefined
    const closeOuter = () => {
      if (outer) content.ascii(' EMC')
      outer = undefined
    }
    const text = (op: TextOp, top: number, artifact?: string) => {
      const tag = artifact ? undefined : op.tag
      const y = config.height - top - op.baseline
      if (!marks) {
        // Untagged (benchmark only): the text object alone.
        content.newline()
        textLine(content, op, y, fonts, codes, fontKey, config, links, state, undefined)
      } else if (!tag) {
        // An artifact (a line without an element would be one too): marked around its text object, no links.
        closeOuter()
        content.newline().ascii(artifact ?? ARTIFACT.layout).newline()
        textLine(content, op, y, fonts, codes, fontKey, config, undefined, state, undefined)
        content.ascii(' EMC')
      } else if (op.inline === false || !hasInline(op.line)) {
        // Lines of one element one after another: one sequence around their text objects.
        if (outer !== tag) {
          closeOuter()
          content.newline().ascii(marks.mark(tag))
          outer = tag
          tag.openInline = undefined
        }
        content.newline()
        textLine(content, op, y, fonts, codes, fontKey, config, links, state, undefined)
      } else {
        // A line with a link or a reference: its sequences inside its text object.
        closeOuter()
        content.newline()
        textLine(content, op, y, fonts, codes, fontKey, config, links, state, {tag, marks})
      }
    }
    for (const {item, top, repeated} of layoutPage.placed) {
      const itemTop = config.margin.top + top
      for (const op of item.ops) {
        if (op.kind === 'text') text(op, itemTop, repeated ? ARTIFACT.repeated : undefined)
        else {
          // An artifact may not sit inside tagged content: the open sequence ends first.
          closeOuter()
          content.newline()
          if (marks) content.ascii(ARTIFACT.layout).ascii(' ')
          content.ascii(`${num(op.width)} w 0 G ${num(op.x1)} ${num(config.height - itemTop - op.y1)} m ${num(op.x2)} ${num(config.height - itemTop - op.y2)} l S`)
          if (marks) content.ascii(' EMC')
        }
      }
    }
    closeOuter()
    if (index > 0 && furniture.header) {
      text(furniture.header, 0, ARTIFACT.header)
      const y = config.height - config.headerBaseline - 5
      const rule = `0.4 w 0 G ${num(config.margin.left)} ${num(y)} m ${num(config.width - config.margin.right)} ${num(y)} l S`
      content.newline().ascii(marks ? `${ARTIFACT.layout} ${rule} EMC` : rule)
    }
    const footer = furniture.footers[index]
    if (footer) text(footer, 0, ARTIFACT.footer)
    const bytes = content.bytes()
    hash.update(bytes)
    for (const link of links) hash.update(link.url)
    const stream = flateStream(doc.context, bytes)
    page.node.addContentStream(doc.context.register(stream))
    for (const link of links) {
      const ref = doc.context.nextRef()
      const annot = doc.context.obj({
        Type: 'Annot',
        Subtype: 'Link',
        Rect: link.rect.map((n) => Number(num(n))),
        Border: [0, 0, 0],
        // Printable (PDF/UA asks annotations to be), with a description for assistive technology.
        F: 4,
        Contents: lib.PDFHexString.fromText(link.url),
        ...(marks && {StructParent: marks.annot(link.elem, ref)}),
        A: {Type: 'Action', S: 'URI', URI: lib.PDFString.of(escapePdfString(asciiUri(link.url)))}
      })
      doc.context.assign(ref, annot)
      page.node.addAnnot(ref)
    }
    // Tab order follows the structure (PDF/UA-1 §7.18.3).
    if (links.length && marks) page.node.set(lib.PDFName.of('Tabs'), lib.PDFName.of('S'))
    const drawn = {page, ref: page.ref}
    out.push(drawn)
    return drawn
  }
  return {draw, finish: () => ({pages: out, digest: hash.digest('hex')})}
}

/** The line has a link or another inline element in it. */
function hasInline(line: TextOp['line']): boolean {
  const {words} = line
  for (let w = 0; w < words.length; w++) {
    const word = words[w]!
    for (let p = 0; p < word.length; p++) if (word[p]!.link !== undefined || word[p]!.role !== undefined) return true
  }
  return false
}

/** A link annotation to write: its URL, rectangle and Link element. */
interface Link {
  url: string
  rect: [number, number, number, number]
  elem: StructElem
}

/** A line whose marked content is inside its text object: its element and where MCIDs are recorded. */
interface InnerTagging {
  tag: StructElem
  marks: Marks
}

/** The text state that persists between BT…ET blocks of one page. */
interface TextState {
  face?: Face
  size?: number
}

/**
 * One line of text as a BT…ET block, written to `out`; collects link rectangles.
 *
 * The operators are written to the page's byte buffer as they come (this
 * runs for every character of the document, and appending to a string made
 * a new string object per glyph): a TJ array is opened by the first string or
 * number after a font or colour change, adjacent strings in the same font
 * are one literal string, and the array is closed before the next operator.
 */
function textLine(
  out: ContentBuffer,
  op: TextOp,
  baselineY: number,
  fonts: FontSet,
  codes: Map<Face, GlyphCodes>,
  fontKey: (face: Face) => string,
  config: PageConfig,
  links: Link[] | undefined,
  state: TextState,
  /** Given for a line with links or references: the sequences are written inside its text object. */
  inner: InnerTagging | undefined
): void {
  const {line, size} = op
  out.ascii(`BT 1 0 0 1 ${num(op.x)} ${num(baselineY)} Tm`)
  /** The element whose marked-content sequence is open inside the text object (the line's, or a Link in it). */
  let marked: StructElem | undefined
  /** A TJ array is open ("[" written). */
  let inArray = false
  /** A literal string is open in it ("(" written, ")" not yet). */
  let inString = false
  let currentColor = 'black'
  let glyphs: GlyphCodes | undefined
  let glyphsFace: Face | undefined
  const flush = () => {
    if (inArray) out.ascii(inString ? ')] TJ' : '] TJ')
    inArray = inString = false
  }
  const show = (text: string, style: TextStyle, runSize: number) => {
    for (let i = 0; i < text.length; i++) {
      const cp = text.codePointAt(i)!
      if (cp > 0xffff) i++
      const face = fonts.faceFor(cp, style, text)
      if (face !== state.face || runSize !== state.size) {
        flush()
        out.ascii(` ${fontKey(face)} ${num(runSize)} Tf`)
        state.face = face
        state.size = runSize
      }
      if (face !== glyphsFace) {
        glyphs = codes.get(face)
        glyphsFace = face
      }
      if (!inString) {
        out.ascii(inArray ? ' (' : ' [(')
        inArray = inString = true
      }
      out.write(glyphs!.code(cp))
    }
  }
  /** Open the sequence that a piece (of a link, or another inline element) belongs to, closing the one before. */
  // (Made only for such lines: a closure per line drawn is garbage.)
  const enter = inner && ((link: string | undefined, role: string | undefined) => {
    const {tag, marks} = inner
    let want = tag
    if (link) {
      // A link that goes on from the end of the line before is the same Link element.
      if (tag.openInline?.url !== link) tag.openInline = addElem(tag, 'Link', {url: link})
      want = tag.openInline
    } else if (role) {
      if (tag.openInline?.role !== role || tag.openInline.url !== undefined || marked !== tag.openInline) tag.openInline = addElem(tag, role)
      want = tag.openInline
    }
    if (want === marked) return
    flush()
    if (marked) out.ascii(' EMC')
    if (want === tag) tag.openInline = undefined
    out.ascii(' ').ascii(marks.mark(want))
    marked = want
  })
  const color = (link: string | undefined) => {
    const wanted = link ? 'link' : 'black'
    if (wanted === currentColor) return
    flush()
    out.ascii(link ? ` ${config.linkColor.map(num).join(' ')} rg` : ' 0 g')
    currentColor = wanted
  }
  let x = op.x
  let open: {url: string; x0: number; x1: number; elem: StructElem} | undefined
  const closeLink = () => {
    if (open && links) links.push({url: open.url, rect: [open.x0, baselineY - size * 0.25, open.x1, baselineY + size * 0.85], elem: open.elem})
    open = undefined
  }
  // A justified line stretches all its gaps alike: the adjustment is formatted once per value.
  let lastExtra = NaN
  let lastAdjust = ''
  const {words, gaps, spaces} = line
  for (let w = 0; w < words.length; w++) {
    const word = words[w]!
    for (const piece of word) {
      if (enter) enter(piece.link, piece.role)
      color(piece.link)
      show(piece.text, piece.style, piece.size ?? size)
      if (piece.link) {
        const elem = marked ?? op.tag!
        if (open && open.url === piece.link && open.elem === elem) open.x1 = x + piece.width
        else {
          closeLink()
          open = {url: piece.link, x0: x, x1: x + piece.width, elem}
        }
      } else closeLink()
      x += piece.width
    }
    if (w < words.length - 1) {
      show(' ', word[word.length - 1]!.style, size)
      const extra = gaps[w]! - spaces[w]!
      if (Math.abs(extra) > 0.001) {
        if (extra !== lastExtra) {
          lastExtra = extra
          lastAdjust = num((-extra * 1000) / size)
        }
        out.ascii(inString ? ')' : '').ascii(inArray ? ' ' : ' [').ascii(lastAdjust)
        inArray = true
        inString = false
      }
      x += gaps[w]!
    }
  }
  closeLink()
  flush()
  if (marked) out.ascii(' EMC')
  if (currentColor !== 'black') out.ascii(' 0 g')
  out.ascii(' ET')
}

/**
 * A page's content stream as bytes, written straight into one growing
 * buffer: text operators as ASCII, glyph codes as the bytes of literal
 * strings. Lines are separated by a line feed.
 */
class ContentBuffer {
  private buffer = new Uint8Array(1 << 16)
  private length = 0

  reset(): void {
    this.length = 0
  }

  /** A line feed before every line but the first. */
  newline(): this {
    if (this.length > 0) this.write(NEWLINE)
    return this
  }

  /** `text` is ASCII (operators and numbers). */
  ascii(text: string): this {
    const end = this.length + text.length
    if (end > this.buffer.length) this.grow(end)
    for (let i = 0; i < text.length; i++) this.buffer[this.length + i] = text.charCodeAt(i)
    this.length = end
    return this
  }

  write(bytes: Uint8Array): this {
    const end = this.length + bytes.length
    if (end > this.buffer.length) this.grow(end)
    for (let i = 0; i < bytes.length; i++) this.buffer[this.length + i] = bytes[i]!
    this.length = end
    return this
  }

  /** The bytes written since the last reset (a view: valid until the next write). */
  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.length)
  }

  private grow(needed: number): void {
    const bigger = new Uint8Array(Math.max(needed, this.buffer.length * 2))
    bigger.set(this.buffer.subarray(0, this.length))
    this.buffer = bigger
  }
}

const NEWLINE = Uint8Array.of(0x0a)

/** The part of pdf-lib 1.17's subset embedder that encodeText uses (not public API). */
interface SubsetEmbedder {
  font: {glyphForCodePoint(cp: number): {id: number}}
  subset: {includeGlyph(glyph: unknown): number}
  glyphs: unknown[]
  glyphIdMap: Map<number, number>
  glyphCache: {invalidate(): void}
}

/**
 * The glyph code of each code point for one embedded (subset) font of one
 * document, as the bytes of a PDF literal string: two bytes per glyph
 * (Identity-H), with "(", ")", backslash, CR and LF escaped. A literal string is half
 * the size of the hex string pdf-lib writes ("<0041>"): less to build and
 * less for zlib to compress, and the same glyph codes, so the same text.
 * With the OpenType features off, a character's glyph does not depend on
 * its neighbours, so each code point is encoded once.
 * pdf-lib's encodeText runs fontkit's shaper on every call (about a third of
 * a millisecond even for one character), so the glyph is added to the subset
 * the way encodeText does it, through the embedder; if that shape is not
 * there, encodeText is used. Codes are kept in pages of 256 code points.
 */
class GlyphCodes {
  private readonly pages: Array<Uint8Array[] | undefined> = []

  constructor(private readonly font: PDFFont) {}

  code(cp: number): Uint8Array {
    return this.pages[cp >> 8]?.[cp & 0xff] ?? this.add(cp)
  }

  private add(cp: number): Uint8Array {
    const embedder = (this.font as unknown as {embedder?: Partial<SubsetEmbedder>}).embedder
    let code: Uint8Array
    if (embedder?.font?.glyphForCodePoint && embedder.subset?.includeGlyph && embedder.glyphs && embedder.glyphIdMap && embedder.glyphCache) {
      // The embedder's own font object: its glyphs carry their code points for the ToUnicode map.
      const glyph = embedder.font.glyphForCodePoint(cp)
      const id = embedder.subset.includeGlyph(glyph)
      embedder.glyphs[id - 1] = glyph
      embedder.glyphIdMap.set(glyph.id, id)
      embedder.glyphCache.invalidate()
      code = literalBytes([id >> 8, id & 0xff])
    } else {
      const hex = this.font.encodeText(String.fromCodePoint(cp)).toString().slice(1, -1)
      const bytes: number[] = []
      for (let i = 0; i < hex.length; i += 2) bytes.push(parseInt(hex.slice(i, i + 2), 16))
      code = literalBytes(bytes)
    }
    ;(this.pages[cp >> 8] ??= new Array<Uint8Array>(256))[cp & 0xff] = code
    return code
  }
}

/** Bytes as the inside of a PDF literal string (PDF 32000 §7.3.4.2): the delimiters, the escape
 *  character and the line ends are escaped (a bare CR or CRLF would be read back as LF). */
function literalBytes(bytes: number[]): Uint8Array {
  const out: number[] = []
  for (const b of bytes) {
    if (b === 0x28 || b === 0x29 || b === 0x5c) out.push(0x5c, b)
    else if (b === 0x0d) out.push(0x5c, 0x72) // \r
    else if (b === 0x0a) out.push(0x5c, 0x6e) // \n
    else out.push(b)
  }
  return Uint8Array.from(out)
}

/** URIs are ASCII: percent-encode anything else. */
function asciiUri(url: string): string {
  return url.replace(/[^\x21-\x7e]/g, (ch) => encodeURIComponent(ch))
}

function escapePdfString(s: string): string {
  return s.replace(/[\\()]/g, (c) => `\\${c}`)
}
