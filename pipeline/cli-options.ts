/** The command line's options, shared by the CLI (command.ts) and the launcher's run-size estimate (tiering.ts). */
export const CLI_OPTIONS = {
  out: {type: 'string', short: 'o'},
  jobs: {type: 'string', short: 'j'},
  force: {type: 'boolean'},
  shard: {type: 'string'},
  outputs: {type: 'string'},
  review: {type: 'boolean'},
  'date-style': {type: 'string'},
  'page-size': {type: 'string'},
  ext: {type: 'string'},
  'max-bytes': {type: 'string'},
  encoding: {type: 'string'},
  'max-pages': {type: 'string'},
  config: {type: 'string'},
  reporter: {type: 'string'},
  strict: {type: 'boolean'},
  'max-warnings': {type: 'string'},
  frail: {type: 'boolean'},
  changes: {type: 'boolean'},
  quiet: {type: 'boolean'},
  help: {type: 'boolean', short: 'h'},
  version: {type: 'boolean', short: 'v'}
} as const

export type FlagName = keyof typeof CLI_OPTIONS

/** The flags each command reads; any other flag is a usage error (`--help` and `--version` go everywhere). */
export const COMMAND_FLAGS: Record<'build' | 'check' | 'manifest' | 'watch', readonly FlagName[]> = {
  build: [
    'out', 'jobs', 'force', 'shard', 'outputs', 'review', 'date-style', 'page-size', 'ext', 'max-bytes', 'max-pages', 'encoding', 'config',
    'reporter', 'strict', 'max-warnings', 'frail', 'changes', 'quiet'
  ],
  // One line per rebuild: no reporter, shards, job pool or cache (watch.ts).
  watch: ['out', 'outputs', 'review', 'date-style', 'page-size', 'ext', 'max-bytes', 'max-pages', 'encoding', 'config', 'strict', 'quiet'],
  check: ['out', 'reporter', 'quiet'],
  manifest: ['out', 'reporter', 'quiet']
}
