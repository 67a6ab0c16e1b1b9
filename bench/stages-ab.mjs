#!/usr/bin/env node
/**
 * A/B speed check of two builds of reprint on the corpus documents (issue 11:
 * "speed stays within 10% of today per corpus document").
 *
 *   node bench/stages-ab.mjs --base /tmp/base23 [--runs 12] [--stages-runs 8] [--only process|stages|cold] [--docs doc1/raw-mutool,…]
 *
 * `--base` is another checkout with its own compiled dist/ (e.g. a
 * `git worktree add /tmp/base23 23e864e` built with `npm run build`); the
 * other side is this checkout. Both are measured interleaved (base, new,
 * base, new, …) so a change of machine load hits both alike:
 *
 *   1. whole process: `node dist/cli.js build <doc> --outputs markdown,json,yaml`
 *      per document, wall min and median, and the child's own CPU time
 *      (user + system, written at exit by a preload hook), which varies
 *      least when other work shares the machine;
 *   2. in process: each stage's time (warm, median over runs) and the whole
 *      in-memory render with the three text outputs, per document.
 *
 * The corpus documents: input/*.txt and the raw extractions of
 * ../shared/dev-corpus/doc1..3.
 */
import {spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {basename, dirname, join, resolve} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`)
  return at === -1 ? fallback : args[at + 1]
}
const baseRoot = resolve(option('base', '/tmp/base23'))
const runs = Number(option('runs', 12))
const stageRuns = Number(option('stages-runs', 8))
const only = option('only', '')
const sides = [
  ['base', baseRoot],
  ['new', root]
]
for (const [, dir] of sides) if (!existsSync(join(dir, 'dist', 'cli.js'))) throw new Error(`no dist/cli.js in ${dir}: build it first`)

const corpusDir = join(root, '..', 'shared', 'dev-corpus')
const pick = option('docs', '')
const allDocs = [
  ...readdirSync(join(root, 'input'))
    .filter((n) => n.endsWith('.txt'))
    .map((n) => join(root, 'input', n)),
  ...['doc1', 'doc2', 'doc3'].flatMap((d) =>
    existsSync(join(corpusDir, d))
      ? readdirSync(join(corpusDir, d))
          .filter((n) => /^raw-.*\.txt$/.test(n))
          .map((n) => join(corpusDir, d, n))
      : []
  )
]
const docs = allDocs.filter((doc) => !pick || pick.split(',').some((p) => doc.includes(p)))
const label = (doc) => (doc.includes('dev-corpus') ? `${basename(dirname(doc))}/${basename(doc, '.txt')}` : basename(doc, '.txt'))

const tmp = mkdtempSync(join(tmpdir(), 'reprint-ab-'))
const hook = join(tmp, 'cpu-hook.mjs')
// The child's own CPU time and wall time since its start, written when it exits.
writeFileSync(
  hook,
  "import {writeFileSync} from 'node:fs'\nconst f = process.env.REPRINT_CPU_FILE\nif (f) process.on('exit', () => { const u = process.cpuUsage(); writeFileSync(f, String((u.user + u.system) / 1000)) })\n"
)

const median = (values) => {
  const s = [...values].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
const fmt = (n, d = 0) => n.toFixed(d)
const pct = (a, b) => `${b >= a ? '+' : ''}${fmt((100 * (b - a)) / a, 1)}%`

function runCli(dir, doc, i) {
  const cpuFile = join(tmp, `cpu-${process.pid}-${i}-${Math.random().toString(36).slice(2)}`)
  const start = process.hrtime.bigint()
  const child = spawnSync(
    process.execPath,
    ['--import', pathToFileURL(hook).href, join(dir, 'dist', 'cli.js'), 'build', doc, '--outputs', 'markdown,json,yaml', '--out', join(tmp, 'out', basename(dir)), '--force', '--quiet'],
    {cwd: dir, env: {...process.env, REPRINT_CPU_FILE: cpuFile, NO_COLOR: '1'}, encoding: 'utf8'}
  )
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  if (child.status !== 0) throw new Error(`${dir}: build ${doc} exited ${child.status}: ${child.stderr.slice(0, 400)}`)
  const cpu = Number(readFileSync(cpuFile, 'utf8'))
  rmSync(cpuFile)
  return {ms, cpu}
}

if (only === '' || only === 'process') {
  console.log(`whole process, --outputs markdown,json,yaml, ${runs} runs each, interleaved base/new`)
  console.log(`${'document'.padEnd(34)} ${'wall min'.padStart(17)} ${'wall median'.padStart(17)} ${'CPU median'.padStart(17)}   Δ CPU`)
  const totals = {base: {min: 0, med: 0, cpu: 0}, new: {min: 0, med: 0, cpu: 0}}
  for (const doc of docs) {
    const got = {base: [], new: []}
    for (const [name, dir] of sides) runCli(dir, doc, -1) // warm the file cache
    for (let i = 0; i < runs; i++) {
      // Alternate which side goes first, so neither always follows the other.
      const order = i % 2 ? [...sides].reverse() : sides
      for (const [name, dir] of order) got[name].push(runCli(dir, doc, i))
    }
    const s = {}
    for (const name of ['base', 'new']) {
      s[name] = {min: Math.min(...got[name].map((r) => r.ms)), med: median(got[name].map((r) => r.ms)), cpu: median(got[name].map((r) => r.cpu))}
      for (const k of ['min', 'med', 'cpu']) totals[name][k] += s[name][k]
    }
    const cell = (k) => `${fmt(s.base[k])} → ${fmt(s.new[k])}`.padStart(17)
    console.log(`${label(doc).padEnd(34)} ${cell('min')} ${cell('med')} ${cell('cpu')}   ${pct(s.base.cpu, s.new.cpu)} (min ${pct(s.base.min, s.new.min)})`)
  }
  const t = (k) => `${fmt(totals.base[k])} → ${fmt(totals.new[k])}`.padStart(17)
  console.log(`${'sum'.padEnd(34)} ${t('min')} ${t('med')} ${t('cpu')}   ${pct(totals.base.cpu, totals.new.cpu)}`)
}

// Each stage's CPU time in a fresh process (cold, as in a CLI run: first
// compile of its functions and regular expressions included), with each
// side's own tiering flags; the separate modules, not the bundle.
const child = join(tmp, 'cold-child.mjs')
writeFileSync(
  child,
  `import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
const [dir, doc] = process.argv.slice(2)
const req = (p) => import(pathToFileURL(join(dir, p)).href)
const {chooseTiering} = await req('dist/tiering.js')
chooseTiering(['build', doc])
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000 }
const t0 = cpu()
const {STAGES} = await req('dist/processor.js')
const {emitMarkdown} = await req('dist/emit/markdown.js')
const {emitJson, toJsonDocument} = await req('dist/emit/json.js')
const {emitAppendixYaml} = await req('dist/emit/yaml.js')
const {check} = await req('dist/schemas.js')
const {unified} = await req('node_modules/unified/index.js')
const {VFile} = await req('node_modules/vfile/index.js')
const times = {'(load modules)': cpu() - t0}
const processor = unified()
for (const [name, plugin] of STAGES)
  processor.use(function (...a) {
    const result = plugin.apply(this, a)
    if (name === 'ingest') {
      const parser = this.parser
      this.parser = (d, f) => { const t = cpu(); const tree = parser(d, f); times[name] = cpu() - t; return tree }
      return result
    }
    if (typeof result !== 'function') return result
    return (tree, file) => { const t = cpu(); const out = result(tree, file); times[name] = cpu() - t; return out }
  })
const file = new VFile({path: doc, value: readFileSync(doc)})
const tree = await processor.run(processor.parse(file), file)
let t = cpu(); emitMarkdown(tree); times['emit:markdown'] = cpu() - t
t = cpu(); emitJson(tree, file, 'x'); check('document', toJsonDocument(tree, file, 'x')); times['emit:json'] = cpu() - t
t = cpu(); emitAppendixYaml(tree); times['emit:yaml'] = cpu() - t
process.stdout.write(JSON.stringify(times))
`
)
if (only === 'cold') {
  const coldRuns = Number(option('cold-runs', 6))
  const grand = {base: {}, new: {}}
  for (const doc of docs) {
    const got = {base: [], new: []}
    for (let i = 0; i < coldRuns; i++)
      for (const [name, dir] of i % 2 ? [...sides].reverse() : sides) {
        const r = spawnSync(process.execPath, [child, dir, doc], {encoding: 'utf8'})
        if (r.status !== 0) throw new Error(`cold ${name} ${doc}: ${r.stderr.slice(0, 400)}`)
        got[name].push(JSON.parse(r.stdout))
      }
    console.log(`\n${label(doc)}: fresh process, CPU ms, median of ${coldRuns}`)
    const names = [...new Set([...Object.keys(got.base[0]), ...Object.keys(got.new[0])])]
    const sum = {base: 0, new: 0}
    for (const n of names) {
      const m = {}
      for (const side of ['base', 'new']) {
        m[side] = got[side][0][n] === undefined ? 0 : median(got[side].map((x) => x[n]))
        if (!n.startsWith('(')) sum[side] += m[side]
        grand[side][n] = (grand[side][n] ?? 0) + m[side]
      }
      console.log(`  ${n.padEnd(20)} ${fmt(m.base, 1).padStart(7)} ${fmt(m.new, 1).padStart(7)}  ${m.base > 0.5 ? pct(m.base, m.new) : ''}`)
    }
    console.log(`  ${'stages + emit'.padEnd(20)} ${fmt(sum.base, 1).padStart(7)} ${fmt(sum.new, 1).padStart(7)}  ${pct(sum.base, sum.new)}`)
  }
  console.log('\nall documents, summed')
  let a = 0
  let b = 0
  for (const n of Object.keys({...grand.base, ...grand.new})) {
    const x = grand.base[n] ?? 0
    const y = grand.new[n] ?? 0
    if (!n.startsWith('(')) {
      a += x
      b += y
    }
    console.log(`  ${n.padEnd(20)} ${fmt(x, 1).padStart(7)} ${fmt(y, 1).padStart(7)}  ${x > 0.5 ? pct(x, y) : ''}`)
  }
  console.log(`  ${'stages + emit'.padEnd(20)} ${fmt(a, 1).padStart(7)} ${fmt(b, 1).padStart(7)}  ${pct(a, b)}`)
}

if (only === '' || only === 'stages') {
  // In process, warm, interleaved: each side's own modules (its own dist/ and
  // node_modules) under the same flags, those of a short CLI run (this
  // checkout's tiering.ts), so that the code runs in the tiers a one-document
  // build uses. CPU time of this thread's process, summed over the runs.
  const {chooseTiering} = await import(pathToFileURL(join(root, 'dist', 'tiering.js')).href)
  chooseTiering(['build', docs[0]])
  const cpu = () => {
    const u = process.cpuUsage()
    return (u.user + u.system) / 1000
  }
  const loaded = {}
  for (const [name, dir] of sides) {
    const req = async (p) => {
      try {
        return await import(pathToFileURL(join(dir, p)).href)
      } catch {
        return {}
      }
    }
    loaded[name] = {
      STAGES: (await req('dist/processor.js')).STAGES,
      ...(await req('dist/emit/markdown.js')),
      ...(await req('dist/emit/json.js')),
      ...(await req('dist/emit/json-bytes.js')),
      ...(await req('dist/emit/yaml.js')),
      ...(await req('dist/schemas.js')),
      unified: (await req('node_modules/unified/index.js')).unified,
      VFile: (await req('node_modules/vfile/index.js')).VFile
    }
  }
  const timeStages = async (side, doc) => {
    const {STAGES, unified, VFile, emitMarkdown, toJsonDocument, jsonBytes, printJson, check, emitAppendixYaml} = loaded[side]
    const times = {}
    const processor = unified()
    for (const [name, plugin] of STAGES)
      processor.use(function (...a) {
        const result = plugin.apply(this, a)
        if (name === 'ingest') {
          const parser = this.parser
          this.parser = (d, f) => {
            const t = cpu()
            const tree = parser(d, f)
            times[name] = cpu() - t
            return tree
          }
          return result
        }
        if (typeof result !== 'function') return result
        return (tree, file) => {
          const t = cpu()
          const out = result(tree, file)
          times[name] = cpu() - t
          return out
        }
      })
    const file = new VFile({path: doc, value: readFileSync(doc)})
    const tree = await processor.run(processor.parse(file), file)
    let t = cpu()
    emitMarkdown(tree)
    times['emit:markdown'] = cpu() - t
    t = cpu()
    const json = toJsonDocument(tree, file, 'bench')
    if (jsonBytes) jsonBytes(json)
    else printJson(json)
    check('document', json)
    times['emit:json'] = cpu() - t
    t = cpu()
    emitAppendixYaml(tree)
    times['emit:yaml'] = cpu() - t
    return times
  }
  const sums = {base: {}, new: {}}
  for (let i = 0; i < stageRuns + 1; i++) {
    for (const doc of docs) {
      for (const side of i % 2 ? ['new', 'base'] : ['base', 'new']) {
        const times = await timeStages(side, doc)
        if (i === 0) continue // the first run warms up
        for (const [k, v] of Object.entries(times)) sums[side][k] = (sums[side][k] ?? 0) + v
      }
    }
  }
  console.log(`\nin process, warm, CPU ms per document (mean over ${docs.length} documents × ${stageRuns} runs), flags of a short run`)
  const names = [...new Set([...Object.keys(sums.base), ...Object.keys(sums.new)])]
  const per = (side, n) => (sums[side][n] ?? 0) / stageRuns / docs.length
  let a = 0
  let b = 0
  for (const n of names) {
    a += per('base', n)
    b += per('new', n)
    console.log(`  ${n.padEnd(20)} ${fmt(per('base', n), 2).padStart(7)} ${fmt(per('new', n), 2).padStart(7)}  ${per('base', n) > 0.2 ? pct(per('base', n), per('new', n)) : ''}`)
  }
  console.log(`  ${'total'.padEnd(20)} ${fmt(a, 2).padStart(7)} ${fmt(b, 2).padStart(7)}  ${pct(a, b)}`)
}

rmSync(tmp, {recursive: true, force: true})
