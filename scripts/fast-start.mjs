#!/usr/bin/env node
/**
 * Compile step after `tsc` (run by `make compile`): makes the executable
 * start fast.
 *
 *   1. the English word list is packed for lookups once and stored as
 *      dist/words.bin (see pipeline/text/words.ts);
 *   2. esbuild bundles dist/bundle-entry.js and its dependencies into one
 *      CommonJS file, dist/reprint.bundle.cjs, and the PDF writer with
 *      pdf-lib and fontkit into dist/reprint-pdf.bundle.cjs (see
 *      pipeline/load-bundle.ts for why);
 *   3. training runs build a file of input/ (or a small built-in sample) with
 *      every output, and write V8's code cache of each bundle,
 *      dist/<name>.bundle.<short|long>.cache (one per tiering, see
 *      pipeline/tiering.ts), holding the functions a build compiles;
 *   4. dist/build-id.json records a hash of the compiled code and schemas,
 *      which the build cache uses instead of hashing dist/ on every run.
 *
 * Kept external: packages whose data files are found next to their own code
 * (hyphen's pattern folders, the DejaVu fonts).
 */
import {spawnSync} from 'node:child_process'
import {chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {build} from 'esbuild'
import {lazyFontkitData} from './lazy-fontkit.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const dist = join(root, 'dist')

for (const name of readdirSync(dist)) if (/\.bundle\.(cjs|cache)$/.test(name)) rmSync(join(dist, name), {force: true})

// The package's bin: `npm run build` alone (as in a CI job) must leave it runnable by `npx reprint`.
chmodSync(join(dist, 'cli.js'), 0o755)

const {PackedWordList, wordListFile} = await import(join(dist, 'text', 'words.js'))
const {BUNDLE_HEAD, BUNDLE_TAIL} = await import(join(dist, 'load-bundle.js'))
const packed = PackedWordList.pack(readFileSync(wordListFile(), 'utf8').split(/\r?\n/))
if (packed) writeFileSync(join(dist, 'words.bin'), packed)
else rmSync(join(dist, 'words.bin'), {force: true})

/** Options shared by both bundles. */
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // esbuild's tables count Unicode property escapes (\p{L}) as unsupported in Node 20 (which has
  // had them since Node 10) and turned every such regex literal into a `new RegExp(...)` call,
  // evaluated and looked up in V8's regexp cache each time the code runs (1,865 times for one
  // \p{L} test on doc1/raw-mutool; 98 literals). Kept literals, V8 makes each once per site.
  // Measured, whole process, corpus documents: see the commit.
  supported: {'regexp-unicode-property-escapes': true},
  // pdfjs-dist: loaded by require() only when a PDF is read (pipeline/readers/pdf.ts), never bundled.
  external: ['hyphen', 'hyphen/*', 'dejavu-fonts-ttf', 'pdfjs-dist', 'pdfjs-dist/*'],
  // Modules find schemas/, package.json and their workers relative to themselves:
  // the bundles sit in dist/ like them, so their own URL stands in.
  define: {'import.meta.url': '__reprintBundleUrl', 'import.meta.reprintBundle': 'true'},
  // Each bundle is written inside the function load-bundle.ts runs it as, so it is compiled as read.
  banner: {js: BUNDLE_HEAD + "var __reprintBundleUrl = require('node:url').pathToFileURL(__filename).href;"},
  footer: {js: BUNDLE_TAIL},
  legalComments: 'none',
  // Without the comments and indentation the bundle's source, which V8 keeps as one string in
  // the old generation, is 1.1 MB instead of 1.6 MB. Names stay (stack traces read as before).
  // Measured, doc1/raw-mutool whole process: instructions (callgrind) 1.85 -> 1.83 G, allocation
  // -1.3 MB per corpus document. (b3a4cd5 dropped it when wall and CPU time could not show a gain.)
  minifyWhitespace: true,
  logLevel: 'warning'
}
// The CLI, stages and text writers; the PDF writer stays outside (load-pdf.ts loads its bundle).
await build({
  ...common,
  entryPoints: [join(dist, 'bundle-entry.js')],
  outfile: join(dist, 'reprint.bundle.cjs'),
  plugins: [{name: 'pdf-writer-apart', setup: (b) => b.onResolve({filter: /\/emit\/pdf\/index\.js$/}, (args) => ({path: args.path, external: true}))}]
})
await build({
  ...common,
  entryPoints: [join(dist, 'emit', 'pdf', 'index.js')],
  outfile: join(dist, 'reprint-pdf.bundle.cjs'),
  plugins: [lazyFontkitData()]
})

// Training run: one process, one thread, every output; the cache is written at exit.
const inputDir = join(root, 'input')
const samples = existsSync(inputDir) ? readdirSync(inputDir).filter((n) => n.endsWith('.txt')).map((n) => join(inputDir, n)) : []
const work = mkdtempSync(join(tmpdir(), 'reprint-train-'))
if (samples.length === 0) {
  const sample = join(work, 'sample.txt')
  writeFileSync(
    sample,
    'A SAMPLE DOCUMENT\n\nThis paragraph was wrapped by a PDF extrac-\ntion tool on 12 March 2001 and again on\nMay 5, 2003; it goes on for a while so that\nthe line breaker has work to do.\n\n\n\n2\n\nAPPENDIX 1\n\n12 March\nVienna\n'
  )
  samples.push(sample)
}
// One training run per tiering (pipeline/tiering.ts): V8 accepts a code cache
// only under the flags it was made with. One document is enough to compile
// what a build runs.
const runs = ['short', 'long'].map((tiering) =>
  spawnSync(process.execPath, [join(dist, 'cli.js'), 'build', samples[0], '--out', join(work, tiering), '--force', '--quiet', '--jobs', '1'], {
    env: {...process.env, REPRINT_WRITE_CODE_CACHE: '1', REPRINT_TIERING: tiering, NO_COLOR: '1'},
    encoding: 'utf8'
  })
)
rmSync(work, {recursive: true, force: true})
// A failed document still trains the caches; only a missing cache is a problem.
const missing = ['reprint', 'reprint-pdf'].flatMap((name) => ['short', 'long'].map((t) => `${name}.bundle.${t}.cache`)).filter((f) => !existsSync(join(dist, f)))
if (missing.length > 0) {
  process.stderr.write(`fast-start: the training runs wrote no ${missing.join(', ')}: ${runs.map((r) => `exit ${r.status} ${r.stderr.slice(0, 300)}`).join('; ')}\n`)
  process.exit(1)
}

// The build cache's fingerprint of the installed code (the same hash a run computes without it).
const {hashInstalledCode} = await import(join(dist, 'cache.js'))
writeFileSync(join(dist, 'build-id.json'), JSON.stringify({code: hashInstalledCode()}) + '\n')
