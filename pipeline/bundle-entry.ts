/**
 * What the executable needs, in one module: the entry point of the bundle
 * that scripts/bundle.mjs makes (and of the plain modules without it).
 */
export {main} from './command.js'
export {serveProcessTask, serveTasks} from './worker.js'
