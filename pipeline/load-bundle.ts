/**
 * Load a bundle (`<name>.bundle.cjs`: part of reprint with its dependencies
 * in one CommonJS file, made by scripts/fast-start.mjs) with V8's code cache.
 *
 * Why: Node 20 cannot cache compiled ES modules, and resolving, reading and
 * compiling ~100 of them took most of a one-document build. One file compiled
 * from a code cache (`<name>.bundle.<tiering>.cache`, written by a training run at
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
import {tiering} from './tiering.js'

/**
 * The bundles: `reprint` (the CLI, the stages and the text writers) and
 * `reprint-pdf` (the PDF writer with pdf-lib and fontkit, three quarters of
 * all the code), loaded only by a run that writes a PDF.
 */
export type BundleName = 'reprint' | 'reprint-pdf'

/**
 * The function a bundle is wrapped in (its CommonJS module scope). The
 * compile step writes it into the file (banner and footer), so that the
 * source read is the script compiled as it is: wrapping it here made a
 * second copy of the whole bundle (1.6 MB) on every start. Measured, whole
 * process, corpus documents: allocation -3.3 MB per document (sampled),
 * CPU doc1/raw-mutool 213.8 -> 206.4 ms (median of 14 interleaved runs).
 */
export const BUNDLE_HEAD = '(function (exports, require, module, __filename, __dirname) {'
export const BUNDLE_TAIL = '\n})'

export function bundleFile(name: BundleName): string {
  return fileURLToPath(new URL(`./${name}.bundle.cjs`, import.meta.url))
}

/**
 * The bundle's exports, or undefined when there is no bundle (a plain `tsc`
 * build) or REPRINT_NO_BUNDLE=1 asks for the separate modules.
 * With REPRINT_WRITE_CODE_CACHE=1 its code cache is written when the process
 * exits (the compile step's training run).
 */
export function loadBundle<T>(name: BundleName): T | undefined {
  if (process.env.REPRINT_NO_BUNDLE === '1') return undefined
  const file = bundleFile(name)
  // V8 refuses a cache made under other flags: one per tiering (tiering.ts).
  const cacheFile = file.replace(/\.cjs$/, `.${tiering()}.cache`)
  let source: string
  try {
    source = readFileSync(file, 'utf8')
  } catch {
    return undefined
  }
  let cachedData: Buffer | undefined
  try {
    cachedData = readFileSync(cacheFile)
  } catch {
    // no cache: compile from source
  }
  // A bundle made without the wrapper (by hand, or an older compile step) is wrapped here.
  const wrapped = source.startsWith(BUNDLE_HEAD) ? source : BUNDLE_HEAD + source + BUNDLE_TAIL
  const script = new Script(wrapped, {filename: file, cachedData})
  const module = {exports: {} as T}
  const run = script.runInThisContext() as (...args: unknown[]) => void
  run.call(module.exports, module.exports, createRequire(file), module, file, dirname(file))
  if (process.env.REPRINT_WRITE_CODE_CACHE === '1') {
    // At exit, the cache also holds every function the run compiled.
    process.once('exit', () => {
      const temporary = `${cacheFile}.${process.pid}.tmp`
      writeFileSync(temporary, script.createCachedData())
      renameSync(temporary, cacheFile)
    })
  }
  return module.exports
}
