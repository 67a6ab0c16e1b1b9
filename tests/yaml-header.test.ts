/**
 * The YAML writer prints the `%YAML 1.2` directive and `---` itself (yaml
 * would walk the whole document for tags first). On any data it must print
 * exactly what yaml prints with `directives.yaml.explicit`.
 */
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {Document} from 'yaml'
import {renderDocument} from '../pipeline/build.js'
import {appendixData, printAppendixYaml, quoteDates} from '../pipeline/emit/yaml.js'
import type {Appendix} from '../pipeline/types.js'

function stock(data: Record<string, unknown>): string {
  const doc = new Document(data, {version: '1.2'})
  doc.directives!.yaml.explicit = true
  quoteDates(doc.contents)
  return doc.toString({lineWidth: 0})
}

describe('YAML header', () => {
  it('prints what yaml prints with explicit directives (any data)', () => {
    const key = fc.oneof(fc.constantFrom('date', 'dateText', 'entries', '$schema', '!tag', '- x', ''), fc.string())
    const value = fc.letrec((tie) => ({
      leaf: fc.oneof(fc.string(), fc.integer(), fc.double({noNaN: true}), fc.boolean(), fc.constant(null), fc.constantFrom('|', '>', '%YAML', '---', '2015-12-19')),
      node: fc.oneof({maxDepth: 3}, tie('leaf'), fc.array(tie('node'), {maxLength: 4}), fc.dictionary(key, tie('node'), {maxKeys: 4}))
    })).node
    fc.assert(
      fc.property(fc.dictionary(key, value, {maxKeys: 6}), (data) => {
        expect(printAppendixYaml(data)).toBe(stock(structuredClone(data)))
      }),
      {numRuns: 1000}
    )
  })

  it('prints what yaml prints for the corpus appendices', async () => {
    const result = await renderDocument('input/nagorno-karabakh-conflict.txt', {outputs: []})
    const appendices = result.tree!.children.filter((n): n is Appendix => n.type === 'appendix')
    expect(appendices.length).toBeGreaterThan(0)
    for (const node of appendices) {
      const data = appendixData(node, 'input/nagorno-karabakh-conflict.txt')
      expect(printAppendixYaml(data)).toBe(stock(structuredClone(data)))
    }
  })
})
