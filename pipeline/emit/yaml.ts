/**
 * YAML writer for structured appendices: one YAML 1.2 document per appendix
 * node (`appendix-<n>.yaml`), validated against schemas/appendix.schema.json.
 * Dates are quoted so that YAML 1.1 readers do not turn them into timestamps.
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

export function emitAppendixYaml(tree: Root): YamlArtifact[] {
  const source = tree.data?.metadata?.source.path
  const out: YamlArtifact[] = []
  for (const node of tree.children) {
    if (node.type !== 'appendix') continue
    const data = appendixData(node, source)
    const problem = check('appendix', data)
    if (problem) throw new Error(`generated appendix ${node.id} does not match appendix.schema.json: ${problem}`)
    out.push({name: `appendix-${node.number}.yaml`, text: printAppendixYaml(data)})
  }
  return out
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
    quoteDates(node.key)
    quoteDates(node.value)
  }
}
