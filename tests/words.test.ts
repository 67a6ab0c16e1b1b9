/**
 * The two forms of the word list answer alike: the packed one the compile
 * step writes (dist/words.bin) and the text index used from source.
 */
import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {PackedWordList, wordListFile, wordListFromText} from '../pipeline/text/words.js'

const text = readFileSync(wordListFile(), 'utf8')
const words = text.split(/\r?\n/).filter(Boolean)

describe('PackedWordList', () => {
  const packed = PackedWordList.from(PackedWordList.pack(words)!)!
  const indexed = wordListFromText(text)

  it('holds every word of the list, and the same count', () => {
    expect(packed.size).toBe(indexed.size)
    expect(words.filter((w) => !packed.has(w))).toEqual([])
  })

  it('answers like the text index for near misses, case and edges', () => {
    const probes = [
      ...words.filter((_, i) => i % 37 === 0).flatMap((w) => [w + 's', w.slice(1), w.slice(0, -1), w.toUpperCase(), w + 'zz']),
      '', 'a', 'A', 'zzzzzz', '\u00e9t\u00e9', 'caf\u00e9', 'a-b', ' '
    ]
    expect(probes.filter((p) => packed.has(p) !== indexed.has(p))).toEqual([])
  })

  it('works for tiny lists and refuses what it cannot pack', () => {
    const tiny = PackedWordList.from(PackedWordList.pack(['b', 'a', 'c', 'a'])!)!
    expect(['a', 'b', 'c', 'd', ''].map((w) => tiny.has(w))).toEqual([true, true, true, false, false])
    expect(PackedWordList.pack(['caf\u00e9'])).toBeUndefined()
    expect(PackedWordList.from(new Uint8Array([1, 2, 3]))).toBeUndefined()
  })
})
