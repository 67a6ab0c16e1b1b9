import {describe, expect, it} from 'vitest'
import {renderDocument} from '../pipeline/build.js'

const CORPUS = 'input/nagorno-karabakh-conflict.txt'

describe('corpus document end to end', () => {
  it('builds Markdown and JSON without errors', async () => {
    const result = await renderDocument(CORPUS)
    expect(result.error).toBeUndefined()
    const paths = result.artifacts.map((a) => a.path)
    expect(paths).toContain('nagorno-karabakh-conflict.md')
    expect(paths).toContain('nagorno-karabakh-conflict.json')
    const json = JSON.parse(new TextDecoder().decode(result.artifacts.find((a) => a.path.endsWith('.json'))!.bytes))
    expect(json.metadata.source.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(json.metadata.source.lines).toBe(806)
    expect(json.blocks.length).toBeGreaterThan(40)
  })
})
