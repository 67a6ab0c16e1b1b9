/**
 * footnotes: note texts at the foot of a page or column → `footnoteDefinition`
 * nodes, and the note markers in the body → references (placed as
 * `footnoteReference` nodes by `footnote-references`, after the stages that
 * work on line edges).
 *
 * Works on raw lines, before `paragraphs`, so that a body paragraph cut by
 * the notes at a page foot reads on across them. A note is taken only where
 * three things agree:
 *
 * - numbering: notes are numbered 1, 2, 3 … through the document, so only
 *   the next number is looked for (a year, "Article 78", a quantity never is);
 * - a marker: that number glued to a word or after punctuation in the body
 *   before the note ("Directive2", "time,”4", "1861,1"), or alone on a line
 *   of its own (`pdftotext -raw` writes a superscript on a line of its own);
 *   markers come in order, so each is looked for after the previous one;
 * - place: a note line starts with its number (alone, glued or spaced:
 *   "4", "4Ibid.", "4 Ibid."), and the notes run to the page end, or, at
 *   the foot of a column, over lines wider than the body text (notes are set
 *   smaller, so their full lines hold more characters).
 *
 * A note cut at a page end goes on at the foot of the next page, as the wide
 * lines right before that page's first note. Every note and every marker is
 * recorded (`footnotes:definition`, `footnotes:reference`).
 */
import type {FootnoteDefinition, Paragraph, Root, RootContent, Text} from 'mdast'
import type {Plugin} from 'unified'
import type {VFile} from 'vfile'
import {recordChange} from '../messages.js'
import type {RawLine} from '../types.js'
import {textWidth} from './paragraphs.js'
import {fullMeasure, noteType} from '../readers/geometry-rules.js'
import {twin, twinTest} from '../text/ascii.js'
import {LINE_START_PUNCTUATION} from '../text/sentences.js'
import {wordAround} from '../text/word-count.js'

export interface FootnotesOptions {
  /**
   * A note line longer than this share of the body text width is a full line
   * of the smaller note font. Default 1.04.
   */
  wideLine?: number
  /** Turn footnote recognition off. Default false. */
  disabled?: boolean
}

/** A marker found in the body: where, which number, how it was printed. */
export interface FootnoteMark {
  /** Source line of the marker (or, for a marker alone on its line, of the text it follows). */
  line: number
  /** The note number. */
  identifier: string
  /** glued: "word4"; spaced: "word. 4" (a marker alone on its line, or at the start of the next one, is moved to the end of the line it follows and counts as glued). */
  kind: 'glued' | 'spaced'
  /** Which of the line's marker-shaped numbers it is (0-based), for glued and spaced marks. */
  ordinal: number
}

interface Line {
  node: RawLine
  text: string
  page: number
  /** Index in `tree.children`. */
  at: number
  /** A blank line comes before it (on the same page). */
  blankBefore: boolean
  /** Part of a note (set once taken). */
  note?: boolean
}

interface Candidate {
  /** As `FootnoteMark`'s, plus a bare number on a line of its own and a number that starts the next line. */
  kind: FootnoteMark['kind'] | 'alone' | 'leading'
  line: number
  /** Index into `lines`. */
  index: number
  /** Place among all candidates (document order). */
  seq: number
  n: number
  ordinal: number
  start: number
  end: number
}

/** A number glued to a word or closing punctuation, or after punctuation and a space. */
export const MARK = /(?<=[\p{L}.,;:!?”’")\]])(\d{1,3})(?=$|[\s.,;:!?)\]”’])|(?<=[.,;:!?”’")\]] )(\d{1,3})(?=$|\s)/gu
const markFor = twin(MARK)
const NOTE_START = twinTest(/^(\d{1,3})(?:$|\s+(?=\S)|(?=[\p{L}“"‘'(\[§]|https?:))/u)
const ALONE = /^\d{1,3}$/
/** A number glued to the lowercase letters that end a line: a word broken with a hyphen, joined to a note number. */
const JOINED_NUMBER = twinTest(/\p{Ll}{2}(\d{1,3})$/u)
/** A line that starts like a sentence (a note text after its number). */
const STARTS_UPPER = /^["“‘'(\[]*\p{Lu}/u
/** Text with a word in it (two lowercase letters in a row: not a label in capitals, not figures). */
const WORDY = /\p{Ll}{2}/u
/** A line that ends in a short lower-case abbreviation of a citation ("p.", "pp.", "no.", "vol.", "ed."). */
const CITATION_ABBREVIATION_END = /(?:^|[\s(])(?:p|pp|no|nos|vol|vols|ed|eds|ch|cf|art|sec|fol|n)\.$/u
const URL_START = /^(?:https?:\/\/|www\.)/
/** A note line that can end a note: closing punctuation, or a URL that is not cut at a line end. */
const NOTE_END = /[.)\]”’"]$|https?:\/\/\S*[^\s/-]$/

export const footnotes: Plugin<[FootnotesOptions?], Root> = function (options = {}) {
  const wideShare = options.wideLine ?? 1.04
  return (tree, file) => {
    if (options.disabled) return
    const lines: Line[] = []
    let page = 0
    let blank = false
    tree.children.forEach((node, at) => {
      if (node.type === 'pageBreak') {
        page++
        blank = false
      } else if (node.type === 'rawLine' && node.value.trim() === '') blank = true
      else if (node.type === 'rawLine') {
        lines.push({node, text: node.value.trim(), page, at, blankBefore: blank})
        blank = false
      }
    })
    if (lines.length === 0) return
    const width = textWidth(lines.map((l) => l.node.value.trimEnd().length))
    const full = (i: number) => i >= 0 && i < lines.length && lines[i]!.node.value.trimEnd().length >= width * 0.9
    // PDF input: the reader saw the note type (readers/geometry-rules.ts); text input: more characters than a body line.
    const wide = (i: number) => i >= 0 && i < lines.length && (noteType(lines[i]!.node) ?? lines[i]!.node.value.trimEnd().length > width * wideShare)
    // The width of full note lines: the common length of the lines wider than the body text.
    const wider = lines.map((l) => l.node.value.trimEnd().length).filter((n) => n > width * wideShare && n <= width * 1.6).sort((a, b) => a - b)
    const noteWidth = wider.length >= 5 ? wider[Math.floor(wider.length * 0.75)]! : width * wideShare
    const noteFull = (i: number) => wide(i) && (fullMeasure(lines[i]!.node) ?? lines[i]!.node.value.trimEnd().length >= noteWidth * 0.92)
    const candidates = findCandidates(lines)
    // Extractors that set blocks apart with blank lines (MuPDF) show where a run of notes ends.
    const blocky = lines.filter((l) => l.blankBefore).length > lines.length * 0.05
    const notes = findNotes(lines, candidates, {wide, full, noteFull}, blocky)
    if (notes.length === 0) return
    placeNotes(tree, file, lines, notes, width)
  }
}

interface Note {
  n: number
  mark: Candidate
  /** Indices into `lines`, in order. */
  body: number[]
  /** Characters to skip on the first line (the printed number). */
  skip: number
  /** A line holding only this note's number, printed away from the note (pdftotext puts it at the page foot). */
  stray?: number
  /** The body line whose end pdftotext joined to this note's number (the hyphen before it dropped). */
  joinedAt?: number
}

function findCandidates(lines: Line[]): Candidate[] {
  const out: Candidate[] = []
  lines.forEach((line, index) => {
    if (ALONE.test(line.text)) {
      // A bare number between lines of text (not in a column of numbers).
      const before = lines[index - 1]
      const after = lines[index + 1]
      if (!before || !after || !WORDY.test(before.text) || !WORDY.test(after.text)) return
      out.push({seq: out.length, line: line.node.position.start.line, index, n: Number(line.text), kind: 'alone', ordinal: 0, start: 0, end: line.text.length})
      return
    }
    if (!/\d/.test(line.text)) return
    // "aware”." / "2 The individual …": a marker that the extractor put at the start of the next line.
    const lead = /^(\d{1,3}) (?=\S)/.exec(line.text)
    const before = lines[index - 1]
    if (lead && before && before.page === line.page && /[.,;:!?”’")\]]$/.test(before.text)) {
      out.push({seq: out.length, line: line.node.position.start.line, index, n: Number(lead[1]), kind: 'leading', ordinal: 0, start: 0, end: lead[1]!.length})
    }
    let ordinal = 0
    for (const m of line.text.matchAll(markFor(line.text))) {
      const digits = m[1] ?? m[2]!
      // The last level of a section number ("1.1", "1.2.1", which pdftotext prints on a line
      // of its own before the title) is no marker. (Counted all the same: the ordinals are
      // those of `footnote-references`.)
      if (SECTION_NUMBER.test(wordAround(line.text, m.index!, digits.length))) {
        ordinal++
        continue
      }
      out.push({
        seq: out.length,
        line: line.node.position.start.line,
        index,
        n: Number(digits),
        kind: m[1] ? 'glued' : 'spaced',
        ordinal: ordinal++,
        start: m.index!,
        end: m.index! + digits.length
      })
    }
  })
  return out
}

/** A section number of two levels or more, each of one or two digits ("2.1", "3.4.1"; not "1990.3"). */
const SECTION_NUMBER = /^\d{1,2}(?:\.\d{1,2})+\.?$/

/** Walk the pages in order, looking for note 1, 2, 3 … */
interface Widths {
  /** Wider than the body text: a line of the note font. */
  wide: (i: number) => boolean
  /** About as long as a full body line. */
  full: (i: number) => boolean
  /** A full line of the note font. */
  noteFull: (i: number) => boolean
}

function findNotes(lines: Line[], candidates: Candidate[], {wide, full, noteFull}: Widths, blocky: boolean): Note[] {
  const notes: Note[] = []
  let next = 1
  // The marker of the last note taken: the next marker comes after it.
  let lastMark = -1
  let open: Note | undefined
  // (A note number printed apart at the page foot, already taken, does not count.)
  const pageEnd = (i: number) => {
    let k = i + 1
    while (k < lines.length && lines[k]!.page === lines[i]!.page && lines[k]!.note && ALONE.test(lines[k]!.text)) k++
    return k >= lines.length || lines[k]!.page !== lines[i]!.page
  }
  /** The first unused marker for note `n` after the last one, before line `before`, on this or the previous page. */
  const markFor = (n: number, before: number): Candidate | undefined => {
    const page = lines[before]!.page
    let alone: Candidate | undefined
    let spaced: Candidate | undefined
    for (let ci = lastMark + 1; ci < candidates.length; ci++) {
      const c = candidates[ci]!
      if (c.index >= before) break
      if (c.n !== n || lines[c.index]!.note || lines[c.index]!.page < page - 1) continue
      // A glued marker wins over a number after punctuation and a space (", 5 maintaining" is as
      // often a count in the text), which wins over a bare number on a line of its own.
      if (c.kind === 'glued' || c.kind === 'leading') return c
      if (c.kind === 'spaced') spaced ??= c
      else alone ??= c
    }
    return spaced ?? alone
  }
  /** A line from `from` on, on the page of `from`, that starts note `n` with words. */
  const startsOnPage = (n: number, from: number): boolean => {
    for (let k = from; k < lines.length && lines[k]!.page === lines[from]!.page; k++) {
      const t = lines[k]!.text
      const m = NOTE_START.exec(t)
      const after = lines[k + 1]?.page === lines[k]!.page ? lines[k + 1]!.text : ''
      if (m && Number(m[1]) === n && WORDY.test(ALONE.test(t) ? after : t.slice(m[0].length))) return true
    }
    return false
  }
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    if (line.note) continue
    // A note left open at the foot of the last page goes on at this page's foot.
    if (open && (i === 0 || lines[i - 1]!.page !== line.page)) {
      continuation(lines, i, next, wide)?.forEach((j) => {
        lines[j]!.note = true
        open!.body.push(j)
      })
      open = undefined
    }
    // Where the note starts, how many characters its number takes there, and its marker.
    let first = i
    let skip = 0
    let joinedAt: number | undefined
    let mark: Candidate | undefined
    // pdftotext joins a word broken with a hyphen at the foot of the text to the note number on
    // the line after it, dropping the hyphen ("the need for consistent ap17"): the next number
    // expected ends the line, glued to lowercase letters, and the note's words follow after a
    // blank line, with no start of that number anywhere on the page.
    const joined = JOINED_NUMBER.exec(line.text)
    const noteLine = lines[i + 1]
    if (
      joined &&
      Number(joined[1]) === next &&
      noteLine?.page === line.page &&
      noteLine.blankBefore &&
      STARTS_UPPER.test(noteLine.text) &&
      WORDY.test(noteLine.text) &&
      !startsOnPage(next, lines.findIndex((l) => l.page === line.page))
    ) {
      mark = markFor(next, i)
      if (mark) {
        first = i + 1
        joinedAt = i
      }
    }
    if (joinedAt === undefined) {
      const start = NOTE_START.exec(line.text)
      if (!start) continue
      // An extractor may put a note's number elsewhere (pdftotext): a note of the number after it,
      // with its own marker and no start of the expected one on the page, goes on with the numbering.
      if (Number(start[1]) === next + 1 && markFor(next, i) && markFor(next + 1, i) && !startsOnPage(next, lines.findIndex((l) => l.page === line.page))) next++
      if (Number(start[1]) !== next) continue
      // A note has words: its own line's, or (after a bare number) the next line's.
      const after = lines[i + 1]?.page === line.page ? lines[i + 1]!.text : ''
      if (!WORDY.test(ALONE.test(line.text) ? after : line.text.slice(start[0].length))) continue
      mark = markFor(next, i)
      if (!mark) continue
      skip = start[0].length
    }
    // Parse the run of notes from here.
    const run: Note[] = []
    let current: Note = {n: next, mark: mark!, body: [first], skip, joinedAt}
    let lastMarkHere = mark!.seq
    let j = first + 1
    let wideSeen = wide(first)
    let endsPage = pageEnd(first)
    for (; j < lines.length && lines[j]!.page === line.page; j++) {
      const text = lines[j]!.text
      // Inside a run, the next number may also be glued to a note that starts with a number ("11" + "11 entities").
      const s = NOTE_START.exec(text) ?? (text.startsWith(String(current.n + 1)) && /^\d/.test(text.slice(String(current.n + 1).length)) ? [String(current.n + 1), String(current.n + 1)] : null)
      // After a full line the note may simply go on with a number ("… no." / "3 (1999–2000) …"):
      // a later start of the same number after a short line, or on a line of its own, is the note.
      const later = () => {
        for (let k = j + 1; k < lines.length && lines[k]!.page === line.page; k++) {
          const t = lines[k]!.text
          const again = NOTE_START.exec(t)
          if (again && Number(again[1]) === current.n + 1 && (ALONE.test(t) || !wide(k - 1))) return true
        }
        return false
      }
      // The number after next, where the next one's start is nowhere on the page (its number misplaced).
      const skip = s && Number(s[1]) === current.n + 2 && !startsOnPage(current.n + 1, j) ? 1 : 0
      const worded = !ALONE.test(text) || (lines[j + 1]?.page === line.page && WORDY.test(lines[j + 1]!.text))
      if (s && worded && Number(s[1]) === current.n + 1 + skip && !(wide(j - 1) && !ALONE.test(text) && later())) {
        const saved = lastMark
        lastMark = lastMarkHere
        const m = markFor(current.n + 1 + skip, i)
        lastMark = saved
        if (m) {
          run.push(current)
          current = {n: current.n + 1 + skip, mark: m, body: [j], skip: s[0].length}
          lastMarkHere = m.seq
          wideSeen ||= wide(j)
          endsPage = pageEnd(j)
          continue
        }
      }
      const prev = j - 1
      const prevText = lines[prev]!.text
      // A note goes on after its bare number; where blocks are set apart by blank lines, up to
      // the next blank line; elsewhere after a full (wide) line or one that does not end it.
      const goesOn =
        (prev === current.body[0] && ALONE.test(prevText)) ||
        URL_START.test(text) ||
        // Punctuation never starts a line of its own: the extractor cut it from the line before ("VDP" / ".").
        LINE_START_PUNCTUATION.test(text) ||
        // A citation's abbreviation ends no note: "(note on p." / "iii that …".
        (CITATION_ABBREVIATION_END.test(prevText) && /^[\p{Ll}\p{N}]/u.test(text)) ||
        (blocky ? !lines[j]!.blankBefore : noteFull(prev) || /[-/]$/.test(prevText) || (full(prev) && !NOTE_END.test(prevText)))
      // pdftotext may print a note's number away from its text, as the page's last line: where a
      // note ends (a short line) and a line of words follows, that number on its own at the page
      // foot, the next one expected, with its marker in the body, starts the next note here.
      // (Also inside a block: the extractor's blank lines do not part notes whose number it moved.)
      const shortEnd = !(prev === current.body[0] && ALONE.test(prevText)) && !full(prev) && !noteFull(prev) && !/[-/]$/.test(prevText)
      if ((!goesOn || shortEnd || NOTE_END.test(prevText)) && !URL_START.test(text)) {
        const stray = strayNumber(lines, j, current.n + 1)
        if (stray !== undefined && STARTS_UPPER.test(text)) {
          const saved = lastMark
          lastMark = lastMarkHere
          const m = markFor(current.n + 1, i)
          lastMark = saved
          if (m) {
            run.push(current)
            current = {n: current.n + 1, mark: m, body: [j], skip: 0, stray}
            lines[stray]!.note = true
            lastMarkHere = m.seq
            wideSeen ||= wide(j)
            endsPage = pageEnd(j)
            continue
          }
        }
      }
      // A stray number taken by a note above is no part of the note it stands in.
      if (lines[j]!.note) continue
      if (!goesOn) {
        // Only lines of the note font (the last may be short) left on the page: the note goes on to its end.
        let end = j
        while (end < lines.length && lines[end]!.page === line.page) end++
        let rest = true
        for (let k = j; k < end - 1 && rest; k++) rest = wide(k)
        if (blocky || !rest || NOTE_START.exec(lines[end - 1]!.text)) break
      }
      current.body.push(j)
      wideSeen ||= wide(j)
      endsPage = pageEnd(j)
    }
    run.push(current)
    // At a column foot (body text follows), only wide lines, several notes, a URL or a block
    // of its own (set apart by blank lines) show a note region.
    const apart = blocky && lines[first]!.blankBefore && (j >= lines.length || lines[j]!.blankBefore || lines[j]!.page !== line.page)
    const url = run.some((note) => note.body.some((k) => /https?:\/\//.test(lines[k]!.text)))
    if (!endsPage && !wideSeen && run.length < 2 && !apart && !url) continue
    for (const note of run) {
      for (const k of note.body) lines[k]!.note = true
      notes.push(note)
    }
    next = current.n + 1
    lastMark = current.mark.seq
    const last = current.body.at(-1)!
    // A note goes on at the next page's foot only where it visibly goes on: a last line that ends
    // a sentence closes it, however wide (a wide line there is as often body text the extractor
    // merged, which the continuation would take from the body).
    open = endsPage && !NOTE_END.test(lines[last]!.text) ? current : undefined
    i = j - 1
  }
  return notes
}

/**
 * A line after `from` on its page that holds only the number `n` and has no
 * words after it on the page (the page foot): a note number that the
 * extractor moved away from its note.
 */
function strayNumber(lines: Line[], from: number, n: number): number | undefined {
  const page = lines[from]!.page
  for (let k = from + 1; k < lines.length && lines[k]!.page === page; k++) {
    const t = lines[k]!.text
    if (!ALONE.test(t) || Number(t) !== n || lines[k]!.note) continue
    for (let r = k + 1; r < lines.length && lines[r]!.page === page; r++) if (WORDY.test(lines[r]!.text)) return undefined
    return k
  }
  return undefined
}

/**
 * The lines that carry on a note from the page before: right before this
 * page's first note (or at its end), the wide lines of the note font, plus
 * the note's short last line.
 */
function continuation(lines: Line[], from: number, next: number, wide: (i: number) => boolean): number[] | undefined {
  let end = from
  while (end < lines.length && lines[end]!.page === lines[from]!.page) {
    const s = NOTE_START.exec(lines[end]!.text)
    // This page's first note (or the one after it, where the extractor moved a number away).
    if (s && (Number(s[1]) === next || Number(s[1]) === next + 1)) break
    end++
  }
  // `end` is the first note of this page, or the line after the page.
  let j = end - 1
  if (j < from) return undefined
  const out: number[] = []
  if (!wide(j)) {
    if (!wide(j - 1) || j - 1 < from) return undefined
    out.unshift(j--)
  }
  while (j >= from && wide(j) && !lines[j]!.note) out.unshift(j--)
  // The whole page is no note.
  return out.length > 0 && j >= from ? out : undefined
}

function placeNotes(tree: Root, file: VFile, lines: Line[], notes: Note[], width: number) {
  const remove = new Set<RawLine>()
  const marks: FootnoteMark[] = []
  const definitions: FootnoteDefinition[] = []
  for (const note of notes) {
    const identifier = String(note.n)
    const texts: Text[] = []
    note.body.forEach((index, k) => {
      const line = lines[index]!
      remove.add(line.node)
      const value = line.node.value
      const lead = value.length - value.trimStart().length + (k === 0 ? note.skip : 0)
      const text = value.slice(lead).trim()
      if (!text) return
      const start = line.node.position.start
      texts.push({
        type: 'text',
        value: text,
        position: {
          start: {line: start.line, column: start.column + lead, offset: (start.offset ?? 0) + lead},
          end: {line: start.line, column: start.column + lead + text.length, offset: (start.offset ?? 0) + lead + text.length}
        }
      })
    })
    texts.forEach((t, k) => {
      if (k < texts.length - 1) t.value += ' '
    })
    if (note.stray !== undefined) remove.add(lines[note.stray]!.node)
    if (note.joinedAt !== undefined) unjoin(file, lines[note.joinedAt]!.node, identifier)
    const first = lines[note.body[0]!]!.node
    const last = lines[note.body.at(-1)!]!.node
    const paragraph: Paragraph = {
      type: 'paragraph',
      children: texts.length ? texts : [{type: 'text', value: ''}],
      position: {start: (texts[0]?.position ?? first.position).start, end: (texts.at(-1)?.position ?? last.position).end}
    }
    definitions.push({
      type: 'footnoteDefinition',
      identifier,
      label: identifier,
      children: [paragraph],
      position: {start: first.position.start, end: last.position.end},
      data: {id: `fn-${identifier}`}
    })
    const mark = note.mark
    const markLine = lines[mark.index]!
    const place = {line: mark.line, column: markLine.node.position.start.column + (markLine.node.value.length - markLine.node.value.trimStart().length) + mark.start}
    if (mark.kind === 'alone' || mark.kind === 'leading') {
      // The number follows the text it marks: glue it to the end of the body line before it.
      let k = mark.index - 1
      while (k >= 0 && (lines[k]!.note || remove.has(lines[k]!.node))) k--
      if (k < 0) continue
      const target = lines[k]!.node
      target.value = target.value.trimEnd() + identifier
      if (mark.kind === 'alone') remove.add(markLine.node)
      else {
        const node = markLine.node
        const cut = node.value.length - node.value.trimStart().length + mark.end + 1
        node.value = node.value.slice(cut)
        const start = node.position.start
        node.position = {start: {line: start.line, column: start.column + cut, offset: (start.offset ?? 0) + cut}, end: node.position.end}
        // The extractor broke the printed line at the superscript: the text goes on the same line.
        node.data = {...node.data, continuesLine: true} as RawLine['data']
      }
      const ordinal = [...target.value.trim().matchAll(MARK)].length - 1
      marks.push({line: target.position.start.line, identifier, kind: 'glued', ordinal})
    } else {
      marks.push({line: mark.line, identifier, kind: mark.kind, ordinal: mark.ordinal})
      // A marker that ends its line, before a short line that fills up the printed line: the
      // extractor broke the line after the superscript ("investigation.”7" / "The President and his").
      const next = lines[mark.index + 1]
      const length = markLine.text.length
      if (mark.end === length && next && !next.note && next.page === markLine.page && !remove.has(next.node)) {
        const rest = next.text.length
        if (rest < width * 0.6 && length + 1 + rest >= width * 0.8 && length + 1 + rest <= width * 1.1) {
          next.node.data = {...next.node.data, continuesLine: true} as RawLine['data']
        }
      }
    }
    recordChange(file, {
      ruleId: 'footnotes:reference',
      reason: `Note marker ${identifier} (${mark.kind}) made a footnote reference`,
      place,
      original: identifier,
      replacement: `[^${identifier}]`,
      evidence: `note ${identifier} at the foot of page ${lines[note.body[0]!]!.page + 1}; markers in order`
    })
    recordChange(file, {
      ruleId: 'footnotes:definition',
      reason: `Note ${identifier} at the foot of page ${lines[note.body[0]!]!.page + 1} made a footnote (${note.body.length} line${note.body.length === 1 ? '' : 's'})`,
      place: {start: first.position.start, end: last.position.end},
      original: note.body.map((i) => lines[i]!.text).join('\n'),
      replacement: `[^${identifier}]: ${texts.map((t) => t.value).join('')}`,
      evidence:
        note.stray === undefined
          ? `starts with its number ${identifier}, after the marker on line ${mark.line}`
          : `its number ${identifier} printed apart on line ${lines[note.stray]!.node.position.start.line} (removed), after the note before it; marker on line ${mark.line}`
    })
  }
  const children: RootContent[] = []
  for (const node of tree.children) if (!(node.type === 'rawLine' && remove.has(node))) children.push(node)
  // The definitions follow the text; `paragraphs` leaves them where they are.
  children.push(...definitions)
  tree.children = children
  const data = (tree.data ??= {}) as {footnoteMarks?: FootnoteMark[]}
  data.footnoteMarks = marks
}

/**
 * Take the note number off the end of a body line that pdftotext joined to
 * it, and give the line back the hyphen it dropped there (its word goes on
 * at the top of the next page; `dehyphenate` decides about the hyphen).
 */
function unjoin(file: VFile, node: RawLine, identifier: string) {
  const end = node.value.trimEnd().length
  const at = end - identifier.length
  node.value = node.value.slice(0, at) + '-' + node.value.slice(end)
  const start = node.position.start
  const column = start.column + at
  recordChange(file, {
    ruleId: 'footnotes:joined-number',
    reason: `Took note number ${identifier} off the end of a line it was joined to, and gave back the line-end hyphen`,
    place: {start: {line: start.line, column}, end: {line: start.line, column: column + identifier.length}},
    original: identifier,
    replacement: '-',
    evidence: `pdftotext joins a word broken with a hyphen to the next line; the next line was note ${identifier}'s number (note ${identifier}'s text follows it)`
  })
}

declare module 'mdast' {
  interface RootData {
    /** Note markers found by `footnotes`, placed by `footnote-references`. */
    footnoteMarks?: FootnoteMark[]
  }
}
