/**
 * Run every stage on a raw text in memory, as the build does (no sidecars),
 * and give the tree, the vfile (its messages) and the Markdown.
 */
import {readFileSync} from 'node:fs'
import type {Heading, Root} from 'mdast'
import {VFile} from 'vfile'
import {emitMarkdown} from '../../pipeline/emit/markdown.js'
import {unified} from 'unified'
import {createProcessor, STAGES} from '../../pipeline/processor.js'
import {ingest} from '../../pipeline/stages/ingest.js'
import {layout} from '../../pipeline/stages/layout.js'
import {paragraphs} from '../../pipeline/stages/paragraphs.js'
import {toString} from 'mdast-util-to-string'

export async function runStages(raw: string): Promise<{tree: Root; file: VFile; markdown: string}> {
  const processor = createProcessor()
  const file = new VFile({path: 'fixture.txt', value: raw})
  file.data.meta = {}
  const tree = (await processor.run(processor.parse(file), file)) as Root
  return {tree, file, markdown: emitMarkdown(tree)}
}

/** A reader of `tests/fixtures/<folder>/<name>`. */
export function fixtures(folder: string): (name: string) => string {
  return (name) => readFileSync(new URL(`../fixtures/${folder}/${name}`, import.meta.url), 'utf8')
}

/** Run the stages in order up to and including `last` (e.g. `headings`, before dates and appendices). */
export async function runStagesUpTo(raw: string, last: string, path = 'fixture.txt'): Promise<{tree: Root; file: VFile}> {
  const file = new VFile({path, value: raw})
  file.data.meta = {}
  const processor = unified()
  for (const [name, plugin] of STAGES) {
    processor.use(plugin as never)
    if (name === last) break
  }
  const tree = (await processor.run(processor.parse(file) as Root, file)) as Root
  return {tree, file}
}

/** Run the stages up to `headings` and give the headings' texts (trimmed) and the rule ids of the messages besides. */
export async function runHeadingStages(raw: string) {
  const {tree, file} = await runStagesUpTo(raw, 'headings')
  const headings = tree.children.filter((n): n is Heading => n.type === 'heading').map((h) => toString(h).trim())
  const rules = file.messages.map((m) => m.ruleId)
  return {tree, file, headings, rules}
}

/** Only the stages that decide paragraph boundaries (ingest, layout, paragraphs), as the paragraph tests see them. */
export async function runParagraphStages(raw: string, path = 'fixture.txt'): Promise<{tree: Root; file: VFile}> {
  const processor = unified().use(ingest).use(layout).use(paragraphs)
  const file = new VFile({path, value: raw})
  const tree = (await processor.run(processor.parse(file), file)) as Root
  return {tree, file}
}

/** Each block's first four words, page breaks left out: a short outline to assert on. */
export const blockOutline = (tree: Root): string[] =>
  tree.children.filter((b) => b.type !== 'pageBreak').map((b) => toString(b).split(/\s+/).slice(0, 4).join(' '))
