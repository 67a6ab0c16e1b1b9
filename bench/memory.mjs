#!/usr/bin/env node
/**
 * Memory benchmark (issue 16): an ordinary document of 10, 25 and 50 MB (the
 * corpus document repeated: prose, headings, a list, notes and its
 * appendices) built with every default output (`reprint build` with no
 * `--outputs`) in a fresh process. Reports wall time, CPU time (the main
 * thread's and the worker's: wall time is noisy on a shared machine), peak
 * RSS and how it ended. Target: peak RSS ≤ 2 GB up to the default `--max-bytes` (50 MB), and
 * the build succeeds under the default worker heap limit.
 *
 *   npm run bench -- memory          as a section of the benchmark
 *   node bench/memory.mjs [10 25 50] alone; REPRINT_BENCH_CLI=path/to/cli.js measures another build
 */
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {benchCli, buildOnce} from './build-once.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const MB = 1024 * 1024
const GB = 1024 * MB

/** The corpus document (prose, headings, a list, notes, its three appendices) repeated to about `mb` MB. */
export function ordinaryDocument(mb) {
  const corpus = readFileSync(join(root, 'input', 'nagorno-karabakh-conflict.txt'), 'utf8')
  // Just under the size: the whole document must stay within --max-bytes.
  const copies = Math.max(1, Math.floor((mb * MB - 1024) / (Buffer.byteLength(corpus) + 3)))
  return Array.from({length: copies}, () => corpus).join('\n\n\n')
}

/** Build the ordinary document of `mb` MB once, in a fresh process (bench/build-once.mjs). */
const runOne = (cli, tmp, mb) => buildOnce({cli, tmp, name: `ordinary-${mb}mb`, text: ordinaryDocument(mb), killMs: 3_600_000})

export function runMemory({cli, tmp, sizes = [10, 25, 50], row = () => {}}) {
  const results = []
  for (const mb of sizes) {
    const r = runOne(cli, tmp, mb)
    // The whole build at one moment (parent and the document's process), else the sum of their peaks.
    const met = r.outcome === 'built' && (Number.isFinite(r.treeRss) ? r.treeRss : r.rss) <= 2 * GB
    results.push({mb, bytes: r.bytes, ms: r.ms, cpuMs: r.cpuMs, peakRssMB: r.rss / MB, parentRssMB: r.parentRss / MB, childRssMB: r.childRss / MB, treeRssMB: r.treeRss / MB, outcome: r.outcome, met})
    row('memory', `ordinary ${(r.bytes / MB).toFixed(1)} MB document, all default outputs`, `${(r.ms / 1000).toFixed(1)} s (CPU ${(r.cpuMs / 1000).toFixed(1)} s), ${Math.round(r.rss / MB)} MB peak (${Math.round(r.parentRss / MB)} + ${Math.round(r.childRss / MB)} child; together at once ${Math.round(r.treeRss / MB)}), ${r.outcome}`, `≤ 2 GB, built${met ? '' : '  MISSED'}`)
  }
  return results
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const cli = benchCli()
  const tmp = mkdtempSync(join(tmpdir(), 'reprint-memory-'))
  const sizes = process.argv.slice(2).map(Number)
  try {
    runMemory({cli, tmp, sizes: sizes.length ? sizes : undefined, row: (section, what, value, target) => {
      console.log(`${what.padEnd(56)} ${value.padEnd(50)} ${target}`)
    }})
  } finally {
    rmSync(tmp, {recursive: true, force: true})
  }
}
