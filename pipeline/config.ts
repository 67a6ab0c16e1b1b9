/**
 * Project configuration: `reprint.config.yaml` at the project root (the
 * working folder), or the file given with `--config`. Parsed with limits and
 * validated by `schemas/config.schema.json`; errors name the key. Command-line
 * flags override it (see `mergeFlags`).
 */
import {existsSync} from 'node:fs'
import {dirname, resolve} from 'node:path'
import type {DateStyle} from './emit/format-date.js'
import type {OutputKind} from './build.js'
import type {StageOptions} from './processor.js'
import type {Rules} from './rules.js'

export type {OutputKind}
export type PageSize = 'A4' | 'Letter'

export interface FontFiles {
  regular?: string
  bold?: string
  italic?: string
  boldItalic?: string
}

/** What `reprint.config.yaml` may hold (every key optional). */
export interface ConfigFile {
  outputs?: OutputKind[]
  dateStyle?: DateStyle
  typography?: {asciiQuotes?: boolean}
  pageSize?: PageSize
  fonts?: FontFiles
  maxBytes?: number
  jobs?: number
  extensions?: string[]
  stages?: StageOptions
  /** Severity by rule id: off, warn or error (see rules.ts). */
  rules?: Rules
}

export const CONFIG_FILE = 'reprint.config.yaml'
/** Outputs written when neither the config nor a flag says otherwise. */
export const DEFAULT_OUTPUTS: OutputKind[] = ['markdown', 'json', 'yaml', 'pdf', 'html']
export const DEFAULT_EXTENSIONS = ['.txt', '.pdf']

export class ConfigError extends Error {
  override name = 'ConfigError'
}

export interface LoadedConfig {
  /** Absolute path of the file read, or undefined when there is none. */
  path?: string
  config: ConfigFile
}

/**
 * Read the configuration. With `explicit` the file must exist; otherwise
 * `<cwd>/reprint.config.yaml` is read when present.
 */
export async function loadConfig(cwd: string, explicit?: string): Promise<LoadedConfig> {
  const path = resolve(cwd, explicit ?? CONFIG_FILE)
  if (!explicit && !existsSync(path)) return {config: {}}
  // The YAML reader and ajv load only when there is a file to read.
  const {InputError, loadYamlFile} = await import('./load-yaml.js')
  let config: ConfigFile
  try {
    config = loadYamlFile(path, 'config') as ConfigFile
  } catch (error) {
    const reason = error instanceof InputError ? error.message : (error as Error).message
    throw new ConfigError(`${explicit ?? CONFIG_FILE}: ${reason}`)
  }
  // Font paths are relative to the config file.
  if (config.fonts) {
    const base = dirname(path)
    const fonts: FontFiles = {}
    for (const [key, value] of Object.entries(config.fonts) as [keyof FontFiles, string][]) fonts[key] = resolve(base, value)
    config = {...config, fonts}
  }
  return {path, config}
}

/** Stage options from the config: `stages.*`, with `typography` folded into `stages.typography`. */
export function stageOptions(config: ConfigFile): StageOptions {
  const stages: StageOptions = {...(config.stages ?? {})}
  if (config.typography) stages.typography = {...(stages.typography ?? {}), ...config.typography}
  return stages
}
