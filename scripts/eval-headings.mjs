#!/usr/bin/env node
/**
 * Measure heading detection on the dev corpus: for every
 * `<dev-corpus>/<doc>/raw-<extractor>.txt`, run the compiled pipeline
 * (dist/, so compile first) and compare its headings with the `#` lines of
 * the document's `gold.md`.
 *
 * A found heading matches a gold heading when their texts agree after
 * folding case, quotes, dashes and punctuation (and an "Appendix <n>:"
 * prefix the normalization may have written). Reports, per file and in
 * total: found, gold, matched, precision, recall, and how many matched
 * headings have the gold's depth.
 *
 * Options: --corpus DIR (default ../shared/dev-corpus or $REPRINT_DEV_CORPUS),
 * --until STAGE (default headings; `appendices` for the whole pipeline),
 * --show (list the misses and false headings), --json.
 */
import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'
import {parseArgs} from 'node:util'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const {values: args} = parseArgs({options: {corpus: {type: 'string'}, until: {type: 'string'}, show: {type: 'boolean'}, json: {type: 'boolean'}}})
/** Measure the tree after this stage (default `headings`: later stages may turn appendix content into other nodes). */
const until = args.until ?? 'headings'
const corpus = resolve(args.corpus ?? process.env.REPRINT_DEV_CORPUS ?? join(root, '..', 'shared', 'dev-corpus'))
if (!existsSync(corpus)) {
  console.error(`eval-headings: no dev corpus at ${corpus}`)
  process.exit(2)
}

const {STAGES} = await import(join(root, 'dist', 'processor.js'))
const {unified} = await import('unified')
const {VFile} = await import('vfile')
const {toString} = await import('mdast-util-to-string')

/** Fold a heading text for comparison. */
export function fold(text) {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/^(?:appendix|annex)\s*(?:\d+|[a-z])?\s*[:.]?\s*/, 'appendix ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
}

function goldHeadings(markdown) {
  return markdown
    .split('\n')
    .map((line) => /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line))
    .filter(Boolean)
    .map((m) => ({depth: m[1].length, text: m[2]}))
}

const rows = []
for (const doc of readdirSync(corpus).sort()) {
  const dir = join(corpus, doc)
  if (!existsSync(join(dir, 'gold.md'))) continue
  const gold = goldHeadings(readFileSync(join(dir, 'gold.md'), 'utf8'))
  for (const raw of readdirSync(dir).filter((f) => /^raw-.*\.txt$/.test(f)).sort()) {
    const file = new VFile({path: join(dir, raw), value: readFileSync(join(dir, raw))})
    file.data.meta = {}
    const processor = unified()
    for (const [name, plugin] of STAGES) {
      processor.use(plugin)
      if (name === until) break
    }
    const tree = await processor.run(processor.parse(file), file)
    const found = tree.children.filter((n) => n.type === 'heading').map((n) => ({depth: n.depth, text: toString(n), line: n.position?.start.line}))
    const left = gold.map((g) => ({...g, key: fold(g.text), used: false}))
    let matched = 0
    let depthOk = 0
    const falses = []
    for (const f of found) {
      const hit = left.find((g) => !g.used && g.key === fold(f.text))
      if (hit) {
        hit.used = true
        matched++
        if (hit.depth === f.depth) depthOk++
      } else falses.push(f)
    }
    const misses = left.filter((g) => !g.used)
    rows.push({
      file: `${doc}/${raw}`,
      found: found.length,
      gold: gold.length,
      matched,
      depthOk,
      precision: found.length ? matched / found.length : 1,
      recall: gold.length ? matched / gold.length : 1,
      falses,
      misses
    })
  }
}

const total = rows.reduce((t, r) => ({found: t.found + r.found, gold: t.gold + r.gold, matched: t.matched + r.matched, depthOk: t.depthOk + r.depthOk}), {found: 0, gold: 0, matched: 0, depthOk: 0})
if (args.json) {
  console.log(JSON.stringify({rows, total}, null, 2))
} else {
  const pct = (x) => (100 * x).toFixed(1).padStart(6)
  console.log('file                         found  gold  match  depth   prec    rec')
  for (const r of [...rows, {file: 'TOTAL', ...total, precision: total.found ? total.matched / total.found : 1, recall: total.matched / total.gold}]) {
    console.log(`${r.file.padEnd(28)} ${String(r.found).padStart(5)} ${String(r.gold).padStart(5)} ${String(r.matched).padStart(6)} ${String(r.depthOk).padStart(6)} ${pct(r.precision)} ${pct(r.recall)}`)
    if (args.show && r.falses) {
      for (const f of r.falses) console.log(`    false  H${f.depth} L${f.line} ${f.text}`)
      for (const m of r.misses) console.log(`    missed H${m.depth} ${m.text}`)
    }
  }
}
