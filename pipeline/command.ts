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
import {CLI_OPTIONS, COMMAND_FLAGS, type FlagName} from './cli-options.js'
import {VERSION} from './version.js'

const DEFAULT_MAX_BYTES = 50 * 1024 * 1024
const OUTPUTS: OutputKind[] = ['markdown', 'json', 'yaml', 'pdf', 'html', 'review']
const DATE_STYLES: DateStyle[] = ['dmy', 'mdy', 'iso', 'preserve']

const HELP = `reprint ${VERSION}: raw PDF text → clean Markdown, JSON, YAML and PDF

Usage:
  reprint build [inputs...] [options]   build files or folders (default: input/); \`-\` reads stdin
  reprint check [DIR]                   re-validate DIR/manifest.json (default: output/)
  reprint manifest [DIR]                merge shard manifests in DIR into manifest.json
  reprint watch [inputs...] [options]   build, then rebuild a document when its input or
                                        sidecars change (same options as build); Ctrl-C stops
  reprint --help | --version

Build options:
  -o, --out DIR         output folder (default: output/); \`-\` writes the one
                        output of one document to stdout
  -j, --jobs N          documents built at once on worker threads (default: cores, ${availableParallelism()} here)
  --force               rebuild documents the cache says are unchanged
  --shard I/N           build part I of N (1-based) and write manifest.I-of-N.json
  --outputs LIST        comma-separated: markdown,json,yaml,pdf,html,review
                        (default: markdown,json,yaml,pdf,html)
  --review              also write <name>.review.html, the editor's review page
  --date-style STYLE    dates in prose: dmy, mdy, iso, preserve (default: dmy)
  --page-size SIZE      PDF paper: A4 or Letter (default: A4)
  --ext LIST            extensions found in folders (default: .txt,.pdf)
  --max-bytes N         largest input in bytes (default: ${DEFAULT_MAX_BYTES})
  --encoding NAME       encoding of inputs that are not UTF-8 (default: detected);
                        a sidecar's \`encoding:\` wins for its document
  --max-pages N         longest PDF input in pages (default: 1000)
  --config FILE         configuration file (default: reprint.config.yaml, when present)

Reporting:
  --reporter NAME       pretty (default), json (one JSON object on stdout) or
                        github (GitHub Actions annotations)
  --strict              a warning is an error: the document fails and writes nothing
  --max-warnings N      exit 1 when there are more than N warnings (outputs are kept)
  --frail               exit 1 on any warning (--max-warnings 0; outputs are kept)
  --changes             also list every recorded change (info messages)
  --quiet               print only errors
  -h, --help            show this help
  -v, --version         show the version

check and manifest take --out, --reporter and --quiet.
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
    return usage(parseError(error as Error & {code?: string}))
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
    if (command === 'build' || command === 'check' || command === 'manifest' || command === 'watch') rejectUnusedFlags(command, values)
    switch (command) {
      case 'build':
        return await build(rest, values)
      case 'watch':
        watching = true
        return await build(rest, values)
      case 'check':
        return await check(rest, values)
      case 'manifest':
        return await manifest(rest, values)
      default:
        return usage(command ? `unknown command “${command}”${suggest(command, Object.keys(COMMAND_FLAGS), '')}` : 'missing command')
    }
  } catch (error) {
    if (error instanceof UsageError) return usage(error.message)
    throw error
  }
}

type Values = Record<string, string | boolean | undefined>

/** A flag the command does not read is an error, not silently ignored. */
function rejectUnusedFlags(command: keyof typeof COMMAND_FLAGS, values: Values): void {
  const allowed = COMMAND_FLAGS[command]
  const unused = Object.keys(values).filter((flag) => values[flag] !== undefined && !allowed.includes(flag as FlagName))
  if (unused.length > 0) {
    throw new UsageError(`${command} does not take ${unused.map((f) => `--${f}`).join(', ')} (it takes ${allowed.map((f) => `--${f}`).join(', ')})`)
  }
}

/** parseArgs' error in one line, with the nearest flag for a typo. */
function parseError(error: Error & {code?: string}): string {
  const unknown = /Unknown option '([^']+)'/.exec(error.message)?.[1]
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && unknown) {
    const name = unknown.replace(/^-+/, '').split('=')[0]!
    return `unknown flag “${unknown}”${suggest(name, Object.keys(CLI_OPTIONS), '--')}`
  }
  return error.message.split('. To specify')[0]!
}

/** `; did you mean --outputs?` for the closest name within a small edit distance, else ''. */
export function suggest(word: string, names: string[], prefix: string): string {
  let best: string | undefined
  let bestDistance = Infinity
  for (const name of names) {
    const d = editDistance(word.toLowerCase(), name)
    if (d < bestDistance) {
      best = name
      bestDistance = d
    }
  }
  const limit = Math.max(1, Math.min(3, Math.floor(word.length / 3)))
  return best !== undefined && bestDistance <= limit ? `; did you mean ${prefix}${best}?` : ''
}

/** Damerau–Levenshtein distance (optimal string alignment): a swap of two letters costs one. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({length: a.length + 1}, (_, i) => [i, ...new Array<number>(b.length).fill(0)])
  for (let j = 1; j <= b.length; j++) d[0]![j] = j
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1)
    }
  }
  return d[a.length]![b.length]!
}

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
  const maxWarnings = values.frail === true ? 0 : values['max-warnings'] !== undefined ? nonNegativeInt(values['max-warnings'] as string, '--max-warnings') : undefined
  if (values.frail === true && values['max-warnings'] !== undefined) throw new UsageError('--frail is --max-warnings 0: give one of them')
  const options: BatchOptions = {
    inputs: inputs.length > 0 ? inputs : ['input'],
    out: (values.out as string | undefined) ?? 'output',
    jobs: values.jobs !== undefined ? positiveInt(values.jobs as string, '--jobs') : config.jobs,
    force: values.force === true,
    strict: values.strict === true,
    shard: values.shard !== undefined ? parseShard(values.shard as string) : undefined,
    maxBytes: values['max-bytes'] !== undefined ? positiveInt(values['max-bytes'] as string, '--max-bytes') : config.maxBytes ?? DEFAULT_MAX_BYTES,
    ...(values['max-pages'] !== undefined ? {pdf: {maxPages: positiveInt(values['max-pages'] as string, '--max-pages')}} : {}),
    outputs: withReview(values.outputs !== undefined ? parseOutputs(values.outputs as string) : config.outputs ?? DEFAULT_OUTPUTS, values.review === true),
    dateStyle: oneOf(values['date-style'] as string | undefined, DATE_STYLES, '--date-style') ?? config.dateStyle,
    pageSize: oneOf(values['page-size'] as string | undefined, ['A4', 'Letter'] as const, '--page-size') ?? config.pageSize,
    fonts: config.fonts,
    stages: stageOptions(config),
    extensions: values.ext !== undefined ? parseExtensions(values.ext as string) : config.extensions ?? DEFAULT_EXTENSIONS,
    ...(values.encoding !== undefined ? {encoding: parseEncoding(values.encoding as string)} : {}),
    ...(config.rules ? {rules: config.rules} : {})
  }
  if (watching && options.out === '-') throw new UsageError('watch writes files: --out - is for build')
  if (options.out === '-') {
    const {buildToStdout} = await import('./stdout-build.js')
    return buildToStdout(options, {reporterKind, quiet: values.quiet === true, changes: values.changes === true, maxWarnings, usage: (reason) => new UsageError(reason)})
  }
  const {createReporter, summarize} = await import('./reporters.js')
  const reporter = await createReporter({kind: reporterKind, quiet: values.quiet === true, changes: values.changes === true})
  const {build: runBatch} = await import('./batch.js')
  if (watching) return (await import('./watch.js')).runWatch(options, values.quiet === true)
  const result = await runBatch({
    ...options,
    // Recorded changes are printed only with --changes (reporters.ts keep).
    infos: values.changes === true,
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
  // --max-warnings / --frail fail the exit code only: every output was written.
  const tooManyWarnings = maxWarnings !== undefined && summary.warnings > maxWarnings
  if (tooManyWarnings) reporter.error(`reprint: ${summary.warnings} warning(s), more than ${values.frail === true ? '0 (--frail)' : `--max-warnings ${maxWarnings}`}`)
  reporter.end(summary)
  return summary.failed > 0 || result.manifestError || tooManyWarnings ? 1 : 0
}

/** The folder and reporter of `check` and `manifest`: one folder (default `--out`, then `output`). */
function folderCommand(name: string, rest: string[], values: Values): {kind: 'pretty' | 'json' | 'github'; dir: string} {
  if (rest.length > 1) throw new UsageError(`${name} takes one folder`)
  const kind = oneOf(values.reporter as string | undefined, ['pretty', 'json', 'github'] as const, '--reporter') ?? 'pretty'
  return {kind, dir: rest[0] ?? (values.out as string | undefined) ?? 'output'}
}

async function check(rest: string[], values: Values): Promise<number> {
  const {kind, dir} = folderCommand('check', rest, values)
  const {checkOutput} = await import('./manifest.js')
  const result = await checkOutput(dir)
  const {reportProblems} = await import('./reporters.js')
  reportProblems({
    kind,
    quiet: values.quiet === true,
    command: 'check',
    dir,
    problems: result.problems,
    summary: {documents: result.documents, failed: result.failed ?? 0, artifacts: result.artifacts, problems: result.problems.length},
    line: `${dir}: ${result.documents} document(s), ${result.artifacts} artifact(s) checked, ${result.problems.length} problem(s)`
  })
  return result.problems.length > 0 ? 1 : 0
}

async function manifest(rest: string[], values: Values): Promise<number> {
  const {kind, dir} = folderCommand('manifest', rest, values)
  const {mergeManifests} = await import('./manifest.js')
  const result = await mergeManifests(dir)
  const {reportProblems} = await import('./reporters.js')
  reportProblems({
    kind,
    quiet: values.quiet === true,
    command: 'manifest',
    dir,
    problems: result.problems,
    summary: {parts: result.parts, documents: result.documents, problems: result.problems.length},
    line: result.path ? `${result.path}: merged ${result.parts} part(s), ${result.documents} document(s)` : undefined
  })
  return result.problems.length > 0 ? 1 : 0
}

function nonNegativeInt(value: string, flag: string): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) throw new UsageError(`${flag} takes a whole number (0 or more), not “${value}”`)
  return Number(value)
}

/** An encoding label the WHATWG decoder knows (windows-1251, iso-8859-2, shift_jis, utf-16le …). */
function parseEncoding(value: string): string {
  try {
    return new TextDecoder(value).encoding
  } catch {
    throw new UsageError(`--encoding takes an encoding name such as utf-8, windows-1252, windows-1251, iso-8859-2, shift_jis, not “${value}”`)
  }
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

/** `reprint watch` runs `build`'s option handling, then watches (watch.ts) instead of building once. */
let watching = false

/** `--review` adds the review page to whatever outputs were chosen. */
function withReview(outputs: OutputKind[], review: boolean): OutputKind[] {
  return review && !outputs.includes('review') ? [...outputs, 'review'] : outputs
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
