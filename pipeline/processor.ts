/**
 * The ordered list of stages. Each stage is a unified plugin over one mdast
 * tree; `ingest` is the parser. Emitters (pipeline/emit) read the result.
 */
import type {Root} from 'mdast'
import {unified, type Plugin, type Processor} from 'unified'
import {appendices, type AppendicesOptions} from './stages/appendices.js'
import {dates, type DatesOptions} from './stages/dates.js'
import {dehyphenate, type DehyphenateOptions} from './stages/dehyphenate.js'
import {footnoteReferences, type FootnoteReferencesOptions} from './stages/footnote-references.js'
import {footnotes, type FootnotesOptions} from './stages/footnotes.js'
import {headings, type HeadingsOptions} from './stages/headings.js'
import {ingest, type IngestOptions} from './stages/ingest.js'
import {layout, type LayoutOptions} from './stages/layout.js'
import {paragraphs, type ParagraphsOptions} from './stages/paragraphs.js'
import {repairEdges, type RepairEdgesOptions} from './stages/repair-edges.js'
import {tables, type TablesOptions} from './stages/tables.js'
import {typography, type TypographyOptions} from './stages/typography.js'

/** Options for every stage, by stage name. */
export interface StageOptions {
  ingest?: IngestOptions
  layout?: LayoutOptions
  footnotes?: FootnotesOptions
  paragraphs?: ParagraphsOptions
  dehyphenate?: DehyphenateOptions
  repairEdges?: RepairEdgesOptions
  typography?: TypographyOptions
  footnoteReferences?: FootnoteReferencesOptions
  headings?: HeadingsOptions
  dates?: DatesOptions
  appendices?: AppendicesOptions
  tables?: TablesOptions
}

/** The stages in order; `ingest` first (it is the parser). */
export const STAGES = [
  ['ingest', ingest],
  ['layout', layout],
  ['footnotes', footnotes],
  ['paragraphs', paragraphs],
  ['dehyphenate', dehyphenate],
  ['repairEdges', repairEdges],
  ['typography', typography],
  ['footnoteReferences', footnoteReferences],
  ['headings', headings],
  ['dates', dates],
  ['appendices', appendices],
  ['tables', tables]
] as const satisfies ReadonlyArray<readonly [keyof StageOptions, Plugin<any[], any, any>]>

export function createProcessor(options: StageOptions = {}): Processor<Root, Root, Root> {
  const processor = unified()
  for (const [name, plugin] of STAGES) processor.use(plugin as Plugin<[unknown?]>, options[name])
  return processor as unknown as Processor<Root, Root, Root>
}
