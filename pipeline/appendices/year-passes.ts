/**
 * The forward and backward passes of resolve-years.ts, over flat cost tables.
 *
 * A state is (year, heading mask, column) for one entry, numbered
 * `(year × M + mask) × C + column`. Both passes are run twice in the model:
 * with `min` (the best assignment) and with a soft minimum (every assignment
 * weighted by exp(-cost/T)). The two runs reach the same states (a sum is
 * infinite exactly when one of its terms is), so they share one loop: the
 * index work and the skipping of unreachable states are done once. Most
 * (year, mask) pairs are unreachable at a given entry, so each step walks
 * only the pairs the previous entry reached.
 *
 * Every table cell receives its terms in the same order as in a plain loop
 * over (previous year, mask, column): the soft minimum is not associative in
 * floating point, and the printed probabilities must not move.
 */

const INF = Number.POSITIVE_INFINITY

export interface PassTables {
  /** Entries, years, heading masks, column counts. */
  n: number
  Y: number
  M: number
  C: number
  /** Heading bit of each year (0 for a year without a tracked heading). */
  bits: Int32Array
  /** Cost of entry i in year y: `[i × Y + y]`. */
  entryCosts: Float64Array
  /** Entry i in year b after entry i-1 in year a, same column / new column: `[(i × Y + a) × Y + b]`. */
  same: Float64Array
  broke: Float64Array
  /** Starting column c+2 before entry i: `[i × C + c]`. */
  extras: Float64Array
  /** Cost of the first entry starting in state s (entry and start cost). */
  first: Float64Array
  /** Cost of ending in state s after the last entry. */
  last: Float64Array
}

export interface PassResult {
  /** Best cost of entries 0…i ending in each state of entry i. */
  F: Float64Array[]
  /** Best cost of entries i+1… given each state of entry i. */
  B: Float64Array[]
  /** The same, softly: -T log Σ exp(-cost/T). */
  softF: Float64Array[]
  softB: Float64Array[]
}

/** min(a, b) softened at temperature T: -T log(exp(-a/T) + exp(-b/T)). */
export function softmin(a: number, b: number, T: number): number {
  if (a === INF) return b
  if (b === INF) return a
  return Math.min(a, b) - T * Math.log1p(Math.exp(-Math.abs(a - b) / T))
}

/** The (year × M + mask) pairs at which `row` holds a finite cost, ascending. */
function reachedPairs(row: Float64Array, C: number): Int32Array {
  const pairs = new Int32Array(row.length / C)
  let count = 0
  for (let p = 0; p < pairs.length; p++) {
    for (let c = 0; c < C; c++) {
      if (row[p * C + c] !== INF) {
        pairs[count++] = p
        break
      }
    }
  }
  return pairs.subarray(0, count)
}

export function runPasses(t: PassTables, T: number): PassResult {
  const {n, Y, M, C, bits, entryCosts, same, broke, extras} = t
  const S = Y * M * C
  const table = () => Array.from({length: n}, () => new Float64Array(S).fill(INF))
  const F = table()
  const softF = table()
  const B = table()
  const softB = table()
  F[0]!.set(t.first)
  softF[0]!.set(t.first)
  const reached: Int32Array[] = [reachedPairs(F[0]!, C)]

  for (let i = 1; i < n; i++) {
    const prev = F[i - 1]!
    const softPrev = softF[i - 1]!
    const cur = F[i]!
    const softCur = softF[i]!
    const pairs = reached[i - 1]!
    for (let bi = 0; bi < Y; bi++) {
      const ec = entryCosts[i * Y + bi]!
      if (ec === INF) continue
      const bb = bits[bi]!
      for (const pair of pairs) {
        const ai = (pair / M) | 0
        const m = pair - ai * M
        const ts = same[(i * Y + ai) * Y + bi]!
        const tb = broke[(i * Y + ai) * Y + bi]!
        const base = pair * C
        const nbase = (bi * M + (m | bb)) * C
        for (let c = 0; c < C; c++) {
          const f = prev[base + c]!
          if (f === INF) continue
          const sf = softPrev[base + c]!
          const k1 = nbase + c
          const k2 = nbase + (c + 1 < C ? c + 1 : C - 1)
          const extra = extras[i * C + c]!
          const v1 = f + ts + ec
          cur[k1] = cur[k1]! < v1 ? cur[k1]! : v1
          softCur[k1] = softmin(softCur[k1]!, sf + ts + ec, T)
          const v2 = f + tb + extra + ec
          cur[k2] = cur[k2]! < v2 ? cur[k2]! : v2
          softCur[k2] = softmin(softCur[k2]!, sf + tb + extra + ec, T)
        }
      }
    }
    reached.push(reachedPairs(cur, C))
  }

  B[n - 1]!.set(t.last)
  softB[n - 1]!.set(t.last)
  for (let i = n - 2; i >= 0; i--) {
    const next = B[i + 1]!
    const softNext = softB[i + 1]!
    const cur = B[i]!
    const softCur = softB[i]!
    const from = F[i]!
    for (const pair of reached[i]!) {
      const ai = (pair / M) | 0
      const m = pair - ai * M
      const base = pair * C
      for (let bi = 0; bi < Y; bi++) {
        const ec = entryCosts[(i + 1) * Y + bi]!
        if (ec === INF) continue
        const ts = same[((i + 1) * Y + ai) * Y + bi]!
        const tb = broke[((i + 1) * Y + ai) * Y + bi]!
        const nbase = (bi * M + (m | bits[bi]!)) * C
        for (let c = 0; c < C; c++) {
          const k = base + c
          // States no assignment reaches do not matter: skip them.
          if (from[k] === INF) continue
          const k2 = nbase + (c + 1 < C ? c + 1 : C - 1)
          const extra = extras[(i + 1) * C + c]!
          const v1 = ts + ec + next[nbase + c]!
          cur[k] = cur[k]! < v1 ? cur[k]! : v1
          softCur[k] = softmin(softCur[k]!, ts + ec + softNext[nbase + c]!, T)
          const v2 = tb + extra + ec + next[k2]!
          cur[k] = cur[k]! < v2 ? cur[k]! : v2
          softCur[k] = softmin(softCur[k]!, tb + extra + ec + softNext[k2]!, T)
        }
      }
    }
  }
  return {F, B, softF, softB}
}
