/**
 * layout: find page breaks and remove page furniture.
 *
 * Page breaks are form feeds (already `pageBreak` nodes from ingest) or, in
 * a text without form feeds, runs of two or more blank lines. Page furniture
 * is what the typesetter repeats on every page outside the text block:
 *
 * - page numbers: a bare number at a page edge counts only when the numbers
 *   at the edges advance with the pages (page index + a constant offset) on
 *   at least half of the pages (nearly all when they look like years), so
 *   that the year lines at the tops of a chronology's pages ("1993") stay;
 *   explicit forms ("Page 7", "- 7 -", "7 of 12") count on their own;
 * - running heads and footers: a line whose shape (digits folded) sits at a
 *   page edge on many pages spread over the document, like two-sided heads
 *   (one text on even pages, another on odd ones), "Congressional Research
 *   Service" footers, or a head with the page number in it; a chapter's
 *   own head counts over a short stretch when it is the outermost line or
 *   sits right next to the page number (in a document whose pages are
 *   numbered). A repeated line that also shows below the furniture of a page
 *   (a table's header row, where the table starts) is text, unless it is on
 *   nearly every page and there once a page;
 * - never repeated body text: a line that continues the rows of its page
 *   (a chronology's place or occasion line, a table row, a list item: the
 *   same outline one to three row periods inward), or one whose copies have
 *   the same neighbours (a duplicated paragraph), stays wherever it lands.
 *
 * Running lines are taken from each edge inwards, stopping at the first line
 * that is not furniture (page numbers, checked by their sequence, are taken
 * wherever they sit in the edge), and a shape is taken at most once per
 * edge: a document title that repeats the running head right below it
 * stays, and so does the title of a cover page that has no head. A footer that an extractor moved into the page (it reads tables
 * column by column) is removed too when its exact text is on every page once.
 *
 * Every removed line is recorded as a change (`layout:furniture`) with its
 * position and text, so nothing disappears silently.
 */
import type {Root, RootContent} from 'mdast'
import type {Plugin} from 'unified'
import type {VFile} from 'vfile'
import {parseAppendixLabel} from '../headings/appendix.js'
import {recordChange, warn} from '../messages.js'
import {findContents, type ContentsOptions} from '../text/contents-page.js'
import {findInterleavedColumns, type InterleavedOptions} from '../text/interleaved-columns.js'
import type {RawLine} from '../types.js'
import {geometryFurniture} from '../readers/geometry-rules.js'
import {recordPageBreaks} from '../text/pages.js'
import {asciiWordCharsOnly, twinTest} from '../text/ascii.js'
import {countWords} from '../text/word-count.js'

export interface LayoutOptions {
  /** Blank lines in a row that make a page break (when the text has no form feeds). Default 2. */
  blankRunForBreak?: number
  /** How many non-blank lines at each page edge are candidates for furniture. Default 3. */
  edgeDepth?: number
  /** Share of pages a repeated edge line must appear on. Default 0.3. */
  minShare?: number
  /** Share of pages on which bare page numbers must follow one sequence. Default 0.5. */
  minPageNumberShare?: number
  /**
   * Share of the pages that the occurrences of a running line must span,
   * first to last. Running heads run through the document; a table's header
   * row repeated on the few pages of one table does not. Default 0.5.
   */
  minSpan?: number
  /**
   * Share of the document's words that furniture removal may take before it
   * warns (`layout:furniture-share`, naming the count): running heads and
   * page numbers are a few per cent of a document (at most 3.1 % in the dev
   * corpus); more means text that repeats was taken for furniture. Default 0.05.
   */
  maxFurnitureShare?: number
  /** Recognizing a table of contents (dropped, each line recorded); `false` keeps it as text. */
  contents?: ContentsOptions | false
  /** Recognizing two columns interleaved by the extractor (one warning); `false` turns it off. */
  interleaved?: InterleavedOptions | false
}

/** One page: its place among the pages, and its non-blank lines. */
interface Page {
  index: number
  lines: RawLine[]
}

type Edge = 'top' | 'bottom'

export const layout: Plugin<[LayoutOptions?], Root> = function (options = {}) {
  const settings: Required<LayoutOptions> = {
    blankRunForBreak: options.blankRunForBreak ?? 2,
    edgeDepth: options.edgeDepth ?? 3,
    minShare: options.minShare ?? 0.3,
    minSpan: options.minSpan ?? 0.5,
    minPageNumberShare: options.minPageNumberShare ?? 0.5,
    interleaved: options.interleaved ?? {},
    contents: options.contents ?? {},
    maxFurnitureShare: options.maxFurnitureShare ?? 0.05
  }
  return (tree, file) => {
    // Where the extractor marks pages with form feeds, runs of blank lines are
    // only vertical space (pdftotext -layout keeps plenty of it).
    // (A form feed that only ends the text, as pdftotext writes one, does not count.)
    const lastText = tree.children.findLastIndex((node) => node.type === 'rawLine' && node.value.trim() !== '')
    const formFeeds = tree.children.some((node, i) => node.type === 'pageBreak' && i < lastText)
    if (!formFeeds) tree.children = findBreaks(tree.children, settings.blankRunForBreak)
    else tree.children = dropBlanksAtBreaks(tree.children)
    // Text input: blocks and changes get the page they are on (JSON `position.page`).
    if (!file.data.geometry) recordPageBreaks(file, tree.children.flatMap((node) => (node.type === 'pageBreak' && node.position ? [node.position.end] : [])))
    let pages = splitPages(tree.children)
    const glued = splitGluedPageNumbers(tree.children, pages, file)
    if (glued !== tree.children) pages = splitPages((tree.children = glued))
    if (settings.interleaved !== false) warnInterleaved(file, pages, settings.interleaved)
    const furniture = findFurniture(pages, settings)
    warnFurnitureShare(file, pages, furniture, settings.maxFurnitureShare)
    // PDF input: what the reader saw repeated at the page edges (readers/geometry-rules.ts).
    for (const page of pages) geometryFurniture(page.lines, furniture)
    // The contents are looked for once the furniture is gone (a page number above the "Contents" caption).
    if (settings.contents !== false) {
      for (const [line, kind] of contentsLines(pages, furniture, settings.contents)) furniture.set(line, kind)
    }
    if (furniture.size === 0) return
    tree.children = tree.children.filter((node) => {
      if (node.type !== 'rawLine' || !furniture.has(node)) return true
      recordRemoval(file, node, furniture.get(node)!)
      return false
    })
  }
}

/** Warn when furniture removal takes more than a small share of the document's words. */
function warnFurnitureShare(file: VFile, pages: Page[], furniture: Map<RawLine, string>, maxShare: number): void {
  if (furniture.size === 0) return
  // countWords: the same count as splitting each line, without the arrays (~0.5 MB per corpus document).
  let removed = 0
  for (const line of furniture.keys()) removed += countWords(line.value)
  // The document's words are counted until the share is surely under the bound (the usual case:
  // counting every line took 1.4 ms of the stage's 3.9 on doc1/raw-mutool, warm); the warning
  // below, which names the total, comes only after all of them were counted.
  let total = 0
  for (const page of pages) {
    for (const line of page.lines) {
      total += countWords(line.value)
      if (total > 0 && removed <= total * maxShare) return
    }
  }
  if (total === 0 || removed <= total * maxShare) return
  const first = [...furniture.keys()][0]
  warn(
    file,
    `Page furniture removal takes ${removed} of ${total} words (${((100 * removed) / total).toFixed(1)} %), more than running heads and page numbers usually are: repeated text may have been taken for furniture; see the layout:furniture changes`,
    'layout:furniture-share',
    first?.position,
    `${furniture.size} lines removed; bound ${(100 * maxShare).toFixed(0)} % of the words`
  )
}

/** The lines of a table of contents, on the pages without their furniture. */
function contentsLines(pages: Page[], furniture: Map<RawLine, string>, options: ContentsOptions): Map<RawLine, string> {
  const bodies = pages.map((page) => page.lines.filter((line) => !furniture.has(line)))
  const found = new Map<RawLine, string>()
  for (const [p, indexes] of findContents(
    bodies.map((lines) => lines.map((line) => line.value.trim())),
    options
  )) {
    for (const i of indexes) found.set(bodies[p]![i]!, 'table of contents line')
  }
  return found
}

/**
 * Two columns read across by the extractor cannot be put back in order from
 * the text: say so once, naming extractions that keep columns apart.
 */
function warnInterleaved(file: VFile, pages: Page[], options: InterleavedOptions): void {
  const lines = pages.flatMap((p) => p.lines)
  const found = findInterleavedColumns(
    lines.map((l) => l.value),
    options
  )
  if (!found) return
  warn(
    file,
    `Two columns look interleaved by the extractor (pdftotext's default mode): ${found.joined} of ${found.lines} lines join several ${found.width}-character column lines, so the reading order may be scrambled; extract with \`pdftotext -raw\` or \`mutool draw -F txt\` instead`,
    'layout:interleaved-columns',
    lines[0]?.position,
    `median line ${found.width} characters; ${found.joined} lines over ${Math.round(found.width * 1.7)}`
  )
}

/** Replace runs of `blankRun`+ blank lines by one page break. */
function findBreaks(nodes: RootContent[], blankRun: number): RootContent[] {
  const out: RootContent[] = []
  let run: RawLine[] = []
  const flush = () => {
    if (run.length >= blankRun) {
      out.push({
        type: 'pageBreak',
        position: {start: run[0]!.position.start, end: run[run.length - 1]!.position.end}
      })
    } else for (const line of run) out.push(line)
    run = []
  }
  for (const node of nodes) {
    if (node.type === 'rawLine' && node.value.trim() === '') {
      run.push(node)
      continue
    }
    flush()
    out.push(node)
  }
  flush()
  return dropBlanksAtBreaks(out)
}

/** Blank lines right next to a page break carry no meaning. */
function dropBlanksAtBreaks(nodes: RootContent[]): RootContent[] {
  return nodes.filter((node, i) => {
    if (node.type !== 'rawLine' || node.value.trim() !== '') return true
    return nodes[i - 1]?.type !== 'pageBreak' && nodes[i + 1]?.type !== 'pageBreak'
  })
}

/** A page number glued to a letter at the end of a page's last line: "…the Treasury DePage 2", "…respon–4–". */
/** Speed: Latin-1 twin (text/ascii.ts). */
const HAS_LETTER = twinTest(/\p{L}/u)
const GLUED_PAGE_NUMBER = twinTest(/(?<=\p{L})(?:[Pp]age\s+\d{1,4}(?:\s*(?:of|\/)\s*\d{1,4})?|[-–—]{1,2}\s*\d{1,4}\s*[-–—]{1,2})\s*$/u)

/**
 * pdftotext joins a line that ends in a hyphen with the next line it reads,
 * deleting the hyphen; at the foot of a page the next line can be the page
 * number, glued to the cut word ("…the Treasury DePage 2" / next page
 * "partment, and others"). When the glued number has the shape of a page
 * number that stands alone at the edge of the page before or after,
 * counting on to it ("Page 1", "DePage 2", "Page 3"), the line is split
 * back: the text with the hyphen the extractor deleted ("…the Treasury
 * De-", so that dehyphenate decides the break like any other) and the page
 * number as its own line, which the furniture rules below then take or
 * leave (`layout:glued-page-number`, recorded).
 */
function splitGluedPageNumbers(nodes: RootContent[], pages: Page[], file: VFile): RootContent[] {
  // Most documents have no glued page number: the shapes of the edge lines are folded only when one does.
  const candidates = pages.flatMap(({lines}, page) => {
    const line = lines.at(-1)!
    const match = GLUED_PAGE_NUMBER.exec(line.value)
    return match ? [{line, page, match}] : []
  })
  if (candidates.length === 0) return nodes
  // Digits folded, case kept ("Page #" is not "homepage 2"'s "page #").
  const fold = (text: string) => text.trim().replace(/\s+/g, ' ').replace(/\d+/g, '#')
  // Per page, the numbers that stand alone at its edges, by shape.
  const standing = pages.map(({lines}) => {
    const numbers = new Map<string, number>()
    for (const {value} of new Set([lines[0]!, lines.at(-1)!])) {
      const digits = /\d+/.exec(value)
      if (digits && value.length <= 20) numbers.set(fold(value), Number(digits[0]))
    }
    return numbers
  })
  const splits = new Map<RawLine, [RawLine, RawLine]>()
  for (const {line, page: index, match: glued} of candidates) {
    const number = glued[0].trim()
    const shape = fold(number)
    const value = Number(/\d+/.exec(number)![0])
    // The page numbers standing alone on the pages before and after, in this shape, run on to it.
    const before = standing[index - 1]?.get(shape)
    const after = standing[index + 1]?.get(shape)
    if (before !== value - 1 && after !== value + 1) continue
    const cut = glued.index
    const start = line.position.start
    const at0 = {line: start.line, column: start.column + cut, offset: start.offset === undefined ? undefined : start.offset + cut}
    const text: RawLine = {type: 'rawLine', value: line.value.slice(0, cut) + '-', position: {start, end: at0}}
    const page: RawLine = {type: 'rawLine', value: number, position: {start: at0, end: line.position.end}}
    const word = /\S*$/u.exec(line.value.slice(0, cut))![0]
    recordChange(file, {
      ruleId: 'layout:glued-page-number',
      reason: `Split a page number from the word cut at the page end: “${word}${number}” → “${word}-” and “${number}”`,
      place: line.position,
      original: `${word}${number}`,
      replacement: `${word}-\n${number}`,
      evidence: `the pages before and after end in “${shape}” standing alone (${before ?? '–'}, ${after ?? '–'}), and this one in ${value} glued to a word; the extractor joins a line that ends in a hyphen with the next one it reads, deleting the hyphen`
    })
    splits.set(line, [text, page])
  }
  if (splits.size === 0) return nodes
  return nodes.flatMap((node) => (node.type === 'rawLine' && splits.get(node)) || [node])
}

function splitPages(nodes: RootContent[]): Page[] {
  const pages: Page[] = [{index: 0, lines: []}]
  for (const node of nodes) {
    if (node.type === 'pageBreak') pages.push({index: pages.length, lines: []})
    else if (node.type === 'rawLine' && node.value.trim() !== '') pages.at(-1)!.lines.push(node)
  }
  return pages.filter((p) => p.lines.length > 0).map((p, index) => ({...p, index}))
}

/** Shape of a line for comparison across pages: digits and roman numerals folded. */
export function lineShape(text: string): string {
  let shape = text.trim().toLowerCase()
  // Most lines have single spaces only: collapsing would copy them unchanged.
  if (UNEVEN_SPACE.test(shape)) shape = shape.replace(/\s+/g, ' ')
  return shape.replace(/\d+/g, '#').replace(/\b[ivxlc]+\b/g, '#')
}

/** White space other than a plain space, or two in a row. */
const UNEVEN_SPACE = /[^\S ]|\s\s/

/** A list item's start: a bullet, or a lettered or numbered marker with its bracket. */
const LIST_ITEM = /^(?:[•◦▪‣●○■□–*]\s|\(?(?:#|[a-z])\)\s)/u

/** A bare page number, possibly dashed: "7", "- 7 -", "-- 7 --", "– 7 –". */
const BARE_PAGE_NUMBER = /^[-–—]{0,2}\s*(\d{1,4})\s*[-–—]{0,2}$/
/** Page numbers that say so: "Page 7", "page 7 of 12", "7 of 12", "7/12". */
const EXPLICIT_PAGE_NUMBER = /^(?:page\s+(\d{1,4})(?:\s*(?:of|\/)\s*\d{1,4})?|(\d{1,4})\s*(?:of|\/)\s*\d{1,4})$/i

/** The lines at one edge of a page, from the edge inwards. */
function edgeLines(page: Page, edge: Edge, depth: number): RawLine[] {
  const {lines} = page
  // Top and bottom never share a line: a short page splits its lines between them.
  const half = Math.ceil(lines.length / 2)
  return edge === 'top' ? lines.slice(0, Math.min(depth, half)) : lines.slice(-Math.min(depth, lines.length - half)).reverse()
}

function findFurniture(pages: Page[], settings: Required<LayoutOptions>): Map<RawLine, string> {
  const found = new Map<RawLine, string>()
  if (pages.length < 2) return found
  const depth = settings.edgeDepth
  const needed = Math.max(2, Math.ceil(pages.length * settings.minShare))
  const edges: Edge[] = ['top', 'bottom']
  // Each line's shape is asked for up to five times below: fold it once.
  const foldedShapes = new Map<RawLine, string>()
  const shapeOf = (line: RawLine): string => {
    let shape = foldedShapes.get(line)
    if (shape === undefined) foldedShapes.set(line, (shape = foldedShape(line)))
    return shape
  }

  // Page numbers: bare numbers that advance with the page index (page index
  // plus one offset). Several offsets may hold (a book's front matter counts
  // apart); each must be carried by enough pages on its own.
  const support = new Map<number, Set<number>>()
  for (const page of pages) {
    for (const edge of edges) {
      for (const line of edgeLines(page, edge, depth)) {
        const match = BARE_PAGE_NUMBER.exec(line.value.trim())
        if (!match) continue
        const offset = Number(match[1]) - page.index
        if (!support.has(offset)) support.set(offset, new Set())
        support.get(offset)!.add(page.index)
      }
    }
  }
  // Half the pages at least, and nearly all when the numbers look like years:
  // a chronology's year lines at page tops also advance page by page.
  const neededNumbers = Math.max(2, Math.ceil(pages.length * settings.minPageNumberShare))
  const offsets = new Set(
    [...support]
      .filter(([offset, on]) => on.size >= (offset >= 1000 ? Math.max(neededNumbers, Math.ceil(pages.length * 0.8)) : neededNumbers))
      .map(([offset]) => offset)
  )
  const isPageNumber = (line: RawLine, page: Page): boolean => {
    const text = line.value.trim()
    if (EXPLICIT_PAGE_NUMBER.test(text)) return true
    const match = BARE_PAGE_NUMBER.exec(text)
    return match !== null && offsets.has(Number(match[1]) - page.index)
  }

  // Running lines: the same shape at the edges of many pages, spread over the document.
  const shapePages = new Map<string, number[]>()
  const shapeTexts = new Map<string, Set<string>>()
  for (const page of pages) {
    const shapes = new Set<string>()
    for (const edge of edges) {
      for (const line of edgeLines(page, edge, depth)) {
        const shape = shapeOf(line)
        shapes.add(shape)
        if (!shapeTexts.has(shape)) shapeTexts.set(shape, new Set())
        shapeTexts.get(shape)!.add(line.value.trim())
      }
    }
    for (const shape of shapes) {
      if (!shapePages.has(shape)) shapePages.set(shape, [])
      shapePages.get(shape)!.push(page.index)
    }
  }
  // A chapter's own running head repeats over a short stretch only. It
  // still counts when it is the outermost line of an edge (page numbers
  // aside) on three pages, or on two pages right next to the page number,
  // and is nowhere else but there (the first page aside, where a title may
  // repeat it): a table's header row, repeated on the pages the table runs
  // over, also shows where the table starts.
  const outermost = new Map<string, number>()
  const besideNumber = new Map<string, number>()
  const elsewhere = new Set<string>()
  // Where each shape shows inside a page (not its outermost line): the page, and the line after it.
  const inside = new Map<string, {page: number; next: RawLine[]}[]>()
  const firstOuter = new Map<string, number>()
  const headOffsets = new Map<string, Set<number>>()
  const outerLines = new Set<RawLine>()
  for (const page of pages) {
    const outer = outerLines
    for (const edge of edges) {
      const lines = edgeLines(page, edge, depth)
      const at = lines.findIndex((l) => !isPageNumber(l, page))
      if (at < 0) continue
      outer.add(lines[at]!)
      const shape = shapeOf(lines[at]!)
      if (!firstOuter.has(shape)) firstOuter.set(shape, page.index)
      // The number a head ends with, less the page's index: one value when it is the page number.
      const number = /\s(\d{1,4})$/.exec(lines[at]!.value.trim())
      if (number) {
        if (!headOffsets.has(shape)) headOffsets.set(shape, new Set())
        headOffsets.get(shape)!.add(Number(number[1]) - page.index)
      }
      outermost.set(shape, (outermost.get(shape) ?? 0) + 1)
      const neighbours = [lines[at - 1], lines[at + 1]].filter((l): l is RawLine => l !== undefined)
      if (neighbours.some((l) => isPageNumber(l, page))) besideNumber.set(shape, (besideNumber.get(shape) ?? 0) + 1)
    }
    if (page.index === 0) continue
    page.lines.forEach((line, k) => {
      if (outer.has(line) || line.value.length > 200) return
      const shape = shapeOf(line)
      elsewhere.add(shape)
      if (!inside.has(shape)) inside.set(shape, [])
      inside.get(shape)!.push({page: page.index, next: page.lines.slice(k + 1, k + 4)})
    })
  }
  // A head that carries the current section's title (one-column books) also
  // shows once in the text: the section's own heading, where the section
  // starts (at or before the first page the head tops), with prose in the three lines after it.
  // A table's header row shows where the table starts too, but cells follow it,
  // not a line of running text (and pdftotext sets its cells apart with wide spaces).
  const sectionTitleAt = (shape: string, beside: number): boolean => {
    const at = inside.get(shape)
    if (at?.length !== 1 || (besideNumber.get(shape) ?? 0) < beside) return false
    const {page, next} = at[0]!
    const texts = next.map((l) => l.value.trim())
    const prose = texts.some((t) => t.length >= 50) && !texts.some((t) => /\S {2,}\S/.test(t))
    return page <= (firstOuter.get(shape) ?? -1) && !/\S {2,}\S/.test(shape) && prose
  }
  // Two such heads beside the page number on two pages or more show the style; then a
  // section that runs over one page only has its head taken too.
  const styled = [...besideNumber.keys()].filter((shape) => sectionTitleAt(shape, 2)).length >= 2
  const sectionTitle = (shape: string): boolean => sectionTitleAt(shape, styled ? 1 : 2)
  // A book that prints chapter heads numbers its pages: without page numbers
  // (beside the heads or in them), lines at the edges of a few pages are
  // more likely body text that repeats (a duplicated stretch of lines).
  const numberedPages = pages.filter((page) => edges.some((edge) => edgeLines(page, edge, depth).some((l) => isPageNumber(l, page)))).length
  const numbered = numberedPages >= Math.max(2, pages.length * settings.minPageNumberShare)
  const candidates = new Set<string>()
  for (const [shape, on] of shapePages) {
    // Only a shape spread over enough pages, or outermost or beside a page number often enough, can be a
    // candidate (`spread || chapterHead` below): the rest, nearly all, are passed over before any test.
    if (on.length < needed && (outermost.get(shape) ?? 0) < 3 && (besideNumber.get(shape) ?? 0) < 2) continue
    if (shape === '' || shape.length > 120 || !HAS_LETTER.test(shape)) continue
    // A list item that repeats is text ("• Approved", "(a) …"), never a running head.
    if (LIST_ITEM.test(shape)) continue
    // A long line ending a sentence is text, even if it happens to repeat.
    if (shape.length > 40 && /[.!?;:]["”’)]*$/.test(shape)) continue
    // "APPENDIX 1", "APPENDIX 2", … opening pages are labels that advance
    // like page numbers, not a running head (which repeats the same words).
    const texts = [...(shapeTexts.get(shape) ?? [])]
    if (texts.length > 1 && texts.every((text) => parseAppendixLabel(text) !== undefined)) continue
    const span = (on.at(-1)! - on[0]! + 1) / pages.length
    const spread = on.length >= needed && span >= settings.minSpan
    // (A head with its page number in it: a number at an end that changes from page to page.)
    const numberInHead = /^# | #$/.test(shape) && texts.length > 1
    const chapterHead =
      (!elsewhere.has(shape) || sectionTitle(shape)) &&
      (numbered || numberInHead) &&
      ((outermost.get(shape) ?? 0) >= 3 ||
        (besideNumber.get(shape) ?? 0) >= 2 ||
        (sectionTitle(shape) && (besideNumber.get(shape) ?? 0) >= 1) ||
        // (Two pages suffice when the number in the head is the page number: it advances with the pages.)
        (numberInHead && (outermost.get(shape) ?? 0) >= 2 && headOffsets.get(shape)?.size === 1))
    if (spread || chapterHead) candidates.add(shape)
  }
  // Repeated body text can land at the edges of many pages: copies of one
  // block (a paragraph printed twice) with the same lines inward of them,
  // or rows of a chronology, table or list that continue the body's rows.
  for (const shape of bodyShapes(pages, candidates, shapeOf, depth)) candidates.delete(shape)
  // A candidate that also shows below the furniture at a page's edge (a
  // table's header row where the table starts) is text, unless it is on
  // nearly every page (a footer that the extractor moved into the page):
  // then it is there once a page. A line that shows several times in one
  // page's body (a chronology's place or occasion rows) is text anywhere.
  const below = new Set<string>()
  const present = new Map<string, number>()
  const severalInBody = new Map<string, number>()
  // (Without candidates there is nothing to find below the furniture: no line's shape is folded for it.)
  for (const page of candidates.size > 0 ? pages : []) {
    const stack = new Set<RawLine>()
    for (const edge of edges) {
      for (const line of edgeLines(page, edge, depth)) {
        if (!isPageNumber(line, page) && !candidates.has(shapeOf(line))) break
        stack.add(line)
      }
    }
    const shapes = new Set<string>()
    const inBody = new Map<string, number>()
    for (const line of page.lines) {
      if (line.value.length > 200) continue
      const shape = shapeOf(line)
      if (!candidates.has(shape)) continue
      shapes.add(shape)
      if (stack.has(line)) continue
      inBody.set(shape, (inBody.get(shape) ?? 0) + 1)
      if (page.index > 0) below.add(shape)
    }
    for (const shape of shapes) present.set(shape, (present.get(shape) ?? 0) + 1)
    for (const [shape, n] of inBody) if (n >= 2) severalInBody.set(shape, (severalInBody.get(shape) ?? 0) + 1)
  }
  const movedFooter = (shape: string) => (present.get(shape) ?? 0) >= pages.length * 0.8 && (severalInBody.get(shape) ?? 0) <= pages.length * 0.1
  const running = new Set([...candidates].filter((shape) => !below.has(shape) || movedFooter(shape) || sectionTitle(shape)))

  // Take furniture from each edge inwards; stop at the first body line.
  const removedOn = new Map<Page, Set<string>>()
  for (const page of pages) {
    const taken = new Set<string>()
    removedOn.set(page, taken)
    for (const edge of edges) {
      const takenHere = new Set<string>()
      let body = false
      for (const line of edgeLines(page, edge, depth)) {
        if (found.has(line)) break
        const shape = shapeOf(line)
        // A page number is checked by its sequence: it may sit behind a line that is not furniture.
        if (isPageNumber(line, page)) found.set(line, 'page number')
        else if (!body && running.has(shape) && !takenHere.has(shape) && !(edge === 'top' && isTitle(line, page, isPageNumber))) {
          found.set(line, edge === 'top' ? 'running head' : 'running footer')
          takenHere.add(shape)
          taken.add(line.value.trim())
        } else body = true
      }
    }
  }

  // A footer moved into the page body: exact text, once on every page.
  const runningTexts = new Set<string>()
  for (const taken of removedOn.values()) for (const text of taken) runningTexts.add(text)
  const everywhere = new Map<string, number>()
  // (No running line taken: no page's lines are trimmed for it.)
  for (const page of runningTexts.size > 0 ? pages : []) {
    const seen = new Map<string, number>()
    for (const line of page.lines) {
      const text = line.value.trim()
      if (runningTexts.has(text)) seen.set(text, (seen.get(text) ?? 0) + 1)
    }
    for (const [text, count] of seen) if (count === 1) everywhere.set(text, (everywhere.get(text) ?? 0) + 1)
  }
  for (const [text, count] of everywhere) {
    if (count < Math.max(3, Math.ceil(pages.length * 0.9))) continue
    for (const page of pages) {
      if (removedOn.get(page)!.has(text)) continue
      const line = page.lines.find((l) => l.value.trim() === text)
      if (line && !found.has(line) && !isTitle(line, page, isPageNumber)) found.set(line, 'running footer (moved into the page by the extractor)')
    }
  }
  return found
}

/** Longest period (in lines) of a run of rows: a chronology's date, place and occasion lines make 3. */
const MAX_ROW_PERIOD = 4

/**
 * The candidate shapes that are body text by their neighbours at the page
 * edges:
 *
 * - echoed: another place of the same shape, on another page, has the same
 *   lines inward of it (exact text) to the first line past the edge's
 *   `depth` lines, on more than half of its places. Body text and page
 *   numbers differ from page to page under a running head; copies of a
 *   duplicated block of text carry their neighbours with them;
 * - in rhythm: the line continues the rows of the page's body, that is the
 *   lines 1, 2 and 3 periods inward (a period of 1 to `MAX_ROW_PERIOD`
 *   lines) have its outline (`rowOutline`) twice or more, one of them past
 *   the edge's `depth` lines, on at least half of its places. A chronology's
 *   place or occasion line, a table row or a list item that happens to end
 *   many pages is one more row; a running head is set apart from the body's
 *   rows. Items of a numbered list next to the item before or after them
 *   are rows too.
 */
function bodyShapes(pages: Page[], candidates: Set<string>, shapeOf: (line: RawLine) => string, depth: number): string[] {
  // A place's rhythm is asked for only when its context leaves the shape undecided, and only until enough places
  // decide it (its lines' outlines are most of this pass; measured gain with the furniture changes above).
  const places = new Map<string, Array<{context: string | undefined; rhythm: () => boolean}>>()
  const outlines = new Map<RawLine, string>()
  const outlineOf = (line: RawLine): string => {
    let outline = outlines.get(line)
    if (outline === undefined) outlines.set(line, (outline = rowOutline(line.value)))
    return outline
  }
  for (const page of pages) {
    const {lines} = page
    for (const edge of ['top', 'bottom'] as const) {
      edgeLines(page, edge, depth).forEach((line, i) => {
        const shape = shapeOf(line)
        if (!candidates.has(shape)) return
        // The lines inward of it, from the edge on: below a head, above a footer.
        const at = edge === 'top' ? i : lines.length - 1 - i
        const step = edge === 'top' ? 1 : -1
        const inward = (k: number): RawLine | undefined => lines[at + step * k]
        // Its neighbours inward, to the first line past the edge's lines: a
        // copy of a short block ends there, a page number outward of it aside.
        const near = Array.from({length: depth - i}, (_, k) => inward(k + 1))
        const context = near.every((l) => l !== undefined) ? near.map((l) => l!.value.trim()).join('\n') : undefined
        const rhythm = (): boolean => {
          const outline = outlineOf(line)
          let inRhythm = false
          for (let period = 1; period <= MAX_ROW_PERIOD && !inRhythm; period++) {
            // The rows run on into the body, past the edge's lines: a head of
            // several lines of one outline ("Harbour Board", "Northern District") is no run of rows.
            let same = 0
            let intoBody = false
            for (let k = 1; k <= 3; k++) {
              const other = inward(k * period)
              if (other === undefined || outlineOf(other) !== outline) continue
              same++
              if (i + k * period >= depth) intoBody = true
            }
            inRhythm = same >= 2 && intoBody
          }
          // Items of a numbered list ("1.", "2.", …) in a row are rows too, however few.
          const number = listNumber(line.value)
          if (number !== undefined && [inward(1), inward(-1)].some((l) => l !== undefined && Math.abs((listNumber(l.value) ?? NaN) - number) === 1)) inRhythm = true
          return inRhythm
        }
        if (!places.has(shape)) places.set(shape, [])
        places.get(shape)!.push({context, rhythm})
      })
    }
  }
  const body: string[] = []
  for (const [shape, list] of places) {
    const counts = new Map<string, number>()
    for (const {context} of list) if (context !== undefined) counts.set(context, (counts.get(context) ?? 0) + 1)
    const echoed = list.filter(({context}) => context !== undefined && counts.get(context)! >= 2).length
    // (Echoed on more than half: a head over pages that are all alike, "intentionally left blank", still goes.)
    if (echoed >= 2 && echoed * 2 > list.length) {
      body.push(shape)
      continue
    }
    // In rhythm on half its places or more: counted while that is still open.
    let rhythm = 0
    for (let p = 0; p < list.length && rhythm * 2 < list.length && (rhythm + list.length - p) * 2 >= list.length; p++) if (list[p]!.rhythm()) rhythm++
    if (rhythm * 2 >= list.length) body.push(shape)
  }
  return body
}

/** The number of a numbered list item ("3. …", "(3) …", "c) …"), or undefined. */
function listNumber(text: string): number | undefined {
  const match = /^\(?(?:(\d{1,3})|([a-z]))[.)]\s+\S/.exec(text.trim())
  if (!match) return undefined
  return match[1] !== undefined ? Number(match[1]) : match[2]!.charCodeAt(0) - 96
}

/**
 * A line's outline, to compare rows of a table, list or chronology: each
 * word by its kind (capitalized "A", lower case "a", number "#"), runs of
 * lower-case words as one, punctuation and column gaps kept. "12 March
 * 1999" and "3 June 2001" are both "# A #"; "Paris: Meeting of the group"
 * and "Rome: Session of the council" both "A : A a".
 */
export function rowOutline(text: string): string {
  // Where every letter and number is ASCII, the [A-Za-z0-9] twins of the \p{…} classes give the
  // same tokens and kinds (text/ascii.ts); the \p{L}\p{N} split took ~0.6 ms to compile in a short run.
  const ascii = asciiWordCharsOnly(text)
  const out: string[] = []
  for (const token of text.trim().split(ascii ? /( {2,}|\t)| +|(?=[^A-Za-z0-9\s])|(?<=[^A-Za-z0-9\s])/ : /( {2,}|\t)| +|(?=[^\p{L}\p{N}\s])|(?<=[^\p{L}\p{N}\s])/u)) {
    if (token === undefined || token === '') continue
    const kind = /^\s+$/.test(token)
      ? '|'
      : (ascii ? /^[A-Z]/ : /^\p{Lu}/u).test(token)
        ? 'A'
        : (ascii ? /^[A-Za-z]/ : /^\p{L}/u).test(token)
          ? 'a'
          : (ascii ? /^[0-9]/ : /^\p{N}/u).test(token)
            ? '#'
            : token
    if (kind === 'a' && out.at(-1) === 'a') continue
    out.push(kind)
  }
  return out.join(' ')
}

/**
 * On the first page, the document's title often repeats the running head.
 * When the first line of the first page has the head's text and that text
 * does not show again right below it (whole, split over two or three lines,
 * or as the larger part of it), the line is the title of a cover page
 * without a head: it stays. (A first page with a head and no title keeps its head:
 * losing a title would be worse.)
 */
function isTitle(line: RawLine, page: Page, isPageNumber: (line: RawLine, page: Page) => boolean): boolean {
  if (page.index !== 0 || page.lines[0] !== line) return false
  // A head with the page number set apart in it ("Title        1") is no title.
  if (/^\s*\d{1,4}\s{2,}|\s{2,}\d{1,4}\s*$/.test(line.value)) return false
  // Nor is one with the first page's number at an end ("BOD 20-01 1"), or
  // right beside it ("Heretics" over "1"), when a title of its own follows
  // (a short line, no sentence end): the head is printed on the first page too.
  const withNumber = /^\s*1\s+\S|\S\s+1\s*$/.test(line.value)
  const besideNumber = page.lines[1] !== undefined && isPageNumber(page.lines[1], page)
  if (withNumber || besideNumber) {
    const own = page.lines[besideNumber ? 2 : 1]?.value.trim() ?? ''
    if (titleLikeLine(own)) return false
  }
  // Compared without a page number at either end ("Title 1" under "Title").
  const norm = (text: string) =>
    text
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/^\d{1,3} (?=\S)|(?<=\S) \d{1,3}$/g, '')
  const text = norm(line.value)
  const top = page.lines.slice(1, 8).map((l) => norm(l.value))
  // The title again below it, whole or as the larger part of it (heads that
  // an extractor put on one line: "Title Publisher"), makes the line a head.
  for (let i = 0; i < top.length; i++) {
    for (let n = 1; n <= 3 && i + n <= top.length; n++) {
      const again = top.slice(i, i + n).join(' ')
      if (again === text || (again.length >= text.length * 0.6 && text.startsWith(again))) return false
    }
  }
  return true
}

/**
 * A line that can be a title: a capital first, no sentence end, and either
 * short or ending on a capitalized word or a number (the first line of
 * prose runs on with a small word).
 */
function titleLikeLine(text: string): boolean {
  if (text.length === 0 || text.length > 120 || !/^["“‘(]*\p{Lu}/u.test(text) || /[.;:,!]["'”’)]*$/.test(text)) return false
  const words = text.split(/\s+/)
  return words.length <= 8 || (words.length <= 16 && /^["“‘(]*[\p{Lu}\p{N}]/u.test(words.at(-1)!))
}

/** A line's shape, or '' for lines too long to be furniture (no need to fold them). */
function foldedShape(line: RawLine): string {
  return line.value.length > 200 ? '' : lineShape(line.value)
}

function recordRemoval(file: VFile, line: RawLine, kind: string) {
  recordChange(file, {
    ruleId: kind === 'table of contents line' ? 'layout:contents' : 'layout:furniture',
    reason: `Removed ${kind}: “${line.value.trim()}”`,
    place: line.position,
    original: line.value,
    replacement: ''
  })
}

/** The plugin as the module's default export, as remark plugins are published. */
export default layout
