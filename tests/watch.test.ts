/**
 * `reprint watch`: builds, then rebuilds a document when its input or a
 * sidecar changes, one line per rebuild, picks up a new document in a
 * watched folder, and stops cleanly on Ctrl-C (SIGINT) with exit code 0.
 */
import {spawn} from 'node:child_process'
import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {CLI, rawDocument, reprint, startReprint, tempDir, write} from './cli-harness.js'

function lines(child: ReturnType<typeof startReprint>) {
  let buffer = ''
  const waiters: {test: RegExp; done: (line: string) => void}[] = []
  const check = () => {
    for (const waiter of [...waiters]) {
      const all = buffer.split('\n')
      const at = all.findIndex((l) => waiter.test.test(l))
      if (at === -1) continue
      buffer = all.slice(at + 1).join('\n')
      waiters.splice(waiters.indexOf(waiter), 1)
      waiter.done(all[at]!)
    }
  }
  child.stdout!.on('data', (chunk) => {
    buffer += String(chunk)
    check()
  })
  return (test: RegExp, ms = 30_000) =>
    new Promise<string>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`no line ${test} within ${ms} ms; output so far: ${buffer}`)), ms)
      waiters.push({test, done: (line) => (clearTimeout(timer), done(line))})
      check()
    })
}

describe('reprint watch', () => {
  it('rebuilds on input and sidecar changes, picks up new documents, stops on SIGINT', async () => {
    const dir = tempDir('reprint-watch-')
    write(join(dir, 'in', 'report.txt'), rawDocument(1))
    const child = startReprint(['watch', 'in', '--out', 'out', '--outputs', 'markdown,html'], dir)
    const next = lines(child)
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)))
    try {
      expect(await next(/in\/report\.txt → out\/report\/ \(2 files\) in \d+ ms/)).toBeTruthy()
      await next(/^reprint watch: watching 1 document in in; Ctrl-C stops$/)
      expect(readFileSync(join(dir, 'out', 'report', 'report.md'), 'utf8')).not.toContain('A NEW LINE')

      write(join(dir, 'in', 'report.txt'), rawDocument(1) + '\nA NEW LINE OF TEXT AT THE END.\n')
      await next(/in\/report\.txt → out\/report\/ \(2 files\)/)
      expect(readFileSync(join(dir, 'out', 'report', 'report.md'), 'utf8')).toContain('A NEW LINE OF TEXT AT THE END.')

      write(join(dir, 'in', 'report.meta.yaml'), 'title: A Title From The Sidecar\n')
      await next(/in\/report\.txt → out\/report\//)
      expect(readFileSync(join(dir, 'out', 'report', 'report.html'), 'utf8')).toContain('<title>A Title From The Sidecar</title>')

      // A bad sidecar: one line naming the problem, and the watch goes on.
      write(join(dir, 'in', 'report.meta.yaml'), 'title: [unclosed\n')
      expect(await next(/in\/report\.txt: failed: report\.meta\.yaml/)).toBeTruthy()

      write(join(dir, 'in', 'second.txt'), rawDocument(2))
      await next(/in\/second\.txt → out\/second\//)
      expect(existsSync(join(dir, 'out', 'second', 'second.md'))).toBe(true)
    } finally {
      child.kill('SIGINT')
    }
    expect(await exited).toBe(0)
  }, 60_000)

  it('fails with one line when there is nothing to watch', async () => {
    const dir = tempDir('reprint-watch-empty-')
    const child = startReprint(['watch', 'nothing-here', '--out', 'out'], dir)
    let stderr = ''
    child.stderr!.on('data', (c) => (stderr += String(c)))
    const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)))
    expect(code).toBe(1)
    expect(stderr.trim().split('\n')).toHaveLength(1)
    expect(stderr).toMatch(/no such file or folder: nothing-here/)
  })

  it('refuses the flags it has no use for, and --out -', () => {
    const dir = tempDir('reprint-watch-flags-')
    write(join(dir, 'in', 'a.txt'), rawDocument(1))
    const shard = reprint(['watch', 'in', '--shard', '1/2'], {cwd: dir, timeout: 20_000})
    expect(shard.code).toBe(2)
    expect(shard.stderr).toMatch(/watch does not take --shard/)
    const stdout = reprint(['watch', 'in', '--out', '-'], {cwd: dir, timeout: 20_000})
    expect(stdout.code).toBe(2)
    expect(stdout.stderr).toMatch(/--out - is for build/)
  })

  it('a large document that runs out of memory fails alone in one line (its own process, as in build); the watch goes on and rebuilds a later edit', async () => {
    const dir = tempDir('reprint-watch-oom-')
    const paragraph = 'The committee met in the spring and agreed on a short list of measures.\nA second line of the same paragraph follows here.\n\n'
    write(join(dir, 'in', 'big.txt'), paragraph.repeat(Math.ceil((4.5 * 1024 * 1024) / paragraph.length)))
    write(join(dir, 'in', 'small.txt'), rawDocument(1))
    const child = spawn(process.execPath, [CLI, 'watch', 'in', '--out', 'out', '--outputs', 'markdown'], {
      cwd: dir,
      env: {...process.env, NO_COLOR: '1', REPRINT_MEMORY_MB: '64'},
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stderr = ''
    child.stderr!.on('data', (c) => (stderr += String(c)))
    const next = lines(child)
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)))
    try {
      const failed = await next(/in\/big\.txt: failed:/, 60_000)
      expect(failed).toMatch(/^\d\d:\d\d:\d\d in\/big\.txt: failed: out of memory: the document needs more than 64 MB \(set REPRINT_MEMORY_MB to allow more, or split the document\)$/)
      await next(/in\/small\.txt → out\/small\/ \(1 files\)/)
      await next(/^reprint watch: watching 2 documents/)
      expect(existsSync(join(dir, 'out', 'big'))).toBe(false)

      write(join(dir, 'in', 'small.txt'), rawDocument(1) + '\nA NEW LINE OF TEXT AT THE END.\n')
      await next(/in\/small\.txt → out\/small\/ \(1 files\)/)
      expect(readFileSync(join(dir, 'out', 'small', 'small.md'), 'utf8')).toContain('A NEW LINE OF TEXT AT THE END.')
      expect(stderr).not.toMatch(/FATAL|JavaScript heap|at /)
    } finally {
      child.kill('SIGINT')
    }
    expect(await exited).toBe(0)
  }, 120_000)
})
