/**
 * The editor's review page, `<name>.review.html`: one file that works
 * offline from `file://` (no request, no framework, a few kB of plain script).
 *
 * - the document as the HTML output prints it, with every recorded change and
 *   warning as a `<mark id="c-N">` (marks.ts);
 * - a side list of the changes grouped by rule with counts, filters by rule
 *   and severity, keyboard navigation, accept and reject (script.ts);
 * - a detail pane: rule, text before and after, evidence, source position,
 *   and the raw input around it;
 * - the chronology appendices as tables with each entry's certainty and
 *   evidence, ambiguous years first, with a year picker;
 * - the decisions export as `<name>.corrections.yaml`, which `reprint build`
 *   reads unchanged (appendix `set: {year}` and `reject: {rule, position}`),
 *   keeping the corrections the document was built with.
 *
 * The list and the tables are printed here, so the page shows everything even
 * before its script runs; the data the script needs (records, source lines,
 * the corrections in force) is one JSON island, escaped so that no source
 * text can close it.
 */
import type {Element, ElementContent} from 'hast'
import type {Root} from 'mdast'
import type {Point, Position} from 'unist'
import type {VFile} from 'vfile'
import type {ReprintMessage} from '../../messages.js'
import {isRejectable} from '../../stages/reject.js'
import type {Appendix, AppendixEntry} from '../../types.js'
import type {DateStyle} from '../format-date.js'
import {documentHast, documentTitle, el, language, pageHast, stringifyHtml, text} from '../html.js'
import {addMarks, type MarkTarget} from './marks.js'
import {REVIEW_SCRIPT} from './script.js'
import {REVIEW_CSS} from './styles.js'

export interface ReviewOptions {
  /** Document name (output folder and file names). */
  name: string
  dateStyle?: DateStyle
  generator?: string
}

/** One listed record: a change, or a warning (something suspect that was left alone). */
export interface ReviewRecord {
  i: number
  rule: string
  sev: 'info' | 'warning'
  msg: string
  orig?: string
  repl?: string
  ev?: string
  line: number
  col: number
  endLine: number
  endCol: number
  /** True for a change to the words; false for a warning. */
  change: boolean
  /** The reject stage can undo it (stages/reject.ts). */
  rejectable: boolean
  /** Printed page of the line, when the input was a PDF (the reader's `file.data.geometry`). */
  page?: number
}

export function reviewRecords(file: VFile): ReviewRecord[] {
  const out: ReviewRecord[] = []
  // A PDF reader keeps each line's page (indexed by 1-based line); text inputs have none.
  const geometry = (file.data as {geometry?: ArrayLike<{page?: number} | undefined>}).geometry
  for (const m of file.messages as ReprintMessage[]) {
    const change = m.change === true
    if (!change && m.fatal !== false) continue
    const place = m.place as Position | Point | undefined
    const start = place ? ('start' in place ? place.start : place) : {line: 1, column: 1}
    const end = place && 'end' in place ? place.end : start
    const rule = m.ruleId ?? 'unknown'
    out.push({
      i: out.length,
      rule,
      sev: change ? 'info' : 'warning',
      msg: m.reason,
      ...(m.original !== undefined ? {orig: m.original} : {}),
      ...(m.replacement !== undefined ? {repl: m.replacement} : {}),
      ...(m.evidence !== undefined ? {ev: m.evidence} : {}),
      line: start.line ?? 1,
      col: start.column ?? 1,
      endLine: end.line ?? start.line ?? 1,
      endCol: end.column ?? start.column ?? 1,
      change,
      rejectable: change && isRejectable(rule),
      ...(typeof geometry?.[start.line ?? 0]?.page === 'number' ? {page: geometry[start.line ?? 0]!.page} : {})
    })
  }
  return out
}

export function emitReview(tree: Root, file: VFile, options: ReviewOptions): string {
  const records = reviewRecords(file)
  const source = String(file.value ?? '').split(/\r\n|\r|\n/)
  const article = documentHast(tree, {dateStyle: options.dateStyle})
  const targets: MarkTarget[] = records.map((r) => ({
    index: r.i,
    rule: r.rule,
    severity: r.sev,
    line: r.line,
    column: r.col,
    // Where a change's words land: the replacement; a warning marks the words it is about.
    replacement: r.change ? r.repl ?? '' : sourceSlice(source, r)
  }))
  addMarks(article, targets, source)
  const title = documentTitle(tree)
  const chronologies = tree.children.filter((n): n is Appendix => n.type === 'appendix' && n.kind === 'chronology')
  const changes = records.filter((r) => r.change).length
  const data = {
    name: options.name,
    source: file.data.sourcePath ?? file.path ?? '',
    records,
    lines: source,
    corrections: (file.data as {corrections?: {corrections?: unknown[]}}).corrections?.corrections ?? []
  }
  const page = pageHast({
    lang: language(tree),
    title: `Review: ${title}`,
    generator: options.generator,
    style: REVIEW_CSS,
    bodyProps: {className: ['review']},
    body: [
      el('a', {href: '#doc', className: ['skip']}, [text('Skip to the document')]),
      el('header', {className: ['bar']}, [
        el('h1', {}, [text(`Review: ${title}`)]),
        el('p', {className: ['counts']}, [
          text(`${changes} change${changes === 1 ? '' : 's'}, ${records.length - changes} warning${records.length - changes === 1 ? '' : 's'}; `),
          el('span', {id: 'decided'}, [text('no decisions yet')])
        ]),
        el('div', {className: ['actions']}, [
          el('button', {type: 'button', id: 'download'}, [text(`Download ${options.name}.corrections.yaml`)]),
          el('button', {type: 'button', id: 'copy'}, [text('Copy corrections')]),
          el('span', {id: 'status', role: 'status'}, [])
        ]),
        el('p', {className: ['keys']}, [
          text('Keys: '),
          kbd('j'), text(' / '), kbd('k'), text(' next / previous change, '),
          kbd('a'), text(' accept, '), kbd('r'), text(' reject, '), kbd('u'), text(' undecided, '), kbd('s'), text(' show source')
        ])
      ]),
      el('nav', {className: ['side'], ariaLabel: 'Changes'}, sideList(records)),
      el('main', {id: 'doc', tabIndex: -1}, [
        el('article', {className: ['document']}, article.children as ElementContent[]),
        ...chronologies.map((node) => chronologyTable(node))
      ]),
      el('aside', {className: ['detail'], ariaLabel: 'Selected change'}, [
        el('h2', {}, [text('Selected change')]),
        el('div', {id: 'detail'}, [el('p', {}, [text('Choose a change in the list or in the document.')])]),
        el('h2', {id: 'src-title'}, [text('Source')]),
        el('pre', {id: 'src', tabIndex: 0, ariaLabelledBy: 'src-title'}, [])
      ])
    ],
    tail: [
      el('script', {type: 'application/json', id: 'review-data'}, [text(jsonIsland(data))]),
      el('script', {}, [text(REVIEW_SCRIPT)])
    ]
  })
  return stringifyHtml(page)
}

function kbd(key: string): Element {
  return el('kbd', {}, [text(key)])
}

/** The source text a warning is about (its span on its first line). */
function sourceSlice(lines: string[], r: ReviewRecord): string {
  const line = lines[r.line - 1] ?? ''
  const end = r.endLine === r.line ? r.endCol - 1 : line.length
  return line.slice(r.col - 1, Math.max(r.col - 1, end)).trim()
}

function sideList(records: ReviewRecord[]): ElementContent[] {
  const rules = new Map<string, ReviewRecord[]>()
  for (const r of records) {
    const list = rules.get(r.rule) ?? []
    list.push(r)
    rules.set(r.rule, list)
  }
  const ruleBoxes = [...rules].map(([rule, list]) =>
    el('label', {}, [el('input', {type: 'checkbox', className: ['f-rule'], value: rule, checked: true}), text(` ${rule} `), el('span', {className: ['n']}, [text(`(${list.length})`)])])
  )
  const groups = [...rules].map(([rule, list]) =>
    el('section', {className: ['group'], dataRule: rule}, [
      el('h3', {}, [text(`${rule} `), el('span', {className: ['n']}, [text(`(${list.length})`)])]),
      el(
        'ol',
        {},
        list.map((r) =>
          el('li', {}, [
            el('a', {href: `#c-${r.i}`, className: ['item', r.sev], dataI: String(r.i)}, [
              el('span', {className: ['where']}, [text(r.page ? `p.${r.page} ${r.line}:${r.col}` : `${r.line}:${r.col}`)]),
              text(' '),
              r.change ? text(`${short(r.orig)} → ${short(r.repl)}`) : text(short(r.msg, 60))
            ])
          ])
        )
      )
    ])
  )
  return [
    el('h2', {}, [text('Changes')]),
    el('fieldset', {}, [
      el('legend', {}, [text('Severity')]),
      el('label', {}, [el('input', {type: 'checkbox', className: ['f-sev'], value: 'info', checked: true}), text(' changes')]),
      el('label', {}, [el('input', {type: 'checkbox', className: ['f-sev'], value: 'warning', checked: true}), text(' warnings')])
    ]),
    el('fieldset', {}, [el('legend', {}, [text('Rules')]), ...ruleBoxes]),
    el('p', {id: 'shown', ariaLive: 'polite'}, [text(`${records.length} shown`)]),
    el('div', {id: 'list'}, groups)
  ]
}

function short(value: string | undefined, max = 40): string {
  const flat = (value ?? '').replace(/\n/g, '⏎')
  if (flat === '') return '∅'
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat
}

const CERTAINTY_ORDER: Record<string, number> = {ambiguous: 0, inferred: 1, certain: 2}

/** One chronology appendix: every dated entry with its certainty, evidence and a year picker; ambiguous first. */
function chronologyTable(node: Appendix): Element {
  const entries = node.entries
    .map((entry, index) => ({entry, index}))
    .filter(({entry}) => entry.date)
    .sort((a, b) => (CERTAINTY_ORDER[a.entry.certainty ?? 'certain'] ?? 2) - (CERTAINTY_ORDER[b.entry.certainty ?? 'certain'] ?? 2) || a.index - b.index)
  const headId = `years-${node.id}`
  return el('section', {className: ['years'], ariaLabelledBy: headId}, [
    el('h2', {id: headId}, [text(`Chronology years: ${node.title}`)]),
    el('p', {}, [text(`${entries.length} dated entries; ${entries.filter((e) => e.entry.certainty === 'ambiguous').length} ambiguous, listed first. Pick a year to pin it in the corrections file.`)]),
    el('table', {}, [
      el('thead', {}, [
        el('tr', {}, ['Date as printed', 'Year', 'Place', 'Occasion', 'Certainty', 'Evidence', 'Line'].map((h) => el('th', {scope: 'col'}, [text(h)])))
      ]),
      el('tbody', {}, entries.map(({entry}) => chronologyRow(node, entry)))
    ])
  ])
}

function chronologyRow(node: Appendix, entry: AppendixEntry): Element {
  const year = /^\d{4}/.exec(entry.date ?? '')?.[0]
  const line = entry.position?.start.line
  const candidates = new Set<string>()
  if (year) for (const y of [Number(year) - 1, Number(year), Number(year) + 1]) candidates.add(String(y))
  for (const m of (entry.evidence ?? '').matchAll(/\b(1[5-9]\d\d|20\d\d)\b/g)) candidates.add(m[1]!)
  const label = `Year of ${entry.dateText ?? entry.date}${entry.place ? `, ${entry.place}` : ''}`
  const options: Element[] = [el('option', {value: ''}, [text(year ? `${year} (as built)` : 'as built')])]
  for (const y of [...candidates].sort()) options.push(el('option', {value: y}, [text(y)]))
  const certainty = entry.certainty ?? 'certain'
  const data = {ariaLabel: label, dataAppendix: String(node.number), dataDate: entry.dateText ?? entry.date ?? '', dataLine: line ? String(line) : '', dataYear: year ?? ''}
  return el('tr', {className: [certainty]}, [
    el('td', {}, [text(entry.dateText ?? entry.date ?? '')]),
    el('td', {}, [
      // No year to offer (none built, none in the evidence): the editor types it.
      candidates.size > 0
        ? el('select', {...data, className: ['year']}, options)
        : el('input', {...data, className: ['year'], type: 'number', min: 1, max: 9999, inputMode: 'numeric', placeholder: 'year'})
    ]),
    el('td', {}, [text(entry.place ?? '')]),
    el('td', {}, [text(entry.occasion ?? '')]),
    el('td', {}, [el('span', {className: ['cert', certainty]}, [text(certainty)])]),
    el('td', {}, [text(entry.evidence ?? '')]),
    el('td', {}, line ? [el('a', {href: `#src`, className: ['srcline'], dataLine: String(line)}, [text(String(line))])] : [])
  ])
}

/** JSON that cannot end its `<script>` element or open a comment, whatever the source says. */
export function jsonIsland(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')
}
