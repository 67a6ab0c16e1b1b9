/**
 * Atomic file writes: write a temporary file in the same folder, then rename
 * it over the target. A reader (or a build killed at any moment) sees the old
 * file or the new one, never half of one. Kept tiny so that cached runs can
 * write without loading the pipeline.
 */
import {createHash} from 'node:crypto'
import {mkdirSync, renameSync, rmSync, writeFileSync} from 'node:fs'
import {basename, dirname, join} from 'node:path'

/** Write through a temporary file in the same folder and rename: readers never see half a file. */
export function writeAtomic(path: string, bytes: Uint8Array | string): void {
  mkdirSync(dirname(path), {recursive: true})
  const tmp = join(dirname(path), `.tmp-${basename(path)}-${process.pid}-${createHash('sha1').update(path).digest('hex').slice(0, 6)}`)
  try {
    writeFileSync(tmp, bytes)
    renameSync(tmp, path)
  } catch (error) {
    rmSync(tmp, {force: true})
    throw error
  }
}
