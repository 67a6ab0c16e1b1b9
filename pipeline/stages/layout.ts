/**
 * layout: find page breaks and remove page furniture.
 *
 * Page breaks are form feeds (already `pageBreak` nodes from ingest) and runs
 * of two or more blank lines. Running headers, footers and page numbers are
 * lines at a page's top or bottom edge whose shape (digits folded) repeats on
 * several pages, or that are bare page numbers. Every removed line is recorded
 * as a change with its position, so nothing disappears silently.
 */
import type {Root, RootContent} from 'mdast'
import type {Plugin} from 'unified'
import type {VFile} from 'vfile'
import {recordChange} from '../messages.js'
import type {RawLine} from '../types.js'

export interface LayoutOptions {
  /** Blank lines in a row that make a page break. Default 2. */
  blankRunForBreak?: number
  /** How many non-blank lines at each page edge are candidates for furniture. Default 2. */
  edgeDepth?: number
  /** Share of pages a repeated edge line must appear on to be furniture. Default 0.3. */
  minShare?: number
}

interface Page {
  lines: RawLine[]
}

export const layout: Plugin<[LayoutOptions?], Root> = function (options = {}) {
  const blankRun = options.blankRunForBreak ?? 2
  const depth = options.edgeDepth ?? 2
  const minShare = options.minShare ?? 0.3
  return (tree, file) => {
    tree.children = findBreaks(tree.children, blankRun)
    const pages = splitPages(tree.children)
    const furniture = findFurniture(pages, depth, minShare)
    if (furniture.size > 0) {
      tree.children = tree.children.filter((node) => {
        if (node.type !== 'rawLine' || !furniture.has(node)) return true
        recordRemoval(file, node, furniture.get(node)!)
        return false
      })
    }
  }
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
    } else out.push(...run)
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
  // Blank lines right next to a page break carry no meaning.
  return out.filter((node, i) => {
    if (node.type !== 'rawLine' || node.value.trim() !== '') return true
    return out[i - 1]?.type !== 'pageBreak' && out[i + 1]?.type !== 'pageBreak'
  })
}

function splitPages(nodes: RootContent[]): Page[] {
  const pages: Page[] = [{lines: []}]
  for (const node of nodes) {
    if (node.type === 'pageBreak') pages.push({lines: []})
    else if (node.type === 'rawLine' && node.value.trim() !== '') pages[pages.length - 1]!.lines.push(node)
  }
  return pages.filter((p) => p.lines.length > 0)
}

/** Shape of a line for comparison across pages: digits and roman numerals folded. */
export function lineShape(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/\d+/g, '#')
    .replace(/\b[ivxlc]+\b/g, '#')
}

const PAGE_NUMBER = /^(?:page\s+)?[-–—]?\s*(\d{1,4})\s*[-–—]?(?:\s*(?:of|\/)\s*\d{1,4})?$/i
const BARE_NUMBER = /^\d+$/

function findFurniture(pages: Page[], depth: number, minShare: number): Map<RawLine, string> {
  const found = new Map<RawLine, string>()
  if (pages.length < 2) return found
  const edges = pages.map((page) => {
    const top = page.lines.slice(0, depth)
    const bottom = page.lines.slice(Math.max(depth, page.lines.length - depth))
    return [...top, ...bottom]
  })

  // Page numbers: numbers at page edges that advance with the page index
  // (same offset on at least two pages). Years in a table do not.
  const offsets = new Map<number, number>()
  edges.forEach((edge, index) => {
    for (const line of edge) {
      const match = PAGE_NUMBER.exec(line.value.trim())
      if (match) offsets.set(Number(match[1]) - index, (offsets.get(Number(match[1]) - index) ?? 0) + 1)
    }
  })
  edges.forEach((edge, index) => {
    for (const line of edge) {
      const match = PAGE_NUMBER.exec(line.value.trim())
      if (match && (offsets.get(Number(match[1]) - index) ?? 0) >= 2) found.set(line, 'page number')
    }
  })

  // Running headers and footers: the same shape at the edge of many pages.
  const pagesWithShape = new Map<string, number>()
  for (const edge of edges) {
    for (const shape of new Set(edge.map((l) => lineShape(l.value)))) {
      pagesWithShape.set(shape, (pagesWithShape.get(shape) ?? 0) + 1)
    }
  }
  const needed = Math.max(2, Math.ceil(pages.length * minShare))
  for (const edge of edges) {
    for (const line of edge) {
      const text = line.value.trim()
      // Bare numbers were judged above; long lines are body text even when repeated.
      if (found.has(line) || BARE_NUMBER.test(text) || text.length > 120) continue
      if ((pagesWithShape.get(lineShape(text)) ?? 0) >= needed) found.set(line, 'running header or footer')
    }
  }
  return found
}

function recordRemoval(file: VFile, line: RawLine, kind: string) {
  recordChange(file, {
    ruleId: 'layout:furniture',
    reason: `Removed ${kind}: “${line.value.trim()}”`,
    place: line.position,
    original: line.value,
    replacement: ''
  })
}
