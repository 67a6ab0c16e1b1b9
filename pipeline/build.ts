/**
 * Build one document: read the input and its sidecars, run the processor,
 * render every output in memory, validate, then write them atomically into
 * `<out>/<name>/`. A document that fails writes nothing.
 */
import {existsSync, readFileSync, statSync} from 'node:fs'
import {basename, dirname, isAbsolute, join, relative, resolve} from 'node:path'
import type {Root} from 'mdast'
import {VFile} from 'vfile'
import {isJsonExact, printJson, toJsonDocument} from './emit/json.js'
import {emitMarkdown} from './emit/markdown.js'
import {emitAppendixYaml} from './emit/yaml.js'
import type {DateStyle} from './emit/format-date.js'
import {writeAtomic} from './atomic.js'
import {InputError, loadYamlFile} from './load-yaml.js'
import {loadPdfModule} from './load-pdf.js'
import {createProcessor, type StageOptions} from './processor.js'
import {check} from './schemas.js'
import {DecodeError} from './text/decode.js'
import type {DocumentMetadata} from './types.js'
import {VERSION} from './version.js'
import {isPdfInput, readPdfInput} from './readers/index.js'
import type {PdfSourceOptions} from './readers/pdf-source.js'

export type OutputKind = 'markdown' | 'json' | 'pdf' | 'yaml'

export interface BuildOptions {
  /** Output folder. Default `output`. */
  out?: string
  /** Largest input accepted, in bytes. Default 50 MB. */
  maxBytes?: number
  /** Outputs to write. Default all. */
  outputs?: OutputKind[]
  /** House style for dates in Markdown. */
  dateStyle?: DateStyle
  /** Page size of the PDF. */
  pageSize?: 'A4' | 'Letter'
  /** Font files for the PDF (absolute paths), passed to the PDF writer. */
  fonts?: {regular?: string; bold?: string; italic?: string; boldItalic?: string}
  /**
   * Folder under `out` that holds this document's folder, with `/`
   * separators: batch builds mirror input sub-folders here so that documents
   * with the same name in different folders do not overwrite each other.
   * Default `''` (`<out>/<name>/`).
   */
  subdir?: string
  /** Options for each stage. */
  stages?: StageOptions
  /** Options of the PDF reader (PDF inputs only). */
  pdf?: PdfSourceOptions
  /** Working folder that reported paths are relative to. Default `process.cwd()`. */
  cwd?: string
}

export interface Artifact {
  /** Path relative to the output folder, with `/` separators. */
  path: string
  mediaType: string
  schema?: string
  bytes: Uint8Array
}

export interface BuildResult {
  input: string
  name: string
  /** The vfile with every message; `file.messages` is the change ledger. */
  file: VFile
  tree?: Root
  artifacts: Artifact[]
  /** One-line reason when the document failed. */
  error?: string
}

export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024
export const ALL_OUTPUTS: OutputKind[] = ['markdown', 'json', 'yaml', 'pdf']

/**
 * The output name of an input: its file name without `.txt` or `.pdf`, made safe as a
 * folder name (no control characters, no leading dot, never `.` or `..`).
 */
export function documentName(input: string): string {
  const name = basename(input)
    .replace(/\.(?:txt|pdf)$/i, '')
    .replace(/[\u0000-\u001f\u007f]/g, '_')
    .replace(/^\./, '_')
  return name || '_'
}

/** `<out>/<subdir>/<name>`; throws when that would leave `out`, whatever the names. */
export function documentDir(out: string, name: string, subdir = ''): string {
  const root = resolve(out)
  const dir = resolve(root, ...subdir.split('/').filter(Boolean), name)
  if (!isInside(root, dir)) throw new InputError(`output path escapes the output folder: ${dir}`)
  return dir
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path)
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)
}

/** Process one input in memory: no files are written. */
export async function renderDocument(input: string, options: BuildOptions = {}): Promise<BuildResult> {
  const cwd = options.cwd ?? process.cwd()
  const name = documentName(input)
  const file = new VFile({path: relative(cwd, resolve(cwd, input)) || input})
  const result: BuildResult = {input, name, file, artifacts: []}
  try {
    const bytes = readInput(input, options.maxBytes ?? DEFAULT_MAX_BYTES)
    file.value = bytes
    file.data.sourcePath = file.path
    // A PDF (by name or by its %PDF- signature) is read into lines with their geometry.
    if (isPdfInput(input, bytes)) await readPdfInput(bytes, file, options.pdf)
    file.data.meta = readSidecar(input)
    file.data.corrections = readCorrections(input)
    // The dates stage records the rewrites the Markdown writer will make, so both get the same style.
    const stages: StageOptions = options.dateStyle
      ? {...options.stages, dates: {...options.stages?.dates, dateStyle: options.dateStyle}}
      : options.stages ?? {}
    const processor = createProcessor(stages)
    const tree = await processor.run(processor.parse(file), file)
    result.tree = tree
    result.artifacts = await renderArtifacts(tree, file, name, options)
  } catch (error) {
    result.error = describeError(error)
    result.artifacts = []
  }
  return result
}

/** Process one input and write its outputs atomically. */
export async function buildDocument(input: string, options: BuildOptions = {}): Promise<BuildResult> {
  const result = await renderDocument(input, options)
  if (result.error) return result
  writeArtifacts(result, options)
  return result
}

/** Write a rendered document's artifacts atomically into its folder; sets `result.error` on failure. */
export function writeArtifacts(result: BuildResult, options: BuildOptions = {}): void {
  try {
    const dir = documentDir(options.out ?? 'output', result.name, options.subdir)
    for (const artifact of result.artifacts) {
      const target = resolve(dir, artifact.path)
      if (!isInside(dir, target)) throw new InputError(`artifact path escapes the document folder: ${artifact.path}`)
      writeAtomic(target, artifact.bytes)
    }
  } catch (error) {
    result.error = `cannot write output: ${describeError(error)}`
  }
}

async function renderArtifacts(tree: Root, file: VFile, name: string, options: BuildOptions): Promise<Artifact[]> {
  const outputs = new Set(options.outputs ?? ALL_OUTPUTS)
  const artifacts: Artifact[] = []
  const encoder = new TextEncoder()
  if (outputs.has('markdown')) {
    artifacts.push({
      path: `${name}.md`,
      mediaType: 'text/markdown',
      bytes: encoder.encode(emitMarkdown(tree, {dateStyle: options.dateStyle}))
    })
  }
  if (outputs.has('json')) {
    const document = toJsonDocument(tree, file, VERSION)
    const json = printJson(document)
    // Validate the bytes we write, not merely the in-memory object: JSON drops
    // undefined fields. When the object is exactly what the bytes parse back to
    // (the usual case), validating it is the same and spares a parse.
    const problem = check('document', isJsonExact(document) ? document : JSON.parse(json))
    if (problem) throw new Error(`generated JSON does not match document.schema.json: ${problem}`)
    artifacts.push({
      path: `${name}.json`,
      mediaType: 'application/json',
      schema: 'https://reprint.dev/schemas/document.schema.json',
      bytes: encoder.encode(json)
    })
  }
  if (outputs.has('yaml')) {
    for (const appendix of emitAppendixYaml(tree)) {
      artifacts.push({
        path: `appendices/${appendix.name}`,
        mediaType: 'application/yaml',
        schema: 'https://reprint.dev/schemas/appendix.schema.json',
        bytes: encoder.encode(appendix.text)
      })
    }
  }
  if (outputs.has('pdf')) {
    // Loaded only when a PDF is written: pdf-lib and fontkit are slow to import.
    const {emitPdf} = await loadPdfModule()
    const bytes = await emitPdf(tree, {pageSize: options.pageSize, date: pdfDate(tree), fonts: options.fonts, dateStyle: options.dateStyle})
    artifacts.push({path: `${name}.pdf`, mediaType: 'application/pdf', bytes})
  }
  return artifacts
}

/**
 * CreationDate/ModDate of the PDF: SOURCE_DATE_EPOCH when set, else the
 * document's own date from its metadata, else 1980-01-01 (the reproducible-
 * builds convention), so that two builds of the same input are identical.
 */
export function pdfDate(tree: Root): Date {
  const epoch = process.env.SOURCE_DATE_EPOCH
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000)
  const date = tree.data?.metadata?.date
  if (date && !Number.isNaN(Date.parse(date))) return new Date(Date.parse(date))
  return new Date(Date.UTC(1980, 0, 1))
}

function readInput(input: string, maxBytes: number): Uint8Array {
  let size: number
  try {
    const stat = statSync(input)
    if (stat.isDirectory()) throw new InputError('is a folder, not a file')
    // A FIFO or device would block or never end: only regular files are read.
    if (!stat.isFile()) throw new InputError('not a regular file')
    size = stat.size
  } catch (error) {
    if (error instanceof InputError) throw error
    throw new InputError(`cannot read: ${errnoText(error)}`)
  }
  if (size === 0) throw new InputError('empty file')
  if (size > maxBytes) throw new InputError(`file too large: ${size} bytes (limit ${maxBytes}, see --max-bytes)`)
  try {
    return readFileSync(input)
  } catch (error) {
    throw new InputError(`cannot read: ${errnoText(error)}`)
  }
}

/** `<dir>/<name>.meta.yaml` beside the input, when present. */
export function sidecarPath(input: string, kind: 'meta' | 'corrections'): string {
  return join(dirname(input), `${basename(input).replace(/\.(?:txt|pdf)$/i, '')}.${kind}.yaml`)
}

/** `<name>.corrections.yaml` (editor corrections of appendix entries), when present. */
function readCorrections(input: string): unknown {
  const path = sidecarPath(input, 'corrections')
  if (!existsSync(path)) return undefined
  try {
    return loadYamlFile(path, 'corrections')
  } catch (error) {
    throw new InputError(`${basename(path)}: ${(error as Error).message}`)
  }
}

function readSidecar(input: string): Omit<DocumentMetadata, 'source'> {
  const path = sidecarPath(input, 'meta')
  if (!existsSync(path)) return {}
  try {
    return loadYamlFile(path, 'meta') as Omit<DocumentMetadata, 'source'>
  } catch (error) {
    throw new InputError(`${basename(path)}: ${(error as Error).message}`)
  }
}

export {writeAtomic}

function errnoText(error: unknown): string {
  const e = error as NodeJS.ErrnoException
  switch (e.code) {
    case 'ENOENT':
      return 'no such file'
    case 'EACCES':
    case 'EPERM':
      return 'permission denied'
    case 'EISDIR':
      return 'is a folder, not a file'
    default:
      return e.code ?? e.message
  }
}

export function describeError(error: unknown): string {
  if (error instanceof InputError || error instanceof DecodeError) return error.message
  const e = error as NodeJS.ErrnoException
  if (e && typeof e === 'object' && 'code' in e && typeof e.code === 'string') return errnoText(e)
  return e instanceof Error ? e.message.split('\n')[0]! : String(error)
}
