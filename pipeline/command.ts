/**
 * reprint's command line: arguments, configuration, reporters, exit codes.
 * Exit 0 on success, 1 when a document (or a check) failed, 2 on usage errors.
 * `cli.ts` is the executable that calls `main`.
 *
 * Start-up stays cheap: this file loads only the batch driver; the pipeline,
 * ajv and the reporter's formatter are imported when a run needs them.
 */
import {availableParallelism} from 'node:os'
import {parseArgs} from 'node:util'
import type {BatchOptions, Shard} from './batch.js'
import type {OutputKind} from './build.js'
import type {DateStyle} from './emit/format-date.js'
import {CLI_OPTIONS} from './cli-options.js'
import {VERSION} from './version.js'

const DEFAULT_MAX_BYTES = 50 * 1024 * 1024
const OUTPUTS: OutputKind[] = ['markdown', 'json', 'yaml', 'pdf']
const DATE_STYLES: DateStyle[] = ['dmy', 'mdy', 'iso', 'preserve']

const HELP = `reprint ${VERSION}: raw PDF text → clean Markdown, JSON, YAML and PDF

Usage:
  reprint build [inputs...] [options]   build files or folders (default: input/)
  reprint check [DIR]                   re-validate DIR/manifest.json (default: output/)
  reprint manifest [DIR]                merge shard manifests in DIR into manifest.json
  reprint --help | --version

Build options:
  --out DIR             output folder (default: output/)
  -j, --jobs N          documents built at once on worker threads (default: cores, ${availableParallelism()} here)
  --force               rebuild documents the cache says are unchanged
  --shard I/N           build part I of N (1-based) and write manifest.I-of-N.json
  --outputs LIST        comma-separated: markdown,json,yaml,pdf (default: all four)
  --date-style STYLE    dates in prose: dmy, mdy, iso, preserve (default: dmy)
  --page-size SIZE      PDF paper: A4 or Letter (default: A4)
  --ext LIST            extensions found in folders (default: .txt,.pdf)
  --max-bytes N         largest input in bytes (default: ${DEFAULT_MAX_BYTES})
  --max-pages N         longest PDF input in pages (default: 1000)
  --config FILE         configuration file (default: reprint.config.yaml, when present)

Reporting:
  --reporter NAME       pretty (default), json (one JSON object on stdout) or
                        github (GitHub Actions annotations)
  --strict              warnings fail the document
  --changes             also list every recorded change (info messages)
  --quiet               print only errors
  -h, --help            show this help
  -v, --version         show the version

Colour only on a terminal, never with NO_COLOR set.
Exit codes: 0 success, 1 a document or check failed, 2 usage error.`

class UsageError extends Error {}

export async function main(argv: string[]): Promise<number> {
  let args
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: CLI_OPTIONS
    })
  } catch (error) {
    return usage((error as Error).message)
  }
  const {values, positionals} = args
  if (values.help) {
    process.stdout.write(HELP + '\n')
    return 0
  }
  if (values.version) {
    process.stdout.write(VERSION + '\n')
    return 0
  }
  const [command, ...rest] = positionals
  try {
    switch (command) {
      case 'build':
        return await build(rest, values)
      case 'check':
        return await check(rest, values.out)
      case 'manifest':
        return await manifest(rest, values.out)
      default:
        return usage(command ? `unknown command “${command}”` : 'missing command')
    }
  } catch (error) {
    if (error instanceof UsageError) return usage(error.message)
    throw error
  }
}

type Values = Record<string, string | boolean | undefined>

async function build(inputs: string[], values: Values): Promise<number> {
  const {loadConfig, stageOptions, ConfigError, DEFAULT_OUTPUTS, DEFAULT_EXTENSIONS} = await import('./config.js')
  let config
  try {
    config = (await loadConfig(process.cwd(), values.config as string | undefined)).config
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message)
    throw error
  }
  const reporterKind = oneOf(values.reporter as string | undefined, ['pretty', 'json', 'github'] as const, '--reporter') ?? 'pretty'
  const options: BatchOptions = {
    inputs: inputs.length > 0 ? inputs : ['input'],
    out: (values.out as string | undefined) ?? 'output',
    jobs: values.jobs !== undefined ? positiveInt(values.jobs as string, '--jobs') : config.jobs,
    force: values.force === true,
    strict: values.strict === true,
    shard: values.shard !== undefined ? parseShard(values.shard as string) : undefined,
    maxBytes: values['max-bytes'] !== undefined ? positiveInt(values['max-bytes'] as string, '--max-bytes') : config.maxBytes ?? DEFAULT_MAX_BYTES,
    ...(values['max-pages'] !== undefined ? {pdf: {maxPages: positiveInt(values['max-pages'] as string, '--max-pages')}} : {}),
    outputs: values.outputs !== undefined ? parseOutputs(values.outputs as string) : config.outputs ?? DEFAULT_OUTPUTS,
    dateStyle: oneOf(values['date-style'] as string | undefined, DATE_STYLES, '--date-style') ?? config.dateStyle,
    pageSize: oneOf(values['page-size'] as string | undefined, ['A4', 'Letter'] as const, '--page-size') ?? config.pageSize,
    fonts: config.fonts,
    stages: stageOptions(config),
    extensions: values.ext !== undefined ? parseExtensions(values.ext as string) : config.extensions ?? DEFAULT_EXTENSIONS
  }
  const {createReporter, summarize} = await import('./reporters.js')
  const reporter = await createReporter({kind: reporterKind, quiet: values.quiet === true, changes: values.changes === true})
  const {build: runBatch} = await import('./batch.js')
  const result = await runBatch({
    ...options,
    onStart: (total) => reporter.start(total),
    onProgress: (done, total) => reporter.progress(done, total),
    onReport: (report) => reporter.document(report)
  })
  for (const warning of result.warnings) reporter.notice(`${warning}`)
  if (result.documents.length === 0 && !options.shard) {
    reporter.notice(`reprint: no input files found (looked for ${options.extensions!.join(', ')} in ${options.inputs!.join(', ')})`)
    reporter.end(summarize(result.documents, result.warnings.length + 1, result.ms))
    return 1
  }
  if (result.manifestError) reporter.error(result.manifestError)
  const summary = summarize(result.documents, result.warnings.length, result.ms)
  if (result.manifestError) summary.errors++
  reporter.end(summary)
  return summary.failed > 0 || result.manifestError ? 1 : 0
}

async function check(rest: string[], out: string | undefined): Promise<number> {
  if (rest.length > 1) throw new UsageError('check takes one folder')
  const dir = rest[0] ?? out ?? 'output'
  const {checkOutput} = await import('./manifest.js')
  const result = await checkOutput(dir)
  for (const problem of result.problems) process.stderr.write(`${problem}\n`)
  process.stderr.write(
    `${dir}: ${result.documents} document(s), ${result.artifacts} artifact(s) checked, ${result.problems.length} problem(s)\n`
  )
  return result.problems.length > 0 ? 1 : 0
}

async function manifest(rest: string[], out: string | undefined): Promise<number> {
  if (rest.length > 1) throw new UsageError('manifest takes one folder')
  const dir = rest[0] ?? out ?? 'output'
  const {mergeManifests} = await import('./manifest.js')
  const result = await mergeManifests(dir)
  for (const problem of result.problems) process.stderr.write(`${problem}\n`)
  if (result.path) process.stderr.write(`${result.path}: merged ${result.parts} part(s), ${result.documents} document(s)\n`)
  return result.problems.length > 0 ? 1 : 0
}

function positiveInt(value: string, flag: string): number {
  if (!/^\d+$/.test(value) || Number(value) <= 0 || !Number.isSafeInteger(Number(value))) throw new UsageError(`${flag} takes a positive whole number, not “${value}”`)
  return Number(value)
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined
  if (!allowed.includes(value as T)) throw new UsageError(`${flag} takes one of ${allowed.join(', ')}, not “${value}”`)
  return value as T
}

function parseShard(value: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(value)
  const index = Number(match?.[1])
  const count = Number(match?.[2])
  if (!match || count < 1 || index < 1 || index > count) throw new UsageError(`--shard takes I/N with 1 ≤ I ≤ N (e.g. 2/4), not “${value}”`)
  return {index, count}
}

function parseOutputs(value: string): OutputKind[] {
  const aliases: Record<string, OutputKind> = {md: 'markdown', yml: 'yaml'}
  const list = value.split(',').map((v) => v.trim()).filter(Boolean).map((v) => aliases[v] ?? v)
  const unknown = list.filter((v) => !OUTPUTS.includes(v as OutputKind))
  if (list.length === 0 || unknown.length > 0) throw new UsageError(`--outputs takes a comma-separated list of ${OUTPUTS.join(', ')}${unknown.length ? `, not “${unknown.join(', ')}”` : ''}`)
  return [...new Set(list as OutputKind[])]
}

function parseExtensions(value: string): string[] {
  const list = value.split(',').map((v) => v.trim()).filter(Boolean).map((v) => (v.startsWith('.') ? v : `.${v}`))
  if (list.length === 0) throw new UsageError('--ext takes a comma-separated list of extensions, e.g. .txt,.text')
  return list
}

function usage(reason: string): number {
  process.stderr.write(`reprint: ${reason}\nTry 'reprint --help'.\n`)
  return 2
}
