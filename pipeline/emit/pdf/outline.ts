/**
 * Outline (bookmarks) mirroring the heading tree, built from pdf-lib's
 * low-level objects (pdf-lib has no outline API). Each entry jumps to its
 * heading's page and position.
 */
import type {PDFDocument, PDFRef} from 'pdf-lib'

type PdfLib = typeof import('pdf-lib')

export interface OutlineEntry {
  title: string
  depth: number
  pageRef: PDFRef
  /** PDF y coordinate of the top of the heading. */
  y: number
  x: number
}

interface Node {
  entry: OutlineEntry
  ref: PDFRef
  children: Node[]
}

export function addOutline(lib: PdfLib, doc: PDFDocument, entries: OutlineEntry[]): void {
  if (!entries.length) return
  const {context} = doc
  const root: Node[] = []
  const stack: Node[] = []
  for (const entry of entries) {
    const node: Node = {entry, ref: context.nextRef(), children: []}
    while (stack.length && stack[stack.length - 1]!.entry.depth >= entry.depth) stack.pop()
    ;(stack.length ? stack[stack.length - 1]!.children : root).push(node)
    stack.push(node)
  }
  const outlinesRef = context.nextRef()
  const count = (nodes: Node[]): number => nodes.reduce((sum, n) => sum + 1 + count(n.children), 0)
  const write = (nodes: Node[], parent: PDFRef) => {
    nodes.forEach((node, i) => {
      const dict = context.obj({
        Title: lib.PDFHexString.fromText(node.entry.title),
        Parent: parent,
        Dest: [node.entry.pageRef, 'XYZ', Math.round(node.entry.x), Math.round(node.entry.y), null]
      })
      if (i > 0) dict.set(lib.PDFName.of('Prev'), nodes[i - 1]!.ref)
      if (i < nodes.length - 1) dict.set(lib.PDFName.of('Next'), nodes[i + 1]!.ref)
      if (node.children.length) {
        dict.set(lib.PDFName.of('First'), node.children[0]!.ref)
        dict.set(lib.PDFName.of('Last'), node.children[node.children.length - 1]!.ref)
        dict.set(lib.PDFName.of('Count'), lib.PDFNumber.of(count(node.children)))
        write(node.children, node.ref)
      }
      context.assign(node.ref, dict)
    })
  }
  write(root, outlinesRef)
  context.assign(
    outlinesRef,
    context.obj({Type: 'Outlines', First: root[0]!.ref, Last: root[root.length - 1]!.ref, Count: count(root)})
  )
  doc.catalog.set(lib.PDFName.of('Outlines'), outlinesRef)
  doc.catalog.set(lib.PDFName.of('PageMode'), lib.PDFName.of('UseOutlines'))
}
