/**
 * Resolve missing years the way temporal taggers do: a day or month printed
 * without a year ("July 18", "in February") takes the year of the nearest
 * preceding mention that printed one, within the same section. The caller
 * owns the section: it creates a `YearContext` and calls `reset()` at each
 * heading.
 *
 * One refinement: a day printed earlier in the section with its year ("on 20
 * January 1990 …") and later without ("the tragedy of the 20th January") is
 * taken as the same day, so it gets that year, and the mentions after it
 * continue from there ("21 January" → 1990), even when another year was
 * printed in between. Both are still marked `inferred`.
 */
import type {DatePart} from './edtf.js'
import {isValidEdtf, toEdtf} from './edtf.js'
import type {FoundDate} from './find-dates.js'

export interface ResolvedDate {
  /** EDTF value; `XXXX` for a year that could not be resolved. */
  edtf: string
  /** True when the year was taken from context. */
  inferred: boolean
  /** True when the year was needed but no earlier mention in the section gave one. */
  unresolved: boolean
}

export class YearContext {
  /** Year of the nearest preceding mention that printed one. */
  year: number | undefined
  /** Days printed with their year in this section, by month and day ("1-20" → 1990). */
  private readonly days = new Map<string, number>()

  constructor(year?: number) {
    this.year = year
  }

  reset(): void {
    this.year = undefined
    this.days.clear()
  }

  /** Resolve one mention (in reading order) and remember its year for the next ones. */
  resolve(found: FoundDate): ResolvedDate | undefined {
    const same = needsYear(found) && found.kind === 'day' ? this.days.get(dayKey(found.from)) : undefined
    const result = resolveWithYear(found, found.yearHint ?? same ?? this.year)
    if (!result) return result
    if (found.yearPrinted) {
      const last = found.to?.year ?? found.from.year
      if (last !== undefined) this.year = last
      for (const part of [found.from, found.to]) if (part?.day !== undefined && part.year !== undefined) this.days.set(dayKey(part), part.year)
    } else if (same !== undefined) {
      this.year = same
    }
    return result
  }
}

function dayKey(part: DatePart): string {
  return `${part.month}-${part.day}`
}

/** Needs a year: a day, month or season with none printed. */
export function needsYear(found: FoundDate): boolean {
  return (found.kind === 'day' || found.kind === 'month' || found.kind === 'season') &&
    found.from.year === undefined && found.to?.year === undefined
}

/**
 * The EDTF value of a mention, taking a missing year from `year`. Returns
 * undefined when no valid value can be formed (the mention is then not a date).
 */
export function resolveWithYear(found: FoundDate, year: number | undefined): ResolvedDate | undefined {
  let from: DatePart = found.from
  let to: DatePart | undefined = found.to
  let inferred = false
  let unresolved = false
  if (needsYear(found)) {
    if (year === undefined) {
      if (found.kind === 'season') return undefined // EDTF has no season of an unknown year
      unresolved = true
    } else {
      inferred = true
      from = {...from, year}
      if (to) {
        // "December 28 to January 3": the end is in the next year.
        const wraps = (from.month ?? 0) * 32 + (from.day ?? 0) > (to.month ?? 0) * 32 + (to.day ?? 0)
        to = {...to, year: wraps ? year + 1 : year}
      }
    }
  }
  const edtf = toEdtf(from, to)
  if (!edtf || !isValidEdtf(edtf)) return undefined
  return {edtf, inferred, unresolved}
}
