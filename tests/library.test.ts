/**
 * reprint as a remark/unified library, the way a remark user meets it: plain
 * remark-parse trees, remark-stringify, default exports, package subpaths,
 * message URLs, the README's own examples.
 */
import {spawnSync} from 'node:child_process'
import {mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {basename, dirname, join} from 'node:path'
import {slug} from 'github-slugger'
import remarkParse from 'remark-parse'
import remarkStringify from 'remark-stringify'
import {unified} from 'unified'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {renderDocument} from '../pipeline/build.js'
import {listChanges, type ReprintMessage} from '../pipeline/messages.js'
import {createProcessor} from '../pipeline/processor.js'
import {appendices} from '../pipeline/stages/appendices.js'
import {dates} from '../pipeline/stages/dates.js'
import {dehyphenate} from '../pipeline/stages/dehyphenate.js'
import {repairEdges} from '../pipeline/stages/repair-edges.js'
import {CLI, ROOT, rawDocument, tempDir} from './cli-harness.js'

const README = readFileSync(join(ROOT, 'README.md'), 'utf8')
const STAGE_FILES = ['ingest', 'layout', 'paragraphs', 'dehyphenate', 'repair-edges', 'typography', 'headings', 'dates', 'appendices']

describe('stages on a plain remark-parse tree', () => {
  it('dehyphenate joins line-end hyphens without remarkLines', async () => {
    const file = await unified()
      .use(remarkParse)
      .use(dehyphenate)
      .use(remarkStringify)
      .process('The Arme-\nnian delegation arrived in Stepa-\nnakert.\n')
    expect(String(file)).toBe('The Armenian delegation arrived in Stepanakert.\n')
    const changes = listChanges(file)
    expect(changes.map((m) => m.ruleId)).toEqual(['dehyphenate:join', 'dehyphenate:join'])
    // Positions point into the source: line 1 column 5 is "Arme-".
    expect(changes[0]!.place).toMatchObject({start: {line: 1, column: 5}})
  })

  it('repairEdges restores a letter lost at a line start without remarkLines', async () => {
    const raw = 'The report regarding the border was read.\nA second note\negarding the border followed.\nThe note regarding it was kept.\n'
    const file = await unified().use(remarkParse).use(repairEdges).use(remarkStringify).process(raw)
    expect(String(file)).toContain('note regarding the border followed')
    expect(listChanges(file).map((m) => [m.ruleId, m.original, m.replacement])).toContainEqual(['repair-edges:repair', 'egarding', 'regarding'])
  })
})

describe('dates in a remark pipeline', () => {
  const text = 'The meeting of 13 February 1988 and the one of February 20, 1988 were held.\n'

  it('leaves a tree remark-stringify prints without reprintMarkdown', async () => {
    const file = await unified().use(remarkParse).use(dates).use(remarkStringify).process(text)
    expect(String(file)).toBe('The meeting of 13 February 1988 and the one of 20 February 1988 were held.\n')
  })

  it.each(['iso', 'mdy', 'dmy', 'preserve'] as const)('dateStyle %s: every recorded change is in the printed text, and nothing else changed', async (dateStyle) => {
    const file = await unified().use(remarkParse).use(dates, {dateStyle}).use(remarkStringify).process(text)
    const out = String(file)
    let expected = text
    for (const change of listChanges(file)) {
      expect(out).toContain(change.replacement)
      expected = expected.replace(change.original!, change.replacement!)
    }
    expect(out).toBe(expected)
    if (dateStyle === 'iso') expect(out).toBe('The meeting of 1988-02-13 and the one of 1988-02-20 were held.\n')
  })
})

describe('appendices in a remark pipeline', () => {
  it('leaves a tree remark-stringify prints: an appendix prints as the Markdown writer shows it', async () => {
    const text = 'The talks were held in the capital.\n\n## Appendix 1: Sources\n\nhttps://example.org/report.pdf\n'
    const file = await unified().use(remarkParse).use(appendices).use(remarkStringify).process(text)
    expect(String(file)).toBe('The talks were held in the capital.\n\n## Appendix 1: Sources\n\n* <https://example.org/report.pdf>\n')
  })
})

describe('the package as remark users import it', () => {
  it('every stage module has the plugin as its default export', async () => {
    for (const name of STAGE_FILES) {
      const module = await import(`../pipeline/stages/${name}.ts`)
      const named = name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())
      expect(typeof module.default, name).toBe('function')
      expect(module.default, name).toBe(module[named])
    }
  })

  it('the subpaths the README names resolve, and so do the schemas', () => {
    // Self-reference: the compiled copy's package.json is named `reprint` and has the exports map.
    const require = createRequire(join(dirname(dirname(CLI)), 'index.js'))
    const named = [...README.matchAll(/`(reprint\/stages\/[a-z-]+)`/g)].map((m) => m[1]!)
    expect(new Set(named)).toEqual(new Set(STAGE_FILES.map((f) => `reprint/stages/${f}`)))
    for (const id of named) expect(require.resolve(id)).toContain(join('dist', 'stages'))
    for (const schema of readdirSync(join(ROOT, 'schemas'))) {
      const path = require.resolve(`reprint/schemas/${schema}`)
      expect(JSON.parse(readFileSync(path, 'utf8')).$id).toContain(schema)
    }
  })

  it('importing a stage, or the library, does not load the PDF writer, pdf-lib or fontkit', () => {
    const root = dirname(dirname(CLI))
    // A resolve hook that reports every module URL the import loads.
    writeFileSync(
      join(root, 'trace-hooks.mjs'),
      `import {writeSync} from 'node:fs'\nexport async function resolve(specifier, context, next) {\n  const result = await next(specifier, context)\n  writeSync(2, 'LOADED ' + result.url + '\\n')\n  return result\n}\n`
    )
    writeFileSync(
      join(root, 'trace.mjs'),
      `import {register} from 'node:module'\nregister('./trace-hooks.mjs', import.meta.url)\n` +
        STAGE_FILES.map((f) => `if (typeof (await import('reprint/stages/${f}')).default !== 'function') process.exit(3)\n`).join('') +
        `if (typeof (await import('reprint')).dehyphenate !== 'function') process.exit(4)\n`
    )
    const run = spawnSync(process.execPath, [join(root, 'trace.mjs')], {cwd: root, encoding: 'utf8'})
    expect(run.status, run.stderr).toBe(0)
    const loaded = run.stderr.split('\n').filter((l) => l.startsWith('LOADED ')).map((l) => l.slice(7))
    expect(loaded.some((url) => url.includes('dist/stages/dehyphenate.js'))).toBe(true)
    expect(loaded.filter((url) => /pdf-lib|fontkit|emit\/pdf|reprint-pdf/.test(url))).toEqual([])
  })

  it('uses loose ^ ranges for the unified family', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
    for (const name of ['unified', 'remark-stringify', 'remark-gfm', 'remark-frontmatter', 'vfile', 'vfile-message', 'mdast-util-to-string']) {
      expect(pkg.dependencies[name], name).toMatch(/^\^\d/)
    }
  })
})

describe('createProcessor and renderDocument', () => {
  it('createProcessor() can .process() raw text into Markdown', async () => {
    const file = await createProcessor().process(rawDocument(1))
    expect(typeof file.value).toBe('string')
    expect(String(file)).toMatch(/^# /m)
    expect(file.messages.length).toBeGreaterThan(0)
  })

  it('renderDocument accepts a VFile as well as a path', async () => {
    const raw = rawDocument(1)
    const dir = tempDir()
    const path = join(dir, 'memo.txt')
    writeFileSync(path, raw)
    const fromPath = await renderDocument(path, {outputs: ['markdown', 'json']})
    const fromFile = await renderDocument(new VFile({path: 'memo.txt', value: raw}), {outputs: ['markdown', 'json']})
    expect(fromFile.error).toBeUndefined()
    expect(fromFile.artifacts.map((a) => a.path)).toEqual(['memo.md', 'memo.json'])
    expect(new TextDecoder().decode(fromFile.artifacts[0]!.bytes)).toBe(new TextDecoder().decode(fromPath.artifacts[0]!.bytes))
    const empty = await renderDocument(new VFile({path: 'empty.txt', value: ''}))
    expect(empty.error).toMatch(/empty/)
  })

  it('source.path is relative to the project, never a machine path', async () => {
    const dir = tempDir()
    const path = join(dir, 'memo.txt')
    writeFileSync(path, rawDocument(1))
    const result = await renderDocument(path, {outputs: ['markdown', 'json'], cwd: ROOT})
    const markdown = new TextDecoder().decode(result.artifacts[0]!.bytes)
    const json = JSON.parse(new TextDecoder().decode(result.artifacts[1]!.bytes))
    expect(json.metadata.source.path).toBe('memo.txt')
    expect(markdown).not.toContain(dir)
    const inside = await renderDocument(path, {outputs: ['json'], cwd: dirname(dir)})
    expect(JSON.parse(new TextDecoder().decode(inside.artifacts[0]!.bytes)).metadata.source.path).toBe(`${basename(dir)}/memo.txt`)
  })

  it('the README documents every file.data key a build sets', async () => {
    const result = await renderDocument(new VFile({path: 'memo.txt', value: rawDocument(1)}), {outputs: ['json']})
    const documented = new Set([...README.matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]))
    for (const key of Object.keys(result.file.data)) expect(documented, key).toContain(key)
  })
})

describe('message URLs', () => {
  it('every message points at its rule in docs/rules.md, and every rule of the code is documented there', async () => {
    const rules = readFileSync(join(ROOT, 'docs', 'rules.md'), 'utf8')
    const anchors = new Set([...rules.matchAll(/^#+ (.+)$/gm)].map((m) => slug(m[1]!)))
    const file = await createProcessor().process(rawDocument(1))
    expect(file.messages.length).toBeGreaterThan(0)
    for (const m of file.messages as ReprintMessage[]) {
      expect(m.url, m.ruleId ?? '').toMatch(/^https:\/\/reprint\.dev\/docs\/rules\.md#/)
      expect(anchors, m.url ?? '').toContain(m.url!.split('#')[1])
    }
    // Rule ids written in the source (literal ones; dehyphenate's `${action}` ones are listed by hand).
    const ids = new Set<string>(['dehyphenate:join', 'dehyphenate:keep', 'dehyphenate:range'])
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, {withFileTypes: true})) {
        const path = join(dir, entry.name)
        if (entry.isDirectory()) walk(path)
        else if (entry.name.endsWith('.ts') && !entry.name.includes('generated')) {
          for (const m of readFileSync(path, 'utf8').matchAll(/'((?:ingest|layout|footnotes|footnote-references|paragraphs|dehyphenate|repair-edges|typography|headings|dates|appendices|tables|corrections|pdf):[a-z-]+)'/g)) ids.add(m[1]!)
        }
      }
    }
    walk(join(ROOT, 'pipeline'))
    for (const id of ids) expect(anchors, id).toContain(slug(`\`${id}\``))
  })
})

describe('the README library examples run', () => {
  /** The ```js blocks of the README's "Library use" section. */
  const section = README.slice(README.indexOf('## Library use'), README.indexOf('\n## ', README.indexOf('## Library use') + 5))
  const blocks = [...section.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]!)

  it('has examples', () => expect(blocks.length).toBeGreaterThanOrEqual(3))

  it.each(blocks.map((code, i) => [i + 1, code] as const))('example %i runs and prints what its comments say', (i, code) => {
    // `expr   // 'value'` or `expr  // [...]` comments become assertions.
    const lines = code.split('\n').map((line) => {
      const m = /^(\S.*?)\s+\/\/ ((?:'.*'|\[.*\]|true|false))\s*$/.exec(line)
      return m ? `assert.deepStrictEqual(${m[1]}, ${m[2]})` : line
    })
    const asserts = lines.filter((l) => l.startsWith('assert.')).length
    const root = dirname(dirname(CLI))
    const script = join(root, `readme-example-${i}.mjs`)
    writeFileSync(script, `import assert from 'node:assert'\n${lines.join('\n')}\nconsole.log('ASSERTS ${asserts}')\n`)
    // Run in a fresh folder that holds the example input, as a user would.
    const cwd = tempDir()
    mkdirSync(join(cwd, 'input'))
    writeFileSync(join(cwd, 'input', 'memo.txt'), rawDocument(1))
    symlinkSync(join(ROOT, 'node_modules'), join(cwd, 'node_modules'), 'dir')
    const run = spawnSync(process.execPath, [script], {cwd, encoding: 'utf8', timeout: 60_000})
    expect(run.stderr + run.stdout).toContain(`ASSERTS ${asserts}`)
    expect(run.status).toBe(0)
  })
})
