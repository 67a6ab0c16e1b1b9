#!/usr/bin/env node
/**
 * npm run eval: measure reprint against the dev corpus.
 *
 * For every `<dev-corpus>/<doc>/raw-<extractor>.txt` it runs the compiled
 * pipeline (dist/, so run `npx tsc -p tsconfig.json` or `make compile` first)
 * and compares the resulting tree with the document's `gold.md`:
 *
 * - token accuracy: the share of the gold's words that come out right and in
 *   order (longest common subsequence of word tokens, by Myers' diff). Only
 *   the gold's prose counts: everything from its first table on is left out
 *   (chronology tables are measured by the appendices work), and so are the
 *   output's tables. Tokens are compared after folding curly quotes to
 *   straight ones and a dash between digits to a hyphen (typography's range
 *   rule); every other difference counts as an error.
 * - extra words: output words inside the prose region that the gold does not
 *   have (leftover furniture, doubled text).
 * - paragraph boundaries: every block start (heading, paragraph, list item)
 *   is a boundary at a gold token; output boundaries are mapped through the
 *   alignment. Precision, recall, F1.
 * - furniture removed (recorded `layout:furniture` changes), and leftovers:
 *   page-edge lines of the raw file that repeat on several pages or are bare
 *   page numbers ("Page 3", "12"), found again in the output as a run of
 *   words the gold does not account for.
 *
 * Options:
 *   --corpus DIR     dev corpus folder (default ../shared/dev-corpus, or $REPRINT_DEV_CORPUS)
 *   --until STAGE    stop after this stage (e.g. `paragraphs`) to measure one part
 *   --doc NAME       only this document (repeatable)
 *   --show N         print up to N differences per file (context around each)
 *   --json           print the results as JSON instead of a table
 *
 * Exit code: 0 when every file meets the targets of issue 2 (token accuracy
 * ≥ 99.5 %, paragraph F1 ≥ 0.95, no furniture left), 1 otherwise, 2 on a
 * usage error or a missing corpus.
 */
import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'
import {parseArgs} from 'node:util'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const TARGET_ACCURACY = 0.995
const TARGET_F1 = 0.95

// ---------------------------------------------------------------- options

let args
try {
  args = parseArgs({
    options: {
      corpus: {type: 'string'},
      until: {type: 'string'},
      doc: {type: 'string', multiple: true},
      show: {type: 'string'},
      json: {type: 'boolean'},
      help: {type: 'boolean', short: 'h'}
    }
  }).values
} catch (error) {
  console.error(`eval: ${error.message}`)
  process.exit(2)
}
if (args.help) {
  console.log('usage: node scripts/eval.mjs [--corpus DIR] [--until STAGE] [--doc NAME] [--show N] [--json]')
  process.exit(0)
}
const corpus = resolve(args.corpus ?? process.env.REPRINT_DEV_CORPUS ?? join(root, '..', 'shared', 'dev-corpus'))
if (!existsSync(corpus)) {
  console.error(`eval: dev corpus not found at ${corpus} (use --corpus DIR)`)
  process.exit(2)
}
if (!existsSync(join(root, 'dist', 'processor.js'))) {
  console.error('eval: dist/ is missing; compile first (npx tsc -p tsconfig.json)')
  process.exit(2)
}
const show = Number(args.show ?? 0)

const {STAGES} = await import(join(root, 'dist', 'processor.js'))
const {unified} = await import('unified')
const {VFile} = await import('vfile')
const {toString} = await import('mdast-util-to-string')

const stageNames = STAGES.map(([name]) => name)
if (args.until && !stageNames.includes(args.until)) {
  console.error(`eval: unknown stage ${args.until} (one of ${stageNames.join(', ')})`)
  process.exit(2)
}

// ---------------------------------------------------------------- running reprint

async function runPipeline(path) {
  const processor = unified()
  for (const [name, plugin] of STAGES) {
    processor.use(plugin)
    if (name === args.until) break
  }
  const file = new VFile({path, value: readFileSync(path)})
  file.data.sourcePath = path
  file.data.meta = {}
  const tree = await processor.run(processor.parse(file), file)
  return {tree, file}
}

/** The output's blocks in reading order: headings, paragraphs, list items (tables left out). */
function outputBlocks(tree) {
  const blocks = []
  const visit = (node) => {
    switch (node.type) {
      case 'heading':
      case 'paragraph':
        blocks.push({type: node.type, text: toString(node)})
        return
      case 'list':
        for (const item of node.children) blocks.push({type: 'listItem', text: toString(item)})
        return
      case 'appendix': {
        // Its entries are table rows (not measured); its group titles print as headings.
        let group
        for (const entry of node.entries ?? []) {
          if (entry.group && entry.group !== group) blocks.push({type: 'heading', text: entry.group})
          group = entry.group
        }
        return
      }
      case 'table':
      case 'pageBreak':
      case 'thematicBreak':
        return
      default:
        if ('children' in node) for (const child of node.children) visit(child)
        else if (typeof node.value === 'string') blocks.push({type: node.type, text: node.value})
    }
  }
  for (const child of tree.children) visit(child)
  return blocks
}

// ---------------------------------------------------------------- gold

const LIST_MARKER = /^(?:\d{1,3}[.)]|[-*+•])\s+/

/** The gold's prose blocks: everything before its first table. */
function goldBlocks(markdown) {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n')
  const blocks = []
  let paragraph = []
  const flush = () => {
    if (paragraph.length) blocks.push({type: 'paragraph', text: paragraph.join(' ')})
    paragraph = []
  }
  for (const raw of lines) {
    const line = raw.trim()
    if (line.startsWith('|')) break
    if (line === '') {
      flush()
      continue
    }
    const heading = /^#{1,6}\s+(.*)$/.exec(line)
    if (heading) {
      flush()
      blocks.push({type: 'heading', text: heading[1]})
      continue
    }
    // Pandoc list items (numbered, bulleted, or fancy "(a)") start a block each.
    if (LIST_MARKER.test(line) || /^\([a-z]{1,4}\)\s/.test(line)) {
      flush()
      blocks.push({type: 'listItem', text: line.replace(LIST_MARKER, '')})
      continue
    }
    paragraph.push(line)
  }
  flush()
  // A table's own title or source line sits right before it: not prose.
  while (blocks.length && /^\*\*.*\*\*$/.test(blocks.at(-1).text)) blocks.pop()
  return blocks.map((b) => ({...b, text: b.text.replace(/\*\*/g, '').replace(/\\([\\`*_{}[\]()#+\-.!|<>])/g, '$1')}))
}

// ---------------------------------------------------------------- tokens

/** Fold what typography may legitimately change; keep every other difference. */
export function normalizeToken(token) {
  return token
    .replace(/[‘’`]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/(\d)[–‐‑](?=\d)/g, '$1-')
}

function tokenize(blocks) {
  const tokens = []
  const starts = []
  for (const block of blocks) {
    const words = block.text.split(/\s+/).filter(Boolean)
    if (words.length === 0) continue
    starts.push(tokens.length)
    for (const w of words) tokens.push(normalizeToken(w))
  }
  return {tokens, starts}
}

/**
 * Myers' O(ND) diff: the matched pairs of a longest common subsequence.
 * Returns `match`, where match[j] is the gold index of output token j or -1.
 */
function align(a, b) {
  const n = a.length
  const m = b.length
  const max = n + m
  const offset = max + 1
  let v = new Int32Array(2 * max + 3)
  const trace = []
  let found = -1
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2))
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1
      let y = x - k
      while (x < n && y < m && a[x] === b[y]) {
        x++
        y++
      }
      v[offset + k] = x
      if (x >= n && y >= m) {
        found = d
        break
      }
    }
    if (found >= 0) break
  }
  // Walk back through the saved frontiers.
  const match = new Int32Array(m).fill(-1)
  let x = n
  let y = m
  for (let d = found; d >= 0; d--) {
    const saved = trace[d]
    const get = (k) => saved[k + d + 1]
    const k = x - y
    let prevK
    if (d === 0) prevK = 0
    else prevK = k === -d || (k !== d && get(k - 1) < get(k + 1)) ? k + 1 : k - 1
    const prevX = d === 0 ? 0 : get(prevK)
    const prevY = prevX - prevK
    const startX = d === 0 ? 0 : prevK === k + 1 ? prevX : prevX + 1
    const startY = startX - k
    // The snake from (startX, startY) to (x, y) is all matches.
    for (let i = x - 1, j = y - 1; i >= startX && j >= startY; i--, j--) match[j] = i
    x = prevX
    y = prevY
  }
  return match
}

// ---------------------------------------------------------------- furniture

const PAGE_NUMBER_LINE = /^(?:page\s+)?\d{1,4}$/i

/** Page-edge lines of the raw text that repeat on several pages, and bare page numbers. */
function edgeLines(raw) {
  const pages = raw
    .replace(/\r\n?/g, '\n')
    .split('\f')
    .map((p) => p.split('\n').map((l) => l.trim()).filter(Boolean))
    .filter((p) => p.length > 0)
  const shape = (l) => l.toLowerCase().replace(/\d+/g, '#')
  const count = new Map()
  const edges = pages.map((lines) => [...new Set([...lines.slice(0, 3), ...lines.slice(-3)])])
  for (const edge of edges) for (const s of new Set(edge.map(shape))) count.set(s, (count.get(s) ?? 0) + 1)
  const found = new Set()
  for (const edge of edges) {
    for (const line of edge) {
      if (PAGE_NUMBER_LINE.test(line) || (count.get(shape(line)) >= 3 && line.length <= 80)) found.add(line)
    }
  }
  return [...found].map((l) => l.split(/\s+/).map(normalizeToken))
}

/** Runs of unmatched output tokens that spell a page-edge line. */
function countLeftovers(outTokens, match, lastProse, edges) {
  const hits = []
  for (const edge of edges) {
    for (let j = 0; j + edge.length <= lastProse + 1; j++) {
      let ok = true
      for (let e = 0; e < edge.length && ok; e++) ok = match[j + e] < 0 && outTokens[j + e] === edge[e]
      if (ok) hits.push({at: j, text: edge.join(' ')})
    }
  }
  return hits
}

// ---------------------------------------------------------------- one file

function evaluate(gold, out, raw) {
  const g = tokenize(gold)
  const o = tokenize(out)
  const match = align(g.tokens, o.tokens)
  let matched = 0
  let lastProse = -1
  for (let j = 0; j < match.length; j++) {
    if (match[j] >= 0) {
      matched++
      lastProse = j
    }
  }
  // Output tokens up to the last one matched to gold prose are the prose region.
  let extra = 0
  for (let j = 0; j <= lastProse; j++) if (match[j] < 0) extra++

  // Map each output block start to a gold token: its own match, else the next matched token's.
  const goldAt = new Int32Array(o.tokens.length + 1).fill(g.tokens.length)
  for (let j = o.tokens.length - 1; j >= 0; j--) goldAt[j] = match[j] >= 0 ? match[j] : goldAt[j + 1]
  const goldStarts = new Set(g.starts.filter((s) => s > 0))
  const outStarts = new Set()
  for (const s of o.starts) {
    if (s > lastProse) break
    const at = goldAt[s]
    if (at > 0 && at < g.tokens.length) outStarts.add(at)
  }
  let agree = 0
  for (const s of outStarts) if (goldStarts.has(s)) agree++
  const precision = outStarts.size ? agree / outStarts.size : 1
  const recall = goldStarts.size ? agree / goldStarts.size : 1
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0
  const leftovers = countLeftovers(o.tokens, match, lastProse, edgeLines(raw))

  return {
    goldWords: g.tokens.length,
    matched,
    accuracy: g.tokens.length ? matched / g.tokens.length : 1,
    extra,
    goldBlocks: goldStarts.size + 1,
    outBlocks: outStarts.size + 1,
    precision,
    recall,
    f1,
    leftovers,
    detail: {g, o, match, goldStarts, outStarts, lastProse}
  }
}

/** Print the places where output and gold disagree. */
function printDifferences(result, limit) {
  const {g, o, match, goldStarts, outStarts} = result.detail
  const goldMatched = new Int32Array(g.tokens.length).fill(-1)
  match.forEach((i, j) => {
    if (i >= 0) goldMatched[i] = j
  })
  let shown = 0
  // Missing or changed words.
  for (let i = 0; i < g.tokens.length && shown < limit; i++) {
    if (goldMatched[i] >= 0) continue
    let end = i
    while (end < g.tokens.length && goldMatched[end] < 0) end++
    const before = i > 0 ? goldMatched[i - 1] : -1
    const after = end < g.tokens.length ? goldMatched[end] : o.tokens.length
    console.log(
      `    word  gold: …${g.tokens.slice(Math.max(0, i - 4), i).join(' ')} [${g.tokens.slice(i, end).join(' ')}] ${g.tokens
        .slice(end, end + 3)
        .join(' ')}…\n          out:  [${o.tokens.slice(before + 1, after).join(' ')}]`
    )
    shown++
    i = end
  }
  const context = (i) => `…${g.tokens.slice(Math.max(0, i - 5), i).join(' ')} ¶ ${g.tokens.slice(i, i + 5).join(' ')}…`
  for (const s of goldStarts) if (!outStarts.has(s) && shown++ < limit) console.log(`    missed break   ${context(s)}`)
  for (const s of outStarts) if (!goldStarts.has(s) && shown++ < limit) console.log(`    extra break    ${context(s)}`)
  for (const hit of result.leftovers) if (shown++ < limit) console.log(`    leftover       ${hit.text}`)
}

// ---------------------------------------------------------------- main

const docs = readdirSync(corpus, {withFileTypes: true})
  .filter((d) => d.isDirectory() && existsSync(join(corpus, d.name, 'gold.md')))
  .map((d) => d.name)
  .filter((name) => !args.doc || args.doc.includes(name))
  .sort()
if (docs.length === 0) {
  console.error(`eval: no documents with gold.md under ${corpus}`)
  process.exit(2)
}

const rows = []
for (const doc of docs) {
  const gold = goldBlocks(readFileSync(join(corpus, doc, 'gold.md'), 'utf8'))
  const raws = readdirSync(join(corpus, doc))
    .filter((f) => /^raw-.*\.txt$/.test(f))
    .sort()
  for (const rawName of raws) {
    const path = join(corpus, doc, rawName)
    const extractor = rawName.replace(/^raw-|\.txt$/g, '')
    const started = performance.now()
    let row
    try {
      const {tree, file} = await runPipeline(path)
      const result = evaluate(gold, outputBlocks(tree), readFileSync(path, 'utf8'))
      const changes = file.messages.filter((m) => m.change === true)
      const furniture = changes.filter((m) => m.ruleId === 'layout:furniture').length
      row = {doc, extractor, ...result, changes: changes.length, furniture, ms: Math.round(performance.now() - started)}
    } catch (error) {
      row = {doc, extractor, error: String(error?.stack ?? error)}
    }
    rows.push(row)
    if (show > 0 && !row.error && !args.json) {
      console.log(`\n${doc}/${extractor}`)
      printDifferences(row, show)
    }
  }
}

const pass = (r) => !r.error && r.accuracy >= TARGET_ACCURACY && r.f1 >= TARGET_F1 && r.leftovers.length === 0
if (args.json) {
  console.log(JSON.stringify(rows.map(({detail, ...r}) => ({...r, leftovers: r.leftovers?.map((h) => h.text)})), null, 2))
} else {
  const pct = (x) => (100 * x).toFixed(2) + '%'
  const head = ['doc', 'extractor', 'gold words', 'token acc', 'extra', 'blocks g/o', 'P', 'R', 'F1', 'furniture removed', 'leftovers', 'ok']
  const table = [head]
  for (const r of rows) {
    if (r.error) {
      table.push([r.doc, r.extractor, 'ERROR', r.error.split('\n')[0], '', '', '', '', '', '', '', 'no'])
      continue
    }
    table.push([
      r.doc,
      r.extractor,
      String(r.goldWords),
      pct(r.accuracy),
      String(r.extra),
      `${r.goldBlocks}/${r.outBlocks}`,
      r.precision.toFixed(3),
      r.recall.toFixed(3),
      r.f1.toFixed(3),
      String(r.furniture),
      String(r.leftovers.length),
      pass(r) ? 'yes' : 'no'
    ])
  }
  const widths = head.map((_, c) => Math.max(...table.map((row) => row[c].length)))
  console.log(`\nreprint eval${args.until ? ` (stages up to ${args.until})` : ''}: ${corpus}`)
  console.log(`targets: token accuracy ≥ ${pct(TARGET_ACCURACY)}, paragraph F1 ≥ ${TARGET_F1}, no leftovers\n`)
  table.forEach((row, i) => {
    console.log(row.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '))
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '))
  })
}
process.exit(rows.every(pass) ? 0 : 1)
