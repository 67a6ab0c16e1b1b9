/**
 * `reprint watch [inputs] --out DIR`: build every input once, then rebuild a
 * document whenever its input or one of its sidecars (`<name>.meta.yaml`,
 * `<name>.corrections.yaml`) changes, in this one warm process (modules,
 * word lists, fonts and compiled code stay loaded: a rebuild costs the
 * pipeline, not the start-up). One line per rebuild; Ctrl-C stops cleanly.
 *
 * Folders are watched with `fs.watch` (no polling, no dependency): a folder
 * given as input also picks up new documents. Editors that save by renaming
 * a temporary file fire events on the folder too, so the folder, not the
 * file, is watched. Changes within `DEBOUNCE_MS` are one rebuild; a change
 * during a rebuild queues one more.
 */
import {existsSync, watch as watchFolder, type FSWatcher} from 'node:fs'
import {basename, dirname, relative, resolve} from 'node:path'
import type {BatchOptions, InputFile} from './batch.js'
import {buildIsolated, discoverInputs, fileBytes, isLargeInput} from './batch.js'
import {DEFAULT_EXTENSIONS} from './config.js'

/** Editors write a file in bursts (truncate, write, rename): wait this long for quiet. */
export const DEBOUNCE_MS = 40

export interface WatchIO {
  /** One line per build (default: stdout). */
  log?: (line: string) => void
  /** Errors that are not a document's (default: stderr). */
  error?: (line: string) => void
  /** Stops the watch when aborted (the CLI aborts on SIGINT/SIGTERM). */
  signal?: AbortSignal
  /** Print only failures. */
  quiet?: boolean
}

interface Doc {
  input: InputFile
  timer?: NodeJS.Timeout
  running: boolean
  again: boolean
}

export async function watch(options: BatchOptions, io: WatchIO = {}): Promise<number> {
  const log = io.log ?? ((line: string) => process.stdout.write(line + '\n'))
  const error = io.error ?? ((line: string) => process.stderr.write(line + '\n'))
  const cwd = options.cwd ?? process.cwd()
  const out = resolve(cwd, options.out ?? 'output')
  const extensions = options.extensions ?? DEFAULT_EXTENSIONS
  const paths = options.inputs ?? ['input']
  const {buildDocument} = await import('./build.js')
  const {inputs: _i, jobs: _j, force: _f, strict = false, extensions: _e, shard: _s, manifest: _m, onReport: _r, onProgress: _p, onStart: _o, ...rest} = options
  const docs = new Map<string, Doc>()

  const rebuild = async (doc: Doc) => {
    if (doc.running) {
      doc.again = true
      return
    }
    doc.running = true
    const start = performance.now()
    const path = resolve(cwd, doc.input.path)
    const options = {...rest, out, cwd, subdir: doc.input.subdir}
    let result: {error?: string; files: number; warnings: number}
    if (isLargeInput(fileBytes(path))) {
      // A large input is rebuilt as `build` builds it: in a process of its own with the memory
      // limit (batch.ts), so one that runs out of memory fails alone and the watch goes on.
      const report = await buildIsolated({index: 0, input: path, key: doc.input.key, strict: false, options, dropInfos: true})
      result = {error: report.error, files: report.artifacts.length, warnings: report.messages.filter((m) => m.severity === 'warning').length}
    } else {
      const built = await buildDocument(path, options)
      result = {error: built.error, files: built.artifacts.length, warnings: built.file.messages.filter((m) => m.fatal === false).length}
    }
    const ms = Math.round(performance.now() - start)
    const warnings = result.warnings
    const time = new Date().toTimeString().slice(0, 8)
    if (result.error) log(`${time} ${doc.input.path}: failed: ${result.error}`)
    else if (strict && warnings > 0) log(`${time} ${doc.input.path}: failed: ${warnings} warning(s), a failure with --strict (outputs written)`)
    else if (!io.quiet) {
      const dir = relative(cwd, resolve(out, doc.input.key)) || '.'
      log(`${time} ${doc.input.path} → ${dir}/ (${result.files} files) in ${ms} ms${warnings ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}`)
    }
    doc.running = false
    if (doc.again) {
      doc.again = false
      await rebuild(doc)
    }
  }
  const schedule = (doc: Doc) => {
    clearTimeout(doc.timer)
    doc.timer = setTimeout(() => void rebuild(doc), DEBOUNCE_MS)
  }

  /** Find the inputs again (a new document in a watched folder); returns the new ones. */
  const discover = (): Doc[] => {
    const found = discoverInputs(paths, {cwd, extensions, exclude: out})
    for (const w of found.warnings) error(`reprint watch: ${w}`)
    const added: Doc[] = []
    for (const input of found.inputs) {
      const key = resolve(cwd, input.path)
      if (docs.has(key) || input.conflict) continue
      const doc: Doc = {input, running: false, again: false}
      docs.set(key, doc)
      added.push(doc)
    }
    return added
  }

  const missing = paths.filter((path) => !existsSync(resolve(cwd, path)))
  if (missing.length > 0) {
    error(`reprint watch: no such file or folder: ${missing.join(', ')}`)
    return 1
  }
  const initial = discover()
  if (initial.length === 0) {
    error(`reprint watch: no input files found (looked for ${extensions.join(', ')} in ${paths.join(', ')})`)
    return 1
  }
  for (const doc of initial) await rebuild(doc)

  // The folders to watch: each input's folder, and each folder given.
  const folders = new Set<string>()
  for (const path of paths) {
    const abs = resolve(cwd, path)
    if (!existsSync(abs)) continue
    folders.add(existsSync(abs) && !extensions.some((e) => abs.toLowerCase().endsWith(e)) ? abs : dirname(abs))
  }
  for (const key of docs.keys()) folders.add(dirname(key))
  const watchers: FSWatcher[] = []
  const onEvent = (folder: string, name: string | null) => {
    if (!name) return
    const path = resolve(folder, name)
    if (path === out || path.startsWith(out + '/')) return
    const doc = docs.get(path) ?? docs.get(ownerOf(path, extensions))
    if (doc) return schedule(doc)
    if (extensions.some((e) => name.toLowerCase().endsWith(e)) && existsSync(path)) for (const added of discover()) schedule(added)
  }
  for (const folder of folders) {
    try {
      // Recursive where the platform can (a folder input mirrors its sub-folders).
      watchers.push(watchFolder(folder, {recursive: paths.some((p) => resolve(cwd, p) === folder)}, (_event, name) => onEvent(folder, name ? String(name) : null)))
    } catch (e) {
      error(`reprint watch: cannot watch ${relative(cwd, folder) || '.'}: ${(e as Error).message}`)
    }
  }
  if (!io.quiet) log(`reprint watch: watching ${docs.size} document${docs.size === 1 ? '' : 's'} in ${[...folders].map((f) => relative(cwd, f) || '.').join(', ')}; Ctrl-C stops`)

  await new Promise<void>((done) => {
    if (io.signal?.aborted) return done()
    io.signal?.addEventListener('abort', () => done(), {once: true})
  })
  for (const w of watchers) w.close()
  for (const doc of docs.values()) clearTimeout(doc.timer)
  // Let a build under way finish: its outputs are written atomically, but the line should be printed.
  while ([...docs.values()].some((d) => d.running)) await new Promise((r) => setTimeout(r, 10))
  if (!io.quiet) log('reprint watch: stopped')
  return 0
}

/** The input a sidecar belongs to: `<dir>/<name>.meta.yaml` → `<dir>/<name>.txt` (the first extension). */
function ownerOf(path: string, extensions: string[]): string {
  const match = /^(.*)\.(meta|corrections)\.ya?ml$/i.exec(basename(path))
  if (!match) return ''
  return resolve(dirname(path), `${match[1]}${extensions[0] ?? '.txt'}`)
}

/** The CLI's `reprint watch`: runs until SIGINT (Ctrl-C) or SIGTERM, then returns 0. */
export async function runWatch(options: BatchOptions, quiet: boolean): Promise<number> {
  const stop = new AbortController()
  const onSignal = () => stop.abort()
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  try {
    return await watch(options, {signal: stop.signal, quiet})
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}
