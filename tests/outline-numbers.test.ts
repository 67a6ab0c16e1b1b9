/**
 * Section numbers of headings found by their type (PDF input) or shape, not
 * by the outline chain: "1 Opening Session - 9:07 a.m." (a title the chain
 * rejects for its full stop) and "7 e-Votes …" (lower case first) keep their
 * number in `data.number` when the document's numbers read as an outline;
 * repeated numbers ("29 U.S.C. …" twice) are no outline.
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import type {Heading, Root} from 'mdast'
import {toString} from 'mdast-util-to-string'
import {afterAll, describe, expect, it} from 'vitest'
import {renderDocument} from '../pipeline/build.js'
import {column, makePdf, type Placed} from './helpers/make-pdf.js'

const dir = mkdtempSync(join(tmpdir(), 'reprint-outline-numbers-'))
afterAll(() => rmSync(dir, {recursive: true, force: true}))

function headings(tree: Root | undefined): Array<[string, string | undefined]> {
  return (tree?.children ?? []).filter((n): n is Heading => n.type === 'heading').map((h) => [toString(h), (h.data as {number?: string} | undefined)?.number])
}

async function build(heads: string[], name: string) {
  const page: Placed[] = [{text: 'A Document Title Set Large', x: 50, y: 750, size: 18, bold: true}]
  let y = 710
  heads.forEach((text, i) => {
    page.push({text, x: 50, y, size: 13, bold: true})
    page.push(...column(`s${i}`, 50, y - 20, 3, {words: 10}))
    y -= 80
  })
  const path = join(dir, name)
  writeFileSync(path, await makePdf([page]))
  const result = await renderDocument(path, {outputs: ['json']})
  expect(result.error).toBeUndefined()
  return headings(result.tree)
}

describe('section numbers of headings found by their type', () => {
  it('keeps the numbers of an outline, whatever the title after them', async () => {
    const found = await build(['1 Opening Session - 9:07 a.m. - 12:01 p.m.', '1.1 Agenda Items', '2 Afternoon Session', '7 e-Votes to read into minutes'], 'outline.pdf')
    expect(found.slice(1)).toEqual([
      ['1 Opening Session - 9:07 a.m. - 12:01 p.m.', '1'],
      ['1.1 Agenda Items', '1.1'],
      ['2 Afternoon Session', '2'],
      ['7 e-Votes to read into minutes', '7']
    ])
  })

  it('gives no number where the numbers repeat (a statute cited in each head)', async () => {
    const found = await build(['29 U.S.C. 794d. Electronic Technology', '29 U.S.C. 794d-1. Reports on Access'], 'statute.pdf')
    expect(found.slice(1).map(([, n]) => n)).toEqual([undefined, undefined])
  })
})
