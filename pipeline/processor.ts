/**
 * The ordered list of stages. Each stage is a unified plugin over one mdast
 * tree; `ingest` is the parser. Emitters (pipeline/emit) read the result.
 */
import type {Root} from 'mdast'
import {unified, type Plugin, type Processor} from 'unified'
import {emitMarkdown} from './emit/markdown.js'
import {ruleUrl} from './messages.js'
import {appendices, type AppendicesOptions} from './stages/appendices.js'
import {dates, type DatesOptions} from './stages/dates.js'
import {dehyphenate, type DehyphenateOptions} from './stages/dehyphenate.js'
import {footnoteReferences, type FootnoteReferencesOptions} from './stages/footnote-references.js'
import {footnotes, type FootnotesOptions} from './stages/footnotes.js'
import {geometryTables, type GeometryTablesOptions} from './stages/geometry-tables.js'
import {headings, type HeadingsOptions} from './stages/headings.js'
import {ingest, type IngestOptions} from './stages/ingest.js'
import {layout, type LayoutOptions} from './stages/layout.js'
import {paragraphs, type ParagraphsOptions} from './stages/paragraphs.js'
import {repairEdges, type RepairEdgesOptions} from './stages/repair-edges.js'
import {reject, type RejectOptions} from './stages/reject.js'
import {tables, type TablesOptions} from './stages/tables.js'
import {typography, type TypographyOptions} from './stages/typography.js'

/** Options for every stage, by stage name. */
export interface StageOptions {
  ingest?: IngestOptions
  layout?: LayoutOptions
  footnotes?: FootnotesOptions
  geometryTables?: GeometryTablesOptions
  paragraphs?: ParagraphsOptions
  dehyphenate?: DehyphenateOptions
  repairEdges?: RepairEdgesOptions
  typography?: TypographyOptions
  footnoteReferences?: FootnoteReferencesOptions
  headings?: HeadingsOptions
  dates?: DatesOptions
  appendices?: AppendicesOptions
  reject?: RejectOptions
  tables?: TablesOptions
}

/** The stages in order; `ingest` first (it is the parser). */
export const STAGES = [
  ['ingest', ingest],
  ['layout', layout],
  ['footnotes', footnotes],
  ['geometryTables', geometryTables],
  ['paragraphs', paragraphs],
  ['dehyphenate', dehyphenate],
  ['repairEdges', repairEdges],
  ['typography', typography],
  ['footnoteReferences', footnoteReferences],
  ['headings', headings],
  ['dates', dates],
  ['appendices', appendices],
  ['tables', tables],
  // Last: undoes the repairs an editor rejected in the corrections file.
  ['reject', reject]
] as const satisfies ReadonlyArray<readonly [keyof StageOptions, Plugin<any[], any, any>]>

/**
 * A unified processor with every stage in order. `ingest` is its parser and
 * the Markdown writer its compiler, so `.process(text)` gives reprint's
 * Markdown (in the `dates` stage's `dateStyle`); `.parse` and `.run` give the
 * tree the other writers read.
 */
export function createProcessor(options: StageOptions = {}): Processor<Root, Root, Root, Root, string> {
  const processor = unified()
  for (const [name, plugin] of STAGES) processor.use(plugin as Plugin<[unknown?]>, options[name])
  // Every message names its rule's documentation, also ones a stage made without recordChange or warn.
  processor.use(ruleUrls)
  const dateStyle = options.dates?.dateStyle
  processor.compiler = (tree) => emitMarkdown(tree as Root, {dateStyle})
  return processor as unknown as Processor<Root, Root, Root, Root, string>
}

/** Give every message with a rule id the address of its documentation (docs/rules.md), when it has none. */
const ruleUrls: Plugin<[], Root> = function () {
  return (_tree, file) => {
    for (const message of file.messages) if (message.ruleId && !message.url) message.url = ruleUrl(message.ruleId)
  }
}
