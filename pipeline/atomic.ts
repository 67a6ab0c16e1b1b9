/**
 * Atomic file writes: write a temporary file in the same folder, then rename
 * it over the target. A reader (or a build killed at any moment) sees the old
 * file or the new one, never half of one. Kept tiny so that cached runs can
 * write without loading the pipeline.
 *
 * Temporary names are `.tmp-<hash of the target's name>-<pid>-<n>`: short
 * (a long target name cannot make its temporary name too long), unique per
 * process and per write, and they say which process owns them, so cleanup
 * removes only temporaries of processes that are gone (another build writing
 * into the same folder at the same time keeps its own).
 */
import {createHash} from 'node:crypto'
import {mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, writeFileSync} from 'node:fs'
import {basename, dirname, join, resolve, sep} from 'node:path'

/** Longest file name (one path component) in bytes on the file systems we write to (NAME_MAX). */
export const NAME_MAX = 255
/** Longest path in bytes (PATH_MAX, with room for the terminating NUL). */
export const PATH_MAX = 4095

let counter = 0

/** The prefix every temporary file of `target` starts with (any process). */
export function temporaryPrefix(target: string): string {
  return `.tmp-${createHash('sha1').update(basename(target)).digest('hex').slice(0, 12)}-`
}

function temporaryPath(target: string): string {
  return join(dirname(target), `${temporaryPrefix(target)}${process.pid}-${++counter}`)
}

/**
 * Throws ENAMETOOLONG (as the file system would, but before anything is
 * written) when a component of `path` is longer than NAME_MAX bytes or the
 * whole path longer than PATH_MAX.
 */
export function checkNameFits(path: string): void {
  const full = resolve(path)
  const long = full.split(sep).find((part) => Buffer.byteLength(part) > NAME_MAX)
  if (long !== undefined || Buffer.byteLength(full) > PATH_MAX) {
    const error = new Error(
      long !== undefined
        ? `file name too long (${Buffer.byteLength(long)} bytes, the limit is ${NAME_MAX}): ${long.slice(0, 40)}…`
        : `path too long (${Buffer.byteLength(full)} bytes, the limit is ${PATH_MAX})`
    ) as NodeJS.ErrnoException
    error.code = 'ENAMETOOLONG'
    throw error
  }
}

/** Write through a temporary file in the same folder and rename: readers never see half a file. */
export function writeAtomic(path: string, bytes: Uint8Array | string): void {
  writeAllAtomic([[path, bytes]])
}

/**
 * Write several files all or nothing (as far as a file system allows): every
 * name is checked first, every temporary file is written, and only when all
 * of them are complete are they renamed over their targets. A failure before
 * the renames (a full disk, a name too long) removes the temporaries and any
 * folder it created, and leaves every target as it was.
 */
export function writeAllAtomic(files: ReadonlyArray<readonly [string, Uint8Array | string]>): void {
  for (const [path] of files) checkNameFits(path)
  const staged = new StagedFiles()
  try {
    for (const [path, bytes] of files) staged.stage(path, bytes)
  } catch (error) {
    staged.discard()
    throw error
  }
  staged.commit()
}

/**
 * The same all-or-nothing write, a file at a time: each file is written to
 * its temporary as soon as it is made (so a build need not hold every
 * output's bytes until the last one is ready: a 50 MB document's outputs are
 * about 350 MB), and renamed over its target only at `commit`. `discard`
 * removes the temporaries and the folders staging created, leaving every
 * target as it was.
 */
export class StagedFiles {
  private readonly created: string[] = []
  private readonly temporaries: Array<[string, string]> = []

  /** Write `bytes` to a temporary beside `path` (its name checked first). */
  stage(path: string, bytes: Uint8Array | string): void {
    checkNameFits(path)
    const made = mkdirSync(dirname(path), {recursive: true})
    if (made) this.created.push(made)
    const tmp = temporaryPath(path)
    this.temporaries.push([tmp, path])
    writeFileSync(tmp, bytes)
  }

  /** Rename every temporary over its target; on a failure the remaining temporaries are removed. */
  commit(): void {
    const temporaries = this.temporaries.splice(0)
    this.created.length = 0
    for (const [tmp, path] of temporaries) {
      try {
        renameSync(tmp, path)
      } catch (error) {
        for (const [rest] of temporaries) rmSync(rest, {force: true})
        throw error
      }
    }
  }

  /** Remove the temporaries and, innermost first, the folders staging made while they are empty. */
  discard(): void {
    for (const [tmp] of this.temporaries.splice(0)) rmSync(tmp, {force: true})
    for (const dir of this.created.splice(0).reverse()) removeEmptyFolders(dir)
  }
}

/** Remove `leaf` and the folders below it, where empty (mkdirSync returns the first folder it made; those below it are new too). */
function removeEmptyFolders(leaf: string): void {
  const walk = (dir: string) => {
    let entries: string[]
    try {
      entries = readdirSync(dir)
    } catch {
      return
    }
    for (const entry of entries) walk(join(dir, entry))
    try {
      rmdirSync(dir)
    } catch {
      // not empty: something else lives there
    }
  }
  walk(leaf)
}

/**
 * Remove temporaries of `target` left by a build that was killed mid-write:
 * those of processes that no longer run (and this process's own: it writes
 * one document at a time per target). Temporaries of a build running right
 * now into the same folder are left alone.
 */
export function removeStaleTemporaries(target: string): void {
  const prefix = temporaryPrefix(target)
  let entries: string[]
  try {
    entries = readdirSync(dirname(target))
  } catch {
    return
  }
  for (const entry of entries) {
    if (!entry.startsWith(prefix)) continue
    const pid = Number(entry.slice(prefix.length).split('-')[0])
    if (Number.isInteger(pid) && pid !== process.pid && isRunning(pid)) continue
    rmSync(join(dirname(target), entry), {force: true})
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Remove what process `pid` staged below `dir` and did not commit: its
 * temporaries, then the folders left empty. For a build process that ended
 * without a word (killed, or aborted by V8 past its heap limit): its document
 * failed, so nothing it wrote may stay; the previous build's files are not
 * temporaries and stay as they were.
 */
export function removeTemporariesOf(dir: string, pid: number): void {
  const own = new RegExp(`^\\.tmp-[0-9a-f]{12}-${pid}-\\d+$`)
  const walk = (folder: string): void => {
    let entries
    try {
      entries = readdirSync(folder, {withFileTypes: true})
    } catch {
      return
    }
    for (const entry of entries) {
      const path = join(folder, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (own.test(entry.name)) rmSync(path, {force: true})
    }
  }
  walk(dir)
  removeEmptyFolders(dir)
}
