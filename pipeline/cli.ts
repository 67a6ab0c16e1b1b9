#!/usr/bin/env node
/**
 * reprint's executable, and the entry of the batch pool's worker threads and of
 * a large document's own process (batch.ts runIsolated).
 *
 * A build step that runs on every commit is mostly start-up: loading and
 * compiling ~100 modules costs more than building the document. So when the
 * compile step has made the bundles (`reprint.bundle.cjs`, and
 * `reprint-pdf.bundle.cjs` for the PDF writer; see scripts/fast-start.mjs),
 * they are loaded with V8's code cache (`load-bundle.ts`);
 * otherwise (a plain `tsc` build) the modules are imported as they are.
 * Both run the same code: `command.ts` for the CLI, `worker.ts` for workers.
 */
import {isMainThread, workerData} from 'node:worker_threads'
import {loadBundle} from './load-bundle.js'
import {chooseTiering} from './tiering.js'

// Before any of reprint is loaded: a short run goes without TurboFan (tiering.ts).
if (isMainThread) chooseTiering(process.argv.slice(2))

type Entry = typeof import('./bundle-entry.js')

const entry: Entry = loadBundle<Entry>('reprint') ?? (await import('./bundle-entry.js'))

if (!isMainThread && (workerData as {reprintWorker?: boolean} | null)?.reprintWorker === true) {
  entry.serveTasks()
} else if (isMainThread && process.env.REPRINT_CHILD === '1' && process.send) {
  // A large document's own process (batch.ts runIsolated), with its heap limit.
  entry.serveProcessTask()
} else if (isMainThread) {
  // A reader that goes away (`reprint … | head`) is not an error: stop writing, quietly.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error
      stream.write = (() => true) as typeof stream.write
    })
  }
  entry.main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code
    },
    (error: unknown) => {
      process.stderr.write(`reprint: internal error: ${(error as Error).stack ?? String(error)}\n`)
      process.exitCode = 1
    }
  )
}
