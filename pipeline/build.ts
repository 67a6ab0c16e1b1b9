/**
 * Build one document: read the input and its sidecars, run the processor,
 * render every output in memory, validate, then write them atomically into
 * `<out>/<name>/`. A document that fails writes nothing.
 */
import {createHash} from 'node:crypto'
import {existsSync, readSync} from 'node:fs'
import {basename, dirname, isAbsolute, join, relative, resolve, sep} from 'node:path'
import type {Root} from 'mdast'
import {VFile} from 'vfile'
import {compactLargeDocument} from './compact.js'
import {isJsonExact, toJsonDocument} from './emit/json.js'
import {jsonBytes} from './emit/json-bytes.js'
import {emitMarkdownBytes} from './emit/markdown.js'
import {appendixYamlFiles} from './emit/yaml.js'
import type {DateStyle} from './emit/format-date.js'
import {removeStaleTemporaries, StagedFiles, writeAllAtomic, writeAtomic} from './atomic.js'
import {InputError, loadYamlFile} from './load-yaml.js'
import {errnoReason, FileReadError, readRegularFile} from './read-file.js'
import {loadPdfModule} from './load-pdf.js'
import {createProcessor, type StageOptions} from './processor.js'
import {check} from './schemas.js'
import {applyRules, type Rules} from './rules.js'
import {DecodeError} from './text/decode.js'
import {warn} from './messages.js'
import {warnPrivateUse} from './private-use.js'
import type {DocumentMetadata} from './types.js'
import {VERSION} from './version.js'
import {isPdfInput, readPdfInput} from './readers/index.js'
import type {PdfSourceOptions} from './readers/pdf-source.js'

export type OutputKind = 'markdown' | 'json' | 'pdf' | 'yaml' | 'html' | 'review'

export interface BuildOptions {
  /** Output folder. Default `output`. */
  out?: string
  /** Largest input accepted, in bytes. Default 50 MB. */
  maxBytes?: number
  /**
   * The bytes of standard input, already read (`readStandardInput`): input `-`
   * uses them instead of reading file descriptor 0. The batch and `--out -`
   * read standard input first, to know its size before they choose where
   * to build it (a large input goes to a process of its own, batch.ts).
   */
  stdin?: Uint8Array
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
  /** Encoding of inputs whose bytes are not UTF-8 (`--encoding`); a sidecar's `encoding:` wins. Default: detected. */
  encoding?: string
  /** Per-rule severity from the configuration (`rules:`); see rules.ts. */
  rules?: Rules
}

export interface Artifact {
  /** Path relative to the output folder, with `/` separators. */
  path: string
  mediaType: string
  schema?: string
  bytes: Uint8Array
  /**
   * Set when the artifact was staged (an `ArtifactStage`): its bytes are in a
   * temporary file beside its target, `bytes` is empty, and these are the
   * size and sha256 of what was written.
   */
  written?: {size: number; sha256: string}
}

/**
 * Where `renderDocument` puts each artifact as soon as it is made, instead of
 * keeping its bytes until the document is done (the batch's tasks: see
 * `stageArtifacts`). Returns what the result lists in its place.
 */
export interface ArtifactStage {
  put(artifact: Artifact): Artifact
  /** Remove everything staged (the document failed). */
  discard(): void
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

/** The input name that reads standard input (`reprint build -`). */
export const STDIN = '-'

export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024
export const ALL_OUTPUTS: OutputKind[] = ['markdown', 'json', 'yaml', 'pdf', 'html']

/**
 * The output name of an input: its file name without `.txt` or `.pdf`, made safe as a
 * folder name (no control characters, no leading dot, never `.` or `..`).
 */
export function documentName(input: string): string {
  if (input === STDIN) return 'stdin'
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

/**
 * Process one input in memory: no files are written. `source` is a path, or
 * a VFile holding the bytes or text (its `path`, when set, names the document
 * and finds its sidecars).
 */
export async function renderDocument(source: string | VFile, options: BuildOptions = {}, stage?: ArtifactStage): Promise<BuildResult> {
  const given = typeof source === 'string' ? undefined : source
  const input = given ? (given.path ?? '') : (source as string)
  const cwd = options.cwd ?? process.cwd()
  const name = documentName(input || 'document')
  const file = given ?? new VFile({path: input === STDIN ? 'stdin' : relative(cwd, resolve(cwd, input)) || input})
  const result: BuildResult = {input, name, file, artifacts: []}
  try {
    await loadInput(file, input, given, options)
    // The path the outputs print (front matter, JSON): relative to the project, never a machine path.
    file.data.sourcePath = input === STDIN ? 'stdin' : input ? projectPath(cwd, input) : ''
    const {encoding, ...meta} = input === STDIN ? {} : readSidecar(input)
    file.data.meta = meta
    if (encoding ?? options.encoding) file.data.declaredEncoding = encoding ?? options.encoding
    file.data.corrections = readCorrections(input)
    // The dates stage records the rewrites the Markdown writer will make, so both get the same style.
    const stages: StageOptions = options.dateStyle
      ? {...options.stages, dates: {...options.stages?.dates, dateStyle: options.dateStyle}}
      : options.stages ?? {}
    const processor = createProcessor(stages)
    const parsed = processor.parse(file)
    // A file of only white space or form feeds holds no text, like an empty file: no document with only a title.
    if (typeof file.value === 'string' && !/\S/.test(file.value)) throw new InputError('no text: only white space or page breaks')
    const tree = await processor.run(parsed, file)
    result.tree = tree
    // A large document keeps only what the writers read (compact.ts); the
    // source text only when the review page prints it.
    compactLargeDocument(tree, file, (options.outputs ?? ALL_OUTPUTS).includes('review'))
    // The PDF first: a character no font can draw becomes a warning (the PDF
    // is not written) that the rules and the JSON's diagnostics then see.
    const keep = (artifact: Artifact) => (stage ? stage.put(artifact) : artifact)
    // Listed last, as always, but staged now: its bytes need not wait for the other outputs.
    const pdf = await renderPdf(tree, file, name, options, keep)
    applyRules(file, options.rules)
    result.artifacts = await renderArtifacts(tree, file, name, options, keep)
    if (pdf) result.artifacts.push(pdf)
  } catch (error) {
    result.error = describeError(error)
    result.artifacts = []
    stage?.discard()
  }
  return result
}

/** `path` relative to `cwd` with `/` separators; a file outside `cwd` is named by its file name alone. */
export function projectPath(cwd: string, path: string): string {
  const rel = relative(cwd, resolve(cwd, path))
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return basename(path)
  return rel.split(sep).join('/')
}

/**
 * Read the input's bytes into `file.value`; a PDF (by name or by its %PDF-
 * signature) is read into lines with their geometry. Its own function so
 * that no variable of `renderDocument` holds the bytes once ingest has
 * decoded them (50 MB for the largest input).
 */
async function loadInput(file: VFile, input: string, given: VFile | undefined, options: BuildOptions): Promise<void> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES
  const bytes = given ? inMemoryInput(given, maxBytes) : input === STDIN && options.stdin ? options.stdin : readInput(input, maxBytes)
  file.value = bytes
  if (isPdfInput(input, bytes)) await readPdfInput(bytes, file, options.pdf)
}

/** The bytes of an in-memory input, with the same limits as a file. */
function inMemoryInput(file: VFile, maxBytes: number): Uint8Array {
  const value = file.value
  const bytes = typeof value === 'string' ? new TextEncoder().encode(value) : value ? new Uint8Array(value) : new Uint8Array()
  if (bytes.length === 0) throw new InputError('empty file')
  if (bytes.length > maxBytes) throw new InputError(`file too large: ${bytes.length} bytes (limit ${maxBytes}, see --max-bytes)`)
  return bytes
}

/** Process one input and write its outputs atomically. */
export async function buildDocument(input: string | VFile, options: BuildOptions = {}): Promise<BuildResult> {
  const result = await renderDocument(input, options)
  if (result.error) return result
  writeArtifacts(result, options)
  return result
}

/** Write a rendered document's artifacts atomically into its folder; sets `result.error` on failure. */
export function writeArtifacts(result: BuildResult, options: BuildOptions = {}): void {
  try {
    const dir = documentDir(options.out ?? 'output', result.name, options.subdir)
    const files: Array<[string, Uint8Array]> = []
    for (const artifact of result.artifacts) {
      const target = resolve(dir, artifact.path)
      if (!isInside(dir, target)) throw new InputError(`artifact path escapes the document folder: ${artifact.path}`)
      files.push([target, artifact.bytes])
    }
    // All or nothing: names checked first, every file complete before any replaces the previous build's.
    writeAllAtomic(files)
  } catch (error) {
    result.error = `cannot write output: ${describeError(error)}`
  }
}

/**
 * An `ArtifactStage` that writes each artifact to a temporary file in the
 * document's folder as soon as it is made and drops its bytes; `commit`
 * renames them all over the previous build's files (atomic.ts, `StagedFiles`).
 * Temporaries that a killed build left for the same targets are removed first.
 * Throws when the folder would leave `out` (as `writeArtifacts` reports).
 */
export function stageArtifacts(options: BuildOptions, name: string): ArtifactStage & {commit(): void} {
  const dir = documentDir(options.out ?? 'output', name, options.subdir)
  const files = new StagedFiles()
  return {
    put(artifact) {
      try {
        const target = resolve(dir, artifact.path)
        if (!isInside(dir, target)) throw new InputError(`artifact path escapes the document folder: ${artifact.path}`)
        removeStaleTemporaries(target)
        files.stage(target, artifact.bytes)
      } catch (error) {
        throw new OutputError(error)
      }
      const {bytes, ...rest} = artifact
      return {...rest, bytes: new Uint8Array(0), written: {size: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex')}}
    },
    discard: () => files.discard(),
    commit() {
      try {
        files.commit()
      } catch (error) {
        throw new OutputError(error)
      }
    }
  }
}

/** A failure to write an output: reported as `cannot write output: <reason>`. */
class OutputError extends Error {
  constructor(readonly reason: unknown) {
    super(`cannot write output: ${describeError(reason)}`)
  }
}

async function renderArtifacts(tree: Root, file: VFile, name: string, options: BuildOptions, keep: (artifact: Artifact) => Artifact): Promise<Artifact[]> {
  const outputs = new Set(options.outputs ?? ALL_OUTPUTS)
  const artifacts: Artifact[] = []
  const encoder = new TextEncoder()
  if (outputs.has('html') || outputs.has('review')) artifacts.push(...(await renderPages(tree, file, name, outputs, options, keep)))
  if (outputs.has('markdown')) {
    artifacts.push(keep({
      path: `${name}.md`,
      mediaType: 'text/markdown',
      bytes: emitMarkdownBytes(tree, {dateStyle: options.dateStyle})
    }))
  }
  if (outputs.has('json')) artifacts.push(renderJson(tree, file, name, keep))
  if (outputs.has('yaml')) {
    for (const appendix of appendixYamlFiles(tree)) {
      artifacts.push(keep({
        path: `appendices/${appendix.name}`,
        mediaType: 'application/yaml',
        schema: 'https://reprint.dev/schemas/appendix.schema.json',
        bytes: encoder.encode(appendix.text)
      }))
    }
  }
  return artifacts
}

/**
 * `<name>.json`. Its own function so that the document object and its bytes
 * are garbage as soon as they are staged, not held while the YAML is made.
 */
function renderJson(tree: Root, file: VFile, name: string, keep: (artifact: Artifact) => Artifact): Artifact {
  const document = toJsonDocument(tree, file, VERSION)
  // printJson's bytes, made a block at a time (json-bytes.ts: no string of the whole file).
  const bytes = jsonBytes(document)
  // Validate the bytes we write, not merely the in-memory object: JSON drops
  // undefined fields. When the object is exactly what the bytes parse back to
  // (the usual case), validating it is the same and spares a parse.
  const problem = check('document', isJsonExact(document) ? document : JSON.parse(new TextDecoder().decode(bytes)))
  if (problem) throw new Error(`generated JSON does not match document.schema.json: ${problem}`)
  return keep({
    path: `${name}.json`,
    mediaType: 'application/json',
    schema: 'https://reprint.dev/schemas/document.schema.json',
    bytes
  })
}

/** `<name>.html` and the editor's `<name>.review.html` (emit/html.ts, emit/review/). */
async function renderPages(tree: Root, file: VFile, name: string, outputs: Set<OutputKind>, options: BuildOptions, keep: (artifact: Artifact) => Artifact): Promise<Artifact[]> {
  const encoder = new TextEncoder()
  const artifacts: Artifact[] = []
  if (outputs.has('html')) {
    const {emitHtmlBytes} = await import('./emit/html.js')
    artifacts.push(keep({path: `${name}.html`, mediaType: 'text/html', bytes: emitHtmlBytes(tree, {dateStyle: options.dateStyle, generator: `reprint ${VERSION}`})}))
  }
  if (outputs.has('review')) {
    const {emitReview} = await import('./emit/review/page.js')
    artifacts.push(keep({path: `${name}.review.html`, mediaType: 'text/html', bytes: encoder.encode(emitReview(tree, file, {name, dateStyle: options.dateStyle, generator: `reprint ${VERSION}`}))}))
  }
  return artifacts
}

/**
 * The PDF, when requested. A character that no font can draw fails the PDF
 * only: the Markdown, JSON and YAML hold the text whatever the fonts, so the
 * document gets a warning (`pdf:missing-glyph`) instead of failing.
 */
async function renderPdf(tree: Root, file: VFile, name: string, options: BuildOptions, keep: (artifact: Artifact) => Artifact): Promise<Artifact | undefined> {
  if (!(options.outputs ?? ALL_OUTPUTS).includes('pdf')) return undefined
  warnPrivateUse(tree, file, Object.keys(options.fonts ?? {}).length > 0)
  // Loaded only when a PDF is written: pdf-lib and fontkit are slow to import.
  const {emitPdf} = await loadPdfModule()
  try {
    const bytes = await emitPdf(tree, {pageSize: options.pageSize, date: pdfDate(tree), fonts: options.fonts, dateStyle: options.dateStyle})
    return keep({path: `${name}.pdf`, mediaType: 'application/pdf', bytes})
  } catch (error) {
    const message = (error as Error).message ?? ''
    if (!/^PDF: no font can draw/.test(message)) throw error
    warn(file, `PDF not written: ${message.replace(/^PDF: /, '')}`, 'pdf:missing-glyph')
    return undefined
  }
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
  if (input === STDIN) return readStdin(maxBytes)
  let bytes: Buffer
  try {
    // Only a regular file: a FIFO or device would block or never end.
    bytes = readRegularFile(input, maxBytes, ', see --max-bytes')
  } catch (error) {
    if (error instanceof FileReadError) {
      const reason = error.message.startsWith('too large') ? error.message.replace('too large', 'file too large') : error.message
      throw new InputError(/^(no such|permission|file name)/.test(reason) ? `cannot read: ${reason}` : reason)
    }
    throw error
  }
  if (bytes.length === 0) throw new InputError('empty file')
  return bytes
}

/**
 * Standard input to its end (a pipe, a file or a terminal), with the same limits as a file:
 * never more than `maxBytes` is held (it stops reading past it). Throws an InputError.
 */
export function readStandardInput(maxBytes: number = DEFAULT_MAX_BYTES): Uint8Array {
  return readStdin(maxBytes)
}

function readStdin(maxBytes: number): Uint8Array {
  const chunks: Buffer[] = []
  let size = 0
  const chunk = Buffer.alloc(1 << 16)
  for (;;) {
    let n: number
    try {
      n = readSync(0, chunk, 0, chunk.length, null)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'EAGAIN') {
        // A non-blocking pipe with nothing yet: wait a little instead of spinning.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10)
        continue
      }
      if (code === 'EOF') break
      throw new InputError(`cannot read standard input: ${errnoReason(error)}`)
    }
    if (n === 0) break
    size += n
    if (size > maxBytes) throw new InputError(`standard input too large: over ${maxBytes} bytes (see --max-bytes)`)
    chunks.push(Buffer.from(chunk.subarray(0, n)))
  }
  if (size === 0) throw new InputError('empty input')
  return Buffer.concat(chunks)
}

/** `<dir>/<name>.meta.yaml` beside the input, when present. */
export function sidecarPath(input: string, kind: 'meta' | 'corrections'): string {
  return join(dirname(input), `${basename(input).replace(/\.(?:txt|pdf)$/i, '')}.${kind}.yaml`)
}

/** `<name>.corrections.yaml` (editor corrections of appendix entries), when present. */
function readCorrections(input: string): unknown {
  if (!input) return undefined // an in-memory input without a path has no sidecars
  const path = sidecarPath(input, 'corrections')
  if (!existsSync(path)) return undefined
  try {
    return loadYamlFile(path, 'corrections')
  } catch (error) {
    throw new InputError(`${basename(path)}: ${(error as Error).message}`)
  }
}

function readSidecar(input: string): Omit<DocumentMetadata, 'source'> & {encoding?: string} {
  if (!input) return {} // an in-memory input without a path has no sidecars
  const path = sidecarPath(input, 'meta')
  if (!existsSync(path)) return {}
  try {
    const meta = loadYamlFile(path, 'meta') as Omit<DocumentMetadata, 'source'> & {encoding?: string}
    if (meta.encoding !== undefined) {
      try {
        meta.encoding = new TextDecoder(meta.encoding).encoding
      } catch {
        throw new InputError(`invalid meta: encoding: unknown encoding “${meta.encoding}”`)
      }
    }
    return meta
  } catch (error) {
    throw new InputError(`${basename(path)}: ${(error as Error).message}`)
  }
}

export {writeAtomic}


export function describeError(error: unknown): string {
  if (error instanceof InputError || error instanceof DecodeError || error instanceof OutputError) return error.message
  const e = error as NodeJS.ErrnoException
  if (e && typeof e === 'object' && 'code' in e && typeof e.code === 'string') return errnoReason(e)
  return e instanceof Error ? e.message.split('\n')[0]! : String(error)
}
