/**
 * A build writes each output to its temporary file as soon as it is made
 * (issue 16, memory), and renames them only when the document passes. A
 * document that then fails (--strict, a rule set to error) must leave the
 * previous build's files as they were and no temporary behind; the manifest
 * lists the sizes and hashes of the files written.
 */
import {createHash} from 'node:crypto'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {rawDocument, reprint, snapshot, tempDir, write} from './cli-harness.js'

// Windows-1252 bytes: a warning (ingest:encoding), so --strict fails the document.
const LATIN = Buffer.from('A short note\n\nThe caf\xe9 opened in the spring, the council said.\n', 'latin1')

describe('outputs staged as they are made', () => {
  it('a document that fails after its outputs were made leaves the previous files and no temporary', () => {
    const dir = tempDir('reprint-staged-')
    write(join(dir, 'in', 'doc.txt'), rawDocument(1))
    const out = join(dir, 'out')
    expect(reprint(['build', join(dir, 'in'), '--out', out]).code).toBe(0)
    const before = snapshot(join(out, 'doc'))
    expect([...before.keys()].sort()).toEqual(['doc.html', 'doc.json', 'doc.md', 'doc.pdf'])
    // The same name, now with a warning: --strict fails it after every output was made.
    write(join(dir, 'in', 'doc.txt'), LATIN)
    const strict = reprint(['build', join(dir, 'in'), '--out', out, '--strict'])
    expect(strict.code).toBe(1)
    expect(strict.stderr).toContain('a failure with --strict')
    expect(snapshot(join(out, 'doc'))).toEqual(before)
  })

  it('the manifest gives the size and sha256 of every file written', () => {
    const dir = tempDir('reprint-staged-')
    write(join(dir, 'in', 'a.txt'), rawDocument(2))
    const out = join(dir, 'out')
    expect(reprint(['build', join(dir, 'in'), '--out', out]).code).toBe(0)
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))
    const artifacts = manifest.documents.flatMap((d: {artifacts: Array<{path: string; bytes: number; sha256: string}>}) => d.artifacts)
    expect(artifacts.length).toBe(4)
    for (const a of artifacts) {
      const bytes = readFileSync(join(out, a.path))
      expect(a.bytes).toBe(bytes.length)
      expect(a.sha256).toBe(createHash('sha256').update(bytes).digest('hex'))
    }
    expect([...snapshot(out).keys()].filter((p) => p.includes('.tmp-'))).toEqual([])
  })
})
