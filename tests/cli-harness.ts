/**
 * Running the compiled CLI (`dist/cli.js`, built by `make test` before vitest)
 * in temporary folders, as a user or a CI job would.
 */
import {spawn, spawnSync} from 'node:child_process'
import {chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join, relative, resolve} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
if (!existsSync(join(ROOT, 'dist', 'cli.js'))) throw new Error('dist/cli.js is missing: run `make test` (it compiles first)')

/**
 * The compiled CLI, copied once per test file (dist, schemas, package.json;
 * node_modules linked) so that a recompile of dist/ while the suite runs
 * cannot mix two versions of the code in one test (nor invalidate the cache
 * between two runs of a cache test). It is the same `dist/cli.js`.
 */
export const CLI = (() => {
  const dir = mkdtempSync(join(tmpdir(), 'reprint-cli-'))
  chmodSync(dir, 0o755) // readable by the unprivileged user of the permission tests
  cpSync(join(ROOT, 'dist'), join(dir, 'dist'), {recursive: true})
  cpSync(join(ROOT, 'schemas'), join(dir, 'schemas'), {recursive: true})
  for (const file of ['package.json', 'package-lock.json']) if (existsSync(join(ROOT, file))) cpSync(join(ROOT, file), join(dir, file))
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir')
  return join(dir, 'dist', 'cli.js')
})()

export interface Run {
  code: number | null
  stdout: string
  stderr: string
}

/** A module of the compiled package (from the same copy as CLI). */
export function distModule<T = any>(name: string): Promise<T> {
  return import(pathToFileURL(join(dirname(CLI), name)).href) as Promise<T>
}

/** Run `node dist/cli.js ...args` to the end. */
export function reprint(args: string[], options: {cwd?: string; env?: Record<string, string>; timeout?: number} = {}): Run {
  const child = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? ROOT,
    env: {...process.env, NO_COLOR: '1', ...options.env},
    encoding: 'utf8',
    timeout: options.timeout ?? 60_000,
    maxBuffer: 64 * 1024 * 1024
  })
  return {code: child.status, stdout: child.stdout, stderr: child.stderr}
}

/**
 * Permission tests need a user that permissions apply to: root ignores them.
 * As root, run the CLI as `nobody` through setpriv (util-linux), when present.
 */
export const unprivileged: {available: boolean; run: (args: string[]) => Run} = (() => {
  const isRoot = process.getuid?.() === 0
  const cwd = dirname(dirname(CLI))
  const asNobody = (args: string[]) =>
    spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, CLI, ...args], {
      cwd,
      env: {...process.env, NO_COLOR: '1'},
      encoding: 'utf8',
      timeout: 60_000
    })
  // `nobody` must also reach node_modules: a checkout inside a private folder
  // (mktemp -d is 0700) cannot be run by it, and the permission tests are skipped there.
  const reaches = (path: string) =>
    spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', 'require("fs").readFileSync(process.argv[1])', path], {cwd})
      .status === 0
  const available = !isRoot || (spawnSync('setpriv', ['--version']).status === 0 && reaches(join(ROOT, 'node_modules', 'vfile', 'package.json')))
  const run = (args: string[]): Run => {
    if (!isRoot) return reprint(args)
    const child = asNobody(args)
    return {code: child.status, stdout: child.stdout, stderr: child.stderr}
  }
  return {available, run}
})()

/** Start the CLI without waiting (for kill tests). */
export function startReprint(args: string[], cwd = ROOT) {
  return spawn(process.execPath, [CLI, ...args], {cwd, env: {...process.env, NO_COLOR: '1'}, stdio: ['ignore', 'pipe', 'pipe']})
}

export function tempDir(prefix = 'reprint-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

export function write(path: string, content: string | Uint8Array): string {
  mkdirSync(dirname(path), {recursive: true})
  writeFileSync(path, content)
  return path
}

/** Every file below `dir` (recursive, hidden ones too) → its bytes, keyed by `/`-separated relative path. */
export function snapshot(dir: string, options: {skip?: RegExp} = {}): Map<string, Buffer> {
  const files = new Map<string, Buffer>()
  if (!existsSync(dir)) return files
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, {withFileTypes: true})) {
      const path = join(folder, entry.name)
      const rel = relative(dir, path).split('\\').join('/')
      if (options.skip?.test(rel)) continue
      if (entry.isDirectory()) walk(path)
      else if (entry.isFile()) files.set(rel, readFileSync(path))
    }
  }
  walk(dir)
  return files
}

export function mtimes(dir: string): Map<string, number> {
  const out = new Map<string, number>()
  for (const rel of snapshot(dir).keys()) out.set(rel, statSync(join(dir, rel)).mtimeMs)
  return out
}

/**
 * A small raw document in the shape reprint reads: hard-wrapped lines, a
 * line-end hyphen, a page break. `n` varies the words so documents differ.
 */
export function rawDocument(n: number, paragraphs = 3): string {
  const words = ['council', 'region', 'treaty', 'harbour', 'archive', 'delegation', 'province', 'assembly', 'charter', 'river']
  const lines: string[] = [`REPORT NUMBER ${n + 1}`, '']
  for (let p = 0; p < paragraphs; p++) {
    const w = (k: number) => words[(n * 7 + p * 3 + k) % words.length]
    lines.push(
      `The ${w(0)} met on the question of the ${w(1)} and agreed that the`,
      `${w(2)} should be read again by every member of the ${w(3)} before the`,
      `vote. A second reading of the ${w(4)} followed, and the members deci-`,
      `ded to publish the text of the ${w(5)} in full, with document ${n}.${p}.`,
      ''
    )
  }
  return lines.join('\n')
}
