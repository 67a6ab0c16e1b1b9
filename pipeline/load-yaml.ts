/**
 * Reading user YAML (sidecars, corrections, config) with limits: a size cap,
 * no alias expansion bombs, one document, and a schema check whose error names
 * the key.
 */
import {isMap, isNode, LineCounter, parseDocument, type Document} from 'yaml'
import {FileReadError, readRegularFile} from './read-file.js'
import {check, validator, type SchemaName} from './schemas.js'

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
  // prettyErrors adds the line and column (linePos) that the message gives.
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, {prettyErrors: true, uniqueKeys: true, version: '1.2', lineCounter})
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
  if (problem) throw new InputError(`invalid ${schema}: ${problem}${locate(doc, lineCounter, schema)}`)
  return data
}

/**
 * ` (line L, column C)` of the value (or, for an unknown key, the key) that
 * the schema's first error is about; '' when it cannot be found.
 */
function locate(doc: Document, lineCounter: LineCounter, schema: SchemaName): string {
  const error = validator(schema).errors?.[0]
  if (!error) return ''
  const path = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part))
  let node: unknown = path.length === 0 ? doc.contents : doc.getIn(path, true)
  const extra = (error.params as {additionalProperty?: string}).additionalProperty
  if (extra !== undefined && isMap(node)) node = node.items.find((pair) => isNode(pair.key) && (pair.key as {value?: unknown}).value === extra)?.key ?? node
  const offset = isNode(node) ? node.range?.[0] : undefined
  if (offset === undefined) return ''
  const {line, col} = lineCounter.linePos(offset)
  return ` (line ${line}, column ${col})`
}
