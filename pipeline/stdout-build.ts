/**
 * `reprint build <input> --out -`: one document's one output on standard
 * output, so reprint can sit in a pipe as pandoc does
 * (`pdftotext a.pdf - | reprint build - --outputs markdown --out - | …`).
 * Messages go to stderr (the pretty reporter); nothing is written to disk:
 * no output folder, no manifest, no cache. A document that fails writes
 * nothing to stdout.
 */
import {statSync} from 'node:fs'
import type {BatchOptions} from './batch.js'
import {describeError, readStandardInput, STDIN} from './build.js'
import type {ReporterKind} from './reporters.js'
import {renderForStdout, type RenderedDocument} from './worker.js'

export interface StdoutRun {
  reporterKind: ReporterKind
  quiet: boolean
  changes: boolean
  maxWarnings?: number
  /** Makes the CLI's usage error (exit 2). */
  usage: (reason: string) => Error
}

export async function buildToStdout(options: BatchOptions, run: StdoutRun): Promise<number> {
  const inputs = options.inputs ?? []
  if (inputs.length !== 1) throw run.usage('--out - writes one document: give one input file (or - for standard input)')
  const input = inputs[0]!
  if (input !== STDIN) {
    let isDir = false
    try {
      isDir = statSync(input).isDirectory()
    } catch {
      // A missing file is the document's own one-line error below.
    }
    if (isDir) throw run.usage(`--out - writes one document: ${input} is a folder`)
  }
  const outputs = options.outputs ?? []
  if (outputs.length !== 1 || outputs[0] === 'yaml') {
    throw run.usage('--out - writes one output: add --outputs markdown, json or pdf (YAML appendices are several files)')
  }
  if (run.reporterKind !== 'pretty') throw run.usage(`--out - uses standard output for the document: --reporter ${run.reporterKind} cannot share it`)
  if (options.shard) throw run.usage('--out - builds one document: --shard does not apply')

  const {formatMessages} = await import('./reporters.js')
  const stderr = process.stderr
  const color = stderr.isTTY === true && !process.env.NO_COLOR
  const shown = input === STDIN ? 'stdin' : input
  const rendered = await render(input, options)
  if (rendered.failure !== undefined) {
    stderr.write(`${shown}: error: ${rendered.failure}\n`)
    return 1
  }
  const {messages, bytes} = rendered.document!
  const warnings = messages.filter((m) => m.severity === 'warning').length
  const errors = messages.filter((m) => m.severity === 'error').length
  let error = rendered.document!.error
  if (!error && options.strict && warnings > 0) error = `${warnings} warning(s), a failure with --strict`
  if (!error && errors > 0) error = `${errors} error(s) from rules set to “error” in the configuration`
  if (!error && !bytes) error = `no ${outputs[0]} output`
  if (error) stderr.write(`${shown}: error: ${error}\n`)
  const keep = messages.filter((m) => m.severity === 'error' || (!run.quiet && (m.severity === 'warning' || run.changes)))
  if (keep.length > 0) stderr.write(formatMessages(shown, keep, color) + '\n')
  if (error) return 1
  await writeStdout(bytes!)
  if (run.maxWarnings !== undefined && warnings > run.maxWarnings) {
    stderr.write(`reprint: ${warnings} warning(s), more than --max-warnings ${run.maxWarnings}\n`)
    return 1
  }
  return 0
}

/**
 * The document rendered in memory: here for a small input, in a process of its own
 * with the memory limit for a large one (batch.ts renderIsolated; the same 1 MB
 * threshold as a build into a folder), so a document that runs out of memory
 * fails with one line (`failure`) and prints nothing on stdout. Standard input
 * is read to its end first (never more than --max-bytes) to know its size.
 */
async function render(input: string, options: BatchOptions): Promise<{document?: RenderedDocument; failure?: string}> {
  const {fileBytes, isLargeInput, renderIsolated} = await import('./batch.js')
  const {inputs: _i, jobs: _j, force: _f, strict: _s, extensions: _e, shard: _h, manifest: _m, onReport: _r, onProgress: _p, onStart: _o, infos: _n, ...build} = options
  let size: number
  if (input === STDIN) {
    try {
      build.stdin = readStandardInput(build.maxBytes)
    } catch (error) {
      return {failure: describeError(error)}
    }
    size = build.stdin.byteLength
  } else size = fileBytes(input)
  if (!isLargeInput(size)) return {document: await renderForStdout(input, build)}
  const pending = renderIsolated(input, build)
  // Once written to the child's pipe, this process need not keep them (up to --max-bytes) while it waits.
  build.stdin = undefined
  const {rendered, failure} = await pending
  return rendered ? {document: rendered} : {failure: failure ?? 'internal error: no result from the document\'s process'}
}

function writeStdout(bytes: Uint8Array): Promise<void> {
  return new Promise((resolve) => {
    process.stdout.write(bytes, () => resolve())
  })
}
