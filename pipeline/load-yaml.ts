/**
 * Reading user YAML (sidecars, corrections, config) with limits: a size cap,
 * no alias expansion bombs, one document, and a schema check whose error names
 * the key.
 */
import {readFileSync, statSync} from 'node:fs'
import {parseDocument} from 'yaml'
import {check, type SchemaName} from './schemas.js'

export const MAX_YAML_BYTES = 256 * 1024

export class InputError extends Error {
  override name = 'InputError'
}

/** Parse a YAML file and check it against a schema. Throws InputError with a one-line reason. */
export function loadYamlFile(path: string, schema: SchemaName): unknown {
  let size: number
  try {
    size = statSync(path).size
  } catch (error) {
    throw new InputError(`cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`)
  }
  if (size > MAX_YAML_BYTES) throw new InputError(`YAML file too large (${size} bytes, limit ${MAX_YAML_BYTES})`)
  const text = readFileSync(path, 'utf8')
  return parseYaml(text, schema)
}

export function parseYaml(text: string, schema: SchemaName): unknown {
  // prettyErrors adds the line and column (linePos) that the message gives.
  const doc = parseDocument(text, {prettyErrors: true, uniqueKeys: true, version: '1.2'})
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!
    const at = e.linePos?.[0]
    const where = at ? `line ${at.line}, column ${at.col}: ` : ''
    // prettyErrors appends " at line L, column C:" and a source excerpt to the message: keep the first clause.
    throw new InputError(`malformed YAML: ${where}${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`)
  }
  let data: unknown
  try {
    data = doc.toJS({maxAliasCount: 0}) ?? {}
  } catch (error) {
    throw new InputError(`malformed YAML: ${(error as Error).message.split('\n')[0]}`)
  }
  const problem = check(schema, data)
  if (problem) throw new InputError(`invalid ${schema}: ${problem}`)
  return data
}
