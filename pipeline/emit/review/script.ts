/**
 * The review page's script: plain ES2020 in one string, no framework, no
 * request. It reads the JSON island (`#review-data`), wires the list, the
 * marks, the filters, the keys and the year pickers, and writes the
 * corrections file. Everything from the document is put on the page with
 * `textContent`, never as markup.
 *
 * Responsive with thousands of changes: the list and the marks are printed
 * by the writer; the script only toggles `hidden` and classes, and finds
 * elements by id.
 */
export const REVIEW_SCRIPT = String.raw`(() => {
'use strict'
const $ = (s, root) => (root || document).querySelector(s)
const $$ = (s, root) => Array.from((root || document).querySelectorAll(s))
const data = JSON.parse($('#review-data').textContent)
const recs = data.records
const decision = new Array(recs.length).fill('')
const items = []
for (const a of $$('#list a.item')) items[Number(a.dataset.i)] = a
const marks = []
for (const m of $$('mark.chg')) marks[Number(m.id.slice(2))] = m
const groups = $$('#list section.group')
let current = -1

const sevOn = new Set($$('.f-sev').filter((b) => b.checked).map((b) => b.value))
const ruleOn = new Set($$('.f-rule').filter((b) => b.checked).map((b) => b.value))
const visible = (i) => sevOn.has(recs[i].sev) && ruleOn.has(recs[i].rule)

function applyFilters() {
  let shown = 0
  const rulesShown = new Set()
  for (let i = 0; i < recs.length; i++) {
    const on = visible(i)
    if (on) {
      shown++
      rulesShown.add(recs[i].rule)
    }
    // Only touch what changes: thousands of writes would each invalidate the layout.
    if (items[i] && items[i].parentElement.hidden === on) items[i].parentElement.hidden = !on
    if (marks[i] && marks[i].classList.contains('off') === on) marks[i].classList.toggle('off', !on)
  }
  for (const g of groups) g.hidden = !rulesShown.has(g.dataset.rule)
  $('#shown').textContent = shown + ' shown'
  if (current >= 0 && !visible(current)) select(-1)
}
for (const box of $$('.f-sev, .f-rule')) {
  box.addEventListener('change', () => {
    const set = box.classList.contains('f-sev') ? sevOn : ruleOn
    if (box.checked) set.add(box.value)
    else set.delete(box.value)
    applyFilters()
  })
}

function el(tag, attrs, children) {
  const e = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'text') e.textContent = v
    else if (k === 'className') e.className = v
    else e.setAttribute(k, v)
  }
  for (const c of children || []) e.append(c)
  return e
}

function select(i, focusMark) {
  if (current >= 0) {
    if (items[current]) items[current].removeAttribute('aria-current')
    if (marks[current]) marks[current].classList.remove('current')
  }
  current = i
  if (i < 0) {
    $('#detail').replaceChildren(el('p', {text: 'Choose a change in the list or in the document.'}))
    return
  }
  if (items[i]) {
    items[i].setAttribute('aria-current', 'true')
    items[i].scrollIntoView({block: 'nearest'})
  }
  if (marks[i]) {
    marks[i].classList.add('current')
    marks[i].scrollIntoView({block: 'center'})
    if (focusMark) marks[i].focus({preventScroll: true})
  }
  renderDetail(i)
  showSource(recs[i].line, recs[i].endLine)
}

function renderDetail(i) {
  const r = recs[i]
  const rows = [['Rule', r.rule], ['Kind', r.change ? 'change' : 'warning (left unchanged)'], ['What', r.msg]]
  if (r.change) rows.push(['Before', r.orig === '' ? '(nothing)' : r.orig], ['After', r.repl === '' ? '(nothing)' : r.repl])
  if (r.ev) rows.push(['Evidence', r.ev])
  const dl = el('dl')
  for (const [k, v] of rows) dl.append(el('dt', {text: k}), el('dd', {className: k === 'Before' || k === 'After' ? 'text' : '', text: v}))
  const where = el('a', {href: '#src', className: 'srcline', 'data-line': String(r.line), text: (r.page ? 'page ' + r.page + ', ' : '') + 'line ' + r.line + ', column ' + r.col})
  dl.append(el('dt', {text: 'Source'}), el('dd', {}, [where]))
  const parts = [dl]
  if (r.change) {
    const state = decision[i] || 'undecided'
    parts.push(el('p', {className: 'state', text: 'Decision: ' + state}))
    const buttons = el('div', {className: 'decide'})
    buttons.append(el('button', {type: 'button', 'data-act': 'accept', text: 'Accept (a)'}))
    const rej = el('button', {type: 'button', 'data-act': 'reject', text: 'Reject (r)'})
    if (!r.rejectable) {
      rej.disabled = true
      parts.push(el('p', {className: 'note', text: 'This rule changes the structure; it cannot be rejected here.'}))
    }
    buttons.append(rej, el('button', {type: 'button', 'data-act': 'undecided', text: 'Undecided (u)'}))
    parts.push(buttons)
  }
  $('#detail').replaceChildren(...parts)
}

$('#detail').addEventListener('click', (event) => {
  const b = event.target.closest('button[data-act]')
  if (b && current >= 0) decide(current, b.dataset.act === 'undecided' ? '' : b.dataset.act === 'accept' ? 'accepted' : 'rejected')
})

function showSource(line, endLine) {
  const lines = data.lines
  const from = Math.max(1, line - 6)
  const to = Math.min(lines.length, Math.max(line, endLine || line) + 6)
  const width = String(to).length
  const out = []
  for (let n = from; n <= to; n++) {
    const row = el('span', {className: 'ln' + (n >= line && n <= (endLine || line) ? ' hit' : ''), id: n === line ? 'src-hit' : ''})
    row.append(el('span', {className: 'no', 'aria-hidden': 'true', text: String(n).padStart(width) + ' '}), document.createTextNode(lines[n - 1] + '\n'))
    out.push(row)
  }
  const pre = $('#src')
  pre.replaceChildren(...out)
  pre.setAttribute('aria-label', 'Source ' + data.source + ', lines ' + from + ' to ' + to)
  const hit = $('#src-hit')
  if (hit) pre.scrollTop = hit.offsetTop - pre.offsetTop - 40
}
document.addEventListener('click', (event) => {
  const link = event.target.closest('a.srcline')
  if (!link) return
  event.preventDefault()
  showSource(Number(link.dataset.line), Number(link.dataset.line))
  $('#src').focus()
})

function decide(i, state) {
  const r = recs[i]
  if (!r.change) return
  if (state === 'rejected' && !r.rejectable) {
    say(r.rule + ' cannot be rejected here')
    return
  }
  decision[i] = state
  for (const node of [items[i], marks[i]]) {
    if (!node) continue
    node.classList.toggle('accepted', state === 'accepted')
    node.classList.toggle('rejected', state === 'rejected')
  }
  if (items[i]) items[i].setAttribute('data-decision', state || 'undecided')
  if (i === current) renderDetail(i)
  counts()
}

function counts() {
  const rejected = decision.filter((d) => d === 'rejected').length
  const accepted = decision.filter((d) => d === 'accepted').length
  const picked = picks.size
  $('#decided').textContent = accepted + ' accepted, ' + rejected + ' rejected, ' + picked + ' year' + (picked === 1 ? '' : 's') + ' picked'
}

function move(step) {
  if (recs.length === 0) return
  let i = current
  for (let n = 0; n < recs.length; n++) {
    i = (i + step + recs.length) % recs.length
    if (i < 0) i = recs.length - 1
    if (visible(i)) return select(i, true)
  }
}

document.addEventListener('keydown', (event) => {
  if (event.altKey || event.ctrlKey || event.metaKey) return
  const t = event.target
  if (t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) return
  const key = event.key
  if (key === 'j' || key === 'n') move(1)
  else if (key === 'k' || key === 'p') move(-1)
  else if (key === 'a' && current >= 0) decide(current, 'accepted')
  else if (key === 'r' && current >= 0) decide(current, 'rejected')
  else if (key === 'u' && current >= 0) decide(current, '')
  else if (key === 's') $('#src').focus()
  else return
  event.preventDefault()
})

$('#list').addEventListener('click', (event) => {
  const a = event.target.closest('a.item')
  if (!a) return
  event.preventDefault()
  select(Number(a.dataset.i), true)
})
$('#doc').addEventListener('click', (event) => {
  const m = event.target.closest('mark.chg')
  if (m) select(Number(m.id.slice(2)), false)
})

const picks = new Map()
for (const s of $$('.year')) {
  s.addEventListener('change', () => {
    const key = s.dataset.appendix + '@' + s.dataset.line + '@' + s.dataset.date
    if (s.value === '' || !/^[0-9]{1,4}$/.test(s.value) || Number(s.value) < 1) picks.delete(key)
    else picks.set(key, {appendix: Number(s.dataset.appendix), date: s.dataset.date, line: Number(s.dataset.line), year: Number(s.value)})
    s.closest('tr').classList.toggle('picked', picks.has(key))
    counts()
  })
}

function yamlScalar(v) {
  return typeof v === 'string' ? JSON.stringify(v) : v === null ? 'null' : String(v)
}
function yamlBlock(value, indent) {
  const pad = ' '.repeat(indent)
  let out = ''
  for (const [k, v] of Object.entries(value)) {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) out += pad + k + ':\n' + yamlBlock(v, indent + 2)
    else if (Array.isArray(v)) out += pad + k + ': ' + JSON.stringify(v) + '\n'
    else out += pad + k + ': ' + yamlScalar(v) + '\n'
  }
  return out
}

/** The corrections in force, then the editor's year picks and rejections. */
function correctionsYaml() {
  // A new pick replaces an earlier one for the same entry (same appendix and line).
  const repicked = (c) => c && c.match && [...picks.values()].some((p) => String(c.appendix) === String(p.appendix) && c.match.line === p.line && c.set && c.set.year !== undefined)
  const list = data.corrections.filter((c) => !repicked(c))
  for (const p of picks.values()) {
    const match = {date: p.date}
    if (p.line) match.line = p.line
    list.push({appendix: p.appendix, match, set: {year: p.year}, note: 'year picked on the review page'})
  }
  for (let i = 0; i < recs.length; i++) {
    if (decision[i] !== 'rejected') continue
    list.push({reject: {rule: recs[i].rule, position: {line: recs[i].line, column: recs[i].col}}})
  }
  let out = '# ' + data.name + '.corrections.yaml: written by the reprint review page; read by reprint build\n'
  if (list.length === 0) return out + 'corrections: []\n'
  out += 'corrections:\n'
  for (const item of list) out += '  -' + yamlBlock(item, 4).slice(3)
  return out
}

function say(message) {
  $('#status').textContent = message
}

$('#download').addEventListener('click', () => {
  const url = URL.createObjectURL(new Blob([correctionsYaml()], {type: 'application/yaml'}))
  const a = el('a', {href: url, download: data.name + '.corrections.yaml'})
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
  say('Downloaded ' + data.name + '.corrections.yaml')
})
$('#copy').addEventListener('click', async () => {
  const yaml = correctionsYaml()
  try {
    await navigator.clipboard.writeText(yaml)
  } catch {
    const area = el('textarea', {'aria-hidden': 'true'})
    area.value = yaml
    document.body.append(area)
    area.select()
    document.execCommand('copy')
    area.remove()
  }
  say('Copied the corrections to the clipboard')
})

window.reprintReview = {correctionsYaml, select, decide}
applyFilters()
counts()
})()
`
