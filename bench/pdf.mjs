#!/usr/bin/env node
/**
 * PDF writer benchmark (issue 5). Not part of the test suite; needs `dist/`
 * (`make build` or `npx tsc`).
 *
 *   node bench/pdf.mjs            corpus and the ~300-page document
 *   node bench/pdf.mjs corpus     one case: corpus | long
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

async function runCase(name) {
  const {renderDocument} = await import(dist('build.js'))
  const result = await renderDocument(corpus, {outputs: ['markdown']})
  if (result.error) throw new Error(`corpus: ${result.error}`)
  let tree = result.tree
  const date = new Date(Date.UTC(2000, 0, 1))
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

const child = process.argv.indexOf('--child')
if (child !== -1) {
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
