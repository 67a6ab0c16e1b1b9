#!/usr/bin/env node
/**
 * Fuzz benchmark (issue 16): hostile shapes of text that once cost far more
 * than their size (a cubic line breaker on hyphen chains, quadratic edits on
 * long lines, a quadratic appendix scan of bare four-digit lines). Each row
 * builds one generated document with all outputs in a fresh process and
 * reports wall time, CPU time (all threads), peak memory and how it ended. Targets: no input of
 * 100 kB or less over 2 s, no 10 MB input over 60 s, peak memory ≤ 2 GB.
 *
 *   npm run bench -- fuzz          as a section of the benchmark
 *   node bench/fuzz.mjs [ROW...]   alone; REPRINT_BENCH_CLI=path/to/cli.js measures another build
 *
 * A row that runs past its kill limit (30 s for a small input, 150 s for a large one) is
 * reported as "killed", so a run of an old build still ends.
 */
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {benchCli, buildOnce} from './build-once.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const KB = 1024
const MB = 1024 * 1024

/** A small deterministic generator, so every run measures the same bytes. */
function random(seed) {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function fill(unit, bytes) {
  return unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes)
}

const PROSE = 'The committee met in the spring and agreed on a short list of measures for the coming year. '

/** name → [description, generator, size class]. Size class: 'small' (≤ 100 kB, 2 s) or 'large' (10 MB, 60 s). */
export const FUZZ_ROWS = {
  'long-word': ['one 100 kB word', () => `Start of text.\n\n${fill('abcdefghij', 100 * KB)}\n`, 'small'],
  'hyphen-chain-10k': ['one 10 kB line `Start ab-ab-…end`', () => `Start ${fill('ab-', 10 * KB)}end\n`, 'small'],
  'hyphen-chain-100k': ['one 100 kB line `Start ab-ab-…end`', () => `Start ${fill('ab-', 100 * KB)}end\n`, 'small'],
  'co-lines': ['5,000 lines `co-`', () => 'co-\n'.repeat(5000), 'small'],
  'apostrophes-50k': ['one 50 kB line of apostrophes', () => `It ${"'".repeat(50 * KB)} ends.\n`, 'small'],
  'quotes-100k': ['100 kB of mixed quotes and backticks', () => fill(`"a' \`b'' \`\`c" 'd `, 100 * KB) + '\n', 'small'],
  'capitals-100k': ['100 kB of capitalised words, 40 a line', () => {
    const next = random(1)
    const lines = []
    let size = 0
    while (size < 100 * KB) {
      const words = Array.from({length: 40}, () => String.fromCharCode(65 + Math.floor(next() * 26)).repeat(1 + Math.floor(next() * 8)))
      const line = words.join(' ')
      lines.push(line)
      size += line.length + 1
    }
    return lines.join('\n') + '\n'
  }, 'small'],
  'digits-100k': ['one 100 kB line of digit ranges `12-34 `', () => fill('12-34 1990-91 ', 100 * KB) + '\n', 'small'],
  'dots-100k': ['one 100 kB line of dots', () => fill('.', 100 * KB) + '\n', 'small'],
  'four-digit-lines': ['16,000 lines of a bare four-digit number (80 kB)', () => {
    const next = random(2)
    return Array.from({length: 16000}, () => String(1000 + Math.floor(next() * 9000))).join('\n') + '\n'
  }, 'small'],
  'heading-lines': ['5,000 heading-like lines with prose (100 kB)', () => {
    const parts = []
    for (let i = 0; parts.join('').length < 100 * KB; i++) parts.push(`CHAPTER ${i + 1}\n\n${PROSE}\n\n`)
    return parts.join('')
  }, 'small'],
  'short-lines-1m': ['1,000,000 short lines (3 MB)', () => 'ab\n'.repeat(1_000_000), 'large'],
  'single-line-10mb': ['one 10 MB line of prose', () => fill(PROSE, 10 * MB) + '\n', 'large'],
  'prose-10mb': ['10 MB of wrapped prose in paragraphs', () => {
    const line = PROSE.trim()
    const block = `${line}\n${line}\n${line}\n\n`
    return fill(block, 10 * MB)
  }, 'large']
}

const LIMITS = {small: {targetMs: 2000, killMs: 30000}, large: {targetMs: 60000, killMs: 150000}}

const runOne = (cli, tmp, name, text, killMs) => buildOnce({cli, tmp, name, text, killMs})

/** Run the rows (all, or those named); returns result objects and calls `row` for the table. */
export function runFuzz({cli, tmp, names = Object.keys(FUZZ_ROWS), row = () => {}}) {
  const results = []
  for (const name of names) {
    const entry = FUZZ_ROWS[name]
    if (!entry) throw new Error(`unknown fuzz row ${name}`)
    const [what, generate, size] = entry
    const text = generate()
    const bytes = Buffer.byteLength(text)
    const {targetMs, killMs} = LIMITS[size]
    const r = runOne(cli, tmp, name, text, killMs)
    const met = r.ms <= targetMs && !(r.rss > 2 * 1024 * MB) && !r.outcome.startsWith('killed')
    results.push({name, what, bytes, ms: r.ms, cpuMs: r.cpuMs, peakRssMB: r.rss / MB, outcome: r.outcome, targetMs, met})
    // CPU time beside wall time: on a shared machine under load, wall time overstates the cost.
    const cpu = Number.isFinite(r.cpuMs) ? ` (${(r.cpuMs / 1000).toFixed(2)} s CPU)` : ''
    const time = r.outcome.startsWith('killed') ? `> ${Math.round(killMs / 1000)} s` : `${(r.ms / 1000).toFixed(2)} s${cpu}`
    const mem = Number.isFinite(r.rss) ? `${Math.round(r.rss / MB)} MB` : 'n/a'
    row('fuzz', `${name}: ${what}`, `${time}, ${mem} peak, ${r.outcome}`, `≤ ${targetMs / 1000} s, ≤ 2 GB${met ? '' : '  MISSED'}`)
  }
  return results
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const cli = benchCli()
  const tmp = mkdtempSync(join(tmpdir(), 'reprint-fuzz-'))
  const names = process.argv.slice(2)
  const rows = []
  try {
    runFuzz({cli, tmp, names: names.length ? names : undefined, row: (section, what, value, target) => {
      rows.push({what, value, target})
      console.log(`${what.padEnd(66)} ${value.padEnd(60)} ${target}`)
    }})
  } finally {
    rmSync(tmp, {recursive: true, force: true})
  }
}
