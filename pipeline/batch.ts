/**
 * Batch builds: find the inputs, skip documents whose inputs did not change
 * (cache.ts), build the rest on a pool of worker threads, write the manifest,
 * and hand back one report per document in input order, whatever order the
 * workers finished in.
 *
 * Heavy modules (the processor, the writers, ajv) are imported only when a
 * document has to be built, so a run where everything is cached stays cheap.
 */
import {readdirSync, realpathSync, statSync} from 'node:fs'
import {availableParallelism} from 'node:os'
import {join, relative, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'
import {Worker} from 'node:worker_threads'
import type {BuildOptions} from './build.js'
import {removeTemporariesOf} from './atomic.js'
import {cacheKey, cacheLookup, cacheStore, type CacheContext} from './cache.js'
import {DEFAULT_EXTENSIONS} from './config.js'
import type {DocReport, RenderedDocument, RenderRequest, Task} from './worker.js'
import {sha256} from './worker.js'

export type {DocReport, ArtifactRecord, MessageRecord} from './worker.js'

export interface InputFile {
  /** The path as given or found (joined onto the folder given), for messages. */
  path: string
  /** Folder under `--out` holding the document's folder (`''` for inputs given as files or at the top of a folder). */
  subdir: string
  /** The document's output folder relative to `--out`: `<subdir>/<name>`. */
  key: string
  /** When set, another input already writes to `key`: this one fails with this reason. */
  conflict?: string
}

export interface Shard {
  /** 1-based part number. */
  index: number
  count: number
}

export interface BatchOptions extends Omit<BuildOptions, 'subdir'> {
  /** Files and folders; default `['input']`. */
  inputs?: string[]
  /** Worker threads; default the number of cores. */
  jobs?: number
  /** Rebuild even when the cache says a document is unchanged. */
  force?: boolean
  /** Warnings fail the document. */
  strict?: boolean
  /** Extensions found in folders; default `['.txt', '.pdf']`. */
  extensions?: string[]
  /** Build only this deterministic part of the inputs and write a manifest part. */
  shard?: Shard
  /** Write `manifest.json` (or the shard's part). Default true. */
  manifest?: boolean
  /** Called once per document, in input order. */
  onReport?: (report: DocReport) => void
  /** Called as documents finish, in any order. */
  onProgress?: (done: number, total: number) => void
  /** Called once the inputs are known. */
  onStart?: (total: number) => void
  /**
   * Keep info messages (recorded changes) in the reports; default true. The
   * CLI asks for them only with --changes: a large document records hundreds
   * of thousands, and its process then need not send them (they stay in its
   * JSON's diagnostics and in the cache).
   */
  infos?: boolean
}

export interface BatchResult {
  documents: DocReport[]
  /** Problems found while looking for inputs (symlink loops, unreadable folders); not fatal. */
  warnings: string[]
  /** Path of the manifest written, if any. */
  manifest?: string
  /** One-line reason when the manifest could not be written (the build then failed). */
  manifestError?: string
  ms: number
}

/** Build every input; see `BatchOptions`. The typed library entry point. */
export async function build(options: BatchOptions = {}): Promise<BatchResult> {
  const start = performance.now()
  const cwd = options.cwd ?? process.cwd()
  const out = resolve(cwd, options.out ?? 'output')
  const found = discoverInputs(options.inputs ?? ['input'], {
    cwd,
    extensions: options.extensions ?? DEFAULT_EXTENSIONS,
    exclude: out
  })
  const inputs = options.shard ? selectShard(found.inputs, options.shard) : found.inputs
  options.onStart?.(inputs.length)

  const {inputs: _inputs, jobs: _jobs, force, strict = false, extensions: _e, shard: _s, manifest: _m, onReport, onProgress, onStart: _o, infos = true, ...rest} = options
  const buildOptions: BuildOptions = {...rest, out, cwd}
  const context: CacheContext = {out, cwd, options: buildOptions}

  const reports: Array<DocReport | undefined> = new Array(inputs.length)
  let next = 0
  let done = 0
  const finish = (report: DocReport) => {
    if (!infos) report.messages = report.messages.filter((m) => m.severity !== 'info')
    reports[report.index] = report
    onProgress?.(++done, inputs.length)
    // Not `onReport?.(reports[next++])`: an optional call skips its arguments, and `next` would never move.
    while (next < inputs.length && reports[next]) {
      const report = reports[next++]!
      onReport?.(report)
    }
  }

  const tasks: Task[] = []
  for (let index = 0; index < inputs.length; index++) {
    const input = inputs[index]!
    if (input.conflict) {
      finish(failedReport({index, input: input.path, key: input.key}, input.conflict))
      continue
    }
    // Standard input (`-`) is read once, by the build: never cached.
    const key = input.path === '-' ? undefined : cacheKey(context, input)
    if (key && !force) {
      const hit = cacheLookup(context, input.key, key.key)
      if (hit) {
        const warnings = hit.messages.filter((m: {severity: string}) => m.severity === 'warning').length
        const failed = strict && warnings > 0
        finish({
          index,
          input: input.path,
          key: input.key,
          status: failed ? 'failed' : 'cached',
          artifacts: failed ? [] : hit.artifacts,
          messages: hit.messages,
          sha256: key.inputSha256,
          ...(failed ? {error: `${warnings} warning(s), a failure with --strict`} : {}),
          ms: 0
        })
        continue
      }
    }
    const options: BuildOptions = {...buildOptions, subdir: input.subdir}
    if (input.path === '-') {
      // Standard input is read to its end first (never more than --max-bytes), here, so that
      // its size is known: a large one is built in a process of its own like a large file.
      const {readStandardInput, describeError} = await import('./build.js')
      try {
        options.stdin = readStandardInput(options.maxBytes)
      } catch (error) {
        finish(failedReport({index, input: input.path, key: input.key}, describeError(error)))
        continue
      }
    }
    tasks.push({index, input: input.path, key: input.key, strict, options, cacheKey: key?.key, dropInfos: !infos})
  }

  const jobs = Math.max(1, options.jobs ?? availableParallelism())
  const keys = new Map(tasks.map((t) => [t.index, t.cacheKey]))
  await runPool(tasks, jobs, (report, stored) => {
    const key = keys.get(report.index)
    if (report.status === 'built' && key && !stored) cacheStore(context, report, key)
    finish(report)
  })

  const documents = reports as DocReport[]
  let manifest: string | undefined
  let manifestError: string | undefined
  if (options.manifest !== false) {
    const {writeManifest, manifestName} = await import('./manifest.js')
    try {
      manifest = writeManifest(out, documents, options.shard, cwd)
    } catch (error) {
      const e = error as NodeJS.ErrnoException
      const reason = e.code === 'EACCES' || e.code === 'EPERM' ? 'permission denied' : e.code ?? e.message
      manifestError = `${join(options.out ?? 'output', manifestName(options.shard))}: cannot write the manifest: ${reason}`
    }
  }
  return {documents, warnings: found.warnings, manifest, manifestError, ms: performance.now() - start}
}

/**
 * Files and folders → the documents to build, in a stable order: arguments
 * in the order given, folder entries sorted by code point, recursively.
 * Hidden entries are skipped; a file reached twice (through links) is built
 * once; symlink loops are reported and skipped. Inputs found in sub-folders
 * keep their relative folder under `--out`, so equal names never collide.
 */
export function discoverInputs(
  paths: string[],
  options: {cwd?: string; extensions?: string[]; exclude?: string} = {}
): {inputs: InputFile[]; warnings: string[]} {
  const cwd = options.cwd ?? process.cwd()
  const extensions = (options.extensions ?? DEFAULT_EXTENSIONS).map((e) => e.toLowerCase())
  const inputs: InputFile[] = []
  const warnings: string[] = []
  const seenFiles = new Set<string>()
  const seenDirs = new Set<string>()
  const owners = new Map<string, string>()
  const at = (path: string) => resolve(cwd, path)

  const add = (path: string, subdir: string) => {
    let real: string
    try {
      real = realpathSync(at(path))
    } catch {
      real = at(path)
    }
    if (seenFiles.has(real)) return
    seenFiles.add(real)
    const name = documentName(path)
    const key = subdir ? `${subdir}/${name}` : name
    const input: InputFile = {path, subdir, key}
    const owner = owners.get(key)
    if (isReserved(key)) input.conflict = `output folder “${key.split('/')[0]}” would take a name reprint writes at the top of the output folder (${RESERVED_NAMES}); rename the input`
    else if (owner) input.conflict = `same output folder “${key}” as ${owner}; rename one of them or build them separately`
    else owners.set(key, path)
    inputs.push(input)
  }

  const walk = (dir: string, subdir: string, ancestors: string[]) => {
    let entries
    try {
      entries = readdirSync(at(dir), {withFileTypes: true})
    } catch (error) {
      warnings.push(`${dir}: cannot read folder (${(error as NodeJS.ErrnoException).code ?? 'error'}), skipped`)
      return
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue
      const child = join(dir, entry.name)
      let isDir = entry.isDirectory()
      let isFile = entry.isFile()
      if (entry.isSymbolicLink()) {
        try {
          const stat = statSync(at(child))
          isDir = stat.isDirectory()
          isFile = stat.isFile()
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code
          warnings.push(`${child}: ${code === 'ELOOP' ? 'symlink loop' : 'broken symlink'}, skipped`)
          continue
        }
      }
      if (isDir) {
        const real = realpathSync(at(child))
        if (ancestors.includes(real)) {
          warnings.push(`${child}: symlink loop (leads back to ${relative(cwd, real) || '.'}), skipped`)
          continue
        }
        if (real === options.exclude || seenDirs.has(real)) continue
        seenDirs.add(real)
        walk(child, subdir ? `${subdir}/${entry.name}` : entry.name, [...ancestors, real])
      } else if (isFile && extensions.some((ext) => entry.name.toLowerCase().endsWith(ext))) {
        add(child, subdir)
      }
    }
  }

  for (const path of paths) {
    let isDir = false
    try {
      isDir = statSync(at(path)).isDirectory()
    } catch {
      // A missing or unreadable file: the build reports it on its own line.
    }
    if (!isDir) {
      add(path, '')
      continue
    }
    const real = realpathSync(at(path))
    seenDirs.add(real)
    walk(path, '', [real])
  }
  return {inputs, warnings}
}

/** What reprint writes at the top of `--out`, besides document folders. */
const RESERVED_NAMES = 'manifest.json, manifest.<i>-of-<n>.json, .reprint-cache, .reprint-lock'

/** A document folder whose first segment is one of the names above (any case: some file systems ignore it). */
function isReserved(key: string): boolean {
  const top = key.split('/')[0]!.toLowerCase()
  return /^manifest(?:\.\d+-of-\d+)?\.json$/.test(top) || top === '.reprint-cache' || top === '.reprint-lock'
}

/** Same rule as build.ts `documentName` (kept here so discovery does not load the pipeline). */
function documentName(input: string): string {
  if (input === '-') return 'stdin'
  const base = input.split(/[\\/]/).pop() ?? input
  const name = base
    .replace(/\.(?:txt|pdf)$/i, '')
    .replace(/[\u0000-\u001f\u007f]/g, '_')
    .replace(/^\./, '_')
  return name || '_'
}

/**
 * The inputs of part `index` of `count`: chosen by a hash of each document's
 * output folder, so a part does not change when other documents are added.
 */
export function selectShard<T extends {key: string}>(inputs: T[], shard: Shard): T[] {
  return inputs.filter((input) => Number.parseInt(sha256(input.key).slice(0, 8), 16) % shard.count === shard.index - 1)
}

/**
 * Run tasks on `jobs` worker threads (in this thread when one job or one task).
 * `stored` in a report's callback: its cache entry is written already (by a large document's process).
 */
type OnDone = (report: DocReport, stored?: boolean) => void

async function runPool(tasks: Task[], jobs: number, onDone: OnDone): Promise<void> {
  if (tasks.length === 0) return
  if (jobs <= 1 || tasks.length === 1) {
    const {runTask} = await import('./worker.js')
    for (const task of tasks) {
      // A large input runs in a process of its own with a memory limit even alone: if it runs
      // out of memory, it fails by itself with a one-line error (in this thread, V8 would
      // abort the whole process with a native trace and no manifest).
      if (isLargeInput(taskBytes(task))) await runIsolated(task, onDone)
      else onDone(await runTask(task))
    }
    return
  }
  // The executable is also the workers' entry: they start from the bundle too.
  const script = new URL('./cli.js', import.meta.url)
  let next = 0
  const lane = (): Promise<void> =>
    new Promise<void>((resolveLane) => {
      let current: Task | undefined
      let reason = 'worker stopped'
      const worker = new Worker(script, {workerData: {reprintWorker: true}, resourceLimits: workerLimits()})
      const feed = () => {
        current = tasks[next++]
        // A large input runs in a process of its own, as in a one-document build (runIsolated:
        // past its heap limit a worker thread can abort the whole process); this lane waits for it.
        if (current && isLargeInput(taskBytes(current))) {
          const task = current
          current = undefined
          void runIsolated(task, onDone).then(feed)
        } else if (current) worker.postMessage(current)
        else void worker.terminate()
      }
      worker.on('message', (report: DocReport) => {
        current = undefined
        onDone(report)
        feed()
      })
      worker.on('error', (error) => {
        reason = workerFailure(error)
      })
      // A worker that dies (out of memory, a crash) fails its document only;
      // a fresh worker takes over the rest of this lane.
      worker.on('exit', () => {
        if (!current) return resolveLane()
        onDone(failedReport(current, reason.startsWith('out of memory') ? reason : `internal error: ${reason}`))
        void lane().then(resolveLane)
      })
      feed()
    })
  await Promise.all(Array.from({length: Math.min(jobs, tasks.length)}, lane))
}

/** The report of a document that failed before (or without) a report of its own. */
function failedReport(task: Pick<Task, 'index' | 'input' | 'key'>, error: string | undefined): DocReport {
  return {index: task.index, input: task.input, key: task.key, status: 'failed', artifacts: [], messages: [], error, ms: 0}
}

/** Inputs above this size (1 MB) run in a process of their own with a memory limit, also in a one-document build. */
const LARGE_INPUT_BYTES = 1024 * 1024

/**
 * Heap limit (V8's old generation) of a large document's process, in MB:
 * REPRINT_MEMORY_MB, else 1536. Chosen from the measured peak RSS of that
 * process (bench/memory.mjs: rss-hook.mjs writes the child's own peak,
 * tree-rss.mjs samples parent and child together). The child's RSS is the
 * heap V8 commits, which grows to the limit, plus about 150-200 MB (code, the
 * input's bytes, buffers outside the heap); the parent waiting for it holds
 * about 50 MB. A 50 MB document of the corpus repeated, with every output:
 * child 1674-1757 MB, both together at once 1726-1809 MB, built in 5 runs of
 * 5 (its live heap peaks near 900 MB). With 1280 MB the same document ran out of memory (V8
 * gives up when collections near the limit free too little), and a worker
 * thread at 1280 MB sometimes aborted the whole process instead of failing.
 * Worker threads for small documents in a pool keep the same limit.
 * A document that needs more fails alone.
 */
function memoryLimitMb(): number {
  const env = Number(process.env.REPRINT_MEMORY_MB)
  return Number.isInteger(env) && env >= 64 ? env : 1536
}

function workerLimits(): {maxOldGenerationSizeMb: number} {
  return {maxOldGenerationSizeMb: memoryLimitMb()}
}

/** The one-line failure of a document that ran past the heap limit. */
function outOfMemory(limitMb: number): string {
  return `out of memory: the document needs more than ${limitMb} MB (set REPRINT_MEMORY_MB to allow more, or split the document)`
}

function workerFailure(error: Error): string {
  if ((error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return outOfMemory(memoryLimitMb())
  }
  return error.message.split('\n')[0] ?? 'worker stopped'
}

/** A task's input size: standard input's bytes, read already, or the file's size. */
function taskBytes(task: Task): number {
  return task.options.stdin ? task.options.stdin.byteLength : fileBytes(task.input)
}

/** The size of a file input in bytes (0 when it cannot be read: the build then says why). */
export function fileBytes(path: string): number {
  try {
    return statSync(path).size
  } catch {
    return 0
  }
}

/**
 * Run one task in its own process with the memory limit (V8's
 * --max-old-space-size). Not a worker thread: a worker's resourceLimits are
 * best effort, and some allocations that cross the limit abort the whole
 * process with V8's native trace instead of ending the worker
 * (nodejs/node#47224; seen here on a 50 MB document, one run in four). An
 * operating-system process is a wall: whatever ends the child (V8's abort
 * past its heap limit, the kernel's OOM killer, a signal) takes only its
 * document with it. The report says why in one line (V8's trace is not passed
 * on), the manifest lists the document as failed, and what the child staged
 * is removed (it is never renamed over the previous build's files).
 */
function runIsolated(task: Task, onDone: OnDone): Promise<void> {
  return inTurn(() => runChild(task, onDone))
}

/**
 * Large documents take turns, one process at a time, whatever --jobs says: each may
 * use up to the heap limit (about 1.7 GB of memory at 50 MB), so two at once would
 * double the peak. Small documents go on building in the other lanes meanwhile.
 */
let isolatedTurn: Promise<void> = Promise.resolve()

/** Run `start` once the large documents before it are done; the next one waits for it. */
function inTurn<T>(start: () => Promise<T>): Promise<T> {
  const run = isolatedTurn.then(start)
  isolatedTurn = run.then(() => undefined, () => undefined)
  return run
}

function runChild(task: Task, onDone: OnDone): Promise<void> {
  // Standard input's bytes go to the child on its own standard input, not in the task.
  const {stdin, ...options} = task.options
  // Once written to the child's pipe, this process need not keep them (up to --max-bytes) while it waits.
  task.options.stdin = undefined
  return runInChild({...task, options}, stdin).then((end) => {
    if (end.message) return onDone(end.message as DocReport, true)
    // Nothing of a failed document stays: what the child staged before it ended goes too.
    if (end.pid) removeTemporariesOf(resolve(task.options.out ?? 'output', task.key), end.pid)
    onDone(failedReport(task, end.failure))
  })
}

/** How a child process ended: its one message back, or why there is none in one line. */
interface ChildEnd {
  message?: unknown
  failure?: string
  pid?: number
}

/**
 * Start reprint's executable as a child process with the heap limit, send it
 * `request` (worker.ts serveProcessTask), and wait for it to end. `stdin`, when
 * given, is written to the child's standard input: a document read from
 * reprint's own standard input (`reprint build -`) is read there again,
 * as by a process given that pipe (no temporary file to remove).
 */
function runInChild(request: object, stdin?: Uint8Array): Promise<ChildEnd> {
  // Speed: node:child_process (and net, dgram, tty it loads) only for a document that gets a
  // process of its own; imported at the top it took ~3 ms of every short run (Node's module
  // compilation, cpu-prof of doc1/raw-mutool, 8 runs: 11.0 against base 8.0 ms). Not import():
  // the bundle is compiled without a dynamic import callback (load-bundle.ts).
  const {fork} = process.getBuiltinModule('node:child_process')
  return new Promise<ChildEnd>((resolveRun) => {
    let stderr = ''
    const limit = memoryLimitMb()
    const child = fork(fileURLToPath(new URL('./cli.js', import.meta.url)), [], {
      // This process's flags carry over (a --import hook, --trace-gc), except a heap limit and a
      // debugger port of its own: the child gets its limit, and two processes cannot share a port.
      execArgv: [...process.execArgv.filter((a) => !/^--(?:max-old-space-size|inspect)/.test(a)), `--max-old-space-size=${limit}`],
      env: {...process.env, REPRINT_CHILD: '1', REPRINT_TIERING: 'long'},
      serialization: 'advanced',
      stdio: [stdin ? 'pipe' : 'ignore', 'inherit', 'pipe', 'ipc']
    })
    if (stdin && child.stdin) {
      // A child that dies before it has read everything closes the pipe (EPIPE): its end says why.
      child.stdin.on('error', () => undefined)
      child.stdin.end(stdin)
    }
    child.stderr?.setEncoding('utf8')
    child.stderr?.on('data', (chunk: string) => {
      // Only the end matters (the reason it stopped); keep it bounded.
      stderr = (stderr + chunk).slice(-65_536)
    })
    // The message is handed on once the child has ended, not when it arrives: what the parent
    // then does with it (the cache entry, the manifest, the messages printed) takes memory
    // of its own, best spent after the child's has been returned.
    let message: unknown
    child.on('message', (m: unknown) => {
      message = m
    })
    let settled = false
    child.on('error', (error) => {
      stderr += `\n${error.message}`
      // A process that could not start (EAGAIN, ENOMEM) never closes: fail the document now.
      if (child.pid === undefined && !settled) {
        settled = true
        resolveRun({failure: `internal error: cannot start the document's process: ${error.message.split('\n')[0]}`})
      }
    })
    // 'close', not 'exit': it comes once the IPC channel and stderr are read to their end too.
    child.on('close', (code, signal) => {
      if (settled) return
      settled = true
      resolveRun(message !== undefined ? {message, pid: child.pid} : {failure: childFailure(stderr, code, signal, limit), pid: child.pid})
    })
    child.send(request, (error) => {
      if (error) stderr += `\n${error.message}`
    })
  })
}

/**
 * One document built and written in a process of its own (the memory limit, a
 * turn among large documents), for callers outside the batch pool: `reprint
 * watch` rebuilding a large input. The report says why in one line when the
 * process died.
 */
export function buildIsolated(task: Task): Promise<DocReport> {
  return new Promise<DocReport>((done) => {
    void runIsolated(task, (report) => done(report))
  })
}

/**
 * One document rendered (not written) in a process of its own, for `--out -`:
 * the process sends back its one output's bytes and its messages, and the
 * caller prints them only if it succeeded, so a process that dies prints
 * nothing on stdout. `failure` is the one-line reason when it died.
 */
export function renderIsolated(input: string, options: BuildOptions): Promise<{rendered?: RenderedDocument; failure?: string}> {
  const {stdin, ...rest} = options
  return inTurn(() => runInChild({kind: 'render', input, options: rest} satisfies RenderRequest, stdin)).then((end) => (end.message ? {rendered: end.message as RenderedDocument} : {failure: end.failure}))
}

/** Whether an input of `bytes` bytes is built in a process of its own. */
export function isLargeInput(bytes: number): boolean {
  return bytes > LARGE_INPUT_BYTES
}

/** Why a document's process ended without a report, in one line. */
function childFailure(stderr: string, code: number | null, signal: NodeJS.Signals | null, limitMb: number): string {
  if (/heap out of memory|Reached heap limit|Allocation failed/i.test(stderr)) {
    return outOfMemory(limitMb)
  }
  // SIGKILL from no one in reprint: most often the kernel's OOM killer.
  if (signal === 'SIGKILL') return `out of memory or killed: the document's process was stopped by SIGKILL (the system may be short of memory; set REPRINT_MEMORY_MB lower, or split the document)`
  const last = stderr.trim().split('\n').filter((l) => l.trim() !== '').at(-1)?.trim()
  const how = signal ? `signal ${signal}` : `exit code ${code}`
  return `internal error: the document's process stopped (${how})${last ? `: ${last.slice(0, 200)}` : ''}`
}
