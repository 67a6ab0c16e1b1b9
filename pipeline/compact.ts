/**
 * Memory for large documents (issue 16): once the stages have run, the tree
 * and the messages are all the writers need, but their strings still hold
 * far more than their own characters. A substring keeps the whole string it
 * was cut from alive (V8 "sliced strings": a line's text keeps the source, a
 * word the joined paragraph), and a string built by `+` is a tree of its
 * pieces. `compactStrings` replaces every such string by a flat copy of its
 * characters, so that the source and the joined texts can go.
 *
 * Measured on the corpus repeated to 10 MB (bench/memory.mjs shape, heap
 * after a full GC once the stages have run): 135 → 97 MB, and 77 MB once
 * the source text itself is dropped as well. It costs about
 * 0.5 s of CPU per 10 MB, so it runs only for large inputs
 * (`LARGE_INPUT_CHARS`); the outputs are the same either way.
 */
import type {Root} from 'mdast'
import type {VFile} from 'vfile'

/** Inputs of at least this many characters are compacted (below it the saving is a few MB): 1,000,000 short lines 1169 → 1078 MB peak. */
export const LARGE_INPUT_CHARS = 1_000_000

/** V8 makes sliced and concatenated strings only from 13 characters up: shorter ones are flat already. */
const MIN_COMPOSITE_LENGTH = 13

/** A flat copy of `text` that shares no storage with any other string. */
function flat(text: string): string {
  return Buffer.from(text, 'utf16le').toString('utf16le')
}

/**
 * Strings up to this length are shared: one copy per distinct text. Messages
 * repeat the same rule names, links and short reasons tens of thousands of
 * times, and the tree the same words and dates. Measured (10 MB, as above):
 * flat copies alone free 13 MB, shared short ones 38 MB, and in less time.
 */
const SHARED_MAX_LENGTH = 80

/** Replace every string in the tree and the file's messages by a flat copy (positions hold only numbers: skipped). */
export function compactStrings(tree: Root, file: VFile): void {
  const seen = new Set<object>()
  const shared = new Map<string, string>()
  const copy = (text: string): string => {
    if (text.length > SHARED_MAX_LENGTH) return flat(text)
    let one = shared.get(text)
    if (one === undefined) shared.set(one = flat(text), one)
    return one
  }
  const visit = (value: object): void => {
    if (seen.has(value) || Object.isFrozen(value)) return
    seen.add(value)
    const record = value as Record<string, unknown>
    for (const key of Array.isArray(value) ? value.keys() : Object.keys(value)) {
      const item = record[key as string]
      if (typeof item === 'string') {
        if (item.length >= MIN_COMPOSITE_LENGTH) record[key as string] = copy(item)
      } else if (item && typeof item === 'object' && key !== 'position' && !ArrayBuffer.isView(item)) {
        visit(item)
      }
    }
  }
  visit(tree)
  for (const message of file.messages) visit(message)
}

/**
 * For an input of `LARGE_INPUT_CHARS` or more, once the stages have run:
 * flat strings, and no source text (`file.value` becomes '': 20 MB of heap
 * per 10 MB of input) unless `keepSource` (the review page prints it; no
 * other writer reads it).
 */
export function compactLargeDocument(tree: Root, file: VFile, keepSource: boolean): void {
  if (typeof file.value !== 'string' || file.value.length < LARGE_INPUT_CHARS) return
  compactStrings(tree, file)
  if (!keepSource) file.value = ''
}
