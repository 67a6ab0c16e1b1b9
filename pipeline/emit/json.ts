/**
 * JSON writer: the tree and the vfile messages → the document JSON that
 * downstream tools read (schemas/document.schema.json). Field names are a
 * contract: metadata, blocks, outline, dates, appendices, diagnostics.
 */
import {geometryOf} from '../readers/geometry-rules.js'
import {pageAt} from '../text/pages.js'
import type {List, Root, RootContent, Table} from 'mdast'
import {toString} from 'mdast-util-to-string'
import type {Position} from 'unist'
import type {VFile} from 'vfile'
import type {ReprintMessage} from '../messages.js'
import {findDates, YearContext} from '../dates/index.js'
import type {Appendix, DocumentMetadata} from '../types.js'

export interface JsonPosition {
  start: {line: number; column: number}
  end: {line: number; column: number}
  /** The page (1-based) where the span starts: PDF input, and text input with page breaks (text/pages.ts). */
  page?: number
  /** PDF input: [left, bottom, right, top] in points, origin at the page's bottom-left corner. */
  bbox?: [number, number, number, number]
}

export interface JsonBlock {
  type: string
  id?: string
  text?: string
  depth?: number
  ordered?: boolean
  start?: number
  items?: {text: string; marker?: string; level?: number; position?: JsonPosition}[]
  rows?: string[][]
  /** Tables given as found (cells not aligned): why. */
  warning?: string
  /** Appendix headings: the appendix number and the label as printed. */
  appendix?: {number: number; label: string}
  /** Numbered section headings: the section number as printed (`2.1`, `IV.`); footnotes: the note's number. */
  number?: string
  position?: JsonPosition
}

export interface JsonDiagnostic {
  ruleId: string
  severity: 'info' | 'warning' | 'error'
  message: string
  position?: JsonPosition
  original?: string
  replacement?: string
  evidence?: string
}

export interface JsonOutline {
  id: string
  text: string
  depth: number
  children: JsonOutline[]
}

export interface JsonDocument {
  $schema: string
  reprint: {version: string}
  metadata: DocumentMetadata
  blocks: JsonBlock[]
  outline: JsonOutline[]
  dates: unknown[]
  appendices: unknown[]
  diagnostics: JsonDiagnostic[]
}

export const DOCUMENT_SCHEMA_ID = 'https://reprint.dev/schemas/document.schema.json'

export function toJsonDocument(tree: Root, file: VFile, version: string): JsonDocument {
  // PDF input: positions also carry the page and box (readers/geometry-rules.ts).
  geometryFile = file.data.geometry || file.data.pageBreaks ? file : undefined
  try {
    return jsonDocument(tree, file, version)
  } finally {
    geometryFile = undefined
  }
}

/** The file whose line geometry `pos` adds to positions, while one document is converted. */
let geometryFile: VFile | undefined

function jsonDocument(tree: Root, file: VFile, version: string): JsonDocument {
  const blocks: JsonBlock[] = []
  for (const node of tree.children) {
    const block = toBlock(node)
    if (block) blocks.push(block)
  }
  return {
    $schema: DOCUMENT_SCHEMA_ID,
    reprint: {version},
    metadata: tree.data?.metadata ?? {source: {path: file.path ?? '', sha256: '', encoding: 'utf-8', lines: 0}},
    blocks,
    outline: outline(blocks),
    dates: collectDates(tree),
    appendices: tree.children.filter((n): n is Appendix => n.type === 'appendix').map(appendixJson),
    diagnostics: (file.messages as ReprintMessage[]).map(diagnostic)
  }
}

export function emitJson(tree: Root, file: VFile, version: string): string {
  return printJson(toJsonDocument(tree, file, version))
}

/** The document JSON's bytes as written: two-space indent, final newline. */
export function printJson(document: JsonDocument): string {
  return JSON.stringify(document, null, 2) + '\n'
}

/**
 * True when `JSON.parse(JSON.stringify(value))` is a deep copy of `value`:
 * only null, booleans, strings, finite numbers (not -0), dense arrays and plain
 * objects (Object prototype) without `toJSON`, and no `undefined` anywhere (JSON.stringify drops
 * such fields or turns them into null). Validating such a value validates the
 * bytes written, without parsing them back (a parse of the whole document per
 * build, with all its garbage).
 */
export function isJsonExact(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0)
    case 'object': {
      if (value === null) return true
      const proto = Object.getPrototypeOf(value)
      if (Array.isArray(value)) {
        if (proto !== Array.prototype) return false
        for (let i = 0; i < value.length; i++) if (!(i in value) || !isJsonExact(value[i])) return false
        return true
      }
      if (proto !== Object.prototype) return false
      if ('toJSON' in value) return false
      for (const key in value) {
        // Inherited enumerable keys cannot occur on a plain object, but stay exact if they do.
        if (!Object.hasOwn(value, key)) return false
        if (!isJsonExact((value as Record<string, unknown>)[key])) return false
      }
      return true
    }
    default:
      // undefined, functions, symbols, bigints: dropped, nulled or thrown by JSON.stringify.
      return false
  }
}

function toBlock(node: RootContent): JsonBlock | undefined {
  const position = pos(node.position)
  const id = node.data?.id
  switch (node.type) {
    case 'pageBreak':
    case 'rawLine':
      return undefined
    case 'heading':
      return {
        type: 'heading',
        id,
        depth: node.depth,
        text: toString(node),
        ...(node.data?.appendix ? {appendix: {...node.data.appendix}} : {}),
        ...(node.data?.number ? {number: node.data.number} : {}),
        position
      }
    case 'paragraph':
      return {type: 'paragraph', id, text: toString(node), position}
    case 'list':
      return listBlock(node, id, position)
    case 'table':
      return {
        type: 'table',
        id,
        rows: tableRows(node),
        // A table whose columns the `tables` stage could not align: rows as found.
        ...((node.data as {unaligned?: boolean} | undefined)?.unaligned ? {warning: 'columns not aligned; rows as found'} : {}),
        position
      }
    case 'appendix':
      return {type: 'appendix', id: node.id, text: node.title, position}
    case 'footnoteDefinition':
      return {type: 'footnote', id, number: node.label ?? node.identifier, text: toString(node), position}
    default:
      return {type: node.type, id, text: toString(node), position}
  }
}

function listBlock(node: List, id: string | undefined, position: JsonPosition | undefined): JsonBlock {
  return {
    type: 'list',
    id,
    ordered: node.ordered ?? false,
    ...(node.ordered && typeof node.start === 'number' ? {start: node.start} : {}),
    items: listItems(node, 1),
    position
  }
}

/** A list's items in reading order, nested lists flattened after their parent item, each with its level. */
function listItems(node: List, level: number): NonNullable<JsonBlock['items']> {
  const out: NonNullable<JsonBlock['items']> = []
  for (const item of node.children) {
    const marker = (item.data as {marker?: string} | undefined)?.marker
    const own = item.children.filter((child) => child.type !== 'list')
    out.push({
      text: own.map((child) => toString(child)).join(' '),
      ...(marker ? {marker} : {}),
      ...(level > 1 ? {level} : {}),
      position: pos(item.position)
    })
    for (const child of item.children) if (child.type === 'list') out.push(...listItems(child, level + 1))
  }
  return out
}

function tableRows(node: Table): string[][] {
  return node.children.map((row) => row.children.map((cell) => toString(cell)))
}

function outline(blocks: JsonBlock[]): JsonOutline[] {
  const roots: JsonOutline[] = []
  const stack: JsonOutline[] = []
  for (const block of blocks) {
    if (block.type !== 'heading' || block.depth === undefined) continue
    const entry: JsonOutline = {id: block.id ?? '', text: block.text ?? '', depth: block.depth, children: []}
    while (stack.length > 0 && stack.at(-1)!.depth >= entry.depth) stack.pop()
    if (stack.length === 0) roots.push(entry)
    else stack.at(-1)!.children.push(entry)
    stack.push(entry)
  }
  return roots
}

/**
 * Every date mention in reading order, with the id of its block: the `date`
 * nodes of the prose and headings, and the dated entries of chronology
 * appendices (their year comes from the table's layout: `inferred` unless the
 * appendix stage is certain of it).
 */
function collectDates(tree: Root): unknown[] {
  const out: unknown[] = []
  const walk = (node: RootContent | Root, blockId: string | undefined) => {
    if (node.type === 'date') {
      out.push({
        text: node.value,
        value: node.edtf,
        inferred: node.inferred,
        ...(node.quoted ? {quoted: true} : {}),
        position: pos(node.position),
        block: blockId ?? null
      })
      return
    }
    if (node.type === 'appendix') {
      for (const date of appendixDates(node)) out.push(date)
      return
    }
    if ('children' in node) for (const child of node.children as RootContent[]) walk(child, child.data?.id ?? blockId)
  }
  walk(tree, undefined)
  return out
}

/**
 * Dates of an appendix: a chronology's dated entries (their year comes from
 * the table's layout: `inferred` unless the appendix stage is certain of it),
 * and the mentions inside the words the appendices stage keeps as strings
 * (occasions, plain text, reference titles): found here with the same scanner
 * as the dates stage, years resolved within the appendix, positioned at their
 * entry.
 */
function appendixDates(node: Appendix): unknown[] {
  const out: unknown[] = []
  const years = new YearContext()
  for (const entry of node.entries) {
    const position = entry.position ? pos(entry.position) : pos(node.position)
    if (node.kind === 'chronology' && entry.date)
      out.push({text: entry.dateText ?? entry.date, value: entry.date, inferred: entry.certainty !== 'certain', position, block: node.id})
    // Dates inside the entry's words ("… an integrated Europe of the 21st century …").
    const text = node.kind === 'chronology' ? entry.occasion : entry.text ?? entry.title
    if (!text) continue
    for (const found of findDates(text)) {
      const resolved = years.resolve(found)
      if (!resolved) continue
      const opened = text.slice(0, found.start).split('“').length - text.slice(0, found.start).split('”').length
      out.push({text: found.text, value: resolved.edtf, inferred: resolved.inferred, ...(opened > 0 ? {quoted: true} : {}), position, block: node.id})
    }
  }
  return out
}

function appendixJson(node: Appendix): unknown {
  const columns = (node.data as {columns?: string[]} | undefined)?.columns
  return {id: node.id, number: node.number, title: node.title, kind: node.kind, ...(columns ? {columns} : {}), entries: node.entries, position: pos(node.position)}
}

function diagnostic(m: ReprintMessage): JsonDiagnostic {
  const d: JsonDiagnostic = {
    ruleId: m.ruleId ? (m.source && !m.ruleId.includes(':') ? `${m.source}:${m.ruleId}` : m.ruleId) : 'unknown',
    severity: m.fatal === true ? 'error' : m.fatal === false ? 'warning' : 'info',
    message: m.reason
  }
  const position = m.place ? ('start' in m.place ? pos(m.place) : pos({start: m.place, end: m.place})) : undefined
  if (position) d.position = position
  if (m.original !== undefined) d.original = m.original
  if (m.replacement !== undefined) d.replacement = m.replacement
  if (m.evidence !== undefined) d.evidence = m.evidence
  return d
}

function pos(position: Position | undefined): JsonPosition | undefined {
  if (!position) return undefined
  const out: JsonPosition = {
    start: {line: position.start.line, column: position.start.column},
    end: {line: position.end.line, column: position.end.column}
  }
  const printed = geometryFile ? geometryOf(geometryFile, position) : undefined
  if (printed) {
    out.page = printed.page
    out.bbox = printed.bbox
  } else {
    // Text input: the page layout found the span's start on (text/pages.ts).
    const page = pageAt(geometryFile, position.start)
    if (page !== undefined) out.page = page
  }
  return out
}
