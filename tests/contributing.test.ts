/**
 * CONTRIBUTING.md is a guide to this code (it replaced the team brief
 * DEVELOPERS.md): it must name every stage file, and cover adding a stage, a
 * reader and a writer, measuring, and the rules for recorded changes.
 */
import {existsSync, readFileSync, readdirSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {STAGES} from '../pipeline/processor.js'

const ROOT = join(import.meta.dirname, '..')

describe('CONTRIBUTING.md', () => {
  const guide = existsSync(join(ROOT, 'CONTRIBUTING.md')) ? readFileSync(join(ROOT, 'CONTRIBUTING.md'), 'utf8') : ''

  it('replaces DEVELOPERS.md', () => {
    expect(guide.length).toBeGreaterThan(1000)
    expect(existsSync(join(ROOT, 'DEVELOPERS.md'))).toBe(false)
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain('CONTRIBUTING.md')
  })

  it('covers the layout, adding a stage, a reader and a writer, measuring, and recorded changes', () => {
    for (const heading of ['## The shape', '## Adding a stage', '## Adding a reader', '## Adding a writer', '## Recorded changes', '### `npm run eval`', '### `npm run bench`']) {
      expect(guide).toContain(heading)
    }
  })

  it('lists every stage, in the processor’s order, with its file', () => {
    const files = readdirSync(join(ROOT, 'pipeline', 'stages')).filter((f) => f.endsWith('.ts'))
    for (const file of files) expect(guide, file).toContain(`stages/${file}`)
    const order = STAGES.map(([name]) => guide.indexOf(`| \`${name}\` |`))
    expect(order.every((at) => at > 0)).toBe(true)
    expect([...order].sort((a, b) => a - b)).toEqual(order)
  })
})
