/**
 * Reporters: how a batch's results reach a person or a CI system.
 *
 * - `pretty` (default): messages the vfile-reporter way (file, line:column,
 *   severity, message, rule id) on stderr; a progress bar with count and ETA
 *   on a terminal, one plain line per document otherwise; a summary.
 * - `json`: one JSON object on stdout at the end (documents, messages, summary).
 * - `github`: GitHub Actions workflow commands (`::warning file=…,line=…,col=…::message`)
 *   on stdout, so problems show up as annotations on the pull request.
 *
 * `quiet` keeps only errors; `changes` adds the recorded changes (info
 * messages); colour only on a terminal and never when NO_COLOR is set.
 */
import type {DocReport, MessageRecord} from './worker.js'

export type ReporterKind = 'pretty' | 'json' | 'github'
export const REPORTERS: ReporterKind[] = ['pretty', 'json', 'github']

export interface ReporterOptions {
  kind: ReporterKind
  quiet?: boolean
  /** Also show recorded changes (info messages). */
  changes?: boolean
  /** Where human output goes. Default process.stderr. */
  stderr?: NodeJS.WritableStream & {isTTY?: boolean; columns?: number}
  /** Where machine output goes. Default process.stdout. */
  stdout?: NodeJS.WritableStream
  env?: Record<string, string | undefined>
}

export interface Summary {
  documents: number
  built: number
  cached: number
  failed: number
  warnings: number
  errors: number
  ms: number
}

export interface Reporter {
  start(total: number): void
  /** One call per document, in input order. */
  document(report: DocReport): void
  /** As documents finish, in any order. */
  progress(done: number, total: number): void
  /** A problem outside any document (a symlink loop, an unreadable folder). */
  notice(text: string): void
  /** A failure outside any document (the manifest could not be written); shown even with --quiet. */
  error(text: string): void
  end(summary: Summary): void
}

export function summarize(reports: DocReport[], notices: number, ms: number): Summary {
  const count = (severity: MessageRecord['severity']) => reports.reduce((n, r) => n + r.messages.filter((m) => m.severity === severity).length, 0)
  return {
    documents: reports.length,
    built: reports.filter((r) => r.status === 'built').length,
    cached: reports.filter((r) => r.status === 'cached').length,
    failed: reports.filter((r) => r.status === 'failed').length,
    warnings: count('warning') + notices,
    errors: count('error') + reports.filter((r) => r.status === 'failed').length,
    ms
  }
}

export function summaryLine(s: Summary): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`
  return (
    `${plural(s.documents, 'document')}: ${s.built} built, ${s.cached} unchanged, ${s.failed} failed; ` +
    `${plural(s.warnings, 'warning')}, ${plural(s.errors, 'error')}; ${(s.ms / 1000).toFixed(2)} s`
  )
}

export async function createReporter(options: ReporterOptions): Promise<Reporter> {
  const stderr = options.stderr ?? process.stderr
  const stdout = options.stdout ?? process.stdout
  const env = options.env ?? process.env
  const keep = (m: MessageRecord) => m.severity === 'error' || (!options.quiet && (m.severity === 'warning' || options.changes === true))
  if (options.kind === 'json') return jsonReporter(stdout, keep)
  if (options.kind === 'github') return githubReporter(stdout, keep, options.quiet === true)
  const color = stderr.isTTY === true && !env.NO_COLOR
  return prettyReporter(stderr, keep, options.quiet === true, color, (report, messages) => formatMessages(report.input, messages, color))
}

/**
 * Messages the vfile-reporter way, without loading it (start-up matters):
 *
 *   input/doc.txt
 *     70:122-70:125  warning  “It” may have lost a letter  repair-edges:suspect  reprint
 */
export function formatMessages(path: string, messages: MessageRecord[], color = false): string {
  const paint = (code: number, text: string) => (color ? `\u001b[${code}m${text}\u001b[39m` : text)
  const rows = messages.map((m) => {
    let place = m.line ? `${m.line}:${m.column ?? 1}` : ''
    if (m.line && m.endLine && (m.endLine !== m.line || m.endColumn !== m.column)) place += `-${m.endLine}:${m.endColumn ?? 1}`
    // PDF input: the printed page, not a place in the text the reader built.
    if (m.page !== undefined) place = `page ${m.page}`
    return [place, m.severity, escapeControls(m.reason.replace(/\s*\n\s*/g, ' ')), m.ruleId ?? '', m.source ?? '']
  })
  // A loop, not Math.max(...): a document can have a hundred thousand messages.
  const width = (i: number) => rows.reduce((max, r) => Math.max(max, r[i]!.length), 0)
  const [w0, w1, w2, w3] = [width(0), width(1), Math.min(width(2), 72), width(3)]
  const lines = rows.map(([place, severity, reason, rule, source]) => {
    const sev = severity!.padEnd(w1)
    const shown = severity === 'error' ? paint(31, sev) : severity === 'warning' ? paint(33, sev) : paint(34, sev)
    return `  ${place!.padEnd(w0)}  ${shown}  ${reason!.padEnd(w2)}  ${rule!.padEnd(w3)}  ${source}`.trimEnd()
  })
  const name = quotePath(path)
  return [color ? `\u001b[4m${name}\u001b[24m` : name, ...lines].join('\n')
}

function prettyReporter(
  stderr: NodeJS.WritableStream & {isTTY?: boolean; columns?: number},
  keep: (m: MessageRecord) => boolean,
  quiet: boolean,
  color: boolean,
  format: (report: DocReport, messages: MessageRecord[]) => string
): Reporter {
  const bar = stderr.isTTY === true && !quiet
  let started = 0
  let last = ''
  const red = (s: string) => (color ? `\u001b[31m${s}\u001b[39m` : s)
  const clear = () => {
    if (bar && last) stderr.write('\r\u001b[K')
  }
  const redraw = () => {
    if (bar && last) stderr.write(last)
  }
  return {
    start(total) {
      started = performance.now()
      if (bar && total > 1) {
        last = drawBar(0, total, 0, stderr.columns)
        stderr.write(last)
      }
    },
    document(report) {
      const lines: string[] = []
      if (report.status === 'failed') lines.push(`${quotePath(report.input)}: ${red('error')}: ${escapeControls(report.error ?? 'failed')}`)
      else if (!bar && !quiet) lines.push(`${quotePath(report.input)}: ${report.status === 'cached' ? 'unchanged' : 'built'} → ${quotePath(report.key)}/ (${report.artifacts.length} files)`)
      const messages = report.messages.filter(keep)
      if (messages.length > 0) lines.push(format(report, messages))
      if (lines.length === 0) return
      clear()
      stderr.write(lines.join('\n') + '\n')
      redraw()
    },
    progress(done, total) {
      if (!bar || total <= 1) return
      clear()
      last = drawBar(done, total, performance.now() - started, stderr.columns)
      stderr.write(last)
    },
    notice(text) {
      if (quiet) return
      clear()
      stderr.write(`${escapeControls(text)}\n`)
      redraw()
    },
    error(text) {
      clear()
      stderr.write(`${escapeControls(text)}\n`)
      redraw()
    },
    end(summary) {
      clear()
      last = ''
      if (!quiet) stderr.write(summaryLine(summary) + '\n')
    }
  }
}

/** `[#######.......] 12/50  24%  ETA 3s` */
export function drawBar(done: number, total: number, elapsedMs: number, columns = 80): string {
  const width = Math.max(10, Math.min(40, columns - 40))
  const filled = Math.round((done / total) * width)
  const eta = done > 0 ? ((elapsedMs / done) * (total - done)) / 1000 : undefined
  const etaText = eta === undefined ? 'ETA --' : `ETA ${eta < 60 ? `${Math.ceil(eta)}s` : `${Math.floor(eta / 60)}m${Math.ceil(eta % 60)}s`}`
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${Math.floor((done / total) * 100)}% ${etaText}`
}

/** The `$schema` and `version` of `--reporter json` output (schemas/report.schema.json). */
export const REPORT_SCHEMA_ID = 'https://reprint.dev/schemas/report.schema.json'
export const REPORT_VERSION = 1

/** The document JSON's `diagnostics` shape, so one parser reads both. */
export interface ReportDiagnostic {
  ruleId: string
  severity: MessageRecord['severity']
  message: string
  position?: {start: {line: number; column: number}; end: {line: number; column: number}; page?: number; bbox?: [number, number, number, number]}
  original?: string
  replacement?: string
  evidence?: string
}

export function diagnostic(m: MessageRecord): ReportDiagnostic {
  const d: ReportDiagnostic = {
    ruleId: m.ruleId ? (m.source && !m.ruleId.includes(':') ? `${m.source}:${m.ruleId}` : m.ruleId) : 'unknown',
    severity: m.severity,
    message: m.reason
  }
  if (m.line) {
    const start = {line: m.line, column: m.column ?? 1}
    d.position = {start, end: m.endLine ? {line: m.endLine, column: m.endColumn ?? 1} : start}
    // As in the document JSON: a PDF input's page and box.
    if (m.page !== undefined) d.position.page = m.page
    if (m.bbox) d.position.bbox = m.bbox
  }
  if (m.original !== undefined) d.original = m.original
  if (m.replacement !== undefined) d.replacement = m.replacement
  if (m.evidence !== undefined) d.evidence = m.evidence
  return d
}

/** The pretty reporter's words: a cached document is “unchanged”. */
function statusWord(status: DocReport['status']): 'built' | 'unchanged' | 'failed' {
  return status === 'cached' ? 'unchanged' : status
}

function jsonReporter(stdout: NodeJS.WritableStream, keep: (m: MessageRecord) => boolean): Reporter {
  const documents: unknown[] = []
  const notices: string[] = []
  const errors: string[] = []
  return {
    start() {},
    document(report) {
      documents.push({
        input: report.input,
        path: report.key,
        status: statusWord(report.status),
        ...(report.error ? {error: report.error} : {}),
        artifacts: report.artifacts,
        messages: report.messages.filter(keep).map(diagnostic)
      })
    },
    progress() {},
    notice(text) {
      notices.push(text)
    },
    error(text) {
      errors.push(text)
    },
    end(s) {
      const summary = {
        documents: s.documents,
        built: s.built,
        unchanged: s.cached,
        failed: s.failed,
        warnings: s.warnings,
        errors: s.errors,
        // Whole milliseconds: a float's last digits are noise, and integers compare exactly.
        ms: Math.round(s.ms)
      }
      stdout.write(JSON.stringify({$schema: REPORT_SCHEMA_ID, version: REPORT_VERSION, command: 'build', documents, notices, errors, summary}, null, 2) + '\n')
    }
  }
}

export interface ProblemReport {
  kind: ReporterKind
  quiet?: boolean
  command: 'check' | 'manifest'
  /** The folder checked or merged. */
  dir: string
  /** One line each, `<file>: <what is wrong>`. */
  problems: string[]
  summary: Record<string, number>
  /** The pretty reporter's closing line (none when there is nothing to say). */
  line?: string
  stdout?: NodeJS.WritableStream
  stderr?: NodeJS.WritableStream
}

/** Split `<file>: <message>` at the first “: ” after the folder's own name. */
function splitProblem(dir: string, problem: string): {file: string; message: string} {
  const from = problem.startsWith(dir) ? dir.length : 0
  const at = problem.indexOf(': ', from)
  return at < 0 ? {file: dir, message: problem} : {file: problem.slice(0, at), message: problem.slice(at + 2)}
}

/** The results of `check` and `manifest` through the chosen reporter. */
export function reportProblems(r: ProblemReport): void {
  const stdout = r.stdout ?? process.stdout
  const stderr = r.stderr ?? process.stderr
  if (r.kind === 'json') {
    const problems = r.problems.map((p) => splitProblem(r.dir, p))
    stdout.write(JSON.stringify({$schema: REPORT_SCHEMA_ID, version: REPORT_VERSION, command: r.command, dir: r.dir, problems, summary: r.summary}, null, 2) + '\n')
    return
  }
  if (r.kind === 'github') {
    for (const p of r.problems) {
      const {file, message} = splitProblem(r.dir, p)
      stdout.write(`::error file=${property(file.split('\\').join('/'))},title=reprint ${r.command}::${data(message)}\n`)
    }
    if (!r.quiet && r.line) stdout.write(r.line + '\n')
    return
  }
  for (const p of r.problems) stderr.write(`${p}\n`)
  if (!r.quiet && r.line) stderr.write(`${r.line}\n`)
}

/** GitHub Actions workflow commands; see “Workflow commands for GitHub Actions”. */
function githubReporter(stdout: NodeJS.WritableStream, keep: (m: MessageRecord) => boolean, quiet: boolean): Reporter {
  return {
    start() {},
    document(report) {
      const file = report.input.split('\\').join('/')
      if (report.status === 'failed') stdout.write(`::error file=${property(file)},title=reprint::${data(report.error ?? 'failed')}\n`)
      for (const m of report.messages.filter(keep)) {
        const level = m.severity === 'error' ? 'error' : m.severity === 'warning' ? 'warning' : 'notice'
        const props = [`file=${property(file)}`]
        // A PDF has no lines to annotate: the page goes into the message instead.
        const pdf = m.page !== undefined
        if (m.line && !pdf) props.push(`line=${m.line}`, `col=${m.column ?? 1}`)
        if (m.endLine && !pdf) props.push(`endLine=${m.endLine}`)
        if (m.endColumn && m.endLine === m.line && !pdf) props.push(`endColumn=${m.endColumn}`)
        if (m.ruleId) props.push(`title=${property(m.ruleId)}`)
        stdout.write(`::${level} ${props.join(',')}::${data(pdf ? `page ${m.page}: ${m.reason}` : m.reason)}\n`)
      }
    },
    progress() {},
    notice(text) {
      if (!quiet) stdout.write(`::warning title=reprint::${data(text)}\n`)
    },
    error(text) {
      stdout.write(`::error title=reprint::${data(text)}\n`)
    },
    end(summary) {
      if (!quiet) stdout.write(summaryLine(summary) + '\n')
    }
  }
}

/** Escaping of workflow command data and properties (as @actions/core does). */
function data(text: string): string {
  return escapeControls(text, /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f]/g).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

function property(text: string): string {
  return data(text).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

/**
 * A file name as printed in a message: quoted (JSON string escapes) when it
 * holds a line break, an escape or another control character, so that a
 * message stays on one line and no terminal sequence in a name reaches the
 * terminal. Ordinary names print as they are.
 */
export function quotePath(path: string): string {
  return CONTROL.test(path) ? `"${escapeControls(path.replace(/["\\]/g, (c) => `\\${c}`))}"` : path
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/
const NAMED: Record<string, string> = {'\n': '\\n', '\r': '\\r', '\t': '\\t'}

/** Control characters in message text (document words, error reasons) shown as escapes (\n, \u001b), never sent raw. */
export function escapeControls(text: string, which = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g): string {
  return text.replace(which, (c) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}
