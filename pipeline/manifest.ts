/**
 * The build manifest: `<out>/manifest.json` lists every document and artifact
 * (byte size, sha256, media type, schema id) and reprint's version. A sharded
 * build writes its own part, `manifest.<i>-of-<n>.json`; `mergeManifests`
 * joins the parts; `checkOutput` re-validates every artifact against its hash
 * and its schema. Deterministic: no times, sorted by output folder.
 */
import {existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync} from 'node:fs'
import {isAbsolute, join, relative, resolve, sep} from 'node:path'
import {writeAtomic} from './atomic.js'
import type {Shard} from './batch.js'
import {VERSION} from './version.js'
import type {ArtifactRecord, DocReport} from './worker.js'
import {sha256} from './worker.js'

export const MANIFEST = 'manifest.json'
export const MANIFEST_SCHEMA_ID = 'https://reprint.dev/schemas/manifest.schema.json'
const PART_RE = /^manifest\.(\d+)-of-(\d+)\.json$/

export interface ManifestDocument {
  input: string
  path: string
  sha256: string
  warnings: number
  artifacts: ArtifactRecord[]
}

export interface Manifest {
  $schema: typeof MANIFEST_SCHEMA_ID
  reprint: {version: string}
  shard?: Shard
  documents: ManifestDocument[]
  failed: {input: string; path: string; error: string}[]
}

export function manifestName(shard?: Shard): string {
  return shard ? `manifest.${shard.index}-of-${shard.count}.json` : MANIFEST
}

/** Write the manifest (or the shard's part) for a batch; returns its path. */
export function writeManifest(out: string, reports: DocReport[], shard?: Shard, cwd = process.cwd()): string {
  const posix = (path: string) => relative(cwd, resolve(cwd, path)).split(sep).join('/')
  const manifest: Manifest = {
    $schema: MANIFEST_SCHEMA_ID,
    reprint: {version: VERSION},
    ...(shard ? {shard} : {}),
    documents: reports
      .filter((r) => r.status !== 'failed')
      .map((r) => ({
        input: posix(r.input),
        path: r.key,
        sha256: r.sha256 ?? '',
        warnings: r.messages.filter((m) => m.severity === 'warning').length,
        artifacts: [...r.artifacts].sort((a, b) => compare(a.path, b.path))
      })),
    failed: reports.filter((r) => r.status === 'failed').map((r) => ({input: posix(r.input), path: r.key, error: r.error ?? 'failed'}))
  }
  const path = join(out, manifestName(shard))
  // Builds into one folder one document at a time (or at the same time) add up:
  // the manifest describes every document in the folder, so it is updated under
  // a lock, not overwritten. A shard's part describes only its own run.
  withLock(out, () => {
    if (!shard) keepEarlierDocuments(manifest, path, out)
    sortManifest(manifest)
    writeAtomic(path, JSON.stringify(manifest, null, 2) + '\n')
  })
  return path
}

/**
 * Add the documents of the manifest already in the folder that this build did
 * not touch, while their folder is still there. A manifest of another reprint
 * version, or one that does not parse, is replaced (its records cannot be vouched for).
 */
function keepEarlierDocuments(manifest: Manifest, path: string, out: string): void {
  let earlier: Manifest
  try {
    earlier = JSON.parse(readFileSync(path, 'utf8')) as Manifest
  } catch {
    return
  }
  if (!earlier || earlier.$schema !== MANIFEST_SCHEMA_ID || earlier.reprint?.version !== VERSION) return
  if (!Array.isArray(earlier.documents) || !Array.isArray(earlier.failed)) return
  const current = new Set([...manifest.documents, ...manifest.failed].map((d) => d.path))
  const present = (doc: {path: unknown}) => typeof doc.path === 'string' && !current.has(doc.path) && existsSync(join(out, doc.path))
  for (const doc of earlier.documents) if (present(doc)) manifest.documents.push(doc)
  for (const doc of earlier.failed) if (typeof doc.path === 'string' && !current.has(doc.path)) manifest.failed.push(doc)
}

export const LOCK = '.reprint-lock'

/**
 * Run `fn` holding `<out>/.reprint-lock` (created exclusively, holding our
 * pid). A lock whose process is gone is taken over; a live one is waited for
 * (up to a minute, then the build says so).
 */
export function withLock<T>(out: string, fn: () => T): T {
  const lock = join(out, LOCK)
  mkdirSync(out, {recursive: true})
  const deadline = Date.now() + 60_000
  for (;;) {
    try {
      writeFileSync(lock, String(process.pid), {flag: 'wx'})
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      let owner = NaN
      try {
        owner = Number(readFileSync(lock, 'utf8'))
      } catch {
        continue // released meanwhile
      }
      if (!Number.isInteger(owner) || owner <= 0 || !running(owner)) {
        removeLock(lock)
        continue
      }
      if (Date.now() > deadline) throw new Error(`${lock} is held by process ${owner} (another reprint build into this folder)`)
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 25)
    }
  }
  try {
    return fn()
  } finally {
    removeLock(lock)
  }
}

/**
 * Remove the lock file, gone or not. (unlinkSync, not rmSync: Node 20's rmSync loads its
 * rimraf module on first use, ~0.4 ms of a one-document build's CPU.)
 */
function removeLock(lock: string): void {
  try {
    unlinkSync(lock)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
}

function running(pid: number): boolean {
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function sortManifest(manifest: Manifest): void {
  manifest.documents.sort((a, b) => compare(a.path, b.path) || compare(a.input, b.input))
  manifest.failed.sort((a, b) => compare(a.path, b.path) || compare(a.input, b.input))
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * Join the shard parts found in `dir` into `manifest.json`. Every part 1..n
 * of one count must be there, from the same reprint version, with no
 * document in two parts. Returns the problems (empty on success).
 */
export async function mergeManifests(dir: string): Promise<{problems: string[]; path?: string; parts: number; documents: number}> {
  schemas ??= await import('./schemas.js')
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch (error) {
    return {problems: [`${dir}: cannot read folder (${(error as NodeJS.ErrnoException).code ?? 'error'})`], parts: 0, documents: 0}
  }
  const parts = names.filter((n) => PART_RE.test(n)).sort()
  if (parts.length === 0) return {problems: [`${dir}: no manifest parts (manifest.<i>-of-<n>.json) to merge`], parts: 0, documents: 0}
  const problems: string[] = []
  const counts = new Set<number>()
  const seen = new Set<number>()
  const merged: Manifest = {$schema: MANIFEST_SCHEMA_ID, reprint: {version: VERSION}, documents: [], failed: []}
  const versions = new Set<string>()
  for (const name of parts) {
    const [, i, n] = PART_RE.exec(name)!
    counts.add(Number(n))
    seen.add(Number(i))
    const part = readManifest(join(dir, name), problems)
    if (!part) continue
    versions.add(part.reprint.version)
    merged.documents.push(...part.documents)
    merged.failed.push(...part.failed)
  }
  if (counts.size > 1) problems.push(`${dir}: parts of different shard counts (${[...counts].join(', ')})`)
  const count = Math.max(...counts)
  const missing = Array.from({length: count}, (_, k) => k + 1).filter((k) => !seen.has(k))
  if (missing.length > 0) problems.push(`${dir}: missing manifest part(s) ${missing.map((k) => `${k}-of-${count}`).join(', ')}`)
  if (versions.size > 1) problems.push(`${dir}: parts from different reprint versions (${[...versions].join(', ')})`)
  const paths = new Set<string>()
  for (const doc of merged.documents) {
    if (paths.has(doc.path)) problems.push(`${dir}: document “${doc.path}” is in more than one part`)
    paths.add(doc.path)
  }
  if (problems.length > 0) return {problems, parts: parts.length, documents: merged.documents.length}
  merged.reprint.version = [...versions][0] ?? VERSION
  sortManifest(merged)
  const path = join(dir, MANIFEST)
  writeAtomic(path, JSON.stringify(merged, null, 2) + '\n')
  return {problems, path, parts: parts.length, documents: merged.documents.length}
}

function readManifest(path: string, problems: string[]): Manifest | undefined {
  let data: unknown
  try {
    data = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    problems.push(`${path}: not valid JSON (${(error as Error).message.split('\n')[0]})`)
    return undefined
  }
  return checkManifestShape(path, data, problems) ? (data as Manifest) : undefined
}

function checkManifestShape(path: string, data: unknown, problems: string[]): boolean {
  const problem = schemaCheck('manifest', data)
  if (problem) problems.push(`${path}: does not match manifest.schema.json: ${problem}`)
  return !problem
}

// ajv is loaded on first use only: a build that writes a manifest does not need it.
let schemas: typeof import('./schemas.js') | undefined
function schemaCheck(name: string, data: unknown): string | undefined {
  return schemas!.check(name as Parameters<typeof import('./schemas.js').check>[0], data)
}

/**
 * Re-validate a built output folder: the manifest against its schema, and
 * every artifact's size and sha256, and its content against its schema.
 * Returns one line per problem (empty when everything matches).
 */
export async function checkOutput(dir: string): Promise<{problems: string[]; documents: number; artifacts: number; failed?: number}> {
  schemas ??= await import('./schemas.js')
  const problems: string[] = []
  const path = join(dir, MANIFEST)
  if (!existsSync(path)) {
    const hasParts = existsSync(dir) && readdirSync(dir).some((n) => PART_RE.test(n))
    problems.push(`${path}: no manifest${hasParts ? ' (shard parts found: run `reprint manifest` first)' : ' (run `reprint build` first)'}`)
    return {problems, documents: 0, artifacts: 0}
  }
  const manifest = readManifest(path, problems)
  if (!manifest) return {problems, documents: 0, artifacts: 0}
  if (manifest.reprint.version !== VERSION) problems.push(`${path}: built by reprint ${manifest.reprint.version}, this is ${VERSION}`)
  const {parse: parseYaml} = await import('yaml')
  const root = resolve(dir)
  let artifacts = 0
  for (const doc of manifest.documents) {
    for (const artifact of doc.artifacts) {
      artifacts++
      const file = resolve(root, artifact.path)
      const rel = relative(root, file)
      const shown = join(dir, artifact.path)
      if (rel.startsWith('..') || isAbsolute(rel)) {
        problems.push(`${shown}: path leaves the output folder`)
        continue
      }
      let bytes: Buffer
      try {
        bytes = readFileSync(file)
      } catch (error) {
        problems.push(`${shown}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'unreadable'}`)
        continue
      }
      if (bytes.byteLength !== artifact.bytes) {
        problems.push(`${shown}: size ${bytes.byteLength} bytes, manifest says ${artifact.bytes}`)
        continue
      }
      if (sha256(bytes) !== artifact.sha256) {
        problems.push(`${shown}: sha256 does not match the manifest`)
        continue
      }
      if (!artifact.schema) continue
      const name = /^https:\/\/reprint\.dev\/schemas\/([a-z-]+)\.schema\.json$/.exec(artifact.schema)?.[1]
      if (!name || !existsSync(new URL(`../schemas/${name}.schema.json`, import.meta.url))) {
        problems.push(`${shown}: unknown schema ${artifact.schema}`)
        continue
      }
      let data: unknown
      try {
        const text = bytes.toString('utf8')
        data = /json/.test(artifact.mediaType) ? JSON.parse(text) : parseYaml(text, {maxAliasCount: 0})
      } catch (error) {
        problems.push(`${shown}: cannot parse (${(error as Error).message.split('\n')[0]})`)
        continue
      }
      const problem = schemaCheck(name, data)
      if (problem) problems.push(`${shown}: does not match ${name}.schema.json: ${problem}`)
    }
  }
  // A document that failed to build is a problem of the output, whatever its artifacts.
  for (const failed of manifest.failed) problems.push(`${failed.input}: failed to build (no outputs in ${join(dir, failed.path)}): ${failed.error}`)
  // Files nobody listed: stale outputs of a document that is gone, or files put there by hand.
  const listed = new Set(manifest.documents.flatMap((doc) => doc.artifacts.map((a) => a.path)))
  for (const path of listedFiles(root)) if (!listed.has(path)) problems.push(`${join(dir, path)}: not listed in the manifest`)
  return {problems, documents: manifest.documents.length, artifacts, failed: manifest.failed.length}
}

/**
 * Every regular file under `root`, `/`-separated and relative to it, except
 * what reprint keeps there for itself: the manifest and its shard parts at the
 * top, and hidden entries (the cache, temporary files of a write in progress).
 */
function listedFiles(root: string): string[] {
  const out: string[] = []
  const walk = (dir: string, prefix: string) => {
    let entries
    try {
      entries = readdirSync(dir, {withFileTypes: true})
    } catch {
      return
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue
      const path = prefix ? `${prefix}/${entry.name}` : entry.name
      if (!prefix && (entry.name === MANIFEST || PART_RE.test(entry.name))) continue
      if (entry.isDirectory()) walk(join(dir, entry.name), path)
      else if (entry.isFile() || entry.isSymbolicLink()) out.push(path)
    }
  }
  walk(root, '')
  return out.sort(compare)
}
