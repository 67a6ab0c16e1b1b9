/**
 * YAML writer for structured appendices: one YAML 1.2 document per appendix
 * node (`appendix-<n>.yaml`), validated against schemas/appendix.schema.json.
 * Dates, and any string a YAML 1.1 reader would take for a boolean, number,
 * time or null (`No`, `On`, `12:30:00`), are quoted.
 */
import type {Root} from 'mdast'
import {Document, isCollection, isPair, isScalar} from 'yaml'
import {check} from '../schemas.js'
import type {Appendix, AppendixEntry} from '../types.js'

export interface YamlArtifact {
  /** File name inside `appendices/`, e.g. `appendix-2.yaml`. */
  name: string
  text: string
}

export const APPENDIX_SCHEMA_ID = 'https://reprint.dev/schemas/appendix.schema.json'

/** The data of one appendix, as written to YAML and JSON. */
export function appendixData(node: Appendix, source?: string): Record<string, unknown> {
  const data: Record<string, unknown> = {
    $schema: APPENDIX_SCHEMA_ID,
    id: node.id,
    number: node.number,
    title: node.title,
    kind: node.kind
  }
  if (source) data.source = source
  const columns = (node.data as {columns?: string[]} | undefined)?.columns
  if (columns) data.columns = columns
  data.entries = node.entries.map(cleanEntry)
  return data
}

/** Drop undefined fields; keep `occasion: null` (known to be absent). */
function cleanEntry(entry: AppendixEntry): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(entry)) if (value !== undefined) out[key] = value
  return out
}

/**
 * The `%YAML 1.2` directive and the document start, written here rather than
 * by yaml (`directives.yaml.explicit`): to print directives, yaml walks the
 * whole document for tags that might need a `%TAG` line, and a document built
 * from plain data has none (the default `!!` handle is never declared).
 * tests/yaml-header.test.ts checks that both ways print the same.
 */
const YAML_HEADER = '%YAML 1.2\n---\n'

/** Every appendix of the tree as a YAML file, in order. */
export function emitAppendixYaml(tree: Root): YamlArtifact[] {
  return [...appendixYamlFiles(tree)]
}

/**
 * The same files one at a time, each made when it is asked for: the build
 * writes one and drops it before the next is made (a 50 MB document of
 * repeated chronologies has hundreds of appendices).
 */
export function* appendixYamlFiles(tree: Root): Generator<YamlArtifact> {
  const source = tree.data?.metadata?.source.path
  for (const node of tree.children) {
    if (node.type !== 'appendix') continue
    const data = appendixData(node, source)
    const problem = check('appendix', data)
    if (problem) throw new Error(`generated appendix ${node.id} does not match appendix.schema.json: ${problem}`)
    yield {name: `appendix-${node.number}.yaml`, text: printAppendixYaml(data)}
  }
}

/** One appendix's data as a YAML 1.2 document, dates double-quoted. */
export function printAppendixYaml(data: Record<string, unknown>): string {
  const doc = new Document(data, {version: '1.2'})
  quoteDates(doc.contents)
  return YAML_HEADER + doc.toString({lineWidth: 0, directives: false})
}

/**
 * Double-quote the value of every `date` and `dateText` key below `node`.
 * A plain walk: yaml's `visit` freezes a copy of the path at every node.
 */
export function quoteDates(node: unknown): void {
  if (isCollection(node)) {
    for (const item of node.items) quoteDates(item)
  } else if (isPair(node)) {
    const key = isScalar(node.key) ? node.key.value : undefined
    if ((key === 'date' || key === 'dateText') && isScalar(node.value)) node.value.type = 'QUOTE_DOUBLE'
    quoteDates(node.value)
  } else if (isScalar(node) && typeof node.value === 'string' && !node.type && readAsOtherType(node.value)) {
    node.type = 'QUOTE_DOUBLE'
  }
}

/**
 * Plain strings that a YAML 1.1 reader (PyYAML, Ruby's Psych, older
 * libraries) resolves to another type, though YAML 1.2 reads them as strings,
 * so the yaml package leaves them unquoted: booleans (`No`, `on`, `y`),
 * sexagesimal numbers and times (`12:30:00`), octal and binary forms,
 * numbers with `_`, timestamps, `=` and `<<`. From the YAML 1.1 type
 * repository (yaml.org/type), as PyYAML implements it.
 */
const YAML11_OTHER_TYPE = new RegExp(
  [
    '^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$',
    '^(?:~|null|Null|NULL)$',
    '^[-+]?0b[0-1_]+$',
    '^[-+]?0[0-7_]+$',
    '^[-+]?(?:0|[1-9][0-9_]*)$',
    '^[-+]?0x[0-9a-fA-F_]+$',
    '^[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+$',
    '^[-+]?(?:[0-9][0-9_]*)?\\.[0-9_]*(?:[eE][-+][0-9]+)?$',
    '^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*$',
    '^[-+]?\\.(?:inf|Inf|INF)$',
    '^\\.(?:nan|NaN|NAN)$',
    '^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \\t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\\.[0-9]*)?(?:[ \\t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?$',
    '^(?:=|<<)$'
  ].join('|')
)

export function readAsOtherType(value: string): boolean {
  return value === '' || YAML11_OTHER_TYPE.test(value)
}
