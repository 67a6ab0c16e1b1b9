/**
 * build.ts validates the in-memory JSON document instead of the parsed-back
 * bytes when `isJsonExact` says the two are the same: that must hold for any
 * value, and be true for a real document (or the shortcut is never taken).
 */
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {renderDocument} from '../pipeline/build.js'
import {isJsonExact, printJson, toJsonDocument} from '../pipeline/emit/json.js'

const roundTrip = (value: unknown) => JSON.parse(JSON.stringify(value) ?? 'null')

describe('isJsonExact', () => {
  it('implies that JSON round-trips the value exactly (any value)', () => {
    fc.assert(
      fc.property(fc.anything({withNullPrototype: true, withSparseArray: true, withBoxedValues: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withBigInt: false}), (value) => {
        if (isJsonExact(value)) expect(roundTrip(value)).toStrictEqual(value)
      }),
      {numRuns: 2000}
    )
  })

  it('accepts every JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        // JSON text has no -0; fast-check's jsonValue may still produce it.
        if (JSON.stringify(value).includes('-0') && !Object.is(roundTrip(value), value)) return
        expect(isJsonExact(roundTrip(value))).toBe(true)
      })
    )
  })

  it('rejects what JSON.stringify drops or changes', () => {
    expect(isJsonExact({a: undefined})).toBe(false)
    expect(isJsonExact({a: [1, undefined]})).toBe(false)
    // eslint-disable-next-line no-sparse-arrays
    expect(isJsonExact([1, , 3])).toBe(false)
    expect(isJsonExact({a: Number.NaN})).toBe(false)
    expect(isJsonExact({a: Infinity})).toBe(false)
    expect(isJsonExact(-0)).toBe(false)
    expect(isJsonExact({a: new Date(0)})).toBe(false)
    expect(isJsonExact({toJSON: () => 1})).toBe(false)
    expect(isJsonExact({a: () => 1})).toBe(false)
    expect(isJsonExact(new Map())).toBe(false)
    expect(isJsonExact(Object.create({inherited: 1}))).toBe(false)
    expect(isJsonExact({a: [{b: 'c', d: 1.5, e: null, f: true}]})).toBe(true)
  })

  it('holds for the corpus document, whose written bytes parse back to it', async () => {
    const result = await renderDocument('input/nagorno-karabakh-conflict.txt', {outputs: ['json']})
    expect(result.error).toBeUndefined()
    const document = toJsonDocument(result.tree!, result.file, 'test')
    expect(isJsonExact(document)).toBe(true)
    expect(JSON.parse(printJson(document))).toStrictEqual(document)
  })
})
