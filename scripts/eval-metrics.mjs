/**
 * The measures of `npm run eval` (scripts/eval.mjs), as pure functions:
 * reading a gold.md into blocks and notes, reading reprint's tree into the
 * same shape, aligning their word tokens, and scoring one file.
 *
 * Kept apart from eval.mjs so that the runner (which extractions, which
 * files, how to print) and the measures can change independently.
 */
import {toString} from 'mdast-util-to-string'

// ---------------------------------------------------------------- gold

const LIST_MARKER = /^(?:\d{1,3}[.)]|[a-z][.)]|[ivxlc]{1,6}[.)]|\([a-z]{1,4}\)|[-*+•])\s+/
// (An unescaped "(a) " is a pandoc list item too; clauses that are paragraphs are written "\\(a\\)".)
const TABLE_RULE = /^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$/

/** Remove Markdown inline markup that gold.md uses (emphasis, escapes, footnote markers). */
function plainInline(text) {
  return text
    .replace(/\[\^[^\]]+\]/g, '')
    .replace(/\\\*/g, '\u0000')
    .replace(/\*\*?/g, '')
    .replace(/\u0000/g, '*')
    .replace(/\\([\\`*_{}[\]()#+\-.!|<>"'$&~^=:;,?@])/g, '$1')
}

/**
 * The gold's blocks (heading, paragraph, listItem, table) and its notes.
 * `cutAtFirstTable`: the doc1-3 convention (their chronology tables are
 * measured by the appendices work, so only the prose before them counts).
 */
export function readGold(markdown, {cutAtFirstTable = false} = {}) {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n')
  const blocks = []
  const notes = []
  let paragraph = []
  let table = null
  const flush = () => {
    if (paragraph.length) blocks.push({type: 'paragraph', text: paragraph.join(' ')})
    paragraph = []
    if (table) blocks.push(table)
    table = null
  }
  for (const raw of lines) {
    const line = raw.trim()
    if (line.startsWith('|')) {
      if (cutAtFirstTable) break
      if (paragraph.length) flush()
      table ??= {type: 'table', rows: []}
      if (!TABLE_RULE.test(line)) {
        const cells = line.replace(/^\||\|$/g, '').split(/(?<!\\)\|/).map((c) => plainInline(c.trim()))
        table.rows.push(cells)
      }
      continue
    }
    if (table) flush()
    // A paragraph of only `&nbsp;` (a spacer) prints nothing: it is no block and has no words.
    if (line === '' || /^(?:&nbsp;|\s)+$/.test(line)) {
      flush()
      continue
    }
    const note = /^\[\^([^\]]+)\]:\s*(.*)$/.exec(line)
    if (note) {
      flush()
      notes.push({label: note[1], text: plainInline(note[2])})
      continue
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*$/.exec(line)
    if (heading) {
      flush()
      blocks.push({type: 'heading', depth: heading[1].length, text: heading[2]})
      continue
    }
    // Pandoc list items (numbered, lettered, roman, bulleted) start a block each.
    if (LIST_MARKER.test(line)) {
      flush()
      // A "(a)" marker stays in the text (as reprint keeps it); the others are list syntax.
      blocks.push({type: 'listItem', text: /^\(/.test(line) ? line : line.replace(LIST_MARKER, '')})
      continue
    }
    paragraph.push(line)
  }
  flush()
  if (cutAtFirstTable) {
    // A table's own title or source line sits right before it: not prose.
    while (blocks.length && /^\*\*.*\*\*$/.test(blocks.at(-1).text)) blocks.pop()
  }
  for (const block of blocks) if (block.text !== undefined) block.text = plainInline(block.text)
  return {blocks, notes}
}

// ---------------------------------------------------------------- output

/**
 * reprint's tree in the same shape: blocks in reading order (heading,
 * paragraph, listItem, table with rows, code) and notes (footnoteDefinition
 * nodes). Appendix nodes count as tables of their entries, with their group
 * titles as headings (`appendixRows: false` leaves the entries out, as the
 * doc1-3 measure always did).
 */
export function readTree(tree, {appendixRows = true} = {}) {
  const blocks = []
  const notes = []
  const visit = (node) => {
    switch (node.type) {
      case 'heading': {
        // A section number reprint keeps as printed (`data.number`) is not in gold.md, which
        // leaves the layouts' numbers out: it is compared without it.
        let text = toString(node)
        const number = node.data?.number
        if (number && text.trimStart().startsWith(number)) text = text.trimStart().slice(number.length).trimStart()
        blocks.push({type: 'heading', depth: node.depth, text, number})
        return
      }
      case 'paragraph':
        blocks.push({type: 'paragraph', text: toString(node)})
        return
      case 'code':
        blocks.push({type: 'code', text: node.value ?? ''})
        return
      case 'list':
        for (const item of node.children) {
          const own = item.children.filter((c) => c.type !== 'list')
          blocks.push({type: 'listItem', text: own.map((c) => toString(c)).join(' ')})
          for (const c of item.children) if (c.type === 'list') visit(c)
        }
        return
      case 'table':
        blocks.push({type: 'table', rows: (node.children ?? []).map((row) => row.children.map((cell) => toString(cell)))})
        return
      case 'footnoteDefinition':
        notes.push({label: node.label ?? node.identifier, text: toString(node)})
        return
      case 'appendix': {
        let group
        const rows = []
        for (const entry of node.entries ?? []) {
          if (entry.group && entry.group !== group) blocks.push({type: 'heading', depth: 3, text: entry.group})
          group = entry.group
          const cells = [entry.dateText ?? entry.date, entry.place, entry.occasion, entry.title, entry.url, entry.text]
          rows.push(cells.filter((c) => typeof c === 'string' && c !== ''))
        }
        if (rows.length && appendixRows) blocks.push({type: 'table', rows})
        return
      }
      case 'pageBreak':
      case 'thematicBreak':
        return
      default:
        // A table found but not aligned may come as a node with `rows` (JSON `table` block).
        if (Array.isArray(node.rows)) {
          blocks.push({type: 'table', rows: node.rows.map((r) => (Array.isArray(r) ? r.map(String) : [String(r)]))})
          return
        }
        if ('children' in node) for (const child of node.children) visit(child)
        else if (typeof node.value === 'string') blocks.push({type: node.type, text: node.value})
    }
  }
  for (const child of tree.children) visit(child)
  return {blocks, notes}
}

// ---------------------------------------------------------------- tokens

/** Fold what typography may legitimately change; keep every other difference. */
export function normalizeToken(token) {
  // Without case: reprint title-cases headings printed in capitals, where gold.md may keep
  // the capitals, and a heading missed keeps them in a paragraph (heading case is measured
  // apart, as `hC`; reprint changes the case of no other word).
  return token
    .toLowerCase()
    .replace(/[‘’`]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/(\d)[–‐‑](?=\d)/g, '$1-')
}

const blockText = (block) => (block.type === 'table' ? block.rows.flat().join(' ') : block.text ?? '')

/** Word tokens of blocks, with the index where each block starts. */
export function tokenize(blocks) {
  const tokens = []
  const starts = []
  const kinds = []
  for (const block of blocks) {
    const words = blockText(block).split(/\s+/).filter(Boolean)
    if (words.length === 0) continue
    starts.push(tokens.length)
    kinds.push(block.type)
    for (const w of words) tokens.push(normalizeToken(w))
  }
  return {tokens, starts, kinds}
}

/**
 * Myers' O(ND) diff: the matched pairs of a longest common subsequence.
 * Returns `match`, where match[j] is the index in `a` of b[j], or -1.
 * Tokens are interned to integers first (comparisons dominate).
 */
export function align(a, b) {
  const ids = new Map()
  const intern = (t) => {
    let id = ids.get(t)
    if (id === undefined) ids.set(t, (id = ids.size))
    return id
  }
  const A = Int32Array.from(a, intern)
  const B = Int32Array.from(b, intern)
  // Common prefix and suffix are matched directly: the diff only sees the middle.
  const match = new Int32Array(b.length).fill(-1)
  let lo = 0
  while (lo < A.length && lo < B.length && A[lo] === B[lo]) match[lo] = lo++
  let ha = A.length
  let hb = B.length
  while (ha > lo && hb > lo && A[ha - 1] === B[hb - 1]) match[--hb] = --ha
  const n = ha - lo
  const m = hb - lo
  if (n === 0 || m === 0) return match
  const max = n + m
  const offset = max + 1
  const v = new Int32Array(2 * max + 3)
  const trace = []
  let found = -1
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2))
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1
      let y = x - k
      while (x < n && y < m && A[lo + x] === B[lo + y]) {
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
  let x = n
  let y = m
  for (let d = found; d >= 0; d--) {
    const saved = trace[d]
    const get = (k) => saved[k + d + 1]
    const k = x - y
    const prevK = d === 0 ? 0 : k === -d || (k !== d && get(k - 1) < get(k + 1)) ? k + 1 : k - 1
    const prevX = d === 0 ? 0 : get(prevK)
    const prevY = prevX - prevK
    const startX = d === 0 ? 0 : prevK === k + 1 ? prevX : prevX + 1
    const startY = startX - k
    for (let i = x - 1, j = y - 1; i >= startX && j >= startY; i--, j--) match[lo + j] = lo + i
    x = prevX
    y = prevY
  }
  return match
}

/** Align only the free positions of a and b (free = true); returns pairs in original indexes. */
function alignFree(a, aFree, b, bFree) {
  const ai = []
  const bi = []
  a.forEach((_, i) => aFree[i] && ai.push(i))
  b.forEach((_, j) => bFree[j] && bi.push(j))
  const m = align(
    ai.map((i) => a[i]),
    bi.map((j) => b[j])
  )
  const pairs = []
  m.forEach((i, j) => i >= 0 && pairs.push([ai[i], bi[j]]))
  return pairs
}

// ---------------------------------------------------------------- headings, lists, cells

/** Fold a text for comparing headings, list items and cells. */
export function fold(text) {
  return String(text)
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
}

/** A section number printed before a heading ("2.1", "IV.", "A.", "Section 3 –"). */
const HEADING_NUMBER = /^\s*(?:(?:\d+(?:\.\d+)*\.?)|(?:[IVXLC]+\.)|(?:[A-Z]\.))\s+/

/** Longest common subsequence under a predicate; returns matched index pairs. */
function lcsPairs(a, b, same) {
  const n = a.length
  const m = b.length
  const dp = Array.from({length: n + 1}, () => new Int32Array(m + 1))
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      dp[i][j] = same(a[i], b[j]) ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1])
    }
  }
  const pairs = []
  let i = 0
  let j = 0
  while (i < n && j < m) {
    if (same(a[i], b[j]) && dp[i][j] === dp[i + 1][j + 1] + 1) pairs.push([i++, j++])
    else if (dp[i + 1][j] >= dp[i][j + 1]) i++
    else j++
  }
  return pairs
}

function scoreHeadings(gold, out) {
  const g = gold.filter((b) => b.type === 'heading')
  const o = out.filter((b) => b.type === 'heading')
  const key = (h) => fold(h.text)
  const keyOut = (h) => [fold(h.text), fold(h.text.replace(HEADING_NUMBER, ''))]
  const pairs = lcsPairs(g, o, (x, y) => keyOut(y).includes(key(x)))
  const depth = pairs.filter(([i, j]) => g[i].depth === o[j].depth).length
  const exact = pairs.filter(([i, j]) => {
    const text = o[j].text.trim()
    return text === g[i].text.trim() || text.replace(HEADING_NUMBER, '') === g[i].text.trim()
  }).length
  return {
    gold: g.length,
    out: o.length,
    matched: pairs.length,
    recall: g.length ? pairs.length / g.length : null,
    precision: g.length ? (o.length ? pairs.length / o.length : 0) : null,
    depth: pairs.length ? depth / pairs.length : null,
    exact: pairs.length ? exact / pairs.length : null,
    missed: g.filter((_, i) => !pairs.some(([x]) => x === i)).map((h) => h.text),
    invented: o.filter((_, j) => !pairs.some(([, y]) => y === j)).map((h) => h.text),
    depthMisses: pairs.filter(([i, j]) => g[i].depth !== o[j].depth).map(([i, j]) => `${g[i].text} (gold ${g[i].depth}, out ${o[j].depth})`)
  }
}

/** Token overlap of two texts (share of a's words found in b, in order). */
function overlap(a, b) {
  const x = fold(a).split(' ').filter(Boolean)
  const y = fold(b).split(' ').filter(Boolean)
  if (x.length === 0) return y.length === 0 ? 1 : 0
  const m = align(x, y)
  let n = 0
  for (const i of m) if (i >= 0) n++
  return n / Math.max(x.length, y.length)
}

const ITEM_MARKER = /^\s*(?:\(?(?:\d{1,3}|[a-zA-Z]|[ivxlcIVXLC]{1,6})[.)]|[-*+•–])\s+/

function scoreLists(gold, out) {
  const g = gold.filter((b) => b.type === 'listItem').map((b) => b.text.replace(ITEM_MARKER, ''))
  const o = out.filter((b) => b.type === 'listItem').map((b) => b.text.replace(ITEM_MARKER, ''))
  const pairs = lcsPairs(g, o, (x, y) => overlap(x, y) >= 0.8)
  return {
    gold: g.length,
    out: o.length,
    recall: g.length ? pairs.length / g.length : null,
    precision: g.length ? (o.length ? pairs.length / o.length : 0) : null
  }
}

function scoreCells(gold, out) {
  const cells = (blocks) =>
    blocks
      .filter((b) => b.type === 'table')
      .flatMap((b) => b.rows.flat())
      .map(fold)
      .filter(Boolean)
  const g = cells(gold)
  const o = cells(out)
  const count = new Map()
  for (const c of o) count.set(c, (count.get(c) ?? 0) + 1)
  let matched = 0
  for (const c of g) {
    const n = count.get(c) ?? 0
    if (n > 0) {
      matched++
      count.set(c, n - 1)
    }
  }
  return {
    gold: g.length,
    out: o.length,
    recall: g.length ? matched / g.length : null,
    precision: g.length ? (o.length ? matched / o.length : 0) : null
  }
}

// ---------------------------------------------------------------- repairs

/** Rule ids whose changes put letters or hyphens into words. */
export const REPAIR_RULES = {
  hyphen: /^dehyphenate:/,
  edge: /^repair-edges:/
}

/**
 * Score the recorded repairs against the gold's words: a repair contradicts
 * the gold when a word it wrote is not a word of the gold.
 */
function scoreRepairs(changes, goldWords) {
  // Words joined by a dash or a slash ("failure—is") are separate words; a hyphen stays part of its word.
  const folded = goldWords.flatMap((w) => w.split(/[—–/]/)).map((w) => fold(w)).filter(Boolean)
  const words = new Set(folded)
  // A written word may be a run inside a longer gold token (a URL's "800-53r4"): its folded parts in a row.
  const inside = ` ${folded.filter((w) => w.includes(' ')).join(' | ')} `
  const known = (w) => words.has(w) || inside.includes(` ${w} `)
  const kinds = {}
  for (const [kind, rule] of Object.entries(REPAIR_RULES)) {
    const mine = changes.filter((c) => rule.test(c.ruleId ?? ''))
    const bad = mine.filter((c) => {
      const written = String(c.replacement ?? '')
        .split(/\s+/)
        .map((w) => fold(w))
        .filter(Boolean)
      return written.length > 0 && !written.every(known)
    })
    kinds[kind] = {count: mine.length, contradicting: bad.length, examples: bad.slice(0, 5).map((c) => `${c.original} → ${c.replacement}`)}
  }
  return kinds
}

// ---------------------------------------------------------------- furniture leftovers

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
function countLeftovers(outTokens, matched, limit, edges) {
  const hits = []
  for (const edge of edges) {
    for (let j = 0; j + edge.length <= limit + 1; j++) {
      let ok = true
      for (let e = 0; e < edge.length && ok; e++) ok = !matched[j + e] && outTokens[j + e] === edge[e]
      if (ok) hits.push({at: j, text: edge.join(' ')})
    }
  }
  return hits
}

// ---------------------------------------------------------------- boundary cues in the raw text

/**
 * Why a block boundary was missed (or an extra one made): what the extracted
 * text itself shows at that place. Class (a), `noTrace`: the raw line before
 * the place fills the measure, ends a sentence, and the next raw line starts
 * with a capital, with no blank line, indent or marker between them — the
 * same shape as the many line ends inside paragraphs, so no rule on the text
 * alone can tell them apart (the PDF may: vertical space or an indent that the
 * extraction dropped). Class (b), a cue existed; its kind is the first of
 * BREAK_CUES that applies.
 */
export const BREAK_CUES = [
  'table', // the place is at, in or after a table of the gold (row shapes: a table-recognition error)
  'unaligned', // the words on either side could not be found in the raw text
  'midline', // the place is inside one raw line (something printed before it on the same line)
  'between', // other lines (not blank) stand between the two lines on the same page
  'blank', // a blank line between the two lines
  'marker', // the next line opens with a list or clause marker (or an unmatched number, bullet)
  'indent', // the next line is indented more than the text's continuation lines
  'caps', // either line is all in capitals
  'shortNoStop', // the line before is short and ends no sentence (heading, label, list item, row)
  'short', // the line before is short and ends a sentence (a paragraph's last line)
  'lone', // the next line is short, ends no sentence and stands alone (heading, label, row)
  'noStop', // the line before fills the measure but ends no sentence
  'lower' // the next line does not start with a capital
]

const SENTENCE_END = /[.!?]["'”’)\]]*$/u
const CAPITAL_START = /^["'“‘(\[]*\p{Lu}/u
const BREAK_MARKER = /^(?:[•◦▪‣·*+–—-]\s|\(?(?:\d{1,3}|[a-zA-Z]|[ivxlcIVXLC]{1,6})[.)]\s|\d+(?:\.\d+)+\.?\s)/u

function quantile(sorted, q) {
  if (sorted.length === 0) return 0
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(q * (sorted.length - 1))))]
}

/**
 * The raw text as lines and word tokens, and the measure of a full line,
 * taken from the text itself: the lengths of the lines that certainly go on
 * inside a paragraph (the next line starts in lower case, or the line ends in
 * a hyphen after a letter) are the full lines (those around their most
 * common length); a line "fills the measure" when
 * it falls short of their median by at most twice the median's distance to
 * the lower quartile (proportional type makes full lines differ by a few
 * characters, and a last line inside that spread looks the same to a reader
 * of the text). Not a low percentile: lines that go on inside list items,
 * table cells and ragged text are short too, and would stretch the spread over
 * paragraph ends that the text does show (on the dev corpus, -raw: a 10th
 * percentile bound counted 262 (a)-shaped line ends that are breaks against
 * 215 that are not, 135 of those breaks from lines below 0.9 of the median
 * full line, where only 3 non-breaks end; this bound: 114 against 210).
 */
export function rawLayout(raw) {
  const lines = []
  const tokens = []
  const tokenLine = []
  let page = 0
  for (const part of String(raw).replace(/\r\n?/g, '\n').split('\n')) {
    let text = part
    while (text.startsWith('\f')) {
      page++
      text = text.slice(1)
    }
    // A form feed inside a line (rare) still starts a new page for what follows.
    if (text.includes('\f')) text = text.replace(/\f/g, ' ')
    const trimmed = text.trim()
    const line = {index: lines.length, text: trimmed, page, indent: text.length - text.trimStart().length, first: tokens.length, end: tokens.length}
    for (const w of trimmed.split(/\s+/).filter(Boolean)) {
      tokens.push(normalizeToken(w))
      tokenLine.push(line.index)
    }
    line.end = tokens.length
    lines.push(line)
  }
  const full = []
  const indents = []
  for (let i = 0; i + 1 < lines.length; i++) {
    const a = lines[i]
    const b = lines[i + 1]
    if (!a.text || !b.text || a.page !== b.page) continue
    if (/^\p{Ll}/u.test(b.text) || /\p{L}-$/u.test(a.text)) {
      full.push(a.text.length)
      indents.push(b.indent)
    }
  }
  full.sort((x, y) => x - y)
  indents.sort((x, y) => x - y)
  // The body's lines are the crowd around the most common length (the length with the most
  // lines within 5 % of it), from 4/5 to 5/4 of it: a document with narrow table cells or
  // list items has many short lines that go on, and pdftotext's default mode sometimes
  // prints two lines of a paragraph as one.
  let mode = 0
  let most = 0
  for (const n of new Set(full)) {
    const near = full.filter((x) => Math.abs(x - n) <= 0.05 * n).length
    if (near > most) [mode, most] = [n, near]
  }
  const body = full.filter((n) => n >= 0.8 * mode && n <= 1.25 * mode)
  const median = quantile(body, 0.5)
  const measure = median - 2 * (median - quantile(body, 0.25))
  return {lines, tokens, tokenLine, measure, indent: quantile(indents, 0.5), fullLines: full.length}
}

/** A line in capitals (at least three letters, none in lower case). */
function allCaps(text) {
  const letters = text.replace(/[^\p{L}]/gu, '')
  return letters.length >= 3 && letters === letters.toUpperCase() && letters !== letters.toLowerCase()
}

/**
 * Classify places (gold token indexes where a block starts, in gold or in the
 * output) by what the raw text shows there. `goldTokens`: tokenize(gold.blocks).tokens.
 * `goldKinds`: block type by start index (tokenize(...).starts → .kinds), for
 * the `table` cue. Returns at(s, inside) → {cls: 'a'|'b', cue, before, after,
 * line}; `inside`: the gold block that holds s (for an extra break).
 */
export function breakCues(goldTokens, raw, goldKinds = new Map()) {
  const layout = rawLayout(raw)
  const {lines, tokens, tokenLine, measure} = layout
  const match = align(goldTokens, tokens)
  const rawOf = new Int32Array(goldTokens.length).fill(-1)
  const rawMatched = new Uint8Array(tokens.length)
  match.forEach((i, j) => {
    if (i >= 0) {
      rawOf[i] = j
      rawMatched[j] = 1
    }
  })
  const at = (s, inside) => {
    if (goldKinds.get(s) === 'table' || inside === 'table') return {cls: 'b', cue: 'table', before: '', after: ''}
    let after = s < goldTokens.length ? rawOf[s] : -1
    let before = s > 0 ? rawOf[s - 1] : -1
    if (after < 0 && before >= 0) after = before + 1
    if (before < 0 && after >= 0) before = after - 1
    const out = {cls: 'b', cue: 'unaligned', before: '', after: ''}
    if (after < 0 || before < 0 || before >= after || after >= tokens.length) return out
    const prev = lines[tokenLine[before]]
    const next = lines[tokenLine[after]]
    out.before = prev.text
    out.after = next.text
    out.line = next.index + 1
    if (prev === next) return {...out, cue: 'midline'}
    // Words before the place on its own line, or after it on the line before, that the gold has
    // (matched) make the place one inside a printed line; unmatched ones (a number, a note marker) do not.
    for (let j = next.first; j < after; j++) if (rawMatched[j]) return {...out, cue: 'midline'}
    for (let j = before + 1; j < prev.end; j++) if (rawMatched[j]) return {...out, cue: 'midline'}
    const leading = next.first < after
    // The gold block before the place (for a missed break: its start is the nearest earlier start).
    if (inside === undefined) {
      let t = s - 1
      while (t > 0 && !goldKinds.has(t)) t--
      if (goldKinds.get(t) === 'table') return {...out, cue: 'table'}
    }
    if (prev.page === next.page) {
      const middle = lines.slice(prev.index + 1, next.index)
      if (middle.some((l) => l.text && l.end > l.first)) return {...out, cue: 'between'}
      if (middle.length > 0) return {...out, cue: 'blank'}
    }
    // Across a page, the lines between are the page's furniture and notes: no cue for a paragraph.
    const cue = leading ? 'marker' : shapeCue(prev, next)
    return {...out, cue, cls: cue === 'noTrace' ? 'a' : 'b'}
  }
  /** The cue of two lines that follow each other, from their shape alone. */
  function shapeCue(prev, next) {
    if (BREAK_MARKER.test(next.text)) return 'marker'
    if (next.indent > layout.indent) return 'indent'
    if (allCaps(prev.text) || allCaps(next.text)) return 'caps'
    if (prev.text.length < measure) return SENTENCE_END.test(prev.text) ? 'short' : 'shortNoStop'
    // The next line stands alone when the line after it does not go on from it.
    const third = lines[next.index + 1]
    const goesOn = third && third.text && third.page === next.page && (/^\p{Ll}/u.test(third.text) || /\p{L}-$/u.test(next.text))
    if (next.text.length < measure && !SENTENCE_END.test(next.text) && !goesOn) return 'lone'
    if (!SENTENCE_END.test(prev.text)) return 'noStop'
    if (!CAPITAL_START.test(next.text)) return 'lower'
    return 'noTrace'
  }
  /**
   * How often the (a) shape is a break: every pair of adjacent lines on a page
   * with that shape whose next line starts with a word of the gold, counted
   * as a gold boundary or not (`goldStarts`: the gold's block starts).
   */
  const shapes = (goldStarts) => {
    const goldOf = new Int32Array(tokens.length).fill(-1)
    match.forEach((i, j) => {
      if (i >= 0) goldOf[j] = i
    })
    let breaks = 0
    let nonBreaks = 0
    for (let i = 0; i + 1 < lines.length; i++) {
      const prev = lines[i]
      const next = lines[i + 1]
      if (!prev.text || !next.text || prev.page !== next.page || next.end === next.first) continue
      const g = goldOf[next.first]
      if (g < 0 || shapeCue(prev, next) !== 'noTrace') continue
      if (goldStarts.has(g)) breaks++
      else nonBreaks++
    }
    return {breaks, nonBreaks}
  }
  return {at, shapes, measure, fullLines: layout.fullLines}
}

/**
 * Block-boundary errors split by class, and the text ceiling: precision,
 * recall and F1 if every (b) error were fixed and every (a) error stayed.
 */
export function classifyBoundaryErrors(goldTokens, raw, goldStarts, outStarts, goldKinds = new Map()) {
  const cues = breakCues(goldTokens, raw, goldKinds)
  // The gold block that holds a place: the one of the nearest start at or before it.
  const starts = [...goldKinds.keys()].sort((x, y) => x - y)
  const holder = (s) => {
    let kind
    for (const t of starts) if (t <= s) kind = goldKinds.get(t)
    return kind ?? 'paragraph'
  }
  const missed = [...goldStarts].filter((s) => !outStarts.has(s)).map((s) => ({s, ...cues.at(s)}))
  const extra = [...outStarts].filter((s) => !goldStarts.has(s)).map((s) => ({s, ...cues.at(s, holder(s))}))
  const count = (list, cls) => list.filter((e) => e.cls === cls).length
  const byCue = {}
  for (const [kind, list] of [['missed', missed], ['extra', extra]]) {
    for (const e of list) if (e.cls === 'b') byCue[`${kind}:${e.cue}`] = (byCue[`${kind}:${e.cue}`] ?? 0) + 1
  }
  const agree = outStarts.size - extra.length
  const missedB = count(missed, 'b')
  const extraB = count(extra, 'b')
  const fixedAgree = agree + missedB
  const fixedOut = outStarts.size - extraB + missedB
  const precision = fixedOut ? fixedAgree / fixedOut : 1
  const recall = goldStarts.size ? fixedAgree / goldStarts.size : 1
  return {
    missedA: count(missed, 'a'),
    missedB,
    extraA: count(extra, 'a'),
    extraB,
    byCue,
    measure: cues.measure,
    shapes: cues.shapes(goldStarts),
    ceiling: {precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0},
    missed,
    extra,
    at: cues.at
  }
}

// ---------------------------------------------------------------- one file

/**
 * Score one output against its gold.
 * @param gold  readGold(...)
 * @param out   readTree(...)
 * @param raw   the extracted text (for leftover furniture), or '' when not text
 * @param changes  the recorded change messages ({ruleId, original, replacement})
 * @param options  {proseOnly}: count extra words only up to the last matched one (doc1-3)
 */
export function evaluate(gold, out, raw, changes, {proseOnly = false} = {}) {
  const g = tokenize(gold.blocks)
  const o = tokenize(out.blocks)
  const gn = tokenize(gold.notes.map((n) => ({type: 'paragraph', text: n.text})))
  const on = tokenize(out.notes.map((n) => ({type: 'paragraph', text: n.text})))

  // Pass 1: body against body.
  const match = align(g.tokens, o.tokens)
  const outMatched = new Uint8Array(o.tokens.length)
  let matchedBody = 0
  let lastProse = -1
  for (let j = 0; j < match.length; j++) {
    if (match[j] >= 0) {
      matchedBody++
      outMatched[j] = 1
      lastProse = j
    }
  }
  // Pass 2: gold notes against the output's notes, then against what is left of its body.
  const noteFree = new Uint8Array(gn.tokens.length).fill(1)
  const asNotes = alignFree(gn.tokens, noteFree, on.tokens, new Uint8Array(on.tokens.length).fill(1))
  for (const [i] of asNotes) noteFree[i] = 0
  const bodyFree = outMatched.map((x) => 1 - x)
  const inBody = gn.tokens.length ? alignFree(gn.tokens, noteFree, o.tokens, bodyFree) : []
  for (const [, j] of inBody) outMatched[j] = 1

  const goldTotal = g.tokens.length + gn.tokens.length
  const matched = matchedBody + asNotes.length + inBody.length
  let extra = 0
  const limit = proseOnly ? lastProse : o.tokens.length - 1
  for (let j = 0; j <= limit; j++) if (!outMatched[j]) extra++
  extra += on.tokens.length - asNotes.length

  // Block boundaries: each output block start maps to a gold token (its own match, else the next matched one's).
  const goldAt = new Int32Array(o.tokens.length + 1).fill(g.tokens.length)
  for (let j = o.tokens.length - 1; j >= 0; j--) goldAt[j] = match[j] >= 0 ? match[j] : goldAt[j + 1]
  const goldStarts = new Set(g.starts.filter((s) => s > 0))
  const outStarts = new Set()
  for (const s of o.starts) {
    if (proseOnly && s > lastProse) break
    const at = goldAt[s]
    if (at > 0 && at < g.tokens.length) outStarts.add(at)
  }
  let agree = 0
  for (const s of outStarts) if (goldStarts.has(s)) agree++
  const precision = outStarts.size ? agree / outStarts.size : 1
  const recall = goldStarts.size ? agree / goldStarts.size : 1
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0

  // Notes recovered: a gold note whose words come back (≥ 90 %) as one output note.
  let recovered = 0
  if (gold.notes.length && out.notes.length) {
    const pairs = lcsPairs(gold.notes, out.notes, (x, y) => overlap(x.text, y.text) >= 0.9)
    recovered = pairs.length
  }

  // Why each boundary error happened, from the raw text's own shape (empty raw: not classified).
  const goldKinds = new Map(g.starts.map((s, i) => [s, g.kinds[i]]))
  const breaks = raw ? classifyBoundaryErrors(g.tokens, raw, goldStarts, outStarts, goldKinds) : null

  const goldWords = [...g.tokens, ...gn.tokens]
  const outWords = o.tokens.length + on.tokens.length
  return {
    goldWords: goldTotal,
    outWords,
    matched,
    recall: goldTotal ? matched / goldTotal : 1,
    extra,
    goldBlocks: goldStarts.size + 1,
    outBlocks: outStarts.size + 1,
    precision,
    blockRecall: recall,
    f1,
    headings: scoreHeadings(gold.blocks, out.blocks),
    notes: {
      gold: gold.notes.length,
      out: out.notes.length,
      recovered: gold.notes.length ? recovered / gold.notes.length : null,
      // Note words found in the output's body, as a share of all the gold's words.
      inBody: gold.notes.length ? inBody.length / goldTotal : null
    },
    lists: scoreLists(gold.blocks, out.blocks),
    cells: scoreCells(gold.blocks, out.blocks),
    repairs: scoreRepairs(changes, goldWords),
    edgePer1000: outWords ? (1000 * changes.filter((c) => REPAIR_RULES.edge.test(c.ruleId ?? '')).length) / outWords : 0,
    breaks: breaks && {cueOf: Object.fromEntries([...breaks.missed.map((e) => ['m' + e.s, e.cls + ':' + e.cue]), ...breaks.extra.map((e) => ['x' + e.s, e.cls + ':' + e.cue])]), missedA: breaks.missedA, missedB: breaks.missedB, extraA: breaks.extraA, extraB: breaks.extraB, byCue: breaks.byCue, measure: breaks.measure, shapes: breaks.shapes, ceiling: breaks.ceiling},
    leftovers: raw ? countLeftovers(o.tokens, outMatched, proseOnly ? lastProse : o.tokens.length - 1, edgeLines(raw)) : [],
    detail: {g, o, match, goldStarts, outStarts, breaks}
  }
}
