/** The command line's options, shared by the CLI (command.ts) and the launcher's run-size estimate (tiering.ts). */
export const CLI_OPTIONS = {
  out: {type: 'string'},
  jobs: {type: 'string', short: 'j'},
  force: {type: 'boolean'},
  shard: {type: 'string'},
  outputs: {type: 'string'},
  'date-style': {type: 'string'},
  'page-size': {type: 'string'},
  ext: {type: 'string'},
  'max-bytes': {type: 'string'},
  'max-pages': {type: 'string'},
  config: {type: 'string'},
  reporter: {type: 'string'},
  strict: {type: 'boolean'},
  changes: {type: 'boolean'},
  quiet: {type: 'boolean'},
  help: {type: 'boolean', short: 'h'},
  version: {type: 'boolean', short: 'v'}
} as const
