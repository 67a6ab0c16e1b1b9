/**
 * Tagged PDF (PDF/UA-1): the logical structure of the typeset document.
 *
 *   layout.ts  builds the structure elements (Document → H1…H6, P, L/LI/Lbl/LBody,
 *              Table/THead/TBody/TR/TH/TD, BlockQuote, Note) as it lays out the
 *              blocks, and hangs each text line on its element;
 *   draw.ts    wraps every line in `/Role <</MCID n>> BDC … EMC` (a Link inside
 *              a line gets its own piece), everything else (running heads,
 *              page numbers, rules, repeated table headers) in `/Artifact`,
 *              and records each MCID and link annotation here (`Marks`);
 *   writeStructure  turns the elements into StructElem objects, the
 *              ParentTree, the IDTree, /MarkInfo and the page keys.
 *
 * pdf-lib has no tagging API: the objects are built from its low-level
 * dictionaries. Nothing here reads a clock or a random source, and the
 * objects are made in tree order, so the bytes stay deterministic.
 */
import type {PDFDocument, PDFRef} from 'pdf-lib'
import {textObjects} from './deflate.js'

type PdfLib = typeof import('pdf-lib')

/** A marked-content sequence on page `page` (0-based), or a link annotation there. */
export type ContentKid = {page: number; mcid: number} | {page: number; annot: PDFRef}

export interface StructElem {
  /** A standard structure type of PDF 1.7 (§14.8.4): no RoleMap is needed. */
  role: string
  kids: Array<StructElem | ContentKid>
  parent?: StructElem
  /** Attributes: the owner (`List`, `Table`) and its keys, names written as PDF names. */
  attributes?: {owner: 'List' | 'Table'; names: Record<string, string>}
  /** Element identifier, ASCII letters, digits and hyphens (Note elements: unique, PDF/UA-1 §7.9). */
  id?: string
  /** Language of the element when it differs from the document's. */
  lang?: string
  /** Links: the URL, so that a link broken over two lines stays one element. */
  url?: string
  /** The inline element (Link, Reference) in this element that the last marked piece belonged to. */
  openInline?: StructElem
  /** Its object number, set by writeStructure (a property, not a map: tens of thousands of look-ups in a long document). */
  objectNumber?: number
}

export function isElem(kid: StructElem | ContentKid): kid is StructElem {
  return 'role' in kid
}

/** A new element appended to `parent`'s kids. */
export function addElem(parent: StructElem, role: string, extra?: Pick<StructElem, 'attributes' | 'id' | 'lang' | 'url'>): StructElem {
  // Every field written, in one order: all elements share one object shape (a spread of `extra` made several, and
  // cost ~2 µs an element: a long table has tens of thousands).
  const elem: StructElem = {
    role,
    kids: [],
    parent,
    attributes: extra?.attributes,
    id: extra?.id,
    lang: extra?.lang,
    url: extra?.url,
    openInline: undefined,
    objectNumber: undefined
  }
  parent.kids.push(elem)
  return elem
}

/** Elements that hold blocks: a footnote is moved to follow the block of one of these that references it. */
const GROUPING = new Set(['Document', 'LBody', 'BlockQuote', 'Note', 'Sect', 'Div'])

/**
 * Footnotes in reading order: each Note element moves to just after the
 * block that first references it (a paragraph, a heading, a whole list
 * item's block or a whole table), so a screen reader reads the note where
 * the reference is, wherever the note is printed.
 */
export function placeNotes(notes: Map<string, StructElem>, references: Map<string, StructElem>): void {
  for (const [identifier, note] of notes) {
    let anchor = references.get(identifier)
    while (anchor?.parent && !GROUPING.has(anchor.parent.role)) anchor = anchor.parent
    if (!anchor?.parent || !note.parent) continue
    // A note that references itself (or whose reference is inside it) stays where it is.
    for (let p: StructElem | undefined = anchor; p; p = p.parent) if (p === note) return
    const from = note.parent.kids.indexOf(note)
    note.parent.kids.splice(from, 1)
    const to = anchor.parent.kids.indexOf(anchor)
    anchor.parent.kids.splice(to + 1, 0, note)
    note.parent = anchor.parent
  }
}

/**
 * Marked content as it is drawn: MCIDs are numbered per page from 0 and
 * each is recorded in its element (for /K) and in the page's ParentTree
 * array; link annotations get StructParent keys after the pages'.
 */
export class Marks {
  /** Per page: the element of each MCID. */
  readonly pages: StructElem[][] = []
  readonly annots: Array<{elem: StructElem; ref: PDFRef}> = []

  constructor(readonly pageCount: number) {}

  beginPage(): void {
    this.pages.push([])
  }

  /** The BDC operator of a new marked-content sequence of `elem` on the current page. */
  mark(elem: StructElem): string {
    const page = this.pages.length - 1
    const list = this.pages[page]!
    const mcid = list.length
    list.push(elem)
    elem.kids.push({page, mcid})
    return `/${elem.role} <</MCID ${mcid}>> BDC`
  }

  /** The StructParent key of a link annotation of `elem` on the current page. */
  annot(elem: StructElem, ref: PDFRef): number {
    elem.kids.push({page: this.pages.length - 1, annot: ref})
    this.annots.push({elem, ref})
    return this.pageCount + this.annots.length - 1
  }
}

/** A page's /StructParents key is its index. */
export const structParentsKey = (pageIndex: number): number => pageIndex

/** A PDF literal string of ASCII text; anything else as a UTF-16BE hex string with its byte order mark. */
function pdfText(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return `(${text.replace(/[\\()]/g, (c) => `\\${c}`)})`
  let hex = '<FEFF'
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0')
  return hex + '>'
}

/**
 * Write the structure tree: StructTreeRoot (K → Document, ParentTree,
 * ParentTreeNextKey, IDTree when notes have ids), /MarkInfo, and
 * /StructParents and /Tabs /S on the pages.
 *
 * The objects are written as text in one block of object numbers
 * (deflate.ts, textObjects): the structure root, then the elements in tree
 * order, then the ParentTree and the IDTree. An element's number is its
 * place in that order, so references are arithmetic, not map look-ups.
 */
export function writeStructure(lib: PdfLib, doc: PDFDocument, root: StructElem, marks: Marks, pageRefs: PDFRef[]): void {
  const {context} = doc
  const {PDFName} = lib
  // Elements in tree order (depth first, kids in order), without recursion: a long document nests shallowly but has many.
  // The parent is the element whose kids hold it (the index in `order`; -1: the structure root).
  const order: StructElem[] = []
  const parents: number[] = []
  const stack: Array<[StructElem, number]> = [[root, -1]]
  while (stack.length) {
    const [elem, parent] = stack.pop()!
    const index = order.length
    order.push(elem)
    parents.push(parent)
    for (let i = elem.kids.length - 1; i >= 0; i--) {
      const kid = elem.kids[i]!
      if (isElem(kid)) stack.push([kid, index])
    }
  }
  const ids: Array<[string, string]> = []
  const hasIds = order.some((e) => e.id !== undefined)
  // Structure root, elements, ParentTree, IDTree (when notes have ids).
  const block = textObjects(context, 1 + order.length + 1 + (hasIds ? 1 : 0))
  const rootNumber = block.first
  const parentTreeNumber = block.first + 1 + order.length
  for (let i = 0; i < order.length; i++) order[i]!.objectNumber = block.first + 1 + i
  const refOf = (elem: StructElem) => `${elem.objectNumber!} 0 R`
  const pages = pageRefs.map((ref) => `${ref.objectNumber} 0 R`)
  for (let i = 0; i < order.length; i++) {
    const elem = order[i]!
    const parent = parents[i]! === -1 ? rootNumber : block.first + 1 + parents[i]!
    // /Pg: the page of the element's first content; content on other pages names its page.
    let pg = -1
    for (const kid of elem.kids) {
      if (!isElem(kid)) {
        pg = kid.page
        break
      }
    }
    let kids = ''
    let count = 0
    for (const kid of elem.kids) {
      if (count++) kids += ' '
      if (isElem(kid)) kids += `${kid.objectNumber!} 0 R`
      else if ('annot' in kid) kids += `<</Type /OBJR /Obj ${kid.annot.objectNumber} 0 R /Pg ${pages[kid.page]}>>`
      else if (kid.page === pg) kids += kid.mcid
      else kids += `<</Type /MCR /Pg ${pages[kid.page]} /MCID ${kid.mcid}>>`
    }
    // /Type /StructElem is optional (PDF 32000 Table 323) and left out: many elements, bytes to deflate.
    let text = `<</S /${elem.role} /P ${parent} 0 R`
    if (pg >= 0) text += ` /Pg ${pages[pg]}`
    // One kid is written alone, without an array.
    text += count === 1 ? ` /K ${kids}` : ` /K [${kids}]`
    if (elem.attributes) {
      text += ` /A <</O /${elem.attributes.owner}`
      for (const [key, value] of Object.entries(elem.attributes.names)) text += ` /${key} /${value}`
      text += '>>'
    }
    if (elem.id) {
      text += ` /ID ${pdfText(elem.id)}`
      ids.push([elem.id, refOf(elem)])
    }
    if (elem.lang) text += ` /Lang ${pdfText(elem.lang)}`
    block.texts[1 + i] = text + '>>'
  }

  // ParentTree: page i → the element of each MCID on it; annotation keys → their Link.
  let nums = ''
  marks.pages.forEach((elems, i) => {
    nums += `${i ? '\n' : ''}${structParentsKey(i)} [`
    for (let k = 0; k < elems.length; k++) nums += `${k ? ' ' : ''}${elems[k]!.objectNumber!} 0 R`
    nums += ']'
  })
  marks.annots.forEach(({elem}, i) => (nums += `${nums ? '\n' : ''}${marks.pageCount + i} ${refOf(elem)}`))
  block.texts[parentTreeNumber - block.first] = `<</Nums [${nums}]>>`
  let structRoot = `<</Type /StructTreeRoot /K ${refOf(root)} /ParentTree ${parentTreeNumber} 0 R /ParentTreeNextKey ${marks.pageCount + marks.annots.length}`
  if (hasIds) {
    // A name tree's keys are sorted (byte order of the strings); its root has no /Limits.
    ids.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    block.texts[parentTreeNumber - block.first + 1] = `<</Names [${ids.map(([id, ref]) => `${pdfText(id)} ${ref}`).join(' ')}]>>`
    structRoot += ` /IDTree ${parentTreeNumber + 1} 0 R`
  }
  block.texts[0] = structRoot + '>>'
  doc.catalog.set(PDFName.of('StructTreeRoot'), lib.PDFRef.of(rootNumber))
  doc.catalog.set(PDFName.of('MarkInfo'), context.obj({Marked: true}))
}
