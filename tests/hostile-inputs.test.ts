/**
 * Issue 16 (and two points of issue 13): hostile inputs and the output
 * folder. Bad configuration names its key; special files are never read;
 * a failed document writes nothing new; builds into one folder add up in
 * the manifest; names and YAML strings are quoted.
 */
import {spawnSync} from 'node:child_process'
import {copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {parse as parseYaml} from 'yaml'
import {removeStaleTemporaries, temporaryPrefix, writeAllAtomic} from '../pipeline/atomic.js'
import {renderDocument} from '../pipeline/build.js'
import {printAppendixYaml, readAsOtherType} from '../pipeline/emit/yaml.js'
import {CLI, reprint, rawDocument, snapshot, startReprint, tempDir, write} from './cli-harness.js'

const CORPUS = 'input/nagorno-karabakh-conflict.txt'
const hasMkfifo = spawnSync('mkfifo', ['--version']).status === 0

function project(files: Record<string, string>): string {
  const dir = tempDir('reprint-hostile-')
  for (const [name, content] of Object.entries(files)) write(join(dir, name), content)
  return dir
}

describe('every stage option from reprint.config.yaml is validated (exit 2, the key named)', () => {
  it.each([
    ['stages:\n  appendices:\n    columns: 100000000\n', 'stages.appendices.columns: must be <= 8'],
    ['stages:\n  dehyphenate:\n    restore: banana\n', 'stages.dehyphenate.restore: must be boolean'],
    ['stages:\n  repairEdges:\n    words: [a, b]\n', 'stages.repairEdges: unknown key “words”'],
    ['stages:\n  layout:\n    minShare: 7\n', 'stages.layout.minShare: must be <= 1'],
    ['stages:\n  headings:\n    acronyms: 12\n', 'stages.headings.acronyms: must be array'],
    ['stages:\n  paragraphs:\n    splitLine: [0.8]\n', 'stages.paragraphs.splitLine: must NOT have fewer than 2 items']
  ])('%j', (config, message) => {
    const dir = project({'reprint.config.yaml': config, 'input/doc.txt': rawDocument(1)})
    const run = reprint(['build', '--out', 'out', '--quiet'], {cwd: dir, timeout: 30_000})
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(message)
    expect(existsSync(join(dir, 'out'))).toBe(false)
  })

  it('valid stage options are accepted', () => {
    const dir = project({
      'reprint.config.yaml': 'outputs: [markdown]\nstages:\n  appendices: {columns: 3}\n  dehyphenate: {restore: false}\n  layout: {minShare: 0.4}\n',
      'input/doc.txt': rawDocument(1)
    })
    expect(reprint(['build', '--out', 'out', '--quiet'], {cwd: dir}).code).toBe(0)
  })
})

describe('inputs without text', () => {
  it.each([
    ['form feeds only', '\f\f\f\n\f\n'],
    ['white space only', '   \n\t\n\n  \r\n']
  ])('%s: a one-line error like an empty file, nothing written', (_, content) => {
    const dir = project({'blank.txt': content})
    const run = reprint(['build', 'blank.txt', '--out', 'out'], {cwd: dir})
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^blank\.txt: error: no text: only white space or page breaks$/m)
    expect(existsSync(join(dir, 'out', 'blank'))).toBe(false)
  })
})

describe('special files are never read', () => {
  it.skipIf(!hasMkfifo)('a FIFO sidecar fails the document in one line; an unrelated FIFO beside it does not hang the build', () => {
    const dir = project({'a.txt': rawDocument(1), 'b.txt': rawDocument(2)})
    spawnSync('mkfifo', [join(dir, 'a.meta.yaml')])
    spawnSync('mkfifo', [join(dir, 'b.notes.yaml')])
    const run = reprint(['build', 'a.txt', 'b.txt', '--out', 'out', '--outputs', 'markdown'], {cwd: dir, timeout: 30_000})
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^a\.txt: error: a\.meta\.yaml: not a regular file/m)
    expect(run.stderr).toMatch(/^b\.txt: built/m)
  })

  it('--config /dev/zero and a font that is /dev/zero are refused at once, not read', () => {
    const dir = project({'input/doc.txt': rawDocument(1)})
    const config = reprint(['build', '--config', '/dev/zero', '--out', 'out'], {cwd: dir, timeout: 30_000})
    expect(config.code).toBe(2)
    expect(config.stderr).toContain('/dev/zero: not a regular file')
    symlinkSync('/dev/zero', join(dir, 'zero.ttf'))
    writeFileSync(join(dir, 'reprint.config.yaml'), 'fonts:\n  regular: zero.ttf\n')
    const font = reprint(['build', '--out', 'out', '--outputs', 'pdf'], {cwd: dir, timeout: 30_000})
    expect(font.code).toBe(1)
    expect(font.stderr).toMatch(/cannot read font .*zero\.ttf: not a regular file/)
  })

  it('a sidecar larger than the YAML limit is refused by size', () => {
    const dir = project({'doc.txt': rawDocument(1), 'doc.meta.yaml': `title: x\n${'#'.repeat(300 * 1024)}\n`})
    const run = reprint(['build', 'doc.txt', '--out', 'out', '--outputs', 'markdown'], {cwd: dir})
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/doc\.meta\.yaml: too large: \d+ bytes \(limit 262144 for YAML files\)/)
  })
})

describe('conflicting corrections', () => {
  it('two corrections that set the same field of one entry are an error naming both', async () => {
    const dir = tempDir('reprint-conflict-')
    const input = join(dir, 'doc.txt')
    copyFileSync(CORPUS, input)
    writeFileSync(
      join(dir, 'doc.corrections.yaml'),
      'corrections:\n  - appendix: 3\n    match: {date: 22 JANUARY}\n    set: {year: 2019}\n  - appendix: 3\n    match: {date: 22 January}\n    set: {year: 2018}\n'
    )
    const r = await renderDocument(input, {outputs: ['yaml']})
    expect(r.error).toMatch(/^corrections: correction 1 \(appendix 3, date “22 JANUARY”\) and correction 2 \(appendix 3, date “22 January”\) both set the date of the same entry$/)
    expect(r.artifacts).toEqual([])
  })
})

describe('a failed document writes nothing new', () => {
  it('a name too long for the file system: checked before writing; the earlier build’s files stay as they were', () => {
    // 251 characters (the input `<name>.txt` is 255 bytes): `<name>.md` (254) fits, `<name>.json` (256) does not.
    const name = 'n'.repeat(251)
    const dir = project({[`${name}.txt`]: rawDocument(3)})
    expect(reprint(['build', `${name}.txt`, '--out', 'out', '--outputs', 'markdown'], {cwd: dir}).code).toBe(0)
    const before = snapshot(join(dir, 'out', name))
    const mtime = statSync(join(dir, 'out', name, `${name}.md`)).mtimeMs
    const run = reprint(['build', `${name}.txt`, '--out', 'out', '--force'], {cwd: dir})
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/error: cannot write output: file name too long \(256 bytes, the limit is 255\)/)
    expect(snapshot(join(dir, 'out', name))).toEqual(before)
    expect(statSync(join(dir, 'out', name, `${name}.md`)).mtimeMs).toBe(mtime)
    const manifest = JSON.parse(readFileSync(join(dir, 'out', 'manifest.json'), 'utf8'))
    expect(manifest.failed.map((f: {path: string}) => f.path)).toEqual([name])
  })

  it('writeAllAtomic: when one file cannot be written, none is replaced and no temporary or new folder is left', () => {
    const dir = tempDir('reprint-atomic-')
    write(join(dir, 'doc', 'a.md'), 'old a')
    // A folder where a file should go: writing its temporary works, but the set must fail before any rename.
    const blocked = join(dir, 'doc', 'fresh', 'sub')
    mkdirSync(join(dir, 'doc', 'fresh'), {recursive: true})
    writeFileSync(blocked, 'a file where a folder is needed')
    expect(() => writeAllAtomic([[join(dir, 'doc', 'a.md'), 'new a'], [join(blocked, 'b.json'), 'new b']])).toThrow()
    expect(readFileSync(join(dir, 'doc', 'a.md'), 'utf8')).toBe('old a')
    expect(readdirSync(join(dir, 'doc')).sort()).toEqual(['a.md', 'fresh'])
  })
})

describe('builds into one --out', () => {
  it('cleanup removes only temporaries of processes that are gone', () => {
    const dir = tempDir('reprint-tmp-')
    const target = join(dir, 'doc.md')
    const live = `${temporaryPrefix(target)}1-1` // pid 1 always runs
    const dead = `${temporaryPrefix(target)}999999999-1`
    write(join(dir, live), 'in flight')
    write(join(dir, dead), 'left by a killed build')
    removeStaleTemporaries(target)
    expect(readdirSync(dir)).toEqual([live])
  })

  it('three builds at the same time all succeed, and the manifest lists every document', async () => {
    const dir = project(Object.fromEntries(Array.from({length: 6}, (_, i) => [`in/doc-${i}.txt`, rawDocument(i)])))
    // Two builds of the same documents (they write the same files) and one of some of them.
    const runs = ['in', 'in', 'in/doc-0.txt in/doc-3.txt in/doc-5.txt'].map((inputs) =>
      startReprint(['build', ...inputs.split(' '), '--out', 'out', '--outputs', 'markdown,json', '--jobs', '1', '--force'], dir)
    )
    const codes = await Promise.all(runs.map((child) => new Promise<number | null>((done) => child.on('close', done))))
    expect(codes).toEqual([0, 0, 0])
    const manifest = JSON.parse(readFileSync(join(dir, 'out', 'manifest.json'), 'utf8'))
    expect(manifest.documents.map((d: {path: string}) => d.path)).toEqual(['doc-0', 'doc-1', 'doc-2', 'doc-3', 'doc-4', 'doc-5'])
    expect(readdirSync(join(dir, 'out')).filter((n) => n.startsWith('.tmp') || n === '.reprint-lock')).toEqual([])
    expect(reprint(['check', 'out'], {cwd: dir}).code).toBe(0)
  })

  it('documents built one at a time: the manifest describes every document in the folder (issue 13)', () => {
    const dir = project({'a.txt': rawDocument(1), 'b.txt': rawDocument(2)})
    expect(reprint(['build', 'a.txt', '--out', 'out', '--outputs', 'markdown'], {cwd: dir}).code).toBe(0)
    expect(reprint(['build', 'b.txt', '--out', 'out', '--outputs', 'markdown'], {cwd: dir}).code).toBe(0)
    const manifest = JSON.parse(readFileSync(join(dir, 'out', 'manifest.json'), 'utf8'))
    expect(manifest.documents.map((d: {path: string}) => d.path)).toEqual(['a', 'b'])
    expect(reprint(['check', 'out'], {cwd: dir}).code).toBe(0)
  })

  it('--outputs markdown after a full build keeps the JSON, YAML and PDF (issue 13)', () => {
    const dir = tempDir('reprint-keep-')
    copyFileSync(CORPUS, join(dir, 'doc.txt'))
    expect(reprint(['build', 'doc.txt', '--out', 'out'], {cwd: dir}).code).toBe(0)
    const full = [...snapshot(join(dir, 'out', 'doc')).keys()].sort()
    expect(full).toEqual(['appendices/appendix-1.yaml', 'appendices/appendix-2.yaml', 'appendices/appendix-3.yaml', 'doc.html', 'doc.json', 'doc.md', 'doc.pdf'])
    writeFileSync(join(dir, 'doc.txt'), readFileSync(join(dir, 'doc.txt'), 'utf8') + '\nA closing line.\n')
    expect(reprint(['build', 'doc.txt', '--out', 'out', '--outputs', 'markdown'], {cwd: dir}).code).toBe(0)
    expect([...snapshot(join(dir, 'out', 'doc')).keys()].sort()).toEqual(full)
    const manifest = JSON.parse(readFileSync(join(dir, 'out', 'manifest.json'), 'utf8'))
    expect(manifest.documents[0].artifacts.map((a: {path: string}) => a.path).sort()).toEqual(full.map((p) => `doc/${p}`))
    expect(reprint(['check', 'out'], {cwd: dir}).code).toBe(0)
  })

  it('an input named manifest.json.txt does not take the manifest’s name: it alone fails', () => {
    const dir = project({'in/manifest.json.txt': rawDocument(1), 'in/doc.txt': rawDocument(2)})
    const run = reprint(['build', 'in', '--out', 'out', '--outputs', 'markdown'], {cwd: dir})
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/manifest\.json\.txt: error: output folder “manifest\.json” would take a name reprint writes/)
    expect(statSync(join(dir, 'out', 'manifest.json')).isFile()).toBe(true)
    const manifest = JSON.parse(readFileSync(join(dir, 'out', 'manifest.json'), 'utf8'))
    expect(manifest.documents.map((d: {path: string}) => d.path)).toEqual(['doc'])
  })
})

describe('running out of memory', () => {
  const paragraph = 'The committee met in the spring and agreed on a short list of measures.\nA second line of the same paragraph follows here.\n\n'
  /** A document of `mb` MB: over the 1 MB above which a document is built in a process of its own. */
  const large = (mb: number) => paragraph.repeat(Math.ceil((mb * 1024 * 1024) / paragraph.length))

  it('a document that runs out of memory fails alone with a one-line error, with --jobs 1 too (the one-thread build)', () => {
    const dir = project({'big.txt': large(4.5), 'small.txt': rawDocument(1)})
    const run = reprint(['build', 'big.txt', 'small.txt', '--out', 'out', '--outputs', 'markdown,json', '--jobs', '1'], {cwd: dir, env: {REPRINT_MEMORY_MB: '64'}, timeout: 180_000})
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^big\.txt: error: out of memory: the document needs more than 64 MB \(set REPRINT_MEMORY_MB to allow more, or split the document\)$/m)
    expect(run.stderr).not.toMatch(/FATAL|JavaScript heap|at /)
    const manifest = JSON.parse(readFileSync(join(dir, 'out', 'manifest.json'), 'utf8'))
    expect(manifest.failed.map((f: {path: string}) => f.path)).toEqual(['big'])
    expect(manifest.documents.map((d: {path: string}) => d.path)).toEqual(['small'])
    expect(existsSync(join(dir, 'out', 'big'))).toBe(false)
    expect(readFileSync(join(dir, 'out', 'small', 'small.md'), 'utf8')).toContain('# ')
  }, 200_000)

  it('in a batch with --jobs 2 too: the large document fails alone and the others build', () => {
    const dir = project({'big.txt': large(4.5), 'a.txt': rawDocument(1), 'b.txt': rawDocument(2)})
    const run = reprint(['build', '.', '--out', 'out', '--outputs', 'markdown,json', '--jobs', '2'], {cwd: dir, env: {REPRINT_MEMORY_MB: '64'}, timeout: 180_000})
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^big\.txt: error: out of memory: the document needs more than 64 MB/m)
    expect(run.stderr).not.toMatch(/FATAL|JavaScript heap|at /)
    const manifest = JSON.parse(readFileSync(join(dir, 'out', 'manifest.json'), 'utf8'))
    expect(manifest.failed.map((f: {path: string}) => f.path)).toEqual(['big'])
    expect(manifest.documents.map((d: {path: string}) => d.path).sort()).toEqual(['a', 'b'])
    expect(existsSync(join(dir, 'out', 'a', 'a.md'))).toBe(true)
    expect(existsSync(join(dir, 'out', 'big'))).toBe(false)
  }, 200_000)

  it('a process-level abort of the large document\'s process cannot take the build down: one line, the others built, nothing of it left', async () => {
    const dir = project({'big.txt': large(2), 'small.txt': rawDocument(1)})
    // A previous build's file of the failed document stays as it was.
    write(join(dir, 'out', 'big', 'big.md'), 'previous build\n')
    const build = startReprint(['build', 'big.txt', 'small.txt', '--out', 'out', '--outputs', 'pdf,markdown,json', '--jobs', '1'], dir)
    let stderr = ''
    build.stderr.on('data', (chunk) => (stderr += chunk))
    const exited = new Promise<number | null>((done) => build.on('exit', (code) => done(code)))
    // Wait until the document's own process has staged an output (the PDF is made first), then
    // abort it the way V8 does past its heap limit (SIGABRT): the child dies mid-build.
    let child: number | undefined
    for (let i = 0; i < 1200 && child === undefined; i++) {
      await new Promise((r) => setTimeout(r, 100))
      const staged = existsSync(join(dir, 'out', 'big')) && readdirSync(join(dir, 'out', 'big')).some((f) => f.startsWith('.tmp-'))
      if (staged) child = childrenOf(build.pid!)[0]
    }
    expect(child).toBeDefined()
    process.kill(child!, 'SIGABRT')
    expect(await exited).toBe(1)
    const lines = stderr.split('\n').filter((l) => l.startsWith('big.txt'))
    expect(lines).toEqual([`big.txt: error: internal error: the document's process stopped (signal SIGABRT)`])
    const manifest = JSON.parse(readFileSync(join(dir, 'out', 'manifest.json'), 'utf8'))
    expect(manifest.failed.map((f: {path: string}) => f.path)).toEqual(['big'])
    expect(manifest.documents.map((d: {path: string}) => d.path)).toEqual(['small'])
    expect(readdirSync(join(dir, 'out', 'big'))).toEqual(['big.md'])
    expect(readFileSync(join(dir, 'out', 'big', 'big.md'), 'utf8')).toBe('previous build\n')
    expect(existsSync(join(dir, 'out', 'small', 'small.pdf'))).toBe(true)
  }, 200_000)
})

describe('running out of memory: standard input', () => {
  const paragraph = 'The committee met in the spring and agreed on a short list of measures.\nA second line of the same paragraph follows here.\n\n'
  const large = (mb: number) => paragraph.repeat(Math.ceil((mb * 1024 * 1024) / paragraph.length))
  /** `reprint …args` with `input` on its standard input. */
  const piped = (args: string[], input: string, cwd: string, env: Record<string, string> = {}) => {
    const child = spawnSync(process.execPath, [CLI, ...args], {cwd, input, env: {...process.env, NO_COLOR: '1', ...env}, encoding: 'utf8', timeout: 180_000, maxBuffer: 64 * 1024 * 1024})
    return {code: child.status, stdout: child.stdout, stderr: child.stderr}
  }
  const oom = /out of memory: the document needs more than 64 MB \(set REPRINT_MEMORY_MB to allow more, or split the document\)$/

  it('--out -: a large standard input that runs out of memory is one line naming stdin, exit 1, nothing on stdout', () => {
    const dir = project({})
    const run = piped(['build', '-', '--out', '-', '--outputs', 'markdown'], large(4.5), dir, {REPRINT_MEMORY_MB: '64'})
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    const lines = run.stderr.split('\n').filter((l) => l !== '')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(new RegExp('^stdin: error: ' + oom.source))
    expect(run.stderr).not.toMatch(/FATAL|JavaScript heap|at /)
  }, 200_000)

  it('--out DIR: the same one line naming -, the manifest lists it as failed, nothing of it written', () => {
    const dir = project({})
    const run = piped(['build', '-', '--out', 'out', '--outputs', 'markdown,json'], large(4.5), dir, {REPRINT_MEMORY_MB: '64'})
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(new RegExp('^-: error: ' + oom.source, 'm'))
    expect(run.stderr).not.toMatch(/FATAL|JavaScript heap|at /)
    const manifest = JSON.parse(readFileSync(join(dir, 'out', 'manifest.json'), 'utf8'))
    expect(manifest.failed.map((f: {path: string}) => f.path)).toEqual(['stdin'])
    expect(existsSync(join(dir, 'out', 'stdin'))).toBe(false)
  }, 200_000)

  it('a large standard input within the limit builds in its process as in this one: the same bytes as its file\'s output, named stdin', () => {
    const dir = project({'mid.txt': large(1.2)})
    const text = readFileSync(join(dir, 'mid.txt'), 'utf8')
    const piped1 = piped(['build', '-', '--out', '-', '--outputs', 'markdown'], text, dir)
    expect(piped1.code, piped1.stderr).toBe(0)
    const file = reprint(['build', 'mid.txt', '--out', '-', '--outputs', 'markdown'], {cwd: dir, timeout: 180_000})
    expect(file.code, file.stderr).toBe(0)
    expect(piped1.stdout).toBe(file.stdout.replace(/^title: mid$/m, 'title: stdin').replace(/^  path: mid\.txt$/m, '  path: stdin'))
    const folder = piped(['build', '-', '--out', 'out', '--outputs', 'markdown'], text, dir)
    expect(folder.code, folder.stderr).toBe(0)
    expect(readFileSync(join(dir, 'out', 'stdin', 'stdin.md'), 'utf8')).toBe(piped1.stdout)
  }, 200_000)

  it('in a batch with --jobs 2: a large standard input fails alone; a small one is built by a worker thread from the bytes read', () => {
    const dir = project({'a.txt': rawDocument(1), 'b.txt': rawDocument(2)})
    const run = piped(['build', '-', 'a.txt', 'b.txt', '--out', 'out', '--outputs', 'markdown', '--jobs', '2'], large(4.5), dir, {REPRINT_MEMORY_MB: '64'})
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(new RegExp('^-: error: ' + oom.source, 'm'))
    expect(run.stderr).not.toMatch(/FATAL|JavaScript heap|at /)
    const manifest = JSON.parse(readFileSync(join(dir, 'out', 'manifest.json'), 'utf8'))
    expect(manifest.failed.map((f: {path: string}) => f.path)).toEqual(['stdin'])
    expect(manifest.documents.map((d: {path: string}) => d.path).sort()).toEqual(['a', 'b'])
    const small = piped(['build', '-', 'a.txt', '--out', 'out2', '--outputs', 'markdown', '--jobs', '2'], rawDocument(3), dir)
    expect(small.code, small.stderr).toBe(0)
    const alone = piped(['build', '-', '--out', '-', '--outputs', 'markdown'], rawDocument(3), dir)
    expect(readFileSync(join(dir, 'out2', 'stdin', 'stdin.md'), 'utf8')).toBe(alone.stdout)
  }, 200_000)

  it('a small standard input keeps the in-process path (no limit applies there) and --max-bytes still bounds the read', () => {
    const dir = project({})
    const small = piped(['build', '-', '--out', '-', '--outputs', 'markdown'], rawDocument(1), dir, {REPRINT_MEMORY_MB: '64'})
    expect(small.code, small.stderr).toBe(0)
    expect(small.stdout).toContain('# ')
    const over = piped(['build', '-', '--out', '-', '--outputs', 'markdown', '--max-bytes', '100'], rawDocument(1), dir)
    expect(over.code).toBe(1)
    expect(over.stdout).toBe('')
    expect(over.stderr.trim()).toBe('stdin: error: standard input too large: over 100 bytes (see --max-bytes)')
  })
})

describe('large documents in a process of their own', () => {
  it('the document\'s process writes the cache entry: a second build finds the document unchanged, with the same artifacts', () => {
    const paragraph = 'The committee met in the spring and agreed on a short list of measures.\nA second line of the same paragraph follows here.\n\n'
    const dir = project({'big.txt': paragraph.repeat(Math.ceil((1.5 * 1024 * 1024) / paragraph.length)), 'small.txt': rawDocument(1)})
    const args = ['build', 'big.txt', 'small.txt', '--out', 'out', '--outputs', 'markdown,json', '--jobs', '1']
    const first = reprint(args, {cwd: dir, timeout: 180_000})
    expect(first.code, first.stderr).toBe(0)
    expect(first.stderr).toContain('2 built')
    const manifest = readFileSync(join(dir, 'out', 'manifest.json'), 'utf8')
    const second = reprint(args, {cwd: dir, timeout: 180_000})
    expect(second.code, second.stderr).toBe(0)
    expect(second.stderr).toContain('0 built, 2 unchanged')
    expect(readFileSync(join(dir, 'out', 'manifest.json'), 'utf8')).toBe(manifest)
  }, 200_000)

  it('its recorded changes come back with --changes, and only then (the JSON output keeps them either way)', () => {
    const paragraph = 'The talks of 1988-1989 went on in the spring and agreed on a short list of measures.\nA second line of the same paragraph follows here.\n\n'
    const dir = project({'big.txt': paragraph.repeat(Math.ceil((1.2 * 1024 * 1024) / paragraph.length))})
    const ranges = (stdout: string) => JSON.parse(stdout).documents[0].messages.filter((m: {ruleId?: string}) => m.ruleId === 'typography:range').length
    const plain = reprint(['build', 'big.txt', '--out', 'out', '--outputs', 'json', '--reporter', 'json', '--force'], {cwd: dir, timeout: 180_000})
    expect(plain.code, plain.stderr).toBe(0)
    expect(ranges(plain.stdout)).toBe(0)
    const changes = reprint(['build', 'big.txt', '--out', 'out', '--outputs', 'json', '--reporter', 'json', '--changes', '--force'], {cwd: dir, timeout: 180_000})
    expect(changes.code, changes.stderr).toBe(0)
    const copies = Math.ceil((1.2 * 1024 * 1024) / paragraph.length)
    expect(ranges(changes.stdout)).toBe(copies)
    const diagnostics = JSON.parse(readFileSync(join(dir, 'out', 'big', 'big.json'), 'utf8')).diagnostics as {ruleId?: string}[]
    expect(diagnostics.filter((d) => d.ruleId === 'typography:range').length).toBe(copies)
  }, 200_000)
})

/** Process ids whose parent is `pid` (Linux /proc). */
function childrenOf(pid: number): number[] {
  const found: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      // Field 4 (the parent) follows the command name in parentheses, which may hold spaces.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      if (ppid === pid) found.push(Number(entry))
    } catch {
      // gone meanwhile
    }
  }
  return found
}

describe('file names in messages', () => {
  it('a name with a line break or a terminal escape is quoted: one line, no raw escape', () => {
    const dir = project({'a\nb.txt': '\f\n', '\u001b[31mred.txt': '  \n'})
    const run = reprint(['build', 'a\nb.txt', '\u001b[31mred.txt', '--out', 'out'], {cwd: dir})
    expect(run.code).toBe(1)
    expect(run.stderr).not.toContain('\u001b')
    expect(run.stderr).toContain('"a\\nb.txt": error: no text')
    expect(run.stderr).toContain('"\\u001b[31mred.txt": error: no text')
  })
})

describe('YAML output for YAML 1.1 readers', () => {
  it('strings a YAML 1.1 reader takes for booleans, times, numbers or null are quoted', () => {
    const values = ['No', 'Yes', 'On', 'off', 'y', '12:30:00', '0777', '1_000', '.5', '~', '2015-01-02', '']
    const text = printAppendixYaml({entries: values.map((place) => ({place})), plain: 'Bern', other: 'No more'})
    for (const value of values) expect(text).toContain(`place: "${value}"`)
    expect(text).toContain('plain: Bern')
    expect(text).toContain('other: No more')
    expect(parseYaml(text).entries.map((e: {place: string}) => e.place)).toEqual(values)
    expect(readAsOtherType('Bern')).toBe(false)
  })
})
