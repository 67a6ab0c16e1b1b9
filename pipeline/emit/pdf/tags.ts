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
import {rawObject} from './deflate.js'

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
}

export function isElem(kid: StructElem | ContentKid): kid is StructElem {
  return 'role' in kid
}

/** A new element appended to `parent`'s kids. */
export function addElem(parent: StructElem, role: string, extra: Partial<StructElem> = {}): StructElem {
  const elem: StructElem = {role, kids: [], parent, ...extra}
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
 */
export function writeStructure(lib: PdfLib, doc: PDFDocument, root: StructElem, marks: Marks, pageRefs: PDFRef[]): void {
  const {context} = doc
  const {PDFName} = lib
  const rootRef = context.nextRef()
  const refs = new Map<StructElem, string>()
  const order: Array<[StructElem, PDFRef]> = []
  const ids: Array<[string, string]> = []
  // Refs first, in tree order, so that parents can point to kids and kids to parents.
  const assignRefs = (elem: StructElem) => {
    const ref = context.nextRef()
    refs.set(elem, `${ref.objectNumber} 0 R`)
    order.push([elem, ref])
    for (const kid of elem.kids) if (isElem(kid)) assignRefs(kid)
  }
  assignRefs(root)
  const pages = pageRefs.map((ref) => `${ref.objectNumber} 0 R`)
  const parents = new Map<StructElem, string>([[root, `${rootRef.objectNumber} 0 R`]])
  for (const [elem, ref] of order) {
    for (const kid of elem.kids) if (isElem(kid)) parents.set(kid, refs.get(elem)!)
    // /Pg: the page of the element's first content; content on other pages names its page.
    const first = elem.kids.find((k): k is ContentKid => !isElem(k))
    const pg = first ? first.page : -1
    const kids: string[] = []
    for (const kid of elem.kids) {
      if (isElem(kid)) kids.push(refs.get(kid)!)
      else if ('annot' in kid) kids.push(`<</Type /OBJR /Obj ${kid.annot.objectNumber} 0 R /Pg ${pages[kid.page]}>>`)
      else if (kid.page === pg) kids.push(String(kid.mcid))
      else kids.push(`<</Type /MCR /Pg ${pages[kid.page]} /MCID ${kid.mcid}>>`)
    }
    // /Type /StructElem is optional (PDF 32000 Table 323) and left out: hundreds of elements, bytes to deflate.
    let text = `<</S /${elem.role} /P ${parents.get(elem)!}`
    if (pg >= 0) text += ` /Pg ${pages[pg]}`
    // One kid is written alone, without an array.
    text += kids.length === 1 ? ` /K ${kids[0]}` : ` /K [${kids.join(' ')}]`
    if (elem.attributes) {
      text += ` /A <</O /${elem.attributes.owner}`
      for (const [key, value] of Object.entries(elem.attributes.names)) text += ` /${key} /${value}`
      text += '>>'
    }
    if (elem.id) {
      text += ` /ID ${pdfText(elem.id)}`
      ids.push([elem.id, refs.get(elem)!])
    }
    if (elem.lang) text += ` /Lang ${pdfText(elem.lang)}`
    context.assign(ref, rawObject(lib, text + '>>'))
  }

  // ParentTree: page i → the element of each MCID on it; annotation keys → their Link.
  const nums: string[] = []
  marks.pages.forEach((elems, i) => nums.push(`${structParentsKey(i)} [${elems.map((e) => refs.get(e)!).join(' ')}]`))
  marks.annots.forEach(({elem}, i) => nums.push(`${marks.pageCount + i} ${refs.get(elem)!}`))
  const parentTree = context.register(rawObject(lib, `<</Nums [${nums.join('\n')}]>>`))
  let structRoot = `<</Type /StructTreeRoot /K ${refs.get(root)!} /ParentTree ${parentTree.objectNumber} 0 R /ParentTreeNextKey ${marks.pageCount + marks.annots.length}`
  if (ids.length) {
    // A name tree's keys are sorted (byte order of the strings); its root has no /Limits.
    ids.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    const idTree = context.register(rawObject(lib, `<</Names [${ids.map(([id, ref]) => `${pdfText(id)} ${ref}`).join(' ')}]>>`))
    structRoot += ` /IDTree ${idTree.objectNumber} 0 R`
  }
  context.assign(rootRef, rawObject(lib, structRoot + '>>'))
  doc.catalog.set(PDFName.of('StructTreeRoot'), rootRef)
  doc.catalog.set(PDFName.of('MarkInfo'), context.obj({Marked: true}))
}
