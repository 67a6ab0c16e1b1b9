/**
 * One batch task: build one document and describe the result as plain data
 * (structured-clone safe). Runs inside a worker thread of the batch pool, in a
 * large document's own process (serveProcessTask), or
 * in the main thread when the batch runs with one job.
 */
import {join} from 'node:path'
import {removeStaleTemporaries} from './atomic.js'
import {parentPort} from 'node:worker_threads'
import {createHash} from 'node:crypto'
import type {BuildOptions} from './build.js'
import type {VFile} from 'vfile'
import type {ReprintMessage} from './messages.js'
import {geometryOf} from './readers/geometry-rules.js'

export interface Task {
  index: number
  input: string
  /** Output folder of the document relative to `--out`, `/` separated. */
  key: string
  options: BuildOptions
  /** Fail (and write nothing) when the document has warnings. */
  strict: boolean
  /** Cache key of the inputs (cache.ts), when the document is cached once built. */
  cacheKey?: string
  /** Leave info messages (recorded changes) out of the report a large document's process sends back; its cache entry keeps them. */
  dropInfos?: boolean
}

/** `--out -` with a large input (batch.ts renderIsolated): render one document in a process of its own, write nothing. */
export interface RenderRequest {
  kind: 'render'
  input: string
  options: BuildOptions
}

/** What such a process sends back: the one output's bytes (none when it failed) and the messages. */
export interface RenderedDocument {
  error?: string
  messages: MessageRecord[]
  bytes?: Uint8Array
}

/** Render one document in memory, as `--out -` prints it: its first output and its messages as records. */
export async function renderForStdout(input: string, options: BuildOptions): Promise<RenderedDocument> {
  const {renderDocument} = await import('./build.js')
  const result = await renderDocument(input, options)
  const messages = result.file.messages.map((m) => messageRecord(m as ReprintMessage, result.file))
  return {...(result.error ? {error: result.error} : {}), messages, bytes: result.artifacts[0]?.bytes}
}

export interface ArtifactRecord {
  /** Path relative to the output folder, `/` separated. */
  path: string
  bytes: number
  sha256: string
  mediaType: string
  schema?: string
}

export interface MessageRecord {
  severity: 'error' | 'warning' | 'info'
  reason: string
  line?: number
  column?: number
  endLine?: number
  endColumn?: number
  ruleId?: string
  source?: string
  original?: string
  replacement?: string
  evidence?: string
  change?: boolean
  /** PDF input: the page (1-based) where the message's span starts, and its box there (readers/geometry-rules.ts). */
  page?: number
  bbox?: [number, number, number, number]
}

export interface DocReport {
  index: number
  input: string
  key: string
  status: 'built' | 'cached' | 'failed'
  artifacts: ArtifactRecord[]
  messages: MessageRecord[]
  /** One-line reason when the document failed. */
  error?: string
  /** sha256 of the input bytes, when they were read. */
  sha256?: string
  ms: number
}

export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex')
}

export async function runTask(task: Task): Promise<DocReport> {
  const start = performance.now()
  const report: DocReport = {index: task.index, input: task.input, key: task.key, status: 'failed', artifacts: [], messages: [], ms: 0}
  try {
    const {renderDocument, writeArtifacts, documentDir, documentName, stageArtifacts} = await import('./build.js')
    // Each output is written to its temporary file as soon as it is made and its bytes dropped
    // (a 50 MB document's outputs are about 350 MB); the renames wait for the document to pass.
    // A folder that would leave --out is not staged: writeArtifacts reports it as before.
    let stage: ReturnType<typeof stageArtifacts> | undefined
    try {
      stage = stageArtifacts(task.options, documentName(task.input))
    } catch {
      stage = undefined
    }
    let committed = false
    try {
      const result = await renderDocument(task.input, task.options, stage)
      const source = result.tree?.data?.metadata?.source
      if (source) report.sha256 = source.sha256
      // The outputs are made: the tree can go before the messages' records are
      // (a 50 MB document has some 300,000 messages; the records need only the file).
      result.tree = undefined
      report.messages = result.file.messages.map((m) => messageRecord(m as ReprintMessage, result.file))
      const warnings = report.messages.filter((m) => m.severity === 'warning').length
      if (!result.error && task.strict && warnings > 0) result.error = `${warnings} warning(s), a failure with --strict`
      // A rule set to `error` in the configuration fails the document like --strict does.
      const errors = report.messages.filter((m) => m.severity === 'error').length
      if (!result.error && errors > 0) result.error = `${errors} error(s) from rules set to “error” in the configuration`
      if (!result.error && stage) {
        try {
          stage.commit()
          committed = true
        } catch (error) {
          result.error = (error as Error).message
        }
      } else if (!result.error) {
        const dir = documentDir(task.options.out ?? 'output', result.name, task.options.subdir)
        for (const a of result.artifacts) removeStaleTemporaries(join(dir, a.path))
        writeArtifacts(result, task.options)
      }
      if (result.error) report.error = result.error
      else {
        report.status = 'built'
        report.artifacts = result.artifacts.map((a) => ({
          path: `${task.key}/${a.path}`,
          bytes: a.written?.size ?? a.bytes.byteLength,
          sha256: a.written?.sha256 ?? sha256(a.bytes),
          mediaType: a.mediaType,
          ...(a.schema ? {schema: a.schema} : {})
        }))
      }
    } finally {
      // A failed document (or an internal error) writes nothing new.
      if (!committed) stage?.discard()
    }
  } catch (error) {
    report.error = `internal error: ${(error as Error).message?.split('\n')[0] ?? String(error)}`
  }
  report.ms = performance.now() - start
  return report
}

/** A message as reports carry it; `file` (the document's) adds a PDF input's page and box. */
export function messageRecord(m: ReprintMessage, file?: VFile): MessageRecord {
  const place = m.place
  const end = place && 'end' in place ? place.end : undefined
  const record: MessageRecord = {
    severity: m.fatal === true ? 'error' : m.fatal === false ? 'warning' : 'info',
    reason: m.reason
  }
  if (m.line != null) record.line = m.line
  if (m.column != null) record.column = m.column
  if (end?.line != null) record.endLine = end.line
  if (end?.column != null) record.endColumn = end.column
  if (m.ruleId) record.ruleId = m.ruleId
  if (m.source) record.source = m.source
  if (m.original !== undefined) record.original = m.original
  if (m.replacement !== undefined) record.replacement = m.replacement
  if (m.evidence !== undefined) record.evidence = m.evidence
  if (m.change) record.change = true
  // A line and column of the text the PDF reader built mean nothing to a reader of the PDF: the page does.
  const printed = place && file?.data.geometry ? geometryOf(file, 'start' in place ? place : {start: place, end: place}) : undefined
  if (printed) {
    record.page = printed.page
    record.bbox = printed.bbox
  }
  return record
}

/**
 * Serve batch tasks in this worker thread until the pool terminates it. Called
 * by the executable (`cli.ts`) in the threads the batch pool starts.
 */
export function serveTasks(): void {
  const port = parentPort
  if (!port) throw new Error('serveTasks runs only in a worker thread')
  port.on('message', (task: Task) => {
    runTask(task).then((report) => port.postMessage(report))
  })
}

/**
 * Serve one task in a child process (`runIsolated` in batch.ts): the task comes
 * over the IPC channel and the report goes back the same way.
 */
export function serveProcessTask(): void {
  const send = process.send?.bind(process)
  if (!send) throw new Error('serveProcessTask runs only in a child process with an IPC channel')
  process.once('message', (request: Task | RenderRequest) => {
    if ('kind' in request && request.kind === 'render') {
      void renderForStdout(request.input, request.options).then((rendered) => send(rendered, undefined, {}, () => process.connected && process.disconnect()))
      return
    }
    const task = request as Task
    runTask(task).then(async (report) => {
      // The cache entry is written here, where the report's messages already are: a 50 MB
      // document has some 300,000, and their JSON would otherwise be made by the parent
      // (measured: the parent's peak 766 MB with it, the child's heap mostly free by then).
      if (report.status === 'built' && task.cacheKey && task.options.out) {
        const {cacheStore} = await import('./cache.js')
        cacheStore({out: task.options.out, cwd: task.options.cwd ?? process.cwd(), options: task.options}, report, task.cacheKey)
      }
      // Recorded changes are most of the messages (some 300,000 at 50 MB): not sent when no one prints them.
      if (task.dropInfos) report.messages = report.messages.filter((m) => m.severity !== 'info')
      // Once the report is out, let go of the channel: the process then ends by itself, its exit
      // handlers run (a signal from the parent would skip them), and the parent sees the exit.
      send(report, undefined, {}, () => process.connected && process.disconnect())
    })
  })
}

