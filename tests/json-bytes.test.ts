/**
 * jsonBytes (issue 16, memory): the document JSON made a block at a time must
 * be byte for byte `printJson` encoded as UTF-8, for the corpus document and
 * for any plain JSON object.
 */
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {renderDocument} from '../pipeline/build.js'
import {printJson, toJsonDocument} from '../pipeline/emit/json.js'
import {jsonBytes} from '../pipeline/emit/json-bytes.js'
import {VERSION} from '../pipeline/version.js'

const utf8 = (text: string) => Buffer.from(text, 'utf8')

describe('jsonBytes', () => {
  it('gives the bytes of printJson for the corpus document', async () => {
    const result = await renderDocument('input/nagorno-karabakh-conflict.txt', {outputs: ['markdown']})
    if (result.error) throw new Error(result.error)
    const document = toJsonDocument(result.tree!, result.file, VERSION)
    const bytes = jsonBytes(document, 0)
    expect(bytes.length).toBeGreaterThan(100_000)
    expect(Buffer.from(bytes).equals(utf8(printJson(document)))).toBe(true)
  })

  it('gives the bytes of JSON.stringify(value, null, 2) + newline for any object', () => {
    const value = fc.dictionary(
      fc.string(),
      fc.oneof(fc.jsonValue(), fc.array(fc.jsonValue()), fc.constant(undefined), fc.array(fc.oneof(fc.constant(undefined), fc.string({unit: 'binary'}))))
    )
    fc.assert(
      fc.property(value, (object) => {
        expect(Buffer.from(jsonBytes(object, 0)).equals(utf8(JSON.stringify(object, null, 2) + '\n'))).toBe(true)
      }),
      {numRuns: 300}
    )
  })

  it('encodes a document larger than one chunk with characters outside Latin-1', () => {
    const object = {blocks: Array.from({length: 3000}, (_, i) => ({type: 'paragraph', text: `Block ${i} ’quoted’ \u{1F600} “line”\nbreak`}))}
    expect(Buffer.from(jsonBytes(object)).equals(utf8(JSON.stringify(object, null, 2) + '\n'))).toBe(true)
    expect(Buffer.from(jsonBytes(object, 0)).equals(utf8(JSON.stringify(object, null, 2) + '\n'))).toBe(true)
  })
})
