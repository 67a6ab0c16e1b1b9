/**
 * The document model: mdast plus reprint's own node types.
 *
 * Every stage reads and writes this tree; every emitter reads only this tree
 * (and the vfile messages for diagnostics). New node types are registered in
 * mdast's content maps so that TypeScript (and tree walkers) know them.
 */
import type {Data, Literal, Node, Parent, Position} from 'unist'
import type {PhrasingContent, Root, RootContent} from 'mdast'

/** One physical source line, as produced by `ingest` and consumed by `paragraphs`. */
export interface RawLine extends Literal {
  type: 'rawLine'
  value: string
  position: Position
  /** Where the line is printed, when the reader knows it (PDF input); stages fall back to text rules without it. */
  geometry?: LineGeometry
}

/**
 * A printed line's place and type, from the PDF reader (pipeline/readers).
 * Coordinates are PDF points with the origin at the bottom-left corner of the
 * page (its crop box), y upwards.
 */
export interface LineGeometry {
  /** 1-based page number. */
  page: number
  /** [left, bottom, right, top] of the line's glyphs. */
  bbox: [number, number, number, number]
  /** Font size of most of the line's characters, in points. */
  fontSize: number
  bold: boolean
  italic: boolean
  /** Left and right edge of the column the line is set in (its measure). */
  column?: [number, number]
  /** The reader's verdict from the geometry: a block starts (true) or goes on (false) at this line; unset where it cannot tell. */
  blockStart?: boolean
  /** Set off from the line above by more than the leading. */
  spaceBefore?: boolean
  /** Characters of a bold run that opens the line and is followed by regular type (a run-in head). */
  boldLead?: number
  /** Running head, running foot or page number (repeated at the same place across pages). */
  furniture?: boolean
  /** Footnote text: smaller type at the foot of a page or column. */
  note?: boolean
  /** Character ranges [start, end) of the line's value printed as superscripts (footnote markers). */
  superscripts?: [number, number][]
  /** Size rank of a line in a type larger or bolder than the body (1 = largest); unset for body type. */
  display?: number
  /** A line of a table found by x-alignment: whether it starts a row, and its cells (left and right edge, text). */
  table?: {row: boolean; cells: Array<{x: [number, number]; text: string}>}
}

/** A page break found by `layout` (form feed, or a run of blank lines). Emitters skip it. */
export interface PageBreak extends Node {
  type: 'pageBreak'
}

/** A date mention found by `dates`. `value` is the text as printed. */
export interface DateMention extends Literal {
  type: 'date'
  /** The text exactly as printed in the source (after typography). */
  value: string
  /** EDTF (ISO 8601-2) value, e.g. `1988-02-13`, `1988/1989`, `XXXX-07-18`. */
  edtf: string
  /** True when part of the value (usually the year) was inferred from context. */
  inferred: boolean
  /** True when the mention is inside a quotation: never rewritten. */
  quoted?: boolean
  /** True when an editor rejected the house-style rewrite (corrections `reject`): printed as is. */
  kept?: boolean
}

/** One entry of a structured appendix. */
export interface AppendixEntry {
  /** Reference lists. */
  title?: string
  url?: string
  /** Chronologies. */
  date?: string
  /** The date as printed in the source (e.g. `25 SEPTEMBER`). */
  dateText?: string
  place?: string
  occasion?: string | null
  certainty?: 'certain' | 'inferred' | 'ambiguous'
  evidence?: string
  /** Plain-text appendices. */
  text?: string
  position?: {start: {line: number; column: number}; end: {line: number; column: number}}
}

/** A structured appendix built by `appendices`; replaces the raw blocks after an appendix heading. */
export interface Appendix extends Node {
  type: 'appendix'
  /** Stable slug id, e.g. `appendix-1`. */
  id: string
  number: number
  title: string
  kind: 'references' | 'chronology' | 'text'
  entries: AppendixEntry[]
}

/** Document metadata, kept on the root (`root.data.metadata`). */
export interface DocumentMetadata {
  title?: string
  subtitle?: string
  author?: string
  publisher?: string
  language?: string
  url?: string
  date?: string
  subject?: string
  keywords?: string[]
  source: {
    /** Path of the input as given to the build (relative when possible). */
    path: string
    /** sha256 of the input bytes. */
    sha256: string
    /** Detected encoding: utf-8, utf-8-bom, utf-16le, utf-16be, windows-1252; `pdf` for a PDF read by the PDF reader. */
    encoding: string
    /** Number of lines of the decoded source (for a PDF: of the text the reader built). */
    lines: number
    /** Pages of a PDF input. */
    pages?: number
  }
}

declare module 'unist' {
  interface Data {
    /** Stable block id (`p-3`, `list-1`, heading slugs). */
    id?: string
    /** Appendix headings: the appendix number and the label as printed (`APPENDIX: No1`). */
    appendix?: {number: number; label: string}
    /** Numbered section headings: the section number as printed (`2.1`, `IV.`). */
    number?: string
  }
}

declare module 'mdast' {
  interface RootData {
    metadata?: DocumentMetadata
  }
  interface RootContentMap {
    rawLine: RawLine
    pageBreak: PageBreak
    appendix: Appendix
    date: DateMention
  }
  interface PhrasingContentMap {
    date: DateMention
  }
}

export type {Root, RootContent, PhrasingContent, Parent, Data}
