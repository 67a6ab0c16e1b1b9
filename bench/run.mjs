#!/usr/bin/env node
/**
 * reprint benchmarks (issue 7). Not part of the test suite.
 *
 *   npm run bench            all sections
 *   npm run bench -- corpus  one section: corpus, pandoc, scaling, batch, stages, fuzz, memory, pdfread, tagging
 *
 * Whole-process timings spawn the compiled CLI (`dist/cli.js`), as a user
 * would run it; medians of several runs, peak RSS from the child itself.
 * Prints a table and writes bench/results.json.
 */
import {spawnSync} from 'node:child_process'
import {cpus} from 'node:os'
import {mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, dirname} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const cli = join(root, 'dist', 'cli.js')
const corpusPath = join(root, 'input', 'nagorno-karabakh-conflict.txt')
const corpus = readFileSync(corpusPath, 'utf8')
const sections = process.argv.slice(2)
const want = (name) => sections.length === 0 || sections.includes(name)
const results = {machine: {cpus: cpus().length, model: cpus()[0]?.model, node: process.version}, date: new Date().toISOString()}
const tmp = mkdtempSync(join(tmpdir(), 'reprint-bench-'))

if (!existsSync(cli)) {
  console.error('bench: dist/cli.js is missing; run `make build` first')
  process.exit(2)
}

/** Run the CLI once; returns wall ms and peak RSS bytes. */
function runCli(args, env = {}) {
  const rssFile = join(tmp, `rss-${process.hrtime.bigint()}`)
  const start = process.hrtime.bigint()
  const child = spawnSync(process.execPath, ['--import', join(root, 'bench', 'rss-hook.mjs'), cli, ...args], {
    cwd: root,
    env: {...process.env, ...env, REPRINT_RSS_FILE: rssFile, NO_COLOR: '1'},
    encoding: 'utf8'
  })
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  if (child.status !== 0) throw new Error(`reprint ${args.join(' ')} exited ${child.status}: ${child.stderr.slice(0, 500)}`)
  const rss = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) : NaN
  return {ms, rss}
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

function timeRuns(n, fn) {
  const runs = []
  for (let i = 0; i < n; i++) runs.push(fn(i))
  return {ms: median(runs.map((r) => r.ms)), rss: Math.max(...runs.map((r) => r.rss)), runs: runs.map((r) => Math.round(r.ms))}
}

const mb = (bytes) => bytes / (1024 * 1024)
const fmt = (n, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a')
const rows = []
const row = (section, what, value, target = '') => {
  rows.push({section, what, value, target})
}

// 1. One corpus document, all outputs, whole process.
if (want('corpus')) {
  const r = timeRuns(7, (i) => runCli(['build', corpusPath, '--out', join(tmp, `corpus-${i}`), '--force', '--quiet']))
  results.corpus = {medianMs: r.ms, peakRssMB: mb(r.rss), runsMs: r.runs}
  row('corpus', 'one document, all outputs (median of 7)', `${fmt(r.ms)} ms`, '< 350 ms')
  row('corpus', 'peak memory', `${fmt(mb(r.rss))} MB`)
  // The floor on this machine: Node starting and exiting, and reprint --version (loads the main bundle).
  const bare = timeRuns(7, () => {
    const start = process.hrtime.bigint()
    spawnSync(process.execPath, ['-e', '0'])
    return {ms: Number(process.hrtime.bigint() - start) / 1e6, rss: NaN}
  })
  results.corpus.nodeStartMs = bare.ms
  row('corpus', 'for scale: `node -e 0` (median of 7)', `${fmt(bare.ms)} ms`)
  const version = timeRuns(7, () => runCli(['--version']))
  results.corpus.versionMs = version.ms
  row('corpus', 'for scale: `reprint --version` (median of 7)', `${fmt(version.ms)} ms`)
  // The same build without the PDF, and without the bundle (separate modules).
  const text = timeRuns(5, (i) => runCli(['build', corpusPath, '--out', join(tmp, `corpus-text-${i}`), '--force', '--quiet', '--outputs', 'markdown,json,yaml']))
  results.corpus.withoutPdfMs = text.ms
  row('corpus', 'same, --outputs markdown,json,yaml (median of 5)', `${fmt(text.ms)} ms`)
  const modules = timeRuns(3, (i) => runCli(['build', corpusPath, '--out', join(tmp, `corpus-mod-${i}`), '--force', '--quiet'], {REPRINT_NO_BUNDLE: '1'}))
  results.corpus.withoutBundleMs = modules.ms
  row('corpus', 'same, REPRINT_NO_BUNDLE=1 (separate modules, median of 3)', `${fmt(modules.ms)} ms`)
}

// 2. pandoc on the same content, when installed (same run, same machine).
if (want('pandoc')) {
  const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0
  const md = join(tmp, 'pandoc', 'nagorno-karabakh-conflict', 'nagorno-karabakh-conflict.md')
  if (has('pandoc')) {
    runCli(['build', corpusPath, '--out', join(tmp, 'pandoc'), '--force', '--quiet'])
    const ours = results.corpus?.medianMs
    const html = timeRuns(5, () => {
      const start = process.hrtime.bigint()
      spawnSync('pandoc', [md, '-o', join(tmp, 'out.html')])
      return {ms: Number(process.hrtime.bigint() - start) / 1e6, rss: NaN}
    })
    results.pandoc = {markdownToHtmlMs: html.ms}
    row('pandoc', 'pandoc Markdown → HTML (median of 5)', `${fmt(html.ms)} ms`)
    const engine = ['pdflatex', 'xelatex', 'lualatex'].find(has)
    if (engine) {
      const pdf = timeRuns(3, () => {
        const start = process.hrtime.bigint()
        spawnSync('pandoc', [md, `--pdf-engine=${engine}`, '-o', join(tmp, 'out.pdf')])
        return {ms: Number(process.hrtime.bigint() - start) / 1e6, rss: NaN}
      })
      results.pandoc.markdownToPdfMs = pdf.ms
      row('pandoc', `pandoc Markdown → PDF via ${engine} (median of 3)`, `${fmt(pdf.ms)} ms`)
      if (ours) row('pandoc', 'ratio pandoc PDF / reprint all outputs', `${fmt(pdf.ms / ours, 2)}×`)
    } else row('pandoc', 'pandoc → PDF', 'skipped: no LaTeX engine')
    if (ours) row('pandoc', 'ratio pandoc HTML / reprint all outputs', `${fmt(html.ms / ours, 2)}×`)
  } else {
    results.pandoc = {skipped: 'pandoc not installed'}
    row('pandoc', 'pandoc comparison', 'skipped: pandoc not installed')
  }
}

/** The corpus body (before its appendices) repeated `factor` times as one document. */
function scaled(factor) {
  const cut = corpus.search(/^\s*APPENDIX/m)
  const body = cut > 0 ? corpus.slice(0, cut) : corpus
  const parts = []
  for (let i = 0; i < factor; i++) parts.push(body)
  return parts.join('\n\n\n')
}

// 3. Scaling: 1×, 10×, 100× the corpus size.
if (want('scaling')) {
  results.scaling = []
  for (const factor of [1, 10, 100]) {
    const dir = join(tmp, `scale-${factor}`)
    mkdirSync(dir, {recursive: true})
    const input = join(dir, `scaled-${factor}x.txt`)
    writeFileSync(input, scaled(factor))
    const bytes = Buffer.byteLength(readFileSync(input))
    const n = factor === 100 ? 3 : 5
    const r = timeRuns(n, (i) => runCli(['build', input, '--out', join(dir, `out-${i}`), '--force', '--quiet']))
    const perMb = r.ms / mb(bytes)
    results.scaling.push({factor, bytes, medianMs: r.ms, msPerMB: perMb, peakRssMB: mb(r.rss)})
    row('scaling', `${factor}× corpus (${fmt(mb(bytes), 2)} MB)`, `${fmt(r.ms)} ms, ${fmt(perMb)} ms/MB, ${fmt(mb(r.rss))} MB peak`)
  }
  const [, ten, hundred] = results.scaling
  const ratio = hundred.msPerMB / ten.msPerMB
  results.scalingRatio = ratio
  row('scaling', 'time per MB at 100× / at 10×', `${fmt(ratio, 2)}`, '≤ 1.1')
}

// 4. Batch: 200 generated documents, --jobs 1 and --jobs 2.
if (want('batch')) {
  const dir = join(tmp, 'batch-in')
  mkdirSync(dir, {recursive: true})
  for (let i = 0; i < 200; i++) {
    // Vary each document a little so none is a copy of another.
    writeFileSync(join(dir, `doc-${String(i).padStart(3, '0')}.txt`), `Document ${i} of the batch.\n\n${corpus}`)
  }
  results.batch = {}
  for (const jobs of [1, 2]) {
    const r = runCli(['build', dir, '--out', join(tmp, `batch-out-${jobs}`), '--jobs', String(jobs), '--force', '--quiet'])
    results.batch[`jobs${jobs}`] = {ms: r.ms, docsPerSecond: 200 / (r.ms / 1000), msPerDoc: r.ms / 200, peakRssMB: mb(r.rss)}
    row('batch', `200 documents, --jobs ${jobs}`, `${fmt(200 / (r.ms / 1000), 1)} docs/s, ${fmt(r.ms / 200, 1)} ms/doc`, jobs === 2 ? '< 50 ms/doc' : '')
  }
}

// 5. Each stage's share of the time for the corpus document (in process).
// `reprint watch` (issue 15): a rebuild of the corpus document with all the
// default outputs in a warm process, target ≤ 250 ms; measured twice: the
// build call the watcher makes (median after warm-up), and end to end, from
// rewriting the input to the watcher's line on stdout (adds fs.watch and the
// debounce).
if (want('watch')) {
  const {buildDocument} = await import(join(root, 'dist', 'build.js'))
  const {spawn} = await import('node:child_process')
  const dir = join(tmp, 'watch')
  mkdirSync(join(dir, 'in'), {recursive: true})
  const input = join(dir, 'in', 'corpus.txt')
  writeFileSync(input, corpus)
  const times = []
  const cpu = []
  for (let i = 0; i < 12; i++) {
    const t = performance.now()
    const c = process.cpuUsage()
    const result = await buildDocument(input, {out: join(dir, 'warm'), cwd: dir})
    if (result.error) throw new Error(`watch bench: ${result.error}`)
    const used = process.cpuUsage(c)
    if (i >= 3) {
      times.push(performance.now() - t)
      cpu.push((used.user + used.system) / 1000)
    }
  }
  results.watch = {rebuildMs: median(times), rebuildCpuMs: median(cpu), runs: times.map(Math.round)}
  row('watch', 'warm rebuild, corpus, all outputs (median of 9)', `${fmt(median(times), 0)} ms`, '≤ 250 ms')
  // CPU time of the same rebuilds: what the wall time is on an idle machine (one thread), whatever else runs.
  row('watch', 'warm rebuild, CPU time (median of 9)', `${fmt(median(cpu), 0)} ms`, 'load-independent')
  const child = spawn(process.execPath, [cli, 'watch', 'in', '--out', 'out'], {cwd: dir, env: {...process.env, NO_COLOR: '1'}})
  let buffer = ''
  const waitLine = (test) =>
    new Promise((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`watch bench: no line in 60 s; got ${buffer.slice(-300)}`)), 60_000)
      const check = () => {
        const lines = buffer.split('\n')
        const at = lines.findIndex(test)
        if (at === -1) return
        buffer = lines.slice(at + 1).join('\n')
        clearTimeout(timer)
        child.stdout.off('data', onData)
        done(lines[at])
      }
      const onData = (chunk) => {
        buffer += chunk
        check()
      }
      child.stdout.on('data', onData)
      check()
    })
  await waitLine((l) => l.startsWith('reprint watch: watching'))
  const endToEnd = []
  const reported = []
  for (let i = 0; i < 8; i++) {
    const t = performance.now()
    writeFileSync(input, corpus)
    const line = await waitLine((l) => / in \d+ ms/.test(l))
    if (i >= 2) {
      endToEnd.push(performance.now() - t)
      reported.push(Number(/ in (\d+) ms/.exec(line)[1]))
    }
  }
  child.kill('SIGINT')
  results.watch.endToEndMs = median(endToEnd)
  results.watch.reportedMs = median(reported)
  row('watch', 'watch: rebuild time it prints (median of 6)', `${fmt(median(reported), 0)} ms`, '≤ 250 ms')
  row('watch', 'watch: input written → line printed (median of 6)', `${fmt(median(endToEnd), 0)} ms`, `incl. ${40} ms debounce`)
}


if (want('stages')) {
  const {STAGES} = await import(join(root, 'dist', 'processor.js'))
  const {unified} = await import('unified')
  const {VFile} = await import('vfile')
  const totals = {}
  const timed = (name, plugin) =>
    function (...args) {
      const result = plugin.apply(this, args)
      if (name === 'ingest') {
        const parser = this.parser
        this.parser = (doc, file) => {
          const t = performance.now()
          const tree = parser(doc, file)
          totals[name] = (totals[name] ?? 0) + performance.now() - t
          return tree
        }
        return result
      }
      if (typeof result !== 'function') return result
      return (tree, file) => {
        const t = performance.now()
        const out = result(tree, file)
        totals[name] = (totals[name] ?? 0) + performance.now() - t
        return out
      }
    }
  const runs = 10
  const emit = {markdown: 0, json: 0, pdf: 0}
  const {emitMarkdown} = await import(join(root, 'dist', 'emit', 'markdown.js'))
  const {emitJson} = await import(join(root, 'dist', 'emit', 'json.js'))
  let emitPdf
  try {
    ;({emitPdf} = await import(join(root, 'dist', 'emit', 'pdf', 'index.js')))
  } catch {}
  for (let i = 0; i < runs + 1; i++) {
    if (i === 1) for (const key of Object.keys(totals)) totals[key] = 0 // first run warms up
    if (i === 1) for (const key of Object.keys(emit)) emit[key] = 0
    const processor = unified()
    for (const [name, plugin] of STAGES) processor.use(timed(name, plugin))
    const file = new VFile({path: corpusPath, value: readFileSync(corpusPath)})
    const tree = await processor.run(processor.parse(file), file)
    let t = performance.now()
    emitMarkdown(tree)
    emit.markdown += performance.now() - t
    t = performance.now()
    emitJson(tree, file, 'bench')
    emit.json += performance.now() - t
    if (emitPdf) {
      t = performance.now()
      try {
        await emitPdf(tree, {date: new Date(0)})
      } catch {}
      emit.pdf += performance.now() - t
    }
  }
  const all = {...totals, ...Object.fromEntries(Object.entries(emit).map(([k, v]) => [`emit:${k}`, v]))}
  const sum = Object.values(all).reduce((a, b) => a + b, 0)
  results.stages = {}
  for (const [name, total] of Object.entries(all)) {
    const ms = total / runs
    results.stages[name] = {ms, share: total / sum}
    row('stages', name, `${fmt(ms, 2)} ms (${fmt((100 * total) / sum, 1)}%)`)
  }
}

// What tagging the PDF costs (issue 14: at most +15 %): bench/pdf.mjs tagging, the corpus document written
// tagged and untagged, warm calls interleaved in one process (CPU time), and first calls in fresh processes.
if (want('tagging')) {
  const run = spawnSync(process.execPath, [join(root, 'bench', 'pdf.mjs'), 'tagging', 'corpus'], {cwd: root, encoding: 'utf8'})
  const json = run.status === 0 ? run.stdout.trim().split('\n').pop() : undefined
  if (!json) throw new Error(`bench/pdf.mjs tagging failed: ${run.stderr.slice(0, 500)}`)
  const [r] = JSON.parse(json).tagging
  const {tagged, untagged} = r.warm
  const pct = (a, b) => `${a >= b ? '+' : ''}${fmt((100 * (a - b)) / b, 1)}%`
  results.tagging = r
  row('tagging', 'corpus PDF tagged vs untagged, warm CPU (min; median)', `${pct(tagged.cpu.min, untagged.cpu.min)}; ${pct(tagged.cpu.median, untagged.cpu.median)}`, '≤ +15%')
  row('tagging', 'corpus PDF tagged vs untagged, first call CPU (min)', pct(r.first.tagged.minCpu, r.first.untagged.minCpu))
}

// 6. Fuzz: hostile shapes of text (issue 16), time and peak memory per input.
if (want('fuzz')) {
  const {runFuzz} = await import('./fuzz.mjs')
  results.fuzz = runFuzz({cli, tmp, row})
}

// 6b. Memory: ordinary 10, 25 and 50 MB documents with every default output (issue 16), peak RSS.
if (want('memory')) {
  const {runMemory} = await import('./memory.mjs')
  results.memory = runMemory({cli, tmp, row})
}

// 7. Reading PDFs (issue 12): reprint's own PDF of the corpus document as the input.
if (want('pdfread')) {
  const made = join(tmp, 'pdf-src')
  runCli(['build', corpusPath, '--out', made, '--outputs', 'pdf', '--force', '--quiet'])
  const {PDFDocument} = await import('pdf-lib')
  const own = readFileSync(join(made, 'nagorno-karabakh-conflict', 'nagorno-karabakh-conflict.pdf'))
  // Exactly 10 pages (the corpus's pages, repeated as needed), and 500 pages for memory.
  const pages = async (count) => {
    const source = await PDFDocument.load(own)
    const doc = await PDFDocument.create()
    const n = source.getPageCount()
    for (let i = 0; i < count; i += n) {
      const copied = await doc.copyPages(source, source.getPageIndices().slice(0, Math.min(n, count - i)))
      for (const page of copied) doc.addPage(page)
    }
    return doc.save()
  }
  const ten = join(tmp, 'ten.pdf')
  writeFileSync(ten, await pages(10))
  const {readPdf} = await import(join(root, 'dist', 'readers', 'pdf.js'))
  const {pdfLines} = await import(join(root, 'dist', 'readers', 'pdf-lines.js'))
  const bytes = new Uint8Array(readFileSync(ten))
  const times = []
  const cpu = []
  for (let i = 0; i < 6; i++) {
    const t = performance.now()
    const c = process.cpuUsage()
    pdfLines(await readPdf(bytes))
    times.push(performance.now() - t)
    const used = process.cpuUsage(c)
    cpu.push((used.user + used.system) / 1000)
  }
  const warm = median(times.slice(1)) / 10
  // CPU time too: on a shared machine the wall time of a short in-process loop is mostly waiting.
  row('pdfread', 'read a page, warm (reader + lines, median of 5 × 10 pages)', `${fmt(warm, 1)} ms/page wall, ${fmt(median(cpu.slice(1)) / 10, 1)} ms/page CPU`, '≤ 30 ms/page')
  const whole = timeRuns(5, (i) => runCli(['build', ten, '--out', join(tmp, `ten-${i}`), '--outputs', 'markdown,json', '--force', '--quiet']))
  row('pdfread', '10-page PDF → Markdown + JSON, whole process (median of 5)', `${fmt(whole.ms)} ms, ${fmt(mb(whole.rss))} MB peak`, '≤ 2000 ms')
  const big = join(tmp, 'five-hundred.pdf')
  writeFileSync(big, await pages(500))
  const r500 = runCli(['build', big, '--out', join(tmp, 'big'), '--outputs', 'markdown,json', '--force', '--quiet'])
  row('pdfread', '500-page PDF → Markdown + JSON, whole process', `${fmt(r500.ms)} ms, ${fmt(mb(r500.rss))} MB peak`, '< 1 GB')
  results.pdfread = {warmMsPerPage: warm, warmCpuMsPerPage: median(cpu.slice(1)) / 10, tenPagesMs: whole.ms, tenPagesPeakMB: mb(whole.rss), fiveHundredPagesMs: r500.ms, fiveHundredPagesPeakMB: mb(r500.rss)}
}

rmSync(tmp, {recursive: true, force: true})
writeFileSync(join(root, 'bench', 'results.json'), JSON.stringify(results, null, 2) + '\n')
const width = Math.max(...rows.map((r) => r.what.length))
for (const r of rows) console.log(`${r.section.padEnd(8)} ${r.what.padEnd(width)}  ${String(r.value).padEnd(34)} ${r.target}`)
console.log('\nwrote bench/results.json')
