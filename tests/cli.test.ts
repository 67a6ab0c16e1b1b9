/**
 * The command-line contract: commands, flags, exit codes (0 ok, 1 a document
 * or check failed, 2 usage), configuration, reporters, `check`, and the
 * package's own bin through `npx --no-install reprint`.
 */
import {spawnSync} from 'node:child_process'
import {createHash} from 'node:crypto'
import {readFileSync, writeFileSync, existsSync, rmSync} from 'node:fs'
import {join, relative} from 'node:path'
import {Writable} from 'node:stream'
import {describe, expect, it} from 'vitest'
import {CLI, ROOT, distModule, rawDocument, reprint, tempDir, write} from './cli-harness.js'

const VERSION = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string
const CP1252 = Buffer.from([...Buffer.from('Caf'), 0xe9, ...Buffer.from(' au lait, the menu said.\n')])

describe('help, version, usage errors', () => {
  it('--help lists every flag, and the README documents each of them', () => {
    const run = reprint(['--help'])
    expect(run.code).toBe(0)
    const flags = [...new Set(run.stdout.match(/--[a-z][a-z-]+/g))]
    for (const flag of ['--out', '--jobs', '--force', '--shard', '--reporter', '--strict', '--quiet', '--max-bytes', '--config', '--outputs']) {
      expect(flags).toContain(flag)
    }
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
    for (const flag of flags) expect(readme, `README does not document ${flag}`).toContain(`\`${flag}`)
    for (const command of ['reprint build', 'reprint check', 'reprint manifest']) expect(run.stdout).toContain(command)
  })

  it('--version prints the package version', () => {
    expect(reprint(['--version']).stdout.trim()).toBe(VERSION)
    expect(reprint(['-v']).stdout.trim()).toBe(VERSION)
  })

  it.each([
    [[], 'missing command'],
    [['publish'], 'unknown command “publish”'],
    [['build', '--frobnicate'], 'unknown flag “--frobnicate”'],
    [['build', '--jobs', '0'], '--jobs takes a positive whole number'],
    [['build', '--jobs', 'many'], '--jobs takes a positive whole number'],
    [['build', '--max-bytes', '-5'], "--max-bytes"],
    [['build', '--shard', '3/2'], '--shard takes I/N'],
    [['build', '--shard', '0/2'], '--shard takes I/N'],
    [['build', '--reporter', 'xml'], '--reporter takes one of pretty, json, github'],
    [['build', '--outputs', 'markdown,docx'], '--outputs takes a comma-separated list'],
    [['build', '--date-style', 'roman'], '--date-style takes one of'],
    [['build', '--page-size', 'A5'], '--page-size takes one of A4, Letter'],
    [['check', 'a', 'b'], 'check takes one folder']
  ])('%j is a usage error (exit 2)', (args, message) => {
    const dir = tempDir()
    const run = reprint([...args, ...(args[0] === 'build' ? ['--out', join(dir, 'out')] : [])], {cwd: dir})
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(message)
    expect(run.stderr).toContain("Try 'reprint --help'")
    expect(existsSync(join(dir, 'out'))).toBe(false)
  })
})

describe('npx and the default input', () => {
  it('`npx --no-install reprint` runs the package’s own bin from the project root', () => {
    const run = spawnSync('npx', ['--no-install', 'reprint', '--version'], {cwd: ROOT, encoding: 'utf8', timeout: 60_000})
    expect(run.stderr).toBe('')
    expect(run.stdout.trim()).toBe(VERSION)
  })

  it('`reprint build` with no inputs builds input/ into <out>/<name>/<name>.md', () => {
    const out = join(tempDir(), 'out')
    const run = reprint(['build', '--out', out, '--quiet'])
    expect(run.code, run.stderr).toBe(0)
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))
    expect(manifest.documents.length).toBeGreaterThanOrEqual(1)
    for (const doc of manifest.documents) {
      const name = doc.path
      expect(existsSync(join(out, name, `${name}.md`))).toBe(true)
      expect(existsSync(join(out, name, `${name}.json`))).toBe(true)
    }
  })
})

describe('configuration: reprint.config.yaml, flags override it', () => {
  const project = (config: string) => {
    const dir = tempDir('reprint-config-')
    write(join(dir, 'reprint.config.yaml'), config)
    write(join(dir, 'input', 'doc.txt'), rawDocument(1))
    return dir
  }

  it.each([
    ['dateStyles: iso\n', 'reprint.config.yaml: invalid config: (top level): unknown key “dateStyles”'],
    ['dateStyle: roman\n', 'reprint.config.yaml: invalid config: dateStyle: must be one of "dmy", "mdy", "iso", "preserve"'],
    ['typography:\n  asciiQuotes: maybe\n', 'reprint.config.yaml: invalid config: typography.asciiQuotes: must be boolean'],
    ['outputs: [markdown, docx]\n', 'reprint.config.yaml: invalid config: outputs.1: must be one of "markdown", "json", "yaml", "pdf"'],
    ['jobs: 0\n', 'reprint.config.yaml: invalid config: jobs: must be >= 1'],
    ['outputs: [markdown\n', 'reprint.config.yaml: malformed YAML'],
    ['a: &a [1, 2]\nb: *a\n', 'reprint.config.yaml: malformed YAML']
  ])('%j is refused with an error naming the key (exit 2)', (config, message) => {
    const dir = project(config)
    const run = reprint(['build'], {cwd: dir})
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(message)
    expect(existsSync(join(dir, 'output'))).toBe(false)
  })

  it('outputs and other keys apply; flags override them; --config picks another file', () => {
    const dir = project('outputs: [markdown]\nextensions: [.txt, .text]\n')
    write(join(dir, 'input', 'other.text'), rawDocument(2))
    expect(reprint(['build', '--quiet'], {cwd: dir}).code).toBe(0)
    expect(existsSync(join(dir, 'output', 'doc', 'doc.md'))).toBe(true)
    expect(existsSync(join(dir, 'output', 'doc', 'doc.json'))).toBe(false)
    expect(existsSync(join(dir, 'output', 'other.text', 'other.text.md'))).toBe(true)

    expect(reprint(['build', '--outputs', 'json', '--out', 'flagged', '--quiet'], {cwd: dir}).code).toBe(0)
    expect(existsSync(join(dir, 'flagged', 'doc', 'doc.json'))).toBe(true)
    expect(existsSync(join(dir, 'flagged', 'doc', 'doc.md'))).toBe(false)

    write(join(dir, 'ci.yaml'), 'outputs: [json]\n')
    expect(reprint(['build', '--config', 'ci.yaml', '--out', 'ci', '--quiet'], {cwd: dir}).code).toBe(0)
    expect(existsSync(join(dir, 'ci', 'doc', 'doc.json'))).toBe(true)
    expect(existsSync(join(dir, 'ci', 'doc', 'doc.md'))).toBe(false)

    const missing = reprint(['build', '--config', 'nope.yaml'], {cwd: dir})
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('nope.yaml: cannot read')
  })
})

describe('configuration reaches the PDF writer', () => {
  it('fonts (relative to the config file) and page size', async () => {
    const dir = tempDir('reprint-fonts-')
    const fonts = join(ROOT, 'node_modules', 'dejavu-fonts-ttf', 'ttf')
    write(join(dir, 'conf', 'reprint.yaml'), `outputs: [pdf]\npageSize: Letter\nfonts:\n  regular: ${relative(join(dir, 'conf'), join(fonts, 'DejaVuSansMono.ttf'))}\n`)
    write(join(dir, 'input', 'doc.txt'), rawDocument(1))
    const run = reprint(['build', '--config', 'conf/reprint.yaml', '--quiet'], {cwd: dir})
    expect(run.code, run.stderr).toBe(0)
    expect(existsSync(join(dir, 'output', 'doc', 'doc.md'))).toBe(false)
    const {PDFDocument, PDFDict, PDFName} = await import('pdf-lib')
    const pdf = await PDFDocument.load(readFileSync(join(dir, 'output', 'doc', 'doc.pdf')))
    const names: string[] = []
    for (const [, object] of pdf.context.enumerateIndirectObjects()) {
      if (object instanceof PDFDict && object.get(PDFName.of('Type'))?.toString() === '/FontDescriptor') names.push(String(object.get(PDFName.of('FontName'))))
    }
    expect(names.some((n) => n.endsWith('+DejaVuSansMono'))).toBe(true)
    expect(pdf.getPage(0).getSize()).toEqual({width: 612, height: 792})
  })
})

describe('reporters', () => {
  const fixture = () => {
    const dir = tempDir('reprint-report-')
    write(join(dir, 'in', 'a-good.txt'), rawDocument(1))
    write(join(dir, 'in', 'b-latin.txt'), CP1252)
    write(join(dir, 'in', 'c-empty.txt'), '')
    return dir
  }

  it('pretty: file, severity, message and rule id; a one-line error per failed document; a summary', () => {
    const dir = fixture()
    const run = reprint(['build', join(dir, 'in'), '--out', join(dir, 'out')])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(join(dir, 'in', 'b-latin.txt'))
    expect(run.stderr).toMatch(/warning\s+Input is not valid UTF-8; decoded as windows-1252 \(detected, confidence \d+%; .*\s+ingest:encoding/)
    expect(run.stderr).toContain(`${join(dir, 'in', 'c-empty.txt')}: error: empty file\n`)
    expect(run.stderr).toMatch(/3 documents: 2 built, 0 unchanged, 1 failed; 1 warning, 1 error; \d+\.\d\d s\n$/)
    expect(run.stderr).not.toContain('\u001b[') // not a terminal: no colour, no progress bar
    expect(run.stdout).toBe('')
  })

  it('--quiet prints only errors; --strict fails documents with warnings, also from the cache', () => {
    const dir = fixture()
    const quiet = reprint(['build', join(dir, 'in'), '--out', join(dir, 'out'), '--quiet'])
    expect(quiet.code).toBe(1)
    expect(quiet.stderr).toBe(`${join(dir, 'in', 'c-empty.txt')}: error: empty file\n`)
    rmSync(join(dir, 'in', 'c-empty.txt'))
    expect(reprint(['build', join(dir, 'in'), '--out', join(dir, 'out'), '--quiet']).code).toBe(0)
    const strict = reprint(['build', join(dir, 'in'), '--out', join(dir, 'out'), '--strict'])
    expect(strict.stderr).toContain('0 built, 1 unchanged, 1 failed')
    expect(strict.stderr).toContain('b-latin.txt: error: 1 warning(s), a failure with --strict')
    expect(strict.code).toBe(1)
  })

  it('github: workflow commands on stdout', () => {
    const dir = fixture()
    const run = reprint(['build', join(dir, 'in'), '--out', join(dir, 'out'), '--reporter', 'github'])
    expect(run.code).toBe(1)
    const lines = run.stdout.trim().split('\n')
    expect(lines.some((l) => l.startsWith(`::warning file=${join(dir, 'in', 'b-latin.txt')},title=ingest%3Aencoding::Input is not valid UTF-8; decoded as windows-1252 (detected`))).toBe(true)
    expect(lines).toContain(`::error file=${join(dir, 'in', 'c-empty.txt')},title=reprint::empty file`)
    expect(lines.at(-1)).toMatch(/^3 documents: 2 built/)
  })

  it('github: line, column and escaping of messages with positions', async () => {
    const {createReporter} = await distModule<typeof import('../dist/reporters.js')>('reporters.js')
    let text = ''
    const stdout = new Writable({write(chunk, _e, done) { text += String(chunk); done() }})
    const reporter = await createReporter({kind: 'github', stdout})
    reporter.document({
      index: 0, input: 'in/a,b.txt', key: 'a,b', status: 'built', artifacts: [], ms: 1,
      messages: [
        {severity: 'warning', reason: '“th” may have lost a letter: 50% sure\nsecond line', line: 12, column: 3, endLine: 12, endColumn: 5, ruleId: 'repair-edges:suspect'},
        {severity: 'info', reason: 'joined', line: 1, column: 1, ruleId: 'dehyphenate:join'}
      ]
    })
    expect(text).toBe('::warning file=in/a%2Cb.txt,line=12,col=3,endLine=12,endColumn=5,title=repair-edges%3Asuspect::“th” may have lost a letter: 50%25 sure%0Asecond line\n')
  })

  it('json: one object on stdout with documents, messages and the summary', () => {
    const dir = fixture()
    const run = reprint(['build', join(dir, 'in'), '--out', join(dir, 'out'), '--reporter', 'json'])
    expect(run.code).toBe(1)
    const report = JSON.parse(run.stdout)
    expect(report.summary).toMatchObject({documents: 3, built: 2, unchanged: 0, failed: 1, warnings: 1, errors: 1})
    expect(report.documents.map((d: {status: string}) => d.status)).toEqual(['built', 'built', 'failed'])
    expect(report.documents[1].messages[0]).toMatchObject({severity: 'warning', ruleId: 'ingest:encoding'})
    expect(report.documents[1].messages[0].message).toMatch(/^Input is not valid UTF-8/)
    expect(report.documents[2].error).toBe('empty file')
  })

  it('on a terminal: a progress bar with count and ETA, colour unless NO_COLOR', () => {
    const hasScript = spawnSync('script', ['--version']).status === 0
    if (!hasScript) return
    const dir = fixture()
    rmSync(join(dir, 'in', 'c-empty.txt'))
    for (let i = 0; i < 4; i++) write(join(dir, 'in', `more-${i}.txt`), rawDocument(i + 5))
    const tty = (env: string) => spawnSync('script', ['-qec', `${env} ${process.execPath} ${CLI} build ${join(dir, 'in')} --out ${join(dir, 'out')} --force --jobs 1`, '/dev/null'], {encoding: 'utf8', env: {...process.env, NO_COLOR: ''}})
    const coloured = tty('')
    expect(coloured.stdout).toMatch(/\[[#.]+\] \d+\/6 \d+% ETA/)
    expect(coloured.stdout).toContain('\u001b[33m') // the warning, in yellow
    const plain = tty('NO_COLOR=1')
    expect(plain.stdout).toMatch(/\[[#.]+\] \d+\/6 \d+% ETA/)
    expect(plain.stdout).not.toMatch(/\u001b\[3\dm/)
  })
})

describe('reprint check', () => {
  it('accepts a fresh build and names every mismatch after tampering', () => {
    const dir = tempDir('reprint-check-')
    write(join(dir, 'in', 'one.txt'), rawDocument(1))
    write(join(dir, 'in', 'two.txt'), rawDocument(2))
    write(join(dir, 'in', 'three.txt'), rawDocument(3))
    const out = join(dir, 'out')
    expect(reprint(['build', join(dir, 'in'), '--out', out, '--quiet']).code).toBe(0)
    expect(reprint(['check', out]).code).toBe(0)
    expect(reprint(['check', '--out', out]).code).toBe(0)

    writeFileSync(join(out, 'one', 'one.md'), readFileSync(join(out, 'one', 'one.md'), 'utf8').replace('e', 'x'))
    rmSync(join(out, 'two', 'two.json'))
    // A JSON that no longer matches its schema, with the manifest updated to its hash.
    const bad = JSON.stringify({blocks: 'not a list'})
    writeFileSync(join(out, 'three', 'three.json'), bad)
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))
    const entry = manifest.documents.find((d: {path: string}) => d.path === 'three').artifacts.find((a: {path: string}) => a.path.endsWith('.json'))
    entry.sha256 = createHash('sha256').update(bad).digest('hex')
    entry.bytes = Buffer.byteLength(bad)
    writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifest))

    const run = reprint(['check', out])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(`${join(out, 'one/one.md')}: sha256 does not match the manifest`)
    expect(run.stderr).toContain(`${join(out, 'two/two.json')}: missing`)
    expect(run.stderr).toContain(`${join(out, 'three/three.json')}: does not match document.schema.json`)
    expect(run.stderr).toContain('3 problem(s)')
  })

  it('refuses a manifest that points outside the folder, and a folder without one', () => {
    const dir = tempDir('reprint-check-')
    write(join(dir, 'out', 'manifest.json'), JSON.stringify({
      $schema: 'https://reprint.dev/schemas/manifest.schema.json', reprint: {version: VERSION}, failed: [],
      documents: [{input: 'x.txt', path: 'x', sha256: 'a'.repeat(64), warnings: 0, artifacts: [{path: '../secret', bytes: 1, sha256: 'a'.repeat(64), mediaType: 'text/plain'}]}]
    }))
    const run = reprint(['check', join(dir, 'out')])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('does not match manifest.schema.json')
    const none = reprint(['check', join(dir, 'nothing')])
    expect(none.code).toBe(1)
    expect(none.stderr).toContain('no manifest')
  })
})

describe('library use', () => {
  it('build() builds a folder and returns typed reports', async () => {
    const {build} = await distModule<typeof import('../dist/index.js')>('index.js')
    const dir = tempDir('reprint-lib-')
    write(join(dir, 'in', 'a.txt'), rawDocument(1))
    write(join(dir, 'in', 'b.txt'), '')
    const result = await build({inputs: [join(dir, 'in')], out: join(dir, 'out'), jobs: 1, outputs: ['markdown']})
    expect(result.documents.map((d) => [d.key, d.status])).toEqual([['a', 'built'], ['b', 'failed']])
    expect(result.documents[1]!.error).toBe('empty file')
    expect(readFileSync(join(dir, 'out', 'a', 'a.md'), 'utf8')).toContain('document 1.0')
    expect(existsSync(result.manifest!)).toBe(true)
  })

  it('a remark user runs the dehyphenation stage in their own pipeline', async () => {
    const {unified} = await import('unified')
    const remarkParse = (await import('remark-parse')).default
    const remarkStringify = (await import('remark-stringify')).default
    const {remarkLines, reprintMarkdown, dehyphenate, dates} = await distModule<typeof import('../dist/index.js')>('index.js')
    const file = await unified()
      .use(remarkParse)
      .use(remarkLines)
      .use(dehyphenate)
      .use(dates)
      .use(reprintMarkdown)
      .use(remarkStringify)
      .process('# Notes\n\nThe Arme-\nnian delegation arrived in Stepa-\nnakert on 13 February 1988.\n')
    expect(String(file)).toBe('# Notes\n\nThe Armenian delegation arrived in Stepanakert on 13 February 1988.\n')
    const joins = file.messages.filter((m) => m.ruleId === 'dehyphenate:join')
    expect(joins.map((m) => [m.line, m.column])).toEqual([[3, 5], [4, 28]])
  })
})
