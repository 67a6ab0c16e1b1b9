/**
 * YAML writer for structured appendices: one YAML 1.2 document per appendix
 * node, validated against schemas/appendix.schema.json.
 * (Stub: filled in by the appendices work.)
 */
import type {Root} from 'mdast'

export interface YamlArtifact {
  /** File name inside `appendices/`, e.g. `appendix-2.yaml`. */
  name: string
  text: string
}

export function emitAppendixYaml(_tree: Root): YamlArtifact[] {
  return []
}
