/**
 * Reading user YAML (sidecars, corrections, config) with limits: a size cap,
 * no alias expansion bombs, one document, and a schema check whose error names
 * the key.
 */
import {parseDocument} from 'yaml'
import {FileReadError, readRegularFile} from './read-file.js'
import {check, type SchemaName} from './schemas.js'

export const MAX_YAML_BYTES = 256 * 1024

export class InputError extends Error {
  override name = 'InputError'
}

/** Parse a YAML file and check it against a schema. Throws InputError with a one-line reason. */
export function loadYamlFile(path: string, schema: SchemaName): unknown {
  let bytes: Buffer
  try {
    // Only a regular file, and never more than the cap: a FIFO or /dev/zero must not hang or fill memory.
    bytes = readRegularFile(path, MAX_YAML_BYTES, ' for YAML files')
  } catch (error) {
    const reason = error instanceof FileReadError ? error.message : String(error)
    throw new InputError(/^(no such|permission|file name)/.test(reason) ? `cannot read: ${reason}` : reason)
  }
  return parseYaml(bytes.toString('utf8'), schema)
}

export function parseYaml(text: string, schema: SchemaName): unknown {
  const doc = parseDocument(text, {prettyErrors: false, uniqueKeys: true, version: '1.2'})
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!
    const where = e.linePos?.[0] ? `line ${e.linePos[0].line}: ` : ''
    throw new InputError(`malformed YAML: ${where}${e.message.split('\n')[0]}`)
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
