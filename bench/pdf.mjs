#!/usr/bin/env node
/**
 * PDF writer benchmark (issue 5). Not part of the test suite; needs `dist/`
 * (`make build` or `npx tsc`).
 *
 *   node bench/pdf.mjs            corpus and the ~300-page document
 *   node bench/pdf.mjs corpus     one case: corpus | long
 *   node bench/pdf.mjs tagging [corpus|long]
 *                                 what tagging costs: tagged vs untagged (and vs
 *                                 the writer in $REPRINT_BENCH_BASE), see runTagging
 *
 * Each case runs in its own Node process, so that peak memory (max RSS) is
 * the case's own. Reported: the first call (imports pdf-lib and fontkit,
 * parses the fonts), then the median of warm calls ("PDF time after
 * start-up") in wall and CPU time, pages, pages per second, and peak RSS
 * both after one build (what a user's run needs; the memory target) and
 * after all the timed runs (several trees alive in one process). The load
 * average is printed first: on a busy shared machine wall time overstates
 * the cost, and CPU time is the steadier figure.
 * Targets: corpus < 150 ms warm, 300 pages < 3 s, memory < 300 MB.
 * The long document is the corpus body (up to its first appendix) repeated
 * to about 300 pages, then the appendices once; each warm run gets a fresh
 * copy of the tree.
 */
import {spawnSync} from 'node:child_process'
import {existsSync} from 'node:fs'
import {cpus, loadavg} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const corpus = join(root, 'input', 'nagorno-karabakh-conflict.txt')
const dist = (p) => pathToFileURL(join(root, 'dist', p)).href

if (!existsSync(join(root, 'dist', 'emit', 'pdf', 'index.js'))) {
  console.error('bench/pdf: dist/ is missing; run `make build` (or `npx tsc -p tsconfig.json`) first')
  process.exit(2)
}

const TARGET_PAGES = 300

/** The case's document tree: the corpus, or the corpus body repeated to about 300 pages ("long"). */
async function loadTree(name) {
  const {renderDocument} = await import(dist('build.js'))
  const result = await renderDocument(corpus, {outputs: ['markdown']})
  if (result.error) throw new Error(`corpus: ${result.error}`)
  let tree = result.tree
  if (name === 'long') {
    // The corpus body repeated until the document reaches about 300 pages (distinct node objects, so nothing is cached by node).
    // (Counting the corpus pages loads fontkit first, so this case's first call is a little warmer.)
    const {typeset} = await import(dist('emit/pdf/index.js'))
    // The body (everything before the first appendix heading) is repeated; the appendices follow once.
    const firstAppendix = tree.children.findIndex((n, i) => n.type === 'appendix' || (n.type === 'heading' && tree.children[i + 1]?.type === 'appendix'))
    const body = firstAppendix === -1 ? tree.children : tree.children.slice(0, firstAppendix)
    const rest = firstAppendix === -1 ? [] : tree.children.slice(firstAppendix)
    const bodyPages = (await typeset({...tree, children: body})).pages.length
    const restPages = rest.length ? (await typeset({...tree, children: rest})).pages.length : 0
    const times = Math.max(1, Math.round((TARGET_PAGES - restPages) / bodyPages))
    tree = {...tree, children: [...Array.from({length: times}, () => structuredClone(body)).flat(), ...rest]}
  }
  return tree
}

async function runCase(name) {
  const tree = await loadTree(name)
  const date = new Date(Date.UTC(2000, 0, 1))
  // First call: imports pdf-lib and fontkit, parses the fonts. Peak memory of
  // one build is taken right after it, as a user's single run would see it.
  const t0 = performance.now()
  const {emitPdf, typeset} = await import(dist('emit/pdf/index.js'))
  let bytes = await emitPdf(tree, {date})
  const first = performance.now() - t0
  const rssOneBuild = process.resourceUsage().maxRSS * 1024
  const runs = []
  const cpu = []
  for (let i = 0; i < (name === 'long' ? 3 : 7); i++) {
    // A fresh copy of the tree each time, so no per-node cache makes a warm run cheaper than a real build.
    const copy = structuredClone(tree)
    const c = process.cpuUsage()
    const t = performance.now()
    bytes = await emitPdf(copy, {date})
    runs.push(performance.now() - t)
    const used = process.cpuUsage(c)
    cpu.push((used.user + used.system) / 1000)
  }
  runs.sort((a, b) => a - b)
  cpu.sort((a, b) => a - b)
  const warm = runs[Math.floor(runs.length / 2)]
  const pages = (await typeset(tree)).pages.length
  return {
    case: name,
    pages,
    bytes: bytes.length,
    firstCallMs: Math.round(first),
    warmMs: Math.round(warm),
    // CPU time of the same runs: on a busy shared machine, wall time overstates the cost.
    warmCpuMs: Math.round(cpu[Math.floor(cpu.length / 2)]),
    pagesPerSecond: Math.round((pages / warm) * 1000),
    peakRssOneBuildMB: Math.round(rssOneBuild / 2 ** 20),
    peakRssAllRunsMB: Math.round((process.resourceUsage().maxRSS * 1024) / 2 ** 20)
  }
}

/**
 * What tagging costs (issue 14: at most 15 % of PDF time). The same tree is
 * written tagged and untagged (the internal `tagged: false` of emitPdf, which
 * writes no marked content and no structure tree; not a user option) and, with
 * REPRINT_BENCH_BASE=<a dist folder> (e.g. a worktree of 23e864e, the commit
 * before tagging, compiled), by that older writer too. Warm calls of the
 * variants interleaved in one process, in rotating order (so garbage one call
 * leaves for the next is spread over the variants alike; a forced collection
 * before each call was tried and tripled every call's time, as each then
 * regrows the heap); CPU time (user + system, all threads) and wall time, min
 * and median of N per variant.
 */
async function runTagging(name) {
  const tree = await loadTree(name)
  const date = new Date(Date.UTC(2000, 0, 1))
  const {emitPdf} = await import(dist('emit/pdf/index.js'))
  const variants = [
    ['tagged', (t) => emitPdf(t, {date})],
    ['untagged', (t) => emitPdf(t, {date, tagged: false})]
  ]
  if (process.env.REPRINT_BENCH_BASE) {
    const base = await import(pathToFileURL(join(process.env.REPRINT_BENCH_BASE, 'emit', 'pdf', 'index.js')).href)
    variants.push(['base', (t) => base.emitPdf(t, {date})])
  }
  const rounds = Number(process.env.REPRINT_BENCH_ROUNDS) || (name === 'long' ? 8 : 40)
  const stats = Object.fromEntries(variants.map(([v]) => [v, {cpu: [], wall: [], bytes: 0}]))
  // Two warm-up calls each (compiles the hot code of both paths).
  for (let i = 0; i < 2; i++) for (const [v, run] of variants) stats[v].bytes = (await run(structuredClone(tree))).length
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < variants.length; k++) {
      const [v, run] = variants[(r + k) % variants.length]
      const copy = structuredClone(tree)
      const c = process.cpuUsage()
      const t = performance.now()
      await run(copy)
      stats[v].wall.push(performance.now() - t)
      const used = process.cpuUsage(c)
      stats[v].cpu.push((used.user + used.system) / 1000)
    }
  }
  const summary = (values) => {
    const sorted = [...values].sort((a, b) => a - b)
    return {min: sorted[0], median: sorted[Math.floor(sorted.length / 2)]}
  }
  return {
    case: name,
    rounds,
    variants: Object.fromEntries(Object.entries(stats).map(([v, s]) => [v, {cpu: summary(s.cpu), wall: summary(s.wall), bytes: s.bytes}]))
  }
}

/** One fresh process's first PDF call (imports pdf-lib and fontkit, parses the fonts, cold code), CPU and wall. */
async function runFirst(name, variant) {
  const tree = await loadTree(name)
  const date = new Date(Date.UTC(2000, 0, 1))
  const c = process.cpuUsage()
  const t = performance.now()
  const folder = variant === 'base' ? process.env.REPRINT_BENCH_BASE : join(root, 'dist')
  const {emitPdf} = await import(pathToFileURL(join(folder, 'emit', 'pdf', 'index.js')).href)
  await emitPdf(tree, variant === 'untagged' ? {date, tagged: false} : {date})
  const wall = performance.now() - t
  const used = process.cpuUsage(c)
  return {wall, cpu: (used.user + used.system) / 1000}
}

function tagging(cases) {
  const variants = ['tagged', 'untagged', ...(process.env.REPRINT_BENCH_BASE ? ['base'] : [])]
  const spawn = (args) => {
    const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), ...args], {cwd: root, encoding: 'utf8'})
    if (run.status !== 0) {
      console.error(`bench/pdf ${args.join(' ')} failed:\n${run.stderr}`)
      process.exit(1)
    }
    return JSON.parse(run.stdout)
  }
  const pct = (a, b) => `${a >= b ? '+' : ''}${(((a - b) / b) * 100).toFixed(1)}%`
  const ms = (n) => n.toFixed(1).padStart(7)
  const out = []
  console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} CPUs`)
  console.log('tagging cost: warm calls interleaved in one process, CPU ms (wall ms); first call: fresh processes interleaved')
  for (const name of cases) {
    const warm = spawn(['--child-tagging', name])
    const firstRuns = Number(process.env.REPRINT_BENCH_FIRST) || (name === 'long' ? 3 : 7)
    const first = Object.fromEntries(variants.map((v) => [v, {cpu: [], wall: []}]))
    for (let i = 0; i < firstRuns; i++) {
      for (const v of variants) {
        const r = spawn(['--child-first', name, v])
        first[v].cpu.push(r.cpu)
        first[v].wall.push(r.wall)
      }
    }
    const med = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
    const low = (values) => Math.min(...values)
    const w = warm.variants
    console.log(`${name}: ${warm.rounds} rounds; first call ${firstRuns} processes each`)
    console.log('  variant    warm min CPU  warm median CPU   warm min wall  first min CPU  first median CPU  size kB')
    for (const v of variants) {
      console.log(
        `  ${v.padEnd(9)} ${ms(w[v].cpu.min)} ${ms(w[v].cpu.median).padStart(16)} ${ms(w[v].wall.min).padStart(15)} ${ms(low(first[v].cpu)).padStart(14)} ${ms(med(first[v].cpu)).padStart(17)} ${String(Math.round(w[v].bytes / 1024)).padStart(8)}`
      )
    }
    const t = w.tagged
    const rows = [['untagged', w.untagged, first.untagged]]
    if (w.base) rows.push(['base', w.base, first.base])
    for (const [v, s, f] of rows) {
      const line = `  tagged vs ${v}: warm min ${pct(t.cpu.min, s.cpu.min)}, warm median ${pct(t.cpu.median, s.cpu.median)}, first call min ${pct(low(first.tagged.cpu), low(f.cpu))}, median ${pct(med(first.tagged.cpu), med(f.cpu))}`
      const ok = v !== 'untagged' || t.cpu.min <= s.cpu.min * 1.15
      console.log(`${line}${v === 'untagged' ? (ok ? '  (target ≤ +15%: met)' : '  (target ≤ +15%: MISSED)') : ''}`)
    }
    out.push({case: name, warm: w, first: Object.fromEntries(variants.map((v) => [v, {minCpu: low(first[v].cpu), medianCpu: med(first[v].cpu), minWall: low(first[v].wall)}]))})
  }
  console.log(JSON.stringify({tagging: out}))
  return out
}

const child = process.argv.indexOf('--child')
const childTagging = process.argv.indexOf('--child-tagging')
const childFirst = process.argv.indexOf('--child-first')
if (childTagging !== -1) {
  process.stdout.write(JSON.stringify(await runTagging(process.argv[childTagging + 1])))
} else if (childFirst !== -1) {
  process.stdout.write(JSON.stringify(await runFirst(process.argv[childFirst + 1], process.argv[childFirst + 2])))
} else if (process.argv[2] === 'tagging') {
  const cases = process.argv.slice(3).filter((a) => a === 'corpus' || a === 'long')
  tagging(cases.length ? cases : ['corpus', 'long'])
} else if (child !== -1) {
  const out = await runCase(process.argv[child + 1])
  process.stdout.write(JSON.stringify(out))
} else {
  const cases = process.argv.slice(2).filter((a) => a === 'corpus' || a === 'long')
  const results = []
  for (const name of cases.length ? cases : ['corpus', 'long']) {
    const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', name], {cwd: root, encoding: 'utf8'})
    if (run.status !== 0) {
      console.error(`bench/pdf ${name} failed:\n${run.stderr}`)
      process.exit(1)
    }
    results.push(JSON.parse(run.stdout))
  }
  const targets = {corpus: {warmMs: 150}, long: {warmMs: 3000}}
  console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} CPUs`)
  console.log('case    pages  first ms  warm ms  warm CPU ms  pages/s  RSS 1 build MB  RSS all runs MB  size kB  target')
  for (const r of results) {
    const ok = r.warmMs < targets[r.case].warmMs && r.peakRssOneBuildMB < 300
    console.log(
      `${r.case.padEnd(7)} ${String(r.pages).padStart(5)} ${String(r.firstCallMs).padStart(9)} ${String(r.warmMs).padStart(8)} ${String(r.warmCpuMs).padStart(12)} ${String(r.pagesPerSecond).padStart(8)} ${String(r.peakRssOneBuildMB).padStart(15)} ${String(r.peakRssAllRunsMB).padStart(16)} ${String(Math.round(r.bytes / 1024)).padStart(8)}  ${ok ? 'met' : 'MISSED'} (< ${targets[r.case].warmMs} ms, < 300 MB)`
    )
  }
  console.log(JSON.stringify({pdf: results}))
}
