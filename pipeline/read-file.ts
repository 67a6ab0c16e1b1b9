/**
 * Reading a user's file (input, sidecar, config, font) safely: only a regular
 * file, and never more than a limit. A FIFO would block the build forever and
 * `/dev/zero` would fill memory, so the file is opened without blocking,
 * checked with fstat on the same descriptor (no race between a check and the
 * open), and read only up to `limit + 1` bytes whatever its size claims.
 * No dependencies, so cached runs can use it without loading the pipeline.
 */
import {closeSync, constants, fstatSync, openSync, readSync} from 'node:fs'

export class FileReadError extends Error {
  override name = 'FileReadError'
}

/** Font files larger than this are refused (the largest CJK fonts are about 20 MB). */
export const MAX_FONT_BYTES = 64 * 1024 * 1024

/**
 * The bytes of the regular file at `path`, at most `limit` bytes. Throws
 * FileReadError with a one-line reason ("not a regular file", "too large: …",
 * "no such file", …) that callers prefix with the file's name.
 */
export function readRegularFile(path: string, limit: number, limitHint = ''): Buffer {
  let fd: number
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
  } catch (error) {
    throw new FileReadError(errnoReason(error))
  }
  try {
    const stat = fstatSync(fd)
    if (stat.isDirectory()) throw new FileReadError('is a folder, not a file')
    if (!stat.isFile()) throw new FileReadError('not a regular file (a pipe, socket or device is never read)')
    if (stat.size > limit) throw new FileReadError(`too large: ${stat.size} bytes (limit ${limit}${limitHint})`)
    // Read to the end, but never past the limit: a file that grows while it is read stops there.
    const chunks: Buffer[] = []
    let total = 0
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(Math.max(stat.size - total, 64 * 1024), limit + 1 - total))
      if (chunk.length === 0) throw new FileReadError(`too large: more than ${limit} bytes (limit ${limit}${limitHint})`)
      const n = readSync(fd, chunk, 0, chunk.length, null)
      if (n === 0) break
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n))
      total += n
      if (total > limit) throw new FileReadError(`too large: more than ${limit} bytes (limit ${limit}${limitHint})`)
    }
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total)
  } catch (error) {
    if (error instanceof FileReadError) throw error
    throw new FileReadError(errnoReason(error))
  } finally {
    closeSync(fd)
  }
}

/** A short, stable reason for a failed file operation (one wording for every message reprint prints). */
export function errnoReason(error: unknown): string {
  const e = error as NodeJS.ErrnoException
  switch (e.code) {
    case 'ENOENT':
      return 'no such file'
    case 'EACCES':
    case 'EPERM':
      return 'permission denied'
    case 'EISDIR':
      return 'is a folder, not a file'
    case 'ENAMETOOLONG':
      return e.message.startsWith('file name too long') || e.message.startsWith('path too long') ? e.message : 'file name too long'
    case 'ENOSPC':
      return 'no space left on the device'
    default:
      return e.code ?? e.message
  }
}
