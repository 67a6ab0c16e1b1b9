/**
 * Load `reprint.bundle.cjs` (all of reprint and its dependencies in one
 * CommonJS file, made by scripts/bundle.mjs) with V8's code cache.
 *
 * Why: Node 20 cannot cache compiled ES modules, and resolving, reading and
 * compiling ~100 of them took most of a one-document build. One file compiled
 * from a code cache (`reprint.bundle.cache`, written by a training run at
 * compile time, so it also holds the functions a build runs) skips parsing
 * and compiling almost entirely.
 *
 * V8 rejects a cache made by another V8 version or with other flags; the
 * bundle is then compiled from source, which is slower but the same program.
 */
import {readFileSync, renameSync, writeFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {dirname} from 'node:path'
import {fileURLToPath} from 'node:url'
import {Script} from 'node:vm'

export const BUNDLE_FILE = fileURLToPath(new URL('./reprint.bundle.cjs', import.meta.url))
export const CODE_CACHE_FILE = BUNDLE_FILE.replace(/\.cjs$/, '.cache')

/**
 * The bundle's exports, or undefined when there is no bundle (a plain `tsc`
 * build) or REPRINT_NO_BUNDLE=1 asks for the separate modules.
 * With REPRINT_WRITE_CODE_CACHE=1 the code cache is written when the process
 * exits (the compile step's training run).
 */
export function loadBundle<T>(): T | undefined {
  if (process.env.REPRINT_NO_BUNDLE === '1') return undefined
  let source: string
  try {
    source = readFileSync(BUNDLE_FILE, 'utf8')
  } catch {
    return undefined
  }
  let cachedData: Buffer | undefined
  try {
    cachedData = readFileSync(CODE_CACHE_FILE)
  } catch {
    // no cache: compile from source
  }
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`
  const script = new Script(wrapped, {filename: BUNDLE_FILE, cachedData})
  const module = {exports: {} as T}
  const run = script.runInThisContext() as (...args: unknown[]) => void
  run.call(module.exports, module.exports, createRequire(BUNDLE_FILE), module, BUNDLE_FILE, dirname(BUNDLE_FILE))
  if (process.env.REPRINT_WRITE_CODE_CACHE === '1') {
    // At exit, the cache also holds every function the run compiled.
    process.once('exit', () => {
      const temporary = `${CODE_CACHE_FILE}.${process.pid}.tmp`
      writeFileSync(temporary, script.createCachedData())
      renameSync(temporary, CODE_CACHE_FILE)
    })
  }
  return module.exports
}
