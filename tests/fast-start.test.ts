/**
 * The compile step's start-up work (scripts/fast-start.mjs): the bundles and
 * their code caches exist and run the same program as the modules, and the
 * fontkit patch of the PDF bundle leaves fontkit's behaviour unchanged.
 */
import {spawnSync} from 'node:child_process'
import {cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {Script} from 'node:vm'
import {build} from 'esbuild'
import {describe, expect, it} from 'vitest'
// @ts-expect-error: a plain .mjs script without types
import {lazyFontkitData} from '../scripts/lazy-fontkit.mjs'
import {estimate, SHORT_RUN_BYTES} from '../pipeline/tiering.js'
import {CLI, ROOT} from './cli-harness.js'

const require = createRequire(import.meta.url)

/** fontkit bundled with or without the patch, loaded as the CLI loads its bundles. */
async function fontkitBundle(patched: boolean): Promise<{source: string; fontkit: any}> {
  const result = await build({
    stdin: {contents: "module.exports = require('@pdf-lib/fontkit')", resolveDir: ROOT, loader: 'js'},
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    logLevel: 'silent',
    plugins: patched ? [lazyFontkitData()] : []
  })
  const source = result.outputFiles[0]!.text
  const module = {exports: {} as any}
  new Script(`(function (exports, require, module) {${source}\n})`).runInThisContext()(module.exports, require, module)
  return {source, fontkit: module.exports.default ?? module.exports}
}

describe('fast start', () => {
  it('the compile step made both bundles with code caches, the packed word list and a build id', () => {
    const dist = dirname(CLI)
    const caches = ['reprint', 'reprint-pdf'].flatMap((b) => [`${b}.bundle.short.cache`, `${b}.bundle.long.cache`])
    for (const name of ['reprint.bundle.cjs', 'reprint-pdf.bundle.cjs', ...caches, 'words.bin', 'build-id.json']) {
      expect(existsSync(join(dist, name)), name).toBe(true)
    }
  })

  it('the bundles, with and without TurboFan, build the corpus to the same bytes as the separate modules', () => {
    const out = mkdtempSync(join(tmpdir(), 'reprint-fast-'))
    const input = join(ROOT, 'input', 'nagorno-karabakh-conflict.txt')
    const run = (dir: string, env: Record<string, string>) =>
      spawnSync(process.execPath, [CLI, 'build', input, '--out', join(out, dir), '--quiet'], {env: {...process.env, ...env, SOURCE_DATE_EPOCH: '0'}, encoding: 'utf8'})
    expect(run('bundled', {}).status).toBe(0)
    expect(run('modules', {REPRINT_NO_BUNDLE: '1'}).status).toBe(0)
    expect(run('long', {REPRINT_TIERING: 'long'}).status).toBe(0)
    const files = (dir: string) => (readdirSync(join(out, dir, 'nagorno-karabakh-conflict'), {recursive: true}) as string[]).sort()
    for (const other of ['modules', 'long']) {
      expect(files('bundled')).toEqual(files(other))
      for (const name of files('bundled')) {
        const path = join('nagorno-karabakh-conflict', name)
        if (!name.includes('.')) continue // a folder
        expect(readFileSync(join(out, 'bundled', path)).equals(readFileSync(join(out, other, path))), `${other}: ${name}`).toBe(true)
      }
    }
  })

  it('a code cache V8 refuses (another Node, damaged) only costs time: the build still succeeds with the same bytes', () => {
    const copy = mkdtempSync(join(tmpdir(), 'reprint-cache-'))
    cpSync(dirname(dirname(CLI)), copy, {recursive: true, dereference: false})
    for (const name of readdirSync(join(copy, 'dist'))) {
      if (name.endsWith('.cache')) writeFileSync(join(copy, 'dist', name), 'not a code cache')
    }
    const input = join(ROOT, 'input', 'nagorno-karabakh-conflict.txt')
    const build = (cli: string, out: string) =>
      spawnSync(process.execPath, [cli, 'build', input, '--out', out, '--quiet', '--outputs', 'markdown,json,yaml,pdf'], {env: {...process.env, SOURCE_DATE_EPOCH: '0'}, encoding: 'utf8'})
    const out = mkdtempSync(join(tmpdir(), 'reprint-cache-out-'))
    expect(build(join(copy, 'dist', 'cli.js'), join(out, 'damaged')).status).toBe(0)
    expect(build(CLI, join(out, 'good')).status).toBe(0)
    const pdf = (dir: string) => readFileSync(join(out, dir, 'nagorno-karabakh-conflict', 'nagorno-karabakh-conflict.pdf'))
    expect(pdf('damaged').equals(pdf('good'))).toBe(true)
  })

  it('fontkit with its Brotli dictionary and Unicode tries made lazy shapes text exactly as before', async () => {
    const [original, patched] = await Promise.all([fontkitBundle(false), fontkitBundle(true)])
    // The patch applies to this fontkit (a new release may leave it out, with a warning, but then this test says so).
    expect(patched.source).toContain('reprintCompressed')
    expect(patched.source).toContain('reprintDictionary')
    const fontFile = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf', 'DejaVuSans.ttf')
    const bytes = readFileSync(fontFile)
    // Latin with ligatures and kerning, Greek, Cyrillic, Arabic (joining forms), Hebrew, combining marks.
    const text = 'office AVAWAY Ελληνικά Кириллица العربية עברית é ñ ǹ'
    const shape = (fontkit: any) => {
      const run = fontkit.create(bytes).layout(text)
      return {glyphs: run.glyphs.map((g: {id: number}) => g.id), advances: run.positions.map((p: {xAdvance: number}) => p.xAdvance), script: run.script}
    }
    expect(shape(patched.fontkit)).toEqual(shape(original.fontkit))
  })
})

describe('tiering estimate (TurboFan off for short runs)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'reprint-tier-'))
  writeFileSync(join(dir, 'small.txt'), 'x'.repeat(1000))
  writeFileSync(join(dir, 'large.txt'), 'x'.repeat(SHORT_RUN_BYTES + 1))
  mkdirSync(join(dir, 'one'))
  writeFileSync(join(dir, 'one', 'doc.txt'), 'text')
  writeFileSync(join(dir, 'one', 'doc.meta.yaml'), 'title: x')
  mkdirSync(join(dir, 'two', 'sub'), {recursive: true})
  writeFileSync(join(dir, 'two', 'a.txt'), 'a')
  writeFileSync(join(dir, 'two', 'sub', 'b.txt'), 'b')

  it('is short only for a build of one small document', () => {
    expect(estimate(['build', 'small.txt'], dir)).toBe('short')
    expect(estimate(['build', join(dir, 'small.txt'), '--out', 'x', '-j', '2'], '/')).toBe('short')
    expect(estimate(['build', 'one'], dir)).toBe('short') // the sidecar is not a document
    expect(estimate(['build'], dir)).toBe('short') // no input/ folder: nothing to build is short too
  })

  it('is long for batches, large documents, other commands and bad usage', () => {
    expect(estimate(['build', 'large.txt'], dir)).toBe('long')
    expect(estimate(['build', 'small.txt', 'small.txt', 'one'], dir)).toBe('long')
    expect(estimate(['build', 'two'], dir)).toBe('long')
    expect(estimate(['build', 'one', '--ext', 'yaml,txt'], dir)).toBe('long')
    expect(estimate(['check', 'small.txt'], dir)).toBe('long')
    expect(estimate(['build', '--no-such-flag', 'small.txt'], dir)).toBe('long')
  })
})
