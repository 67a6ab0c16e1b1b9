/**
 * Round trip: reprint's own PDF, read back by the PDF reader, rebuilds the
 * same blocks with the same words. A test of the writer and the reader at once.
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import type {Root} from 'mdast'
import {toString} from 'mdast-util-to-string'
import {afterAll, expect, it} from 'vitest'
import {renderDocument} from '../pipeline/build.js'

const dir = mkdtempSync(join(tmpdir(), 'reprint-roundtrip-'))
afterAll(() => rmSync(dir, {recursive: true, force: true}))

function blocks(tree: Root | undefined): string[] {
  return (tree?.children ?? [])
    .filter((n) => n.type !== 'pageBreak')
    .map((n) => `${n.type}${'depth' in n ? n.depth : ''}${n.type === 'list' ? (n.ordered ? ' ordered' : ' bullet') : ''}: ${toString(n)}`)
}

it('reads back its own PDF as the same blocks and words', async () => {
  const source = new URL('./fixtures/pdf/roundtrip.txt', import.meta.url).pathname
  const first = await renderDocument(source, {outputs: ['pdf']})
  expect(first.error).toBeUndefined()
  const pdf = join(dir, 'roundtrip.pdf')
  writeFileSync(pdf, first.artifacts.find((a) => a.path.endsWith('.pdf'))!.bytes)
  const second = await renderDocument(pdf, {outputs: ['markdown']})
  expect(second.error).toBeUndefined()
  expect(blocks(second.tree)).toEqual(blocks(first.tree))
  expect(blocks(first.tree)).toHaveLength(9)
})
