/**
 * JSON Schema validation. The schemas in `schemas/` (2020-12) are compiled
 * ahead of time by ajv's standalone code generation into
 * `validators.generated.ts` (`npm run schemas`; a test fails when it is out of
 * date), so a build neither loads ajv's compiler nor compiles at start-up.
 */
import type {ErrorObject} from 'ajv/dist/2020.js'
import * as generated from './validators.generated.js'

/** A compiled validator: true when valid, else false with `errors` set. */
export interface ValidateFunction {
  (data: unknown): boolean
  errors?: ErrorObject[] | null
}

export type SchemaName = 'document' | 'meta' | 'appendix' | 'corrections' | 'config' | 'manifest' | 'report'

export function schemaId(name: SchemaName): string {
  return `https://reprint.dev/schemas/${name}.schema.json`
}

export function validator(name: SchemaName): ValidateFunction {
  const fn = (generated as Record<string, ValidateFunction | undefined>)[name]
  if (!fn) throw new Error(`no compiled validator for schema “${name}” (run \`npm run schemas\`)`)
  return fn
}

/** Validate `data`; returns a one-line description of the first errors, or undefined. */
export function check(name: SchemaName, data: unknown): string | undefined {
  const fn = validator(name)
  if (fn(data)) return undefined
  return describe(fn.errors ?? [])
}

export function describe(errors: ErrorObject[]): string {
  return errors
    .slice(0, 3)
    .map((e) => {
      const where = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : '(top level)'
      if (e.keyword === 'additionalProperties') return `${where}: unknown key “${(e.params as {additionalProperty: string}).additionalProperty}”`
      // The allowed values, so the fix is in the message (`must be one of: dmy, mdy, iso, preserve`).
      if (e.keyword === 'enum') return `${where}: must be one of ${((e.params as {allowedValues: unknown[]}).allowedValues ?? []).map((v) => JSON.stringify(v)).join(', ')}`
      if (e.keyword === 'const') return `${where}: must be ${JSON.stringify((e.params as {allowedValue: unknown}).allowedValue)}`
      return `${where}: ${e.message}`
    })
    .join('; ')
}
