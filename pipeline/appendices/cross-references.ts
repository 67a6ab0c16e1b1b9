/**
 * Dated events in the body that a chronology entry can be tied to.
 *
 * The body often names the meetings its appendix lists, with the year
 * ("the presidents met on December 19, 2015, in Bern"). A body date with a
 * year, on the same day and month as an entry, in a sentence that names the
 * entry's place, pins the entry's year. The same day and month without the
 * place is only a hint.
 */
import {MONTHS, monthNumber} from './day-month.js'
import {joinLines, type SourceLine} from './lines.js'

export interface BodyDate {
  year: number
  month: number
  day: number
  endDay?: number
  /** The date as printed. */
  text: string
  /** The sentence it is in. */
  sentence: string
  line?: number
}

const MONTH = `(${MONTHS.join('|')}|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\\.?`
const DAY = '(\\d{1,2})(?:st|nd|rd|th)?'
const DASH = '\\s*[-–]\\s*'
const YEAR = '((?:1[5-9]|20|21)\\d\\d)'
/** "December 19, 2015", "December 2-3, 1996" */
const MDY = new RegExp(`\\b${MONTH}\\s+${DAY}(?:${DASH}${DAY})?,?\\s+${YEAR}\\b`, 'g')
/** "19 December 2015", "25-26 October 2019" */
const DMY = new RegExp(`\\b${DAY}(?:${DASH}${DAY})?\\s+${MONTH},?\\s+${YEAR}\\b`, 'g')

/** What `MDY` and `DMY` cannot match without: a year. Most sentences have none, so both are not run there. */
const HAS_YEAR = new RegExp(YEAR)

/** Sentences of a paragraph (a rough cut: good enough to tell what a date is near). */
export function sentences(text: string): string[] {
  return text.split(/(?<=[.!?;])\s+(?=[“"(]?[\p{Lu}\d])/u).filter((s) => s.trim())
}

/** Every full date (with a year) of the body paragraphs (each given as its lines), with its sentence and line. */
export function scanBodyDates(paragraphs: readonly (readonly SourceLine[])[]): BodyDate[] {
  const out: BodyDate[] = []
  for (const lines of paragraphs) {
    const {text, lineIndexAt} = joinLines(lines)
    if (!HAS_YEAR.test(text)) continue
    const lineAt = (offset: number) => lines[lineIndexAt(offset)]?.line
    let from = 0
    for (const sentence of sentences(text)) {
      const base = text.indexOf(sentence, from)
      from = base + sentence.length
      if (!HAS_YEAR.test(sentence)) continue
      for (const m of sentence.matchAll(MDY)) {
        const month = monthNumber(m[1]!)
        if (month) out.push({year: Number(m[4]), month, day: Number(m[2]), endDay: m[3] ? Number(m[3]) : undefined, text: m[0], sentence, line: lineAt(base + m.index!)})
      }
      for (const m of sentence.matchAll(DMY)) {
        const month = monthNumber(m[3]!)
        if (month) out.push({year: Number(m[4]), month, day: Number(m[1]), endDay: m[2] ? Number(m[2]) : undefined, text: m[0], sentence, line: lineAt(base + m.index!)})
      }
    }
  }
  return out
}

/** Words of a place worth looking for in a sentence ("St. Petersburg" → "Petersburg"). */
export function placeWords(place: string): string[] {
  return place
    .split(/[\s,()/-]+/)
    .map((w) => w.replace(/[.’']+$/u, ''))
    .filter((w) => w.length >= 4 && /^\p{Lu}/u.test(w) && !/^(Region|City|Republic|Autonomous)$/i.test(w))
}

export interface CrossReference {
  year: number
  /** True when the sentence also names the place. */
  withPlace: boolean
  evidence: string
}

/** The body's evidence for the year of an entry on `day` `month` in `place`. */
export function crossReference(
  body: readonly BodyDate[],
  entry: {month: number; day: number; place?: string}
): CrossReference | undefined {
  const same = body.filter((d) => d.month === entry.month && (d.day === entry.day || (d.endDay !== undefined && entry.day >= d.day && entry.day <= d.endDay)))
  if (same.length === 0) return undefined
  const words = entry.place ? placeWords(entry.place) : []
  const named = same.filter((d) => words.some((w) => new RegExp(`\\b${escape(w)}`, 'u').test(d.sentence)))
  const years = new Set(named.map((d) => d.year))
  if (named.length > 0 && years.size === 1) {
    const d = named[0]!
    return {year: d.year, withPlace: true, evidence: `body${d.line ? ` line ${d.line}` : ''}: “${d.text}” with ${words.find((w) => new RegExp(`\\b${escape(w)}`, 'u').test(d.sentence))}`}
  }
  const all = new Set(same.map((d) => d.year))
  if (all.size === 1) {
    const d = same[0]!
    return {year: d.year, withPlace: false, evidence: `body${d.line ? ` line ${d.line}` : ''} mentions “${d.text}”`}
  }
  return undefined
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
