/**
 * Whether this process may do without V8's optimizing compiler (TurboFan).
 *
 * A build of one corpus-sized document is over before optimized code pays
 * for itself: TurboFan compiled on a second thread for ~0.4 s of CPU, and on
 * a 2-core machine that slowed the build it was meant to speed up (measured:
 * 0.90 → 0.83 s whole process, 1.1 → 0.65 s of CPU, without it). Batches and
 * large documents run long enough to need it (at 340 kB of input it already
 * wins by 8%). So the launcher estimates the run from the command line alone,
 * before any of reprint is loaded, and switches TurboFan off for a short run.
 *
 * The flag is set once, before reprint's code runs, and never switched back
 * (V8 flags are process-wide; changing them later is unsafe). The estimate
 * only decides speed, never output. REPRINT_TIERING=short|long overrides it.
 * V8 refuses a code cache made under other flags, so the compile step trains
 * one cache per tiering (load-bundle.ts).
 */
import {readdirSync, statSync} from 'node:fs'
import {join, resolve} from 'node:path'
import {parseArgs} from 'node:util'
import {setFlagsFromString} from 'node:v8'
import {CLI_OPTIONS} from './cli-options.js'

export type Tiering = 'short' | 'long'

/** Input bytes above which a document is worth optimizing. */
export const SHORT_RUN_BYTES = 150_000

// Kept on the global object, not in this module: the bundles carry their own
// copies of this module, and must all see what the launcher decided.
const KEY = Symbol.for('reprint.tiering')
const state = globalThis as {[KEY]?: Tiering}

/** The tiering this thread runs with (what `chooseTiering` decided; worker threads keep 'long'). */
export function tiering(): Tiering {
  return state[KEY] ?? 'long'
}

/**
 * Decide for this process from its command line; call once, first thing, in
 * the main thread. Worker threads share the process's flags: batch pools only
 * exist in long runs, so they keep the default.
 */
export function chooseTiering(argv: string[], cwd = process.cwd()): Tiering {
  const forced = process.env.REPRINT_TIERING
  const chosen = forced === 'short' || forced === 'long' ? forced : estimate(argv, cwd)
  state[KEY] = chosen
  if (chosen === 'short') {
    setFlagsFromString('--no-turbofan')
    // Regular expressions straight to machine code, without first compiling
    // them for V8's regexp interpreter and then again when they run a second
    // time: a short run compiles hundreds of them once each, and a Unicode
    // class (\p{L}) over two-byte text is costly to compile (~0.5 ms each).
    // Measured, corpus documents whole process: CPU −12.8% (1664 → 1450 ms
    // summed over the seven, median of 8 interleaved runs); interpreting
    // every regexp instead (--regexp-interpret-all) gained nothing (−0.2%).
    setFlagsFromString('--no-regexp-tier-up')
  }
  return chosen
}

/** 'short' for `build` of one input file of at most SHORT_RUN_BYTES, else 'long'. */
export function estimate(argv: string[], cwd: string): Tiering {
  let parsed
  try {
    parsed = parseArgs({args: argv, allowPositionals: true, strict: true, options: CLI_OPTIONS})
  } catch {
    return 'long' // a usage error: the CLI reports it
  }
  const [command, ...inputs] = parsed.positionals
  if (command !== 'build') return 'long'
  const extensions = (parsed.values.ext ?? '.txt').split(',').map((e) => (e.startsWith('.') ? e : `.${e}`).toLowerCase())
  let files = 0
  let bytes = 0
  const visit = (path: string, depth: number): void => {
    if (files > 1 || bytes > SHORT_RUN_BYTES) return
    let stat
    try {
      stat = statSync(path)
    } catch {
      return
    }
    if (stat.isFile()) {
      // Named on the command line, a file is built whatever its name; in a folder, by extension.
      if (depth > 0 && !extensions.some((e) => path.toLowerCase().endsWith(e))) return
      files++
      bytes += stat.size
    } else if (stat.isDirectory() && depth < 8) {
      let names: string[]
      try {
        names = readdirSync(path)
      } catch {
        return
      }
      for (const name of names) {
        if (name.startsWith('.')) continue
        visit(join(path, name), depth + 1)
      }
    }
  }
  for (const input of inputs.length > 0 ? inputs : ['input']) visit(resolve(cwd, input), 0)
  return files <= 1 && bytes <= SHORT_RUN_BYTES ? 'short' : 'long'
}
