/**
 * The validators are compiled ahead of time from schemas/ (scripts/
 * compile-schemas.mjs); a schema changed without `npm run schemas` must fail.
 */
import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
// @ts-expect-error: a plain .mjs script without types
import {generate} from '../scripts/compile-schemas.mjs'
import {check} from '../pipeline/schemas.js'

describe('compiled schema validators', () => {
  it('are up to date with schemas/ (run `npm run schemas` after changing a schema)', () => {
    const committed = readFileSync(new URL('../pipeline/validators.generated.ts', import.meta.url), 'utf8')
    expect(committed === (generate() as string)).toBe(true)
  })

  it('validate and describe errors like ajv', () => {
    expect(check('meta', {title: 'A title'})).toBeUndefined()
    expect(check('meta', {title: 3})).toMatch(/title: must be string/)
    expect(check('meta', {colour: 'red'})).toMatch(/unknown key “colour”/)
  })
})
