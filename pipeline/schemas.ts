/**
 * JSON Schema validation with ajv (2020-12). Schemas live in `schemas/` at the
 * package root and are compiled once per process, on first use.
 */
import {readFileSync} from 'node:fs'
import {Ajv2020, type ValidateFunction, type ErrorObject} from 'ajv/dist/2020.js'

const SCHEMA_DIR = new URL('../schemas/', import.meta.url)

let ajv: Ajv2020 | undefined
const compiled = new Map<string, ValidateFunction>()

export type SchemaName = 'document' | 'meta' | 'appendix' | 'corrections' | 'config' | 'manifest'

export function schemaId(name: SchemaName): string {
  return `https://reprint.dev/schemas/${name}.schema.json`
}

export function validator(name: SchemaName): ValidateFunction {
  let fn = compiled.get(name)
  if (!fn) {
    ajv ??= new Ajv2020({allErrors: true, strict: false})
    const schema = JSON.parse(readFileSync(new URL(`${name}.schema.json`, SCHEMA_DIR), 'utf8'))
    fn = ajv.compile(schema)
    compiled.set(name, fn)
  }
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
      return `${where}: ${e.message}`
    })
    .join('; ')
}
