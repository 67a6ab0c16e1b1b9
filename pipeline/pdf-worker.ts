/**
 * Typesetting the PDF on a second core, for a build of one document.
 *
 * The PDF writer is the largest part of a one-document build, and its first
 * use in a process also loads pdf-lib, fontkit, the fonts and the hyphenation
 * patterns. A batch keeps every core busy with documents, but a single
 * document would leave the second core idle. So the batch driver starts this
 * worker thread as the build begins: it loads and warms the PDF writer while
 * the main thread runs the stages, then typesets the finished tree while the
 * main thread writes Markdown, JSON and YAML. Same writer, same bytes: the
 * worker runs `emitPdf` on a structured clone of the tree.
 *
 * If the worker cannot start or dies, the PDF is written in this thread.
 */
import {parentPort, Worker} from 'node:worker_threads'
import type {Root} from 'mdast'
import type {PdfOptions} from './emit/pdf/index.js'
import {loadPdfModule} from './load-pdf.js'

/** Writes the PDF of a finished tree (the same contract as `emitPdf`). */
export type PdfWriter = (tree: Root, options: PdfOptions) => Promise<Uint8Array>

type Request = {id: number; tree: Root; options: PdfOptions}
/** An error of the writer itself (the document's error), not of the thread. */
class WriterError extends Error {}
type Reply = {id: number; bytes?: Uint8Array; error?: string}

/** A PDF writer on its own thread; `close` stops the thread. */
export interface PdfWorker {
  write: PdfWriter
  close(): void
  /** How many PDFs were written in this thread because the worker failed. */
  readonly fallbacks: number
}

/** Start the worker (the executable `cli.js`, which dispatches on workerData). */
export function startPdfWorker(script: URL): PdfWorker {
  const worker = new Worker(script, {workerData: {reprintPdfWorker: true}})
  const pending = new Map<number, {resolve: (bytes: Uint8Array) => void; reject: (error: Error) => void}>()
  let broken: Error | undefined
  let next = 0
  const fail = (error: Error) => {
    broken ??= error
    for (const {reject} of pending.values()) reject(error)
    pending.clear()
  }
  worker.on('message', (reply: Reply) => {
    const waiting = pending.get(reply.id)
    pending.delete(reply.id)
    if (reply.error !== undefined) waiting?.reject(new WriterError(reply.error))
    else waiting?.resolve(reply.bytes!)
  })
  worker.on('error', fail)
  worker.on('exit', () => fail(new Error('PDF worker stopped')))
  // Keep the process alive only while a PDF is on its way.
  worker.unref()

  const inThread: PdfWriter = async (tree, options) => {
    handle.fallbacks++
    return (await loadPdfModule()).emitPdf(tree, options)
  }
  const handle = {
    fallbacks: 0,
    write(tree: Root, options: PdfOptions) {
      if (broken) return inThread(tree, options)
      const id = next++
      worker.ref()
      return new Promise<Uint8Array>((resolve, reject) => {
        pending.set(id, {resolve, reject})
        worker.postMessage({id, tree, options} satisfies Request)
      }).finally(() => {
        if (pending.size === 0) worker.unref()
      }).catch((error: Error) => {
        // A writer error (e.g. a character no font has) is the document's error;
        // when the thread itself failed, this thread writes the PDF.
        if (error instanceof WriterError) throw error
        return inThread(tree, options)
      })
    },
    close() {
      void worker.terminate()
    }
  }
  return handle
}

/**
 * In the worker: load and warm the PDF writer at once (a small document
 * typeset through every part of it), then serve requests.
 */
export function servePdf(): void {
  const port = parentPort
  if (!port) throw new Error('servePdf runs only in a worker thread')
  const ready = loadPdfModule().then(async (pdf) => {
    try {
      await pdf.emitPdf(WARM_UP, {date: new Date(0)})
    } catch {
      // Warming up is only for speed.
    }
    return pdf
  })
  port.on('message', (request: Request) => {
    ready
      .then((pdf) => pdf.emitPdf(request.tree, request.options))
      .then(
        (bytes) => port.postMessage({id: request.id, bytes} satisfies Reply, [bytes.buffer as ArrayBuffer]),
        (error: unknown) => port.postMessage({id: request.id, error: error instanceof Error ? error.message : String(error)} satisfies Reply)
      )
  })
}

const paragraph = 'A justified paragraph long enough to be broken into several lines, with hyphenation of considerable words, so that the line breaker, the fonts and the page builder all run once before the real document arrives.'
const WARM_UP: Root = {
  type: 'root',
  children: [
    {type: 'heading', depth: 1, children: [{type: 'text', value: 'Warm-up'}]},
    {type: 'paragraph', children: [{type: 'text', value: paragraph}, {type: 'emphasis', children: [{type: 'text', value: ' emphasis'}]}]},
    {
      type: 'table',
      children: [
        {type: 'tableRow', children: [{type: 'tableCell', children: [{type: 'text', value: 'Date'}]}, {type: 'tableCell', children: [{type: 'text', value: 'Place'}]}]},
        {type: 'tableRow', children: [{type: 'tableCell', children: [{type: 'text', value: '1 May'}]}, {type: 'tableCell', children: [{type: 'text', value: 'A place'}]}]}
      ]
    }
  ]
}
