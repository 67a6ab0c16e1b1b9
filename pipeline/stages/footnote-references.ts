/**
 * footnote-references: the note markers that `footnotes` found become
 * `footnoteReference` nodes in the body text.
 *
 * It runs after the stages that work on line edges (dehyphenate,
 * repair-edges, typography), which expect one text node per source line.
 * A marker is found again in the text node of its source line as the same
 * marker-shaped number (`MARK`, counted the same way); `footnotes` has
 * already moved a marker that sat alone on a line (or started the next one)
 * to the end of the line it follows.
 */
import type {FootnoteReference, Parent, PhrasingContent, Root, Text} from 'mdast'
import type {Plugin} from 'unified'
import type {VFile} from 'vfile'
import {recordChange} from '../messages.js'
import {MARK, type FootnoteMark} from './footnotes.js'
import {twin} from '../text/ascii.js'

/** Speed: MARK’s Latin-1 twin on a line whose letters and numbers are Latin-1 (text/ascii.ts). */
const markFor = twin(MARK)

export interface FootnoteReferencesOptions {
  /** Leave the markers as text. Default false. */
  disabled?: boolean
}

export const footnoteReferences: Plugin<[FootnoteReferencesOptions?], Root> = function (options = {}) {
  return (tree, file) => {
    const marks = tree.data?.footnoteMarks
    if (options.disabled || !marks || marks.length === 0) return
    // Text nodes by the source line they start on, in document order.
    const byLine = new Map<number, {parent: Parent; node: Text}[]>()
    const walk = (parent: Parent) => {
      for (const child of parent.children) {
        if (child.type === 'footnoteDefinition') continue
        if (child.type === 'text' && child.position) {
          const line = child.position.start.line
          let list = byLine.get(line)
          if (!list) byLine.set(line, (list = []))
          list.push({parent, node: child})
        } else if ('children' in child) walk(child as Parent)
      }
    }
    walk(tree)
    // All markers of a line are found first, then placed from the line's end backwards.
    const byMarkLine = new Map<number, FootnoteMark[]>()
    for (const mark of marks) {
      let list = byMarkLine.get(mark.line)
      if (!list) byMarkLine.set(mark.line, (list = []))
      list.push(mark)
    }
    for (const [line, group] of byMarkLine) {
      const texts = byLine.get(line)
      if (!texts || texts.length === 0) continue
      const places: {parent: Parent; node: Text; order: number; index: number; length: number; reference: FootnoteReference}[] = []
      for (const mark of group) {
        const reference: FootnoteReference = {type: 'footnoteReference', identifier: mark.identifier, label: mark.identifier}
        const found = findGlued(texts, mark)
        if (found) places.push({...found, length: mark.identifier.length, reference})
      }
      places.sort((a, b) => b.order - a.order || b.index - a.index)
      for (const p of places) split(p.parent, p.node, p.index, p.length, p.reference, file)
    }
  }
}

function findGlued(texts: {parent: Parent; node: Text}[], mark: FootnoteMark) {
  let fallback: {parent: Parent; node: Text; order: number; index: number} | undefined
  let ordinal = 0
  for (const [order, {parent, node}] of texts.entries()) {
    for (const m of node.value.matchAll(markFor(node.value))) {
      const digits = m[1] ?? m[2]!
      if (digits === mark.identifier) {
        if (ordinal === mark.ordinal) return {parent, node, order, index: m.index!}
        fallback ??= {parent, node, order, index: m.index!}
      }
      ordinal++
    }
  }
  return fallback
}

/** Cut `node` at the marker: `node` keeps the text before it (so earlier cuts in it stay valid), then the reference, then the rest. */
function split(parent: Parent, node: Text, index: number, length: number, reference: FootnoteReference, file: VFile) {
  const at = parent.children.indexOf(node)
  if (at < 0) return
  const before = node.value.slice(0, index)
  let after = node.value.slice(index + length)
  const start = node.position?.start
  const end = node.position?.end
  const point = (d: number) => (start ? {line: start.line, column: start.column + d, offset: (start.offset ?? 0) + d} : undefined)
  if (start) reference.position = {start: point(index)!, end: point(index + length)!}
  // pdftotext sets a space after a raised marker, also before the punctuation that follows it
  // ("frameworks5 , international"): printed, the comma follows the marker.
  let skip = 0
  if (/^ [,.;:)\]]/.test(after)) {
    skip = 1
    after = after.slice(1)
    recordChange(file, {
      ruleId: 'footnotes:reference',
      reason: `Removed the space the extractor set between note marker ${reference.identifier} and the punctuation after it`,
      place: start ? {start: point(index + length)!, end: point(index + length + 1)!} : undefined,
      original: ' ',
      replacement: '',
      evidence: 'a raised marker is followed by the punctuation it sits before'
    })
  }
  const pieces: PhrasingContent[] = [reference]
  if (after) pieces.push({type: 'text', value: after, ...(start && end ? {position: {start: point(index + length + skip)!, end}} : {})})
  node.value = before
  if (start) node.position = {start, end: point(index)!}
  parent.children.splice(at + 1, 0, ...(pieces as Parent['children']))
}
