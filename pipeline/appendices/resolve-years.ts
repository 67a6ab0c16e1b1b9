/**
 * Recover the years of a chronology whose table lost them.
 *
 * The layout model (see issue 4): the table is cut into pages; each page
 * prints a run of year headings (in any order) and then its entries, column
 * after column; pages follow one another in time; a page may begin in the
 * year the previous page ended in; each column spans the page's period; the
 * entries of a column mostly, not always, run in time order.
 *
 * For each page we score every assignment of years to its entries (and every
 * way to cut the page's run of entries into columns) with soft costs for what
 * the model says is unlikely, and find the cheapest by dynamic programming.
 * Forward and backward passes give, for each entry and year, the cost of the
 * best assignment with that year; the gap to the second-best year is the
 * entry's margin. Only direct evidence (a year printed with the date, a dated
 * cross-reference in the body naming the same place, an editor correction,
 * or a page with a single possible year) makes a year `certain`; a clear
 * margin makes it `inferred`; anything else is `ambiguous`.
 */
import {ordinal, type DayMonth} from './day-month.js'
import {runPasses, softmin} from './year-passes.js'

export type Certainty = 'certain' | 'inferred' | 'ambiguous'

export interface YearEntry {
  date: DayMonth
  /** Index of the group (run of dates) the entry came from, within its page. */
  group: number
  /** A year known directly (printed, cross-reference with place, correction). */
  pinned?: {year: number; evidence: string}
  /** A year suggested by weaker evidence (a body date without the place). */
  hint?: {year: number; evidence: string}
}

export interface YearPage {
  /** Year headings printed on the page, in source order. */
  headings: number[]
  entries: YearEntry[]
}

export interface YearResult {
  year: number | undefined
  certainty: Certainty
  evidence: string
  /** Cost gap to the best assignment with another year (Infinity when no other year fits). */
  margin: number
}

/** Costs of the layout model; exported for tests and tuning. */
export const COSTS = {
  /** An entry earlier in time than the one before it in the same column. */
  outOfOrder: 1.5,
  /** Each year a column skips between two entries (beyond the next year). */
  skippedYear: 0.4,
  /** Each year a column moves on between two dates that were already in time order. */
  yearOnAscent: 0.3,
  /** Starting a new column at a group boundary / inside a group. */
  breakAtGroup: 0.5,
  breakInsideGroup: 1.5,
  /** A column that starts after the page's first year, per year. */
  lateStart: 1,
  /** A column that starts in the year carried over from the previous page. */
  carryStart: 0.6,
  /** A column that starts late in its first year / ends early in its last year, per whole year. */
  withinYear: 0.15,
  /** A column that ends before the page's last year, per year. */
  earlyEnd: 1,
  /** Each column more or fewer than the layout's usual count (`columns`). */
  columnCount: 1.5,
  /** Per entry that a column break is away from an even split of the page. */
  balance: 0.1,
  /** A printed year heading that no entry of the page uses. */
  unusedHeading: 2,
  /** An entry in a year between the headings that is not printed. */
  unprintedYear: 1,
  /** Not following a hint from the body. */
  againstHint: 0.8,
  /** Temperature of the weighting over assignments (exp(-cost/T)). */
  temperature: 0.25,
  /** Probability at or above which an entry's year counts as inferred (below: ambiguous). */
  inferredProbability: 0.8
}

/** Bounds that keep time and memory small on any input (a page holds a few dozen entries). */
export const LIMITS = {
  /** Entries of one page. */
  entries: 600,
  /** Years between a page's first and last heading for which every year is a candidate. */
  span: 40,
  /** Headings whose use is tracked (2^n states). */
  trackedHeadings: 6,
  /** States (entries × years × heading masks × columns) above which heading use is not tracked. */
  states: 1_000_000
}

const INF = Number.POSITIVE_INFINITY

/** Resolve the years of all pages of one chronology, in order. */
export function resolveYears(pages: readonly YearPage[], options: {columns?: number} = {}): YearResult[][] {
  const columns = options.columns ?? 2
  const out: YearResult[][] = []
  let previousEnd: number | undefined
  for (const page of pages) {
    const results = resolvePage(page, previousEnd, columns)
    out.push(results)
    const years = results.map((r) => r.year).filter((y): y is number => y !== undefined)
    const hi = page.headings.length > 0 ? Math.max(...page.headings) : undefined
    const end = Math.max(...years, hi ?? -INF)
    if (Number.isFinite(end)) previousEnd = end
  }
  return out
}

function resolvePage(page: YearPage, previousEnd: number | undefined, columns: number): YearResult[] {
  const n = page.entries.length
  if (n === 0) return []
  let headings = [...new Set(page.headings)].sort((a, b) => a - b)
  if (headings.length === 0 && previousEnd !== undefined) headings = [previousEnd]
  if (headings.length === 0) {
    // Nothing to go on: only pinned years are known.
    return page.entries.map((e) =>
      e.pinned
        ? {year: e.pinned.year, certainty: 'certain', evidence: e.pinned.evidence, margin: INF}
        : e.hint
          ? {year: e.hint.year, certainty: 'ambiguous', evidence: `${e.hint.evidence}; no year headings`, margin: 0}
          : {year: undefined, certainty: 'ambiguous', evidence: 'no year headings', margin: 0}
    )
  }
  const lo = headings[0]!
  const hi = headings.at(-1)!
  const carry = previousEnd !== undefined && previousEnd < lo ? previousEnd : undefined
  if (n > LIMITS.entries) {
    // Far beyond any printed page: not worth the memory; say so rather than guess.
    return page.entries.map((e) =>
      e.pinned
        ? {year: e.pinned.year, certainty: 'certain' as const, evidence: e.pinned.evidence, margin: INF}
        : {year: undefined, certainty: 'ambiguous' as const, evidence: `page of ${n} entries too long to resolve`, margin: 0}
    )
  }
  const years: number[] = []
  // Every year of the page's span; for a span too wide to be a page, only the printed years.
  if (hi - lo < LIMITS.span) for (let y = carry ?? lo; y <= hi; y++) years.push(y)
  else years.push(...headings, ...(carry === undefined ? [] : [carry]))
  // Pinned years outside the page's range still count: the evidence is direct.
  for (const e of page.entries) if (e.pinned && !years.includes(e.pinned.year)) years.push(e.pinned.year)
  years.sort((a, b) => a - b)

  // Which headings are used is tracked as a bit mask, for pages with few headings.
  const tracked =
    headings.length <= LIMITS.trackedHeadings && n * years.length * (1 << headings.length) * (columns + 1) <= LIMITS.states ? headings : []
  const headingBits = new Map<number, number>()
  tracked.forEach((y, i) => headingBits.set(y, 1 << i))
  const fullMask = (1 << tracked.length) - 1
  const Y = years.length
  const M = fullMask + 1
  const bit = (yi: number) => headingBits.get(years[yi]!) ?? 0

  const entryCost = (i: number, yi: number): number => {
    const e = page.entries[i]!
    const y = years[yi]!
    if (e.pinned) return e.pinned.year === y ? 0 : INF
    let c = 0
    if (y < (carry ?? lo) || y > hi) return INF
    if (!headingBits.has(y) && y !== carry) c += COSTS.unprintedYear
    if (e.hint && e.hint.year !== y) c += COSTS.againstHint
    return c
  }
  /** How far into its year a date is, 0 (1 January) … 1 (31 December). */
  const within = (i: number): number => {
    const d = page.entries[i]!.date
    return (d.month - 1 + (d.day - 1) / 31) / 12
  }
  // A column starts near the beginning of the page's period and ends near its end.
  const startCost = (i: number, yi: number): number => {
    const y = years[yi]!
    const late = within(i) * COSTS.withinYear
    if (y === lo) return late
    if (y === carry) return COSTS.carryStart
    return Math.abs(y - lo) * COSTS.lateStart + late
  }
  const endCost = (i: number, yi: number): number => Math.max(0, hi - years[yi]!) * COSTS.earlyEnd + (1 - within(i)) * COSTS.withinYear
  const key = (i: number, yi: number) => years[yi]! * 10000 + ordinal(page.entries[i]!.date)
  /** Cost of entry i in year b after entry i-1 in year a, in the same column / in a new column. */
  const transition = (i: number, ai: number, bi: number): {same: number; broke: number} => {
    const a = years[ai]!
    const b = years[bi]!
    let same: number
    const ascending = ordinal(page.entries[i]!.date) >= ordinal(page.entries[i - 1]!.date)
    if (b === a) {
      same = ascending ? 0 : COSTS.outOfOrder
    } else if (b > a) {
      // A new year comes naturally where the dates turn back (DEC → MAR).
      same = (b - a - 1) * COSTS.skippedYear + (ascending ? (b - a) * COSTS.yearOnAscent : 0)
    } else {
      same = COSTS.outOfOrder + (a - b) * COSTS.outOfOrder
    }
    const groupBoundary = page.entries[i]!.group !== page.entries[i - 1]!.group
    const broke = (groupBoundary ? COSTS.breakAtGroup : COSTS.breakInsideGroup) + endCost(i - 1, ai) + startCost(i, bi)
    return {same, broke}
  }
  const unusedCost = (mask: number): number => {
    let unused = 0
    for (let m = fullMask & ~mask; m; m &= m - 1) unused++
    return unused * COSTS.unusedHeading
  }
  // Column count: 1 … C (C means "C or more").
  const C = columns + 1
  // c = columns means "more than the usual count": every break beyond it is charged as it happens.
  const finalCost = (yi: number, m: number, c: number): number =>
    endCost(n - 1, yi) + unusedCost(m) + Math.max(0, columns - (c + 1)) * COSTS.columnCount
  // Breaking before entry i to start column c+2: tables fill their columns about equally.
  const extraColumn = (c: number, i: number): number =>
    c + 1 >= columns ? COSTS.columnCount : Math.abs(i - ((c + 1) * n) / columns) * COSTS.balance
  const S = Y * M * C
  const idx = (yi: number, m: number, c: number) => (yi * M + m) * C + c

  // Flat tables of every cost the passes need (the passes are the hot loop).
  const bits = Int32Array.from({length: Y}, (_, yi) => bit(yi))
  const ecs = new Float64Array(n * Y)
  for (let i = 0; i < n; i++) for (let yi = 0; yi < Y; yi++) ecs[i * Y + yi] = entryCost(i, yi)
  const same = new Float64Array(n * Y * Y)
  const broke = new Float64Array(n * Y * Y)
  for (let i = 1; i < n; i++)
    for (let ai = 0; ai < Y; ai++)
      for (let bi = 0; bi < Y; bi++) {
        const t = transition(i, ai, bi)
        same[(i * Y + ai) * Y + bi] = t.same
        broke[(i * Y + ai) * Y + bi] = t.broke
      }
  const extras = new Float64Array(n * C)
  for (let i = 0; i < n; i++) for (let c = 0; c < C; c++) extras[i * C + c] = extraColumn(c, i)
  const trans = (i: number, ai: number, bi: number) => ({same: same[(i * Y + ai) * Y + bi]!, broke: broke[(i * Y + ai) * Y + bi]!})
  const first = new Float64Array(S).fill(INF)
  for (let yi = 0; yi < Y; yi++) {
    const c = startCost(0, yi) + ecs[yi]!
    if (c < INF) first[(yi * M + bits[yi]!) * C] = c
  }
  const last = new Float64Array(S)
  for (let ai = 0; ai < Y; ai++) for (let m = 0; m < M; m++) for (let c = 0; c < C; c++) last[idx(ai, m, c)] = finalCost(ai, m, c)

  const T = COSTS.temperature
  // Forward and backward passes: the best assignment, and all assignments weighted by exp(-cost/T).
  const {F, B, softF, softB} = runPasses({n, Y, M, C, bits, entryCosts: ecs, same, broke, extras, first, last}, T)
  const soft = {F: softF, B: softB}
  // Posterior of each year for each entry, over all assignments weighted by exp(-cost/T).
  const posterior: number[][] = []
  for (let i = 0; i < n; i++) {
    const energies: number[] = []
    for (let yi = 0; yi < Y; yi++) {
      let v = INF
      for (let m = 0; m < M; m++) for (let c = 0; c < C; c++) v = softmin(v, soft.F[i]![idx(yi, m, c)]! + soft.B[i]![idx(yi, m, c)]!, T)
      energies.push(v)
    }
    const lo = Math.min(...energies)
    const w = energies.map((e) => (e === INF ? 0 : Math.exp(-(e - lo) / T)))
    const z = w.reduce((a, b) => a + b, 0)
    posterior.push(w.map((x) => x / z))
  }

  // Best total per entry and year.
  const best: number[][] = []
  for (let i = 0; i < n; i++) {
    const row: number[] = []
    for (let yi = 0; yi < Y; yi++) {
      let v = INF
      for (let m = 0; m < M; m++) for (let c = 0; c < C; c++) v = Math.min(v, F[i]![idx(yi, m, c)]! + B[i]![idx(yi, m, c)]!)
      row.push(v)
    }
    best.push(row)
  }
  // The single best assignment, by backtracking the forward pass.
  const chosen: number[] = new Array(n).fill(0)
  const brokeBefore: boolean[] = new Array(n).fill(false)
  {
    let bestS = -1
    let bestC = INF
    for (let yi = 0; yi < Y; yi++)
      for (let m = 0; m < M; m++)
        for (let c = 0; c < C; c++) {
          const v = F[n - 1]![idx(yi, m, c)]! + finalCost(yi, m, c)
          if (v < bestC - 1e-9) {
            bestC = v
            bestS = idx(yi, m, c)
          }
        }
    let s = bestS
    for (let i = n - 1; i >= 0 && s >= 0; i--) {
      const c = s % C
      const m = Math.floor(s / C) % M
      const yi = Math.floor(s / C / M)
      chosen[i] = yi
      if (i === 0) break
      const target = F[i]![s]!
      const ec = entryCost(i, yi)
      let found = -1
      search: for (let ai = 0; ai < Y; ai++) {
        const t = trans(i, ai, yi)
        for (let pm = 0; pm < M; pm++) {
          if ((pm | bit(yi)) !== m) continue
          for (let pc = 0; pc < C; pc++) {
            const f = F[i - 1]![idx(ai, pm, pc)]!
            if (f === INF) continue
            if (pc === c && Math.abs(f + t.same + ec - target) < 1e-9) {
              found = idx(ai, pm, pc)
              break search
            }
            if (Math.min(pc + 1, C - 1) === c && Math.abs(f + t.broke + extras[i * C + pc]! + ec - target) < 1e-9) {
              found = idx(ai, pm, pc)
              brokeBefore[i] = true
              break search
            }
          }
        }
      }
      s = found
    }
  }
  const pageLabel = headings.length === 1 ? `year heading ${lo}` : `year headings ${headings.join(', ')}`
  const candidates = years.filter((y) => y >= (carry ?? lo) && y <= hi)

  // Each entry takes its most probable year; neighbours' choices tell whether it sits in time order.
  const pick = posterior.map((row) => row.indexOf(Math.max(...row)))
  return page.entries.map((e, i) => {
    const yi = pick[i]!
    const year = years[yi]!
    const p = posterior[i]![yi]!
    const margin = Math.min(...best[i]!.filter((_, j) => j !== yi)) - best[i]![yi]!
    if (e.pinned) return {year: e.pinned.year, certainty: 'certain' as const, evidence: e.pinned.evidence, margin: INF}
    if (candidates.length === 1) return {year, certainty: 'certain' as const, evidence: `only ${pageLabel}`, margin: INF}
    const inOrder = i === 0 || brokeBefore[i] || key(i, yi) >= key(i - 1, pick[i - 1]!)
    const hint = e.hint && e.hint.year === year ? `; ${e.hint.evidence}` : ''
    const share = `${Math.round(p * 100)}%`
    if (p >= COSTS.inferredProbability && inOrder) {
      return {year, certainty: 'inferred' as const, evidence: `${pageLabel}${carry !== undefined && year === carry ? ` (page begins in ${carry})` : ''}; column time order (${share})${hint}`, margin}
    }
    const others = posterior[i]!
      .map((q, j) => ({q, y: years[j]!}))
      .filter((x, j) => j !== yi && x.q >= 0.1)
      .map((x) => `${x.y} ${Math.round(x.q * 100)}%`)
    return {year, certainty: 'ambiguous' as const, evidence: `${pageLabel}; ${year} ${share}${others.length ? `, ${others.join(', ')}` : ''}${inOrder ? '' : '; out of time order'}${hint}`, margin}
  })
}
