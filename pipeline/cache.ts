/**
 * The incremental cache. A document is skipped when its key is unchanged and
 * every artifact it wrote is still on disk with the same sha256. The key is a
 * sha256 over: the input bytes, the bytes of every sidecar beside it
 * (`<name>.*.yaml`), the build options (config and flags), reprint's version
 * and a fingerprint of the installed code, the input path and the output folder.
 *
 * Entries live in `<out>/.reprint-cache/`, one small JSON file per output
 * folder (so the cache never grows beyond the documents built). `--force`
 * ignores them.
 */
import {createHash} from 'node:crypto'
import {existsSync, readdirSync, readFileSync, rmSync, statSync} from 'node:fs'
import {basename, dirname, join, relative, resolve, sep} from 'node:path'
import {fileURLToPath} from 'node:url'
import {writeAtomic} from './atomic.js'
import {readRegularFile} from './read-file.js'
import type {BuildOptions} from './build.js'
import {VERSION} from './version.js'
import type {ArtifactRecord, DocReport, MessageRecord} from './worker.js'
import {sha256} from './worker.js'

export const CACHE_DIR = '.reprint-cache'
/** Same cap as load-yaml's MAX_YAML_BYTES (not imported: the cache must not load the YAML reader). */
const MAX_SIDECAR_BYTES = 256 * 1024

export interface CacheContext {
  /** Absolute output folder. */
  out: string
  cwd: string
  options: BuildOptions
  /** Memo: fingerprint of code + options. */
  fingerprint?: string
  /** Memo: folder listings, for sidecar lookup. */
  listings?: Map<string, string[]>
}

interface Entry {
  key: string
  document: string
  artifacts: ArtifactRecord[]
  messages: MessageRecord[]
}

/** The cache key of one input, or undefined when it cannot be read (the build reports why). */
export function cacheKey(
  context: CacheContext,
  input: {path: string; key: string}
): {key: string; inputSha256: string} | undefined {
  const path = resolve(context.cwd, input.path)
  let bytes: Buffer
  try {
    bytes = readRegularFile(path, context.options.maxBytes ?? 50 * 1024 * 1024)
    if (bytes.length === 0) return undefined
  } catch {
    return undefined
  }
  const inputSha256 = sha256(bytes)
  const sidecars = sidecarsOf(context, path).map((file) => {
    try {
      // Regular files only, capped: a FIFO named like a sidecar must not hang the build.
      return [basename(file), sha256(readRegularFile(file, MAX_SIDECAR_BYTES))]
    } catch {
      return [basename(file), 'unreadable']
    }
  })
  const key = sha256(
    JSON.stringify({
      code: fingerprint(context),
      input: relative(context.cwd, path).split(sep).join('/'),
      document: input.key,
      sha256: inputSha256,
      sidecars
    })
  )
  return {key, inputSha256}
}

/** The cached artifacts and messages of a document, when the key matches and its files are intact. */
export function cacheLookup(context: CacheContext, document: string, key: string): Entry | undefined {
  const entry = readEntry(context, document)
  if (!entry || entry.key !== key) return undefined
  for (const artifact of entry.artifacts) {
    const file = join(context.out, artifact.path)
    try {
      if (statSync(file).size !== artifact.bytes) return undefined
      if (sha256(readFileSync(file)) !== artifact.sha256) return undefined
    } catch {
      return undefined
    }
  }
  return entry
}

/**
 * Record a built document. Artifacts that the previous build of the same
 * folder wrote but this one did not (an appendix that is gone) are removed.
 */
export function cacheStore(context: CacheContext, report: DocReport, key: string): void {
  const previous = readEntry(context, report.key)
  if (previous) {
    const now = new Set(report.artifacts.map((a) => a.path))
    const requested = new Set(context.options.outputs ?? ['markdown', 'json', 'yaml', 'pdf'])
    const kept: ArtifactRecord[] = []
    for (const old of previous.artifacts) {
      if (now.has(old.path) || !old.path.startsWith(`${report.key}/`)) continue
      const file = resolve(context.out, old.path)
      if (!file.startsWith(context.out + sep)) continue
      // `--outputs markdown` after a full build keeps the JSON, YAML and PDF (still listed, while
      // intact); only what a requested kind no longer produces (an appendix that is gone) is removed.
      if (!requested.has(outputKind(old.mediaType))) {
        if (intact(file, old)) kept.push(old)
        continue
      }
      rmSync(file, {force: true})
    }
    if (kept.length > 0) report.artifacts = [...report.artifacts, ...kept].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  }
  const entry: Entry = {key, document: report.key, artifacts: report.artifacts, messages: report.messages}
  try {
    writeAtomic(entryPath(context, report.key), JSON.stringify(entry))
  } catch {
    // A cache that cannot be written only costs a rebuild next time.
  }
}

/** The `--outputs` kind that writes artifacts of a media type. */
function outputKind(mediaType: string): string {
  if (mediaType === 'text/markdown') return 'markdown'
  if (mediaType === 'application/json') return 'json'
  if (mediaType === 'application/yaml') return 'yaml'
  if (mediaType === 'application/pdf') return 'pdf'
  return mediaType
}

function intact(file: string, artifact: ArtifactRecord): boolean {
  try {
    return statSync(file).size === artifact.bytes && sha256(readFileSync(file)) === artifact.sha256
  } catch {
    return false
  }
}

function entryPath(context: CacheContext, document: string): string {
  return join(context.out, CACHE_DIR, `${sha256(document).slice(0, 32)}.json`)
}

function readEntry(context: CacheContext, document: string): Entry | undefined {
  try {
    const entry = JSON.parse(readFileSync(entryPath(context, document), 'utf8')) as Entry
    return entry.document === document && Array.isArray(entry.artifacts) ? entry : undefined
  } catch {
    return undefined
  }
}

/** Sidecars of an input: `<base>.*.yaml` / `.yml` beside it. */
function sidecarsOf(context: CacheContext, path: string): string[] {
  const dir = dirname(path)
  context.listings ??= new Map()
  let names = context.listings.get(dir)
  if (!names) {
    try {
      names = readdirSync(dir).sort()
    } catch {
      names = []
    }
    context.listings.set(dir, names)
  }
  const base = basename(path).replace(/\.txt$/i, '')
  return names.filter((n) => n.startsWith(`${base}.`) && /\.ya?ml$/i.test(n)).map((n) => join(dir, n))
}

/**
 * Everything besides the input that decides the outputs: reprint's version,
 * the installed code (the bytes of every compiled file and schema, so a
 * rebuilt or upgraded reprint never serves stale outputs; by content, since
 * every compile rewrites the files), the options, the
 * font files and SOURCE_DATE_EPOCH.
 */
function fingerprint(context: CacheContext): string {
  if (context.fingerprint) return context.fingerprint
  const {out: _out, cwd: _cwd, subdir: _subdir, ...options} = context.options
  const root = fileURLToPath(new URL('..', import.meta.url))
  const code = installedCode()
  const lock = join(root, 'package-lock.json')
  if (existsSync(lock)) code.push(`lock:${sha256(readFileSync(lock))}`)
  const fonts = Object.values(options.fonts ?? {}).map((file) => {
    try {
      const stat = statSync(file!)
      return `${file}:${stat.size}:${stat.mtimeMs}`
    } catch {
      return `${file}:missing`
    }
  })
  context.fingerprint = sha256(
    JSON.stringify({version: VERSION, code, options: canonical(options), fonts, epoch: process.env.SOURCE_DATE_EPOCH ?? null})
  )
  return context.fingerprint
}

/**
 * The installed code's identity. The compile step records it in
 * `build-id.json` (scripts/fast-start.mjs), so a run need not read and hash
 * all of dist/; without it (a plain `tsc` build) it is computed here.
 */
function installedCode(): string[] {
  try {
    const id = JSON.parse(readFileSync(new URL('./build-id.json', import.meta.url), 'utf8')) as {code?: unknown}
    if (typeof id.code === 'string') return [`code:${id.code}`]
  } catch {
    // no build id: hash the files
  }
  return [`code:${hashInstalledCode()}`]
}

/**
 * One hash of every compiled file (dist/: modules, bundles, packed data) and
 * schema, by content: every compile rewrites the files. Code caches are left
 * out (they depend on the Node that made them, not on what reprint does).
 */
export function hashInstalledCode(): string {
  const hash = createHash('sha256')
  const dist = fileURLToPath(new URL('.', import.meta.url))
  for (const folder of [dist, join(dist, '..', 'schemas')]) {
    let names: string[] = []
    try {
      names = (readdirSync(folder, {recursive: true}) as string[]).sort()
    } catch {
      // not installed with schemas: nothing to add
    }
    for (const name of names) {
      if (!/\.(c?js|json|bin)$/.test(name) || name === 'build-id.json') continue
      try {
        hash.update(`${name}\0`).update(readFileSync(join(folder, name)))
      } catch {
        // vanished meanwhile
      }
    }
  }
  return hash.digest('hex')
}

/** JSON-ready copy with object keys sorted, so equal options give equal keys. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical)
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])])
    )
  }
  return value
}
