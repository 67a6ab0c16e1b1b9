/**
 * The PDF writer module, loaded on first use: from its own bundle when reprint
 * runs bundled (see load-bundle.ts), else as a module. pdf-lib and fontkit are
 * most of reprint's code; a run that writes no PDF never loads them.
 */
import {bundleFile, loadBundle} from './load-bundle.js'

export type PdfModule = typeof import('./emit/pdf/index.js')

let loaded: Promise<PdfModule> | undefined

export function loadPdfModule(): Promise<PdfModule> {
  loaded ??= (async () => {
    const bundled = loadBundle<PdfModule>('reprint-pdf')
    if (bundled) return bundled
    // Inside the main bundle the module below is not bundled (it is the PDF bundle).
    if (import.meta.reprintBundle) throw new Error(`${bundleFile('reprint-pdf')} is missing: run \`make compile\``)
    return import('./emit/pdf/index.js')
  })()
  return loaded
}

declare global {
  interface ImportMeta {
    /** True inside the bundles (set by scripts/fast-start.mjs). */
    reprintBundle?: boolean
  }
}
