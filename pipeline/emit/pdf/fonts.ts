/**
 * Fonts: DejaVu Serif (regular, italic, bold, bold italic) with DejaVu Sans and
 * DejaVu Math as fallbacks, all TTF from the `dejavu-fonts-ttf` package.
 *
 * fontkit is used here only for metrics and glyph coverage, so that layout can
 * run (and be tested) without pdf-lib. Every character is checked against the
 * fonts of its style in fallback order; a character that no font can draw is
 * an error (the PDF is not written; build.ts makes it a warning of the
 * document), never a silently missing glyph. A private-use character is
 * drawn as a visible box instead (see `resolve`).
 *
 * Widths are plain advance widths (no kerning, no ligatures); `draw.ts` embeds
 * the fonts with those OpenType features off so the drawn text is exactly as
 * wide as the measured text.
 */
import {readFileSync} from 'node:fs'
import {MAX_FONT_BYTES, readRegularFile} from '../../read-file.js'
import {createRequire} from 'node:module'
import {dirname, join} from 'node:path'
import type {Font} from '@pdf-lib/fontkit'

/** The part of @pdf-lib/fontkit used here (its default export). */
export interface Fontkit {
  create(buffer: Uint8Array, postscriptName?: string): Font
}

export interface TextStyle {
  bold?: boolean
  italic?: boolean
}

export type StyleKey = 'regular' | 'italic' | 'bold' | 'boldItalic'

export interface Face {
  /** Stable name, e.g. `serif-bold`. */
  key: string
  file: string
  bytes: Uint8Array
  font: Font
  unitsPerEm: number
  /** Advance widths in em, by code point (cache). */
  widths: Map<number, number>
}

/** A stretch of text drawn with one face. */
export interface FaceRun {
  face: Face
  text: string
}

/** Format characters that have no visible form: they are not drawn. */
const INVISIBLE = /[\u00AD\u200B-\u200F\u2060\uFEFF]/g

const FILES: Record<string, string> = {
  'serif-regular': 'DejaVuSerif.ttf',
  'serif-italic': 'DejaVuSerif-Italic.ttf',
  'serif-bold': 'DejaVuSerif-Bold.ttf',
  'serif-boldItalic': 'DejaVuSerif-BoldItalic.ttf',
  'sans-regular': 'DejaVuSans.ttf',
  'sans-italic': 'DejaVuSans-Oblique.ttf',
  'sans-bold': 'DejaVuSans-Bold.ttf',
  'sans-boldItalic': 'DejaVuSans-BoldOblique.ttf',
  math: 'DejaVuMathTeXGyre.ttf'
}

/** Fallback order for each style: the serif of that style first. */
const CHAINS: Record<StyleKey, string[]> = {
  regular: ['serif-regular', 'sans-regular', 'math'],
  italic: ['serif-italic', 'sans-italic', 'serif-regular', 'sans-regular', 'math'],
  bold: ['serif-bold', 'sans-bold', 'serif-regular', 'sans-regular', 'math'],
  boldItalic: ['serif-boldItalic', 'sans-boldItalic', 'serif-bold', 'serif-italic', 'serif-regular', 'sans-regular', 'math']
}

export function styleKey(style: TextStyle): StyleKey {
  return style.bold ? (style.italic ? 'boldItalic' : 'bold') : style.italic ? 'italic' : 'regular'
}

/** Remove characters that are never drawn (soft hyphens, zero-width spaces and joiners, BOM). */
export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, '')
}

/**
 * Per-code-point tables in pages of 256 entries (most text uses a few pages):
 * a lookup is two array reads, with no string hashing and no allocation.
 */
type Pages<T> = Array<T | undefined>

/** The code point at `i` of `text.slice(0, end)`, as `for (const ch of text)` sees it (a lone surrogate is itself). */
function codePointAt(text: string, i: number, end = text.length): number {
  const cp = text.charCodeAt(i)
  if (cp >= 0xd800 && cp < 0xdc00 && i + 1 < end) {
    const low = text.charCodeAt(i + 1)
    if (low >= 0xdc00 && low < 0xe000) return (cp - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000
  }
  return cp
}

/** Private Use Area code points (BMP and the two supplementary planes). */
export function isPrivateUse(cp: number): boolean {
  return (cp >= 0xe000 && cp <= 0xf8ff) || (cp >= 0xf0000 && cp <= 0x10fffd)
}

export class FontSet {
  /** Faces loaded so far, by key (fallback faces are loaded when a character first needs one). */
  readonly faces: Map<string, Face>
  private readonly chains: Record<StyleKey, string[]>
  private readonly load: (key: string) => Face | undefined
  /** Per style: the face that draws each code point (cache of `faceFor`). */
  private readonly resolved: Record<StyleKey, Pages<Array<Face | undefined>>> = {regular: [], italic: [], bold: [], boldItalic: []}
  /** Per style: advance width in em of each code point in its face (NaN: not looked up yet). */
  private readonly ems: Record<StyleKey, Pages<Float64Array>> = {regular: [], italic: [], bold: [], boldItalic: []}

  private readonly usedFaces = new Set<Face>()

  constructor(faces: Map<string, Face>, load: (key: string) => Face | undefined = () => undefined) {
    this.faces = faces
    this.load = load
    // A face the user supplied for a style (`custom-<style>`) comes first; DejaVu follows it.
    const chain = (keys: string[]) => [`custom-${keys[0]!.replace('serif-', '')}`, ...keys].filter((key) => key in FILES || faces.has(key))
    this.chains = {
      regular: chain(CHAINS.regular),
      italic: chain(CHAINS.italic),
      bold: chain(CHAINS.bold),
      boldItalic: chain(CHAINS.boldItalic)
    }
  }

  private face(key: string): Face | undefined {
    let face = this.faces.get(key)
    if (!face) {
      face = this.load(key)
      if (face) this.faces.set(key, face)
    }
    return face
  }

  /** The first face of the style's chain that has a glyph for `cp`; throws if none has. */
  faceFor(cp: number, style: TextStyle, context?: string): Face {
    const key = styleKey(style)
    const face = this.resolved[key][cp >> 8]?.[cp & 0xff]
    return face ?? this.resolve(cp, key, context)
  }

  private resolve(cp: number, key: StyleKey, context: string | undefined): Face {
    let face: Face | undefined
    for (const candidate of this.chains[key]) {
      const f = this.face(candidate)
      if (f?.font.hasGlyphForCodePoint(cp)) {
        face = f
        break
      }
    }
    if (!face && isPrivateUse(cp)) {
      // A private-use code point means whatever the source PDF's font meant
      // (often an icon): no font of ours can know it. Draw the first face's
      // .notdef glyph, a visible box, rather than fail the PDF or drop the
      // character; the Markdown and JSON keep the code point as written.
      face = this.chains[key].map((k) => this.face(k)).find((f): f is Face => Boolean(f))
    }
    if (!face) {
      const hex = cp.toString(16).toUpperCase().padStart(4, '0')
      const where = context ? ` in "${context.length > 60 ? context.slice(0, 57) + '...' : context}"` : ''
      const tried = [...new Set(this.chains[key].map((k) => this.faces.get(k)?.file ?? FILES[k] ?? k))]
      throw new Error(
        `PDF: no font can draw the character "${String.fromCodePoint(cp)}" (U+${hex})${where}; tried ${tried.join(', ')}; ` +
          'give a font that has it under `fonts:` in reprint.config.yaml'
      )
    }
    const pages = this.resolved[key]
    ;(pages[cp >> 8] ??= new Array<Face | undefined>(256))[cp & 0xff] = face
    this.usedFaces.add(face)
    return face
  }

  /** The faces that measured or drew anything so far, in a fixed order. */
  used(): Face[] {
    return FACE_ORDER.map((key) => this.faces.get(key)).filter((face): face is Face => Boolean(face && this.usedFaces.has(face)))
  }

  /** Split `text` into runs that one face each can draw. */
  runs(text: string, style: TextStyle): FaceRun[] {
    const out: FaceRun[] = []
    let face: Face | undefined
    let start = 0
    for (let i = 0; i < text.length; ) {
      const cp = codePointAt(text, i)
      const next = this.faceFor(cp, style, text)
      if (next !== face) {
        if (face) out.push({face, text: text.slice(start, i)})
        face = next
        start = i
      }
      i += cp > 0xffff ? 2 : 1
    }
    if (face) out.push({face, text: text.slice(start)})
    return out
  }

  /** Advance width of one code point in em. */
  charWidth(face: Face, cp: number): number {
    let w = face.widths.get(cp)
    if (w === undefined) {
      w = face.font.glyphForCodePoint(cp).advanceWidth / face.unitsPerEm
      face.widths.set(cp, w)
    }
    return w
  }

  /**
   * Width of `text` at `size` points, with fallback fonts where needed: the
   * sum, in text order, of each character's advance width in em, times the
   * size. Called for every word and space, so it only reads the em table.
   * With `end`, the width of `text.slice(0, end)` (without making the slice);
   * with `start` too, of `text.slice(start, end)` (long words are measured a
   * line at a time, never from their start again: that was quadratic).
   */
  width(text: string, style: TextStyle, size: number, end = text.length, start = 0): number {
    const key = styleKey(style)
    const pages = this.ems[key]
    let em = 0
    for (let i = start; i < end; i++) {
      const cp = codePointAt(text, i, end)
      if (cp > 0xffff) i++
      const page = pages[cp >> 8]
      let w = page === undefined ? NaN : page[cp & 0xff]!
      if (w !== w) {
        w = this.charWidth(this.faceFor(cp, style, text), cp)
        ;(pages[cp >> 8] ??= new Float64Array(256).fill(NaN))[cp & 0xff] = w
      }
      em += w
    }
    return em * size
  }

  /** Check that every character of `text` can be drawn (throws otherwise). */
  check(text: string, style: TextStyle): void {
    for (const ch of text) this.faceFor(ch.codePointAt(0)!, style, text)
  }
}

let fontkitPromise: Promise<Fontkit> | undefined
let facesPromise: Promise<Face[]> | undefined
const customFaces = new Map<string, Promise<Face>>()

/** Font files chosen by the user, by style (TTF, OTF or WOFF; not WOFF2). */
export interface FontFiles {
  regular?: string
  bold?: string
  italic?: string
  boldItalic?: string
}

/**
 * Parsed fonts by their file's bytes (the same Uint8Array object: a face's
 * `bytes` are read once per process and handed to pdf-lib as they are).
 */
const parsedFonts = new WeakMap<Uint8Array, Font>()

/** Parse a font file once per process. */
function parseFont(fontkit: Fontkit, bytes: Uint8Array): Font {
  let font = parsedFonts.get(bytes)
  if (!font) {
    font = fontkit.create(bytes)
    parsedFonts.set(bytes, font)
  }
  return font
}

/** The internals of a fontkit 1.x TTFFont (or WOFFFont) that `freshFont` relies on. */
interface FontInternals {
  constructor: new (stream: unknown, variationCoords?: unknown) => FontInternals
  stream: {constructor: new (buffer: unknown) => {pos: number}; buffer: unknown}
  _directoryPos: number
  _tables: Record<string, unknown>
  variationCoords?: unknown
}

/**
 * A new font object over an already parsed font: it shares the file's bytes
 * and the decoded tables (the costly part: fontkit copies the file and
 * decodes hmtx, loca, cmap … for every `create`), but has its own glyph
 * cache. fontkit's `getVariation` makes its fonts the same way.
 *
 * The glyph cache must not be shared between documents: fontkit keeps the
 * first glyph object made for an id, and a glyph first met as a component of
 * an accented letter while subsetting one document has no code points, which
 * would leave a hole in the next document's ToUnicode map (tests/pdf.test.ts
 * checks). Undefined when the font does not have the expected shape.
 */
function freshFont(base: Font): Font | undefined {
  const b = base as unknown as Partial<FontInternals>
  if (!b.stream?.buffer || typeof b._directoryPos !== 'number' || !b._tables || typeof b.constructor !== 'function') return undefined
  const stream = new b.stream.constructor(b.stream.buffer)
  stream.pos = b._directoryPos
  const font = new b.constructor(stream, b.variationCoords ?? null)
  font._tables = b._tables
  return font as unknown as Font
}

/**
 * The fontkit given to pdf-lib (`registerFontkit`): `create(bytes)` returns a
 * fresh font object (own glyph cache, so subsets stay per document) over the
 * font parsed once per process for those bytes, instead of parsing the file
 * again for every document.
 */
export function sharedFontkit(fontkit: Fontkit): Fontkit {
  return {
    create(bytes, postscriptName) {
      if (postscriptName) return fontkit.create(bytes, postscriptName)
      return freshFont(parseFont(fontkit, bytes)) ?? fontkit.create(bytes)
    }
  }
}

/** @pdf-lib/fontkit, imported on first use only (it is slow to import). */
export function loadFontkit(): Promise<Fontkit> {
  fontkitPromise ??= import('@pdf-lib/fontkit').then((m) => ((m as {default?: Fontkit}).default ?? (m as unknown as Fontkit)))
  return fontkitPromise
}

/** Directory of the DejaVu TTF files, resolved from this module so it works from `dist/` too. */
export function fontDirectory(): string {
  const require = createRequire(import.meta.url)
  return join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf')
}

/** Read and parse one font file, with an error that names the file. */
async function readFace(key: string, path: string, fontkit: Fontkit): Promise<Face> {
  let data: Uint8Array
  try {
    // A regular file of bounded size only: a FIFO or /dev/zero given as a font must not hang or fill memory.
    const b = readRegularFile(path, MAX_FONT_BYTES)
    data = new Uint8Array(b.buffer, b.byteOffset, b.byteLength)
  } catch (error) {
    throw new Error(`PDF: cannot read font ${path}: ${(error as Error).message}`)
  }
  const magic = String.fromCharCode(...data.subarray(0, 4))
  if (magic === 'wOF2') throw new Error(`PDF: font ${path} is WOFF2, which fontkit cannot subset; use a TTF, OTF or WOFF file`)
  let font: Font
  try {
    font = parseFont(fontkit, data)
    if (!font || typeof font.hasGlyphForCodePoint !== 'function' || !font.unitsPerEm) throw new Error('not a single font')
  } catch (error) {
    throw new Error(`PDF: ${path} is not a font that can be embedded (${(error as Error).message})`)
  }
  const file = path.split(/[\\/]/).pop() ?? path
  return {key, file, bytes: data, font, unitsPerEm: font.unitsPerEm, widths: new Map()}
}

/** DejaVu Serif is read up front; the fallbacks when a character first needs one. */
const EAGER = ['serif-regular', 'serif-italic', 'serif-bold', 'serif-boldItalic']
/** Fixed embedding order: custom faces, then DejaVu in the order of FILES. */
const FACE_ORDER = ['custom-regular', 'custom-italic', 'custom-bold', 'custom-boldItalic', ...Object.keys(FILES)]
const lazyFaces = new Map<string, Face>()

/** Read and parse the serif faces once per process (parsed fonts and width caches are reused). */
function loadFaces(): Promise<Face[]> {
  facesPromise ??= (async () => {
    const fontkit = await loadFontkit()
    const dir = fontDirectory()
    return Promise.all(EAGER.map((key) => readFace(key, join(dir, FILES[key]!), fontkit)))
  })()
  facesPromise.catch(() => (facesPromise = undefined))
  return facesPromise
}

/** A fallback face, read synchronously the first time a character needs it. */
function loadFallback(fontkit: Fontkit, key: string): Face | undefined {
  const file = FILES[key]
  if (!file) return undefined
  let face = lazyFaces.get(key)
  if (!face) {
    const path = join(fontDirectory(), file)
    let bytes: Buffer
    try {
      bytes = readFileSync(path)
    } catch (error) {
      throw new Error(`PDF: cannot read font ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)
    }
    const data = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    const font = parseFont(fontkit, data)
    face = {key, file, bytes: data, font, unitsPerEm: font.unitsPerEm, widths: new Map()}
    lazyFaces.set(key, face)
  }
  return face
}

/**
 * The font set for one document (parsed fonts are shared; the record of used
 * faces is not). `custom` fonts take the place of DejaVu Serif for their
 * styles; DejaVu stays behind them as the fallback.
 */
export async function loadFonts(custom: FontFiles = {}): Promise<FontSet> {
  const faces = await loadFaces()
  const fontkit = await loadFontkit()
  const extra: Face[] = []
  for (const style of ['regular', 'italic', 'bold', 'boldItalic'] as const) {
    const path = custom[style]
    if (!path) continue
    let face = customFaces.get(path)
    if (!face) {
      face = readFace(`custom-${style}`, path, fontkit)
      customFaces.set(path, face)
      face.catch(() => customFaces.delete(path))
    }
    const loaded = await face
    extra.push(loaded.key === `custom-${style}` ? loaded : {...loaded, key: `custom-${style}`})
  }
  return new FontSet(new Map([...extra, ...faces].map((face) => [face.key, face])), (key) => loadFallback(fontkit, key))
}
