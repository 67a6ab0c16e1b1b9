#!/usr/bin/env node
/**
 * Measure date finding (issue 3): found / exact / false against hand-made gold
 * lists, on the corpus document and on the dev corpus, plus the speed of the
 * dates stage and a comparison with chrono-node.
 *
 *   npx tsc -p tsconfig.json && node scripts/eval-dates.mjs [--verbose]
 *
 * Gold lists: tests/fixtures/dates/corpus-gold.json (corpus prose, with source
 * lines) and scripts/dates-dev-gold.json (dev corpus prose, read from
 * /work/shared/dev-corpus or $REPRINT_DEV_CORPUS; the files stay there).
 * "found": a gold mention has a predicted mention with the same text (one may
 * add "the"); "exact": and the same EDTF value; "false": a predicted mention
 * that matches no gold mention (on the dev corpus, dates of tables are set
 * aside: tables are not in the prose gold).
 */
import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {VFile} from 'vfile'
import {unified} from 'unified'

const verbose = process.argv.includes('--verbose')
if (!existsSync(new URL('../dist/build.js', import.meta.url))) {
  console.error('eval-dates: dist/ is missing; run `npx tsc -p tsconfig.json` (or `make compile`) first')
  process.exit(2)
}
const {renderDocument} = await import('../dist/build.js')
const {STAGES} = await import('../dist/processor.js')
const {findDates, parseDateText} = await import('../dist/dates/index.js')

const norm = (s) => s.replace(/\s+/g, ' ').replace(/[–—-]\s*/g, '-').replace(/^the /i, '').trim()

/** The JSON `dates` of the whole pipeline (prose date nodes and dated chronology entries). */
async function jsonDatesOf(input) {
  const result = await renderDocument(input, {outputs: ['json']})
  if (result.error) throw new Error(`${input}: ${result.error}`)
  const json = JSON.parse(new TextDecoder().decode(result.artifacts[0].bytes))
  return json.dates
}

/**
 * The `date` nodes right after the dates stage (the stages before it, not the
 * appendices stage after it, which replaces appendix blocks): what this stage
 * found, whatever a later stage does with the blocks.
 */
const upToDates = unified()
for (const [name, plugin] of STAGES) if (name !== 'appendices') upToDates.use(plugin)
async function datesOf(input) {
  const file = new VFile({path: input, value: readFileSync(input)})
  file.data.sourcePath = input
  file.data.meta = {}
  const tree = await upToDates.run(upToDates.parse(file), file)
  const out = []
  const walk = (node) => {
    if (node.type === 'date') out.push({text: node.value, value: node.edtf, inferred: node.inferred, position: node.position})
    for (const child of node.children ?? []) walk(child)
  }
  walk(tree)
  return out
}

/** Align gold and found mentions in reading order (two-column extractions may reorder: fall back to any unused). */
function score(gold, found, sameLine) {
  const used = new Set()
  let matched = 0
  let exact = 0
  let truth = 0
  let next = 0
  const misses = []
  const wrong = []
  for (const g of gold) {
    const ok = (f, i) => !used.has(i) && norm(f.text) === norm(g.text) && (!sameLine || f.position?.start.line === g.line)
    let k = found.findIndex((f, i) => i >= next && ok(f, i))
    if (k < 0) k = found.findIndex(ok)
    if (k < 0) {
      misses.push(g)
      continue
    }
    used.add(k)
    next = k + 1
    matched++
    if (found[k].value === g.value) exact++
    else wrong.push({gold: g, found: found[k]})
    if (found[k].value === (g.truth ?? g.value)) truth++
  }
  return {matched, exact, truth, misses, wrong, unmatched: found.filter((_, i) => !used.has(i))}
}

function line(label, gold, s, falses) {
  const pct = (n) => `${((100 * n) / gold.length).toFixed(1)}%`
  console.log(
    `${label.padEnd(34)} gold ${String(gold.length).padStart(3)}  found ${String(s.matched).padStart(3)} (${pct(s.matched)})  exact ${String(s.exact).padStart(3)} (${pct(s.exact)})  exact vs truth ${String(s.truth).padStart(3)}  false ${falses.length}`
  )
  if (verbose || falses.length) for (const f of falses) console.log(`    false: ${JSON.stringify(f.text)} ${f.value} line ${f.position?.start.line}`)
  if (verbose) {
    for (const g of s.misses) console.log(`    miss: ${JSON.stringify(g.text)} ${g.value} ${g.context ?? `line ${g.line}`}`)
    for (const w of s.wrong) console.log(`    wrong: ${JSON.stringify(w.gold.text)} gold ${w.gold.value} got ${w.found.value}`)
  }
}

// --- corpus document -------------------------------------------------------
const CORPUS = 'input/nagorno-karabakh-conflict.txt'
const corpusGold = JSON.parse(readFileSync('tests/fixtures/dates/corpus-gold.json', 'utf8')).dates
const corpusLines = readFileSync(CORPUS, 'utf8').split('\n')
const firstAppendix = corpusLines.findIndex((l) => /^\s*APPENDIX\b/i.test(l)) + 1 || Infinity
const corpusDates = await datesOf(CORPUS)
const prose = corpusDates.filter((d) => (d.position?.start.line ?? 0) < firstAppendix)
const cs = score(corpusGold, prose, true)
console.log('Dates (issue 3): found / exact / false against hand-made gold lists (date nodes after the dates stage)\n')
line('corpus prose', corpusGold, cs, cs.unmatched)
const jsonDates = await jsonDatesOf(CORPUS)
const jsonProse = jsonDates.filter((d) => (d.position?.start.line ?? 0) < firstAppendix)
const js = score(corpusGold, jsonProse, true)
line('corpus prose, JSON of the pipeline', corpusGold, js, js.unmatched)
console.log(`${'corpus JSON, chronology entries'.padEnd(34)} ${jsonDates.length - jsonProse.length} dated entries (appendices stage)`)

// --- dev corpus ------------------------------------------------------------
const DEV = process.env.REPRINT_DEV_CORPUS ?? '/work/shared/dev-corpus'
const devGold = JSON.parse(readFileSync('scripts/dates-dev-gold.json', 'utf8'))
const totals = {gold: 0, matched: 0, exact: 0, truth: 0, false: 0, fragments: 0}
if (existsSync(DEV)) {
  for (const doc of ['doc1', 'doc2', 'doc3']) {
    const md = readFileSync(join(DEV, doc, 'gold.md'), 'utf8')
    // Dates printed in the answer's tables: not in the prose gold, not false either.
    const tableDates = new Set()
    const tableGold = [] // every dated cell, with the value its own text gives (a year printed in the cell)
    for (const row of md.split('\n').filter((l) => l.startsWith('|') && !/^\|[\s:|-]+$/.test(l)))
      for (const cell of row.split('|')) {
        for (const f of findDates(cell, {whole: true})) tableDates.add(norm(f.text))
        const parsed = parseDateText(cell)
        if (parsed && !parsed.unresolved) tableGold.push({text: parsed.text, value: parsed.edtf})
      }
    for (const [raw, json] of [['raw-pdftotext.txt', false], ['raw-mutool.txt', false], ['raw-pdftotext.txt', true], ['raw-mutool.txt', true]]) {
      const found = json ? await jsonDatesOf(join(DEV, doc, raw)) : await datesOf(join(DEV, doc, raw))
      const gold = devGold[doc]
      const s = score(gold, found, false)
      // Pieces of table dates that the extraction broke over lines ("August" / "15–September 3, 1947").
      const inTable = (f) => [...tableDates].some((t) => t.includes(norm(f.text)))
      const falses = s.unmatched.filter((f) => !inTable(f))
      const fragments = s.unmatched.filter((f) => inTable(f) && !tableDates.has(norm(f.text)))
      line(`${doc} ${raw}${json ? ' JSON' : ''}`, gold, s, falses)
      if (json && tableGold.length) {
        const t = score(tableGold, found, false)
        console.log(`    tables: ${t.matched}/${tableGold.length} whole dated cells found, ${t.exact} exact`)
      }
      if (!json) {
        if (fragments.length) console.log(`    (tables: ${fragments.length} pieces of table dates broken over lines by the extraction: ${fragments.map((f) => JSON.stringify(f.text)).join(' ')})`)
        continue
      }
      totals.fragments += fragments.length
      totals.gold += gold.length
      totals.matched += s.matched
      totals.exact += s.exact
      totals.truth += s.truth
      totals.false += falses.length
    }
  }
  const pct = (n) => `${((100 * n) / totals.gold).toFixed(1)}%`
  console.log(`${'dev corpus JSON, 6 extractions'.padEnd(34)} gold ${totals.gold}  found ${totals.matched} (${pct(totals.matched)})  exact ${totals.exact} (${pct(totals.exact)})  exact vs truth ${totals.truth}  false ${totals.false}  (table pieces ${totals.fragments})`)
} else {
  console.log(`dev corpus not found at ${DEV}: skipped`)
}

// --- speed of the dates stage ------------------------------------------------
const before = unified()
for (const [name, plugin] of STAGES) if (name !== 'dates' && name !== 'appendices') before.use(plugin)
const {dates} = await import('../dist/stages/dates.js')
const file0 = new VFile({path: CORPUS, value: readFileSync(CORPUS)})
file0.data.sourcePath = CORPUS
file0.data.meta = {}
const tree0 = await before.run(before.parse(file0), file0)
const runs = 100
const trees = Array.from({length: runs * 2}, () => structuredClone(tree0))
const stage = unified().use(dates).freeze()
let ms = 0
let cpu = 0
for (let i = 0; i < runs * 2; i++) {
  const t = performance.now()
  const c = process.cpuUsage()
  await stage.run(trees[i], new VFile())
  const used = process.cpuUsage(c)
  if (i >= runs) {
    // the first half warms up the JIT
    ms += performance.now() - t
    cpu += (used.user + used.system) / 1000
  }
}
const load = (await import('node:os')).loadavg()[0].toFixed(1)
console.log(`\ndates stage on the corpus: ${(cpu / runs).toFixed(2)} ms CPU, ${(ms / runs).toFixed(2)} ms wall per run (mean of ${runs} after ${runs} warm-up runs; machine load ${load})`)

// --- chrono-node on the same gold ------------------------------------------
let t = performance.now()
const chrono = await import('chrono-node')
const importMs = performance.now() - t
const source = readFileSync(CORPUS, 'utf8')
const flat = source.replace(/\n/g, ' ')
t = performance.now()
const results = chrono.en.parse(flat, new Date(Date.UTC(2000, 0, 1)))
const parseMs = performance.now() - t
const lineStart = [0]
for (let i = 0; i < source.length; i++) if (source[i] === '\n') lineStart.push(i + 1)
const pad = (n) => String(n).padStart(2, '0')
const chronoValue = (c) => {
  if (!c.isCertain('year')) return undefined
  const y = c.get('year')
  if (c.isCertain('day')) return `${y}-${pad(c.get('month'))}-${pad(c.get('day'))}`
  if (c.isCertain('month')) return `${y}-${pad(c.get('month'))}`
  return String(y)
}
let cFound = 0
let cExact = 0
for (const g of corpusGold) {
  const at = lineStart[g.line - 1] + g.column - 1
  const r = results.find((x) => x.index <= at + 2 && x.index + x.text.length >= at + 2)
  if (!r) continue
  cFound++
  const v = r.end ? `${chronoValue(r.start)}/${chronoValue(r.end)}` : chronoValue(r.start)
  if (v === (g.truth ?? g.value) || v === g.value) cExact++
}
const proseEnd = lineStart[firstAppendix - 1] ?? flat.length
const cFalse = results.filter((r) => r.index < proseEnd && !corpusGold.some((g) => {
  const at = lineStart[g.line - 1] + g.column - 1
  return r.index <= at + 2 && r.index + r.text.length >= at + 2
}))
console.log(
  `chrono-node 2.10 on the corpus prose: found ${cFound}/${corpusGold.length}, exact ${cExact}, false ${cFalse.length}` +
    ` (${cFalse.map((r) => JSON.stringify(r.text)).join(' ')}); import ${importMs.toFixed(0)} ms, parse ${parseMs.toFixed(0)} ms`
)
