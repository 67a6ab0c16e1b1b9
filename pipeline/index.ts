/**
 * reprint as a library: the build API, the processor, each stage as a unified
 * plugin, and the writers.
 */
export {buildDocument, renderDocument, type BuildOptions, type BuildResult, type Artifact} from './build.js'
export {createProcessor, type StageOptions} from './processor.js'
export {ingest, type IngestOptions} from './stages/ingest.js'
export {layout, type LayoutOptions} from './stages/layout.js'
export {paragraphs, type ParagraphsOptions} from './stages/paragraphs.js'
export {dehyphenate, type DehyphenateOptions} from './stages/dehyphenate.js'
export {repairEdges, type RepairEdgesOptions} from './stages/repair-edges.js'
export {typography, type TypographyOptions} from './stages/typography.js'
export {headings, type HeadingsOptions} from './stages/headings.js'
export {dates, type DatesOptions} from './stages/dates.js'
export {appendices, type AppendicesOptions} from './stages/appendices.js'
export {emitMarkdown, type MarkdownOptions} from './emit/markdown.js'
export {emitJson, toJsonDocument} from './emit/json.js'
export {listChanges, countByRule, recordChange} from './messages.js'
export type * from './types.js'
export {build, discoverInputs, selectShard, type BatchOptions, type BatchResult, type InputFile, type Shard} from './batch.js'
export type {DocReport, ArtifactRecord, MessageRecord} from './worker.js'
export {loadConfig, type ConfigFile} from './config.js'
export {checkOutput, mergeManifests, writeManifest, type Manifest, type ManifestDocument} from './manifest.js'
export {remarkLines, reprintMarkdown} from './remark.js'
