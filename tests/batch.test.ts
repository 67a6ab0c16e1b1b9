/**
 * Batch builds through the compiled CLI: 50 generated documents in nested
 * folders; the manifest; the cache (a second run builds nothing); `--jobs 1`
 * and `--jobs 2` give byte-identical outputs; symlink loops; sharding.
 */
import {createHash} from 'node:crypto'
import {existsSync, readFileSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {mtimes, rawDocument, reprint, snapshot, tempDir, write} from './cli-harness.js'

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')
const COUNT = 50

let root: string
let input: string

beforeAll(() => {
  root = tempDir('reprint-batch-')
  input = join(root, 'input')
  // 40 at the top, 10 in sub-folders; two of those share a name with a top-level document.
  for (let i = 0; i < COUNT; i++) {
    const folder = i < 40 ? input : join(input, i % 2 ? 'volume-a' : 'volume-b', i % 4 < 2 ? '' : 'deep')
    const name = i === 41 ? 'doc-00' : i === 42 ? 'doc-01' : `doc-${String(i).padStart(2, '0')}`
    write(join(folder, `${name}.txt`), rawDocument(i))
  }
  write(join(input, 'doc-03.meta.yaml'), 'title: Report three\nlanguage: en\n')
  write(join(input, 'notes.md'), 'not an input: wrong extension\n')
})

describe('batch of 50 documents', () => {
  let firstRun: ReturnType<typeof reprint>

  it('builds every document with --jobs 1 and writes a manifest that `check` accepts', () => {
    firstRun = reprint(['build', input, '--out', join(root, 'out1'), '--jobs', '1'])
    expect(firstRun.stderr).toContain(`${COUNT} documents: ${COUNT} built, 0 unchanged, 0 failed`)
    expect(firstRun.code).toBe(0)

    const manifest = JSON.parse(readFileSync(join(root, 'out1', 'manifest.json'), 'utf8'))
    expect(manifest.$schema).toBe('https://reprint.dev/schemas/manifest.schema.json')
    expect(manifest.reprint.version).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version)
    expect(manifest.documents).toHaveLength(COUNT)
    expect(manifest.failed).toEqual([])
    const paths = manifest.documents.map((d: {path: string}) => d.path)
    expect(new Set(paths).size).toBe(COUNT)
    // Top-level inputs keep <out>/<name>/<name>.md; sub-folders are mirrored.
    expect(paths).toContain('doc-00')
    expect(paths).toContain('volume-a/doc-00')
    expect(paths).toContain('volume-b/deep/doc-01')
    for (const doc of manifest.documents) {
      expect(doc.sha256).toMatch(/^[0-9a-f]{64}$/)
      const kinds = doc.artifacts.map((a: {mediaType: string}) => a.mediaType)
      expect(kinds).toContain('text/markdown')
      expect(kinds).toContain('application/json')
      for (const artifact of doc.artifacts) {
        const bytes = readFileSync(join(root, 'out1', artifact.path))
        expect(bytes.byteLength).toBe(artifact.bytes)
        expect(sha256(bytes)).toBe(artifact.sha256)
        if (artifact.mediaType === 'application/json') expect(artifact.schema).toBe('https://reprint.dev/schemas/document.schema.json')
      }
    }
    // The same name in two folders: two documents, neither overwritten.
    const top = readFileSync(join(root, 'out1', 'doc-00', 'doc-00.md'), 'utf8')
    const deep = readFileSync(join(root, 'out1', 'volume-a', 'doc-00', 'doc-00.md'), 'utf8')
    expect(top).toContain('document 0.0')
    expect(deep).toContain('document 41.0')

    const check = reprint(['check', join(root, 'out1')])
    expect(check.stderr).toContain(`${COUNT} document(s)`)
    expect(check.stderr).toContain('0 problem(s)')
    expect(check.code).toBe(0)
  })

  it('a second run builds nothing and touches nothing (cache)', () => {
    const before = mtimes(join(root, 'out1'))
    const manifestBefore = readFileSync(join(root, 'out1', 'manifest.json'))
    const again = reprint(['build', input, '--out', join(root, 'out1'), '--jobs', '2'])
    expect(again.code).toBe(0)
    expect(again.stderr).toContain(`${COUNT} documents: 0 built, ${COUNT} unchanged, 0 failed`)
    const after = mtimes(join(root, 'out1'))
    for (const [path, mtime] of before) if (!path.startsWith('manifest')) expect(after.get(path), path).toBe(mtime)
    expect(readFileSync(join(root, 'out1', 'manifest.json'))).toEqual(manifestBefore)
  })

  it('rebuilds exactly the documents whose input or sidecar changed, and all with --force', () => {
    const out = join(root, 'out1')
    writeFileSync(join(input, 'doc-05.txt'), rawDocument(5) + '\nAn added closing line.\n')
    writeFileSync(join(input, 'doc-03.meta.yaml'), 'title: Report three, revised\nlanguage: en\n')
    const run = reprint(['build', input, '--out', out, '--jobs', '2'])
    expect(run.stderr).toContain(`${COUNT} documents: 2 built, ${COUNT - 2} unchanged`)
    expect(readFileSync(join(out, 'doc-05', 'doc-05.md'), 'utf8')).toContain('An added closing line.')
    expect(readFileSync(join(out, 'doc-03', 'doc-03.md'), 'utf8')).toContain('Report three, revised')

    // A deleted output is noticed: that document is rebuilt.
    writeFileSync(join(out, 'doc-07', 'doc-07.md'), 'tampered')
    const repaired = reprint(['build', input, '--out', out])
    expect(repaired.stderr).toContain('1 built')
    expect(readFileSync(join(out, 'doc-07', 'doc-07.md'), 'utf8')).toContain('document 7.0')

    const forced = reprint(['build', input, '--out', out, '--force'])
    expect(forced.stderr).toContain(`${COUNT} documents: ${COUNT} built, 0 unchanged`)
    // Options are part of the key: another date style or output set rebuilds.
    const other = reprint(['build', input, '--out', out, '--outputs', 'markdown,json,yaml', '--date-style', 'iso'])
    expect(other.stderr).toContain(`${COUNT} built`)
  })

  it('--jobs 1 and --jobs 2 give byte-identical outputs, run after run', () => {
    const two = reprint(['build', input, '--out', join(root, 'out2'), '--jobs', '2'])
    expect(two.code).toBe(0)
    const three = reprint(['build', input, '--out', join(root, 'out3'), '--jobs', '1'])
    expect(three.code).toBe(0)
    const a = snapshot(join(root, 'out2'), {skip: /^\.reprint-cache/})
    const b = snapshot(join(root, 'out3'), {skip: /^\.reprint-cache/})
    expect(a.size).toBeGreaterThanOrEqual(COUNT * 2 + 1)
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort())
    for (const [path, bytes] of a) expect(bytes.equals(b.get(path)!), path).toBe(true)
    // And messages come out in input order whatever the thread finishing order.
    expect(two.stderr.replace(/\d+\.\d+ s/, '')).toBe(three.stderr.replace(/\d+\.\d+ s/, ''))
  })

  it('shards split the inputs deterministically and `reprint manifest` merges the parts', () => {
    const out = join(root, 'sharded')
    const parts = [1, 2, 3].map((i) => reprint(['build', input, '--out', out, '--shard', `${i}/3`, '--jobs', '1']))
    for (const part of parts) expect(part.code).toBe(0)
    const counts = [1, 2, 3].map((i) => JSON.parse(readFileSync(join(out, `manifest.${i}-of-3.json`), 'utf8')).documents.length)
    expect(counts.reduce((a, b) => a + b, 0)).toBe(COUNT)
    for (const n of counts) expect(n).toBeGreaterThan(0)
    // The same shard twice selects the same documents.
    expect(reprint(['build', input, '--out', join(root, 'sharded-again'), '--shard', '2/3', '--jobs', '1']).stderr).toContain(`${counts[1]} document`)

    expect(reprint(['check', out]).code).toBe(1) // no merged manifest yet
    const merge = reprint(['manifest', out])
    expect(merge.stderr).toContain(`merged 3 part(s), ${COUNT} document(s)`)
    expect(merge.code).toBe(0)
    const merged = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))
    const whole = JSON.parse(readFileSync(join(root, 'out2', 'manifest.json'), 'utf8'))
    expect(merged).toEqual(whole)
    expect(reprint(['check', out]).code).toBe(0)

    // A missing part is an error, not a silent partial manifest.
    const partial = join(root, 'partial')
    reprint(['build', input, '--out', partial, '--shard', '1/2', '--jobs', '1'])
    const bad = reprint(['manifest', partial])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain('missing manifest part(s) 2-of-2')
    expect(existsSync(join(partial, 'manifest.json'))).toBe(false)
  })
})

describe('outputs a document no longer produces', () => {
  // Issue 13: only what a requested kind no longer produces is removed (an appendix that is
  // gone); kinds not requested (`--outputs markdown` after a full build) are kept and listed.
  it('are removed on the next build, and the manifest and check agree', () => {
    const dir = tempDir('reprint-stale-')
    const corpus = readFileSync('input/nagorno-karabakh-conflict.txt', 'utf8')
    write(join(dir, 'in', 'a.txt'), corpus)
    const out = join(dir, 'out')
    expect(reprint(['build', join(dir, 'in'), '--out', out, '--outputs', 'markdown,yaml']).code).toBe(0)
    expect(existsSync(join(out, 'a', 'appendices', 'appendix-3.yaml'))).toBe(true)
    // The third appendix is cut off: its YAML goes, the rest stays.
    write(join(dir, 'in', 'a.txt'), corpus.slice(0, corpus.search(/^\s*APPENDIX: No3/m)))
    const run = reprint(['build', join(dir, 'in'), '--out', out, '--outputs', 'markdown,yaml'])
    expect(run.code, run.stderr).toBe(0)
    expect(existsSync(join(out, 'a', 'a.md'))).toBe(true)
    expect(existsSync(join(out, 'a', 'appendices', 'appendix-3.yaml'))).toBe(false)
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))
    expect(manifest.documents[0].artifacts.map((a: {path: string}) => a.path)).toEqual(['a/a.md', 'a/appendices/appendix-1.yaml', 'a/appendices/appendix-2.yaml'])
    expect(reprint(['check', out]).code).toBe(0)
  })
})

describe('input discovery', () => {
  it('follows folders recursively, detects symlink loops, builds a file reached twice once', () => {
    const dir = tempDir('reprint-links-')
    write(join(dir, 'in', 'a.txt'), rawDocument(1))
    write(join(dir, 'in', 'sub', 'b.txt'), rawDocument(2))
    symlinkSync(join(dir, 'in'), join(dir, 'in', 'sub', 'loop'))
    symlinkSync(join(dir, 'in', 'a.txt'), join(dir, 'in', 'sub', 'again.txt'))
    symlinkSync(join(dir, 'self.txt'), join(dir, 'in', 'self.txt'))
    const run = reprint(['build', join(dir, 'in'), '--out', join(dir, 'out')])
    expect(run.stderr).toMatch(/sub[\\/]loop: symlink loop/)
    expect(run.stderr).toMatch(/self\.txt: broken symlink, skipped/)
    expect(run.stderr).toContain('2 documents: 2 built')
    expect(run.code).toBe(0)
    expect(existsSync(join(dir, 'out', 'sub', 'b', 'b.md'))).toBe(true)
  })

  it('reports an empty folder instead of succeeding silently', () => {
    const dir = tempDir('reprint-empty-')
    write(join(dir, 'in', 'readme.md'), '# not an input\n')
    const run = reprint(['build', join(dir, 'in'), '--out', join(dir, 'out')])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('no input files found')
    // --ext widens the search.
    const md = reprint(['build', join(dir, 'in'), '--out', join(dir, 'out'), '--ext', '.md'])
    expect(md.stderr).toContain('1 document: 1 built')
  })
})
