/**
 * What CI jobs rely on (issue 13, "CI users"): exit codes that fail a job
 * without losing artifacts, per-rule severity, an honest `check`, reporters
 * on every command, strict flags, pipes, the published report schema,
 * encodings, and a PDF that fails alone when a font lacks a character.
 */
import {spawnSync} from 'node:child_process'
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {CLI, ROOT, distModule, rawDocument, reprint, tempDir, write} from './cli-harness.js'

/** Windows-1252 bytes (an é): a document with exactly one warning (ingest:encoding). */
const LATIN = Buffer.from([...Buffer.from('Caf'), 0xe9, ...Buffer.from(' au lait, the menu said, and the council agreed.\n')])

const files = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : [])

async function validateReport(report: unknown): Promise<string | undefined> {
  const {check} = await distModule<typeof import('../dist/schemas.js')>('schemas.js')
  return check('report', report)
}

describe('failing a job without losing artifacts', () => {
  const fixture = () => {
    const dir = tempDir('reprint-ci-')
    write(join(dir, 'in', 'good.txt'), rawDocument(1))
    write(join(dir, 'in', 'latin.txt'), LATIN)
    return dir
  }

  it('--frail and --max-warnings fail the exit code and keep every output; --strict writes nothing', () => {
    const dir = fixture()
    const frail = reprint(['build', join(dir, 'in'), '--out', join(dir, 'out'), '--frail'])
    expect(frail.code).toBe(1)
    expect(frail.stderr).toContain('1 warning(s), more than 0 (--frail)')
    expect(files(join(dir, 'out', 'latin'))).toEqual(['latin.html', 'latin.json', 'latin.md', 'latin.pdf'])
    expect(reprint(['build', join(dir, 'in'), '--out', join(dir, 'out'), '--max-warnings', '1']).code).toBe(0)
    const over = reprint(['build', join(dir, 'in'), '--out', join(dir, 'out2'), '--max-warnings', '0', '--outputs', 'markdown'])
    expect(over.code).toBe(1)
    expect(files(join(dir, 'out2', 'latin'))).toEqual(['latin.md'])
    const strict = reprint(['build', join(dir, 'in'), '--out', join(dir, 'out3'), '--strict'])
    expect(strict.code).toBe(1)
    expect(existsSync(join(dir, 'out3', 'latin'))).toBe(false)
    expect(reprint(['build', '--max-warnings', 'few']).stderr).toContain('--max-warnings takes a whole number')
    expect(reprint(['--help']).stdout).toContain('--strict              a warning is an error')
  })

  it('rules: off hides a rule, error fails the document, a bad value lists the allowed ones', () => {
    const dir = fixture()
    const config = (text: string) => writeFileSync(join(dir, 'reprint.config.yaml'), text)
    config('rules:\n  ingest:encoding: off\n')
    const off = reprint(['build', 'in', '--out', 'out', '--frail', '--reporter', 'json'], {cwd: dir})
    expect(off.code).toBe(0)
    const latinJson = JSON.parse(readFileSync(join(dir, 'out', 'latin', 'latin.json'), 'utf8'))
    expect(latinJson.diagnostics.filter((d: {severity: string}) => d.severity === 'warning')).toEqual([])
    config('rules:\n  ingest:encoding: error\n')
    const error = reprint(['build', 'in', '--out', 'out-error'], {cwd: dir})
    expect(error.code).toBe(1)
    expect(error.stderr).toMatch(/latin\.txt: error: 1 error\(s\) from rules set to “error”/)
    expect(existsSync(join(dir, 'out-error', 'latin'))).toBe(false)
    expect(existsSync(join(dir, 'out-error', 'good', 'good.md'))).toBe(true)
    config('rules:\n  ingest:encoding: fatal\n')
    const bad = reprint(['build', 'in'], {cwd: dir})
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('rules.ingest:encoding: must be one of "off", "warn", "error"')
    config('dateStyle: roman\n')
    expect(reprint(['build', 'in'], {cwd: dir}).stderr).toContain('dateStyle: must be one of "dmy", "mdy", "iso", "preserve"')
  })
})

describe('check, manifest and reporters', () => {
  it('check fails on documents the manifest lists as failed and on files it does not list', () => {
    const dir = tempDir('reprint-ci-')
    write(join(dir, 'in', 'good.txt'), rawDocument(2))
    write(join(dir, 'in', 'empty.txt'), '')
    expect(reprint(['build', join(dir, 'in'), '--out', join(dir, 'out'), '--outputs', 'markdown']).code).toBe(1)
    const failed = reprint(['check', join(dir, 'out')])
    expect(failed.code).toBe(1)
    expect(failed.stderr).toContain('empty.txt: failed to build')
    write(join(dir, 'in', 'empty.txt'), rawDocument(3))
    expect(reprint(['build', join(dir, 'in'), '--out', join(dir, 'out'), '--outputs', 'markdown']).code).toBe(0)
    expect(reprint(['check', join(dir, 'out')]).code).toBe(0)
    write(join(dir, 'out', 'good', 'notes.txt'), 'by hand')
    const stray = reprint(['check', join(dir, 'out')])
    expect(stray.code).toBe(1)
    expect(stray.stderr).toContain(`${join(dir, 'out', 'good', 'notes.txt')}: not listed in the manifest`)
  })

  it('check and manifest honour --reporter json (report.schema.json) and github', async () => {
    const dir = tempDir('reprint-ci-')
    write(join(dir, 'in', 'good.txt'), rawDocument(4))
    reprint(['build', join(dir, 'in'), '--out', join(dir, 'out'), '--outputs', 'markdown'])
    write(join(dir, 'out', 'stray.md'), 'x')
    const json = reprint(['check', join(dir, 'out'), '--reporter', 'json'])
    expect(json.code).toBe(1)
    const report = JSON.parse(json.stdout)
    expect(await validateReport(report)).toBeUndefined()
    expect(report).toMatchObject({version: 1, command: 'check', problems: [{file: join(dir, 'out', 'stray.md'), message: 'not listed in the manifest'}]})
    const github = reprint(['check', join(dir, 'out'), '--reporter', 'github'])
    expect(github.stdout).toContain(`::error file=${join(dir, 'out', 'stray.md')},title=reprint check::not listed in the manifest`)
    const merge = reprint(['manifest', join(dir, 'out'), '--reporter', 'json'])
    expect(merge.code).toBe(1)
    const merged = JSON.parse(merge.stdout)
    expect(await validateReport(merged)).toBeUndefined()
    expect(merged.command).toBe('manifest')
    expect(merged.problems[0].message).toContain('no manifest parts')
  })

  it('build --reporter json: schema, version, built|unchanged|failed, whole-millisecond timings, diagnostics field names', async () => {
    const dir = tempDir('reprint-ci-')
    write(join(dir, 'in', 'a.txt'), rawDocument(5))
    write(join(dir, 'in', 'b.txt'), LATIN)
    write(join(dir, 'in', 'c.txt'), '')
    const args = ['build', join(dir, 'in'), '--out', join(dir, 'out'), '--reporter', 'json', '--outputs', 'markdown,json']
    const first = JSON.parse(reprint(args).stdout)
    expect(await validateReport(first)).toBeUndefined()
    expect(first.version).toBe(1)
    expect(first.documents.map((d: {status: string}) => d.status)).toEqual(['built', 'built', 'failed'])
    const second = JSON.parse(reprint(args).stdout)
    expect(second.documents.map((d: {status: string}) => d.status)).toEqual(['unchanged', 'unchanged', 'failed'])
    expect(second.summary).toMatchObject({built: 0, unchanged: 2, failed: 1})
    expect(Number.isInteger(second.summary.ms)).toBe(true)
    // A message reads like the document JSON's diagnostics: same field names, same values.
    const message = first.documents[1].messages[0]
    const diagnostics = JSON.parse(readFileSync(join(dir, 'out', 'b', 'b.json'), 'utf8')).diagnostics
    const same = diagnostics.find((d: {ruleId: string}) => d.ruleId === message.ruleId)
    expect(Object.keys(message).sort()).toEqual(Object.keys(same).sort())
    expect(message).toEqual(same)
  })
})

describe('flags', () => {
  it('rejects flags a command does not use, suggests the nearest flag, takes -o for --out', () => {
    const jobs = reprint(['check', 'output', '--jobs', '2'])
    expect(jobs.code).toBe(2)
    expect(jobs.stderr).toContain('check does not take --jobs')
    expect(reprint(['manifest', 'output', '--force']).code).toBe(2)
    const typo = reprint(['build', '--ouputs', 'markdown'])
    expect(typo.code).toBe(2)
    expect(typo.stderr).toContain('unknown flag “--ouputs”; did you mean --outputs?')
    expect(reprint(['build', '--max-warning', '3']).stderr).toContain('did you mean --max-warnings?')
    expect(reprint(['biuld']).stderr).toContain('did you mean build?')
    const dir = tempDir('reprint-ci-')
    write(join(dir, 'doc.txt'), rawDocument(6))
    expect(reprint(['build', join(dir, 'doc.txt'), '-o', join(dir, 'o'), '--outputs', 'markdown']).code).toBe(0)
    expect(existsSync(join(dir, 'o', 'doc', 'doc.md'))).toBe(true)
  })

  it('stops quietly when the reader of its output goes away (| head, | true)', () => {
    const dir = tempDir('reprint-ci-')
    write(join(dir, 'doc.txt'), Array.from({length: 40}, (_, i) => rawDocument(i)).join('\n\n'))
    const cli = `"${process.execPath}" "${CLI}"`
    for (const reader of ['true', 'head -n 1']) {
      for (const args of ['build doc.txt --out out --outputs markdown --reporter github --changes --force', 'build doc.txt --out out --outputs markdown --reporter json --changes --force', '--help']) {
        const run = spawnSync('sh', ['-c', `${cli} ${args} | ${reader}`], {cwd: dir, encoding: 'utf8', env: {...process.env, NO_COLOR: '1'}})
        expect(run.stderr, `${args} | ${reader}`).not.toMatch(/EPIPE|Error|at /)
      }
    }
    expect(existsSync(join(dir, 'out', 'doc', 'doc.md'))).toBe(true)
  })

  it('build - reads standard input; --out - writes the one output to standard output', () => {
    const dir = tempDir('reprint-ci-')
    const input = rawDocument(7)
    const run = spawnSync(process.execPath, [CLI, 'build', '-', '--outputs', 'markdown', '--out', '-'], {cwd: dir, input, encoding: 'utf8'})
    expect(run.status).toBe(0)
    expect(run.stdout).toContain('# Report Number 8')
    expect(run.stdout).toContain('decided to publish') // the line-end hyphen joined
    expect(readdirSync(dir)).toEqual([]) // nothing on disk
    write(join(dir, 'doc.txt'), input)
    const json = spawnSync(process.execPath, [CLI, 'build', 'doc.txt', '--outputs', 'json', '-o', '-'], {cwd: dir, encoding: 'utf8'})
    expect(JSON.parse(json.stdout).metadata.source.path).toBe('doc.txt')
    const toDisk = spawnSync(process.execPath, [CLI, 'build', '-', '--out', 'o', '--outputs', 'markdown'], {cwd: dir, input, encoding: 'utf8'})
    expect(toDisk.status).toBe(0)
    expect(readFileSync(join(dir, 'o', 'stdin', 'stdin.md'), 'utf8')).toBe(run.stdout)
    expect(reprint(['check', join(dir, 'o')]).code).toBe(0) // the manifest lists it under its folder
    const two = spawnSync(process.execPath, [CLI, 'build', 'doc.txt', '--out', '-'], {cwd: dir, encoding: 'utf8'})
    expect(two.status).toBe(2)
    expect(two.stderr).toContain('--out - writes one output')
    const empty = spawnSync(process.execPath, [CLI, 'build', '-', '--outputs', 'markdown', '--out', '-'], {cwd: dir, input: '', encoding: 'utf8'})
    expect(empty.status).toBe(1)
    expect(empty.stdout).toBe('')
    expect(empty.stderr).toContain('stdin: error: empty input')
  })

  it('YAML errors in sidecars and the config give line and column', () => {
    const dir = tempDir('reprint-ci-')
    write(join(dir, 'doc.txt'), rawDocument(8))
    write(join(dir, 'doc.meta.yaml'), 'title: Report\nlanguage: "en\n')
    const run = reprint(['build', 'doc.txt'], {cwd: dir})
    expect(run.stderr).toMatch(/doc\.meta\.yaml: malformed YAML: line \d+, column \d+: /)
    writeFileSync(join(dir, 'reprint.config.yaml'), 'jobs: 1\npageSize: A4\ndateStyle: roman\n')
    expect(reprint(['build', 'doc.txt'], {cwd: dir}).stderr).toContain('dateStyle: must be one of "dmy", "mdy", "iso", "preserve" (line 3, column 12)')
    writeFileSync(join(dir, 'reprint.config.yaml'), 'jobs: 1\n\nstages:\n  dehyphenate: {}\n  dehyphenat: {}\n')
    expect(reprint(['build', 'doc.txt'], {cwd: dir}).stderr).toContain('unknown key “dehyphenat” (line 5, column 3)')
    writeFileSync(join(dir, 'reprint.config.yaml'), 'jobs: 1\noutputs: [markdown\ndateStyle: dmy\n')
    expect(reprint(['build', 'doc.txt'], {cwd: dir}).stderr).toMatch(/reprint\.config\.yaml: malformed YAML: line \d+, column \d+: /)
  })
})

describe('encodings', () => {
  const encode = (text: string, encoding: string): Buffer => {
    const decoder = new TextDecoder(encoding)
    const table = new Map<string, number>()
    for (let b = 0; b < 256; b++) table.set(decoder.decode(new Uint8Array([b])), b)
    return Buffer.from([...text].map((c) => table.get(c) ?? 0x3f))
  }
  const RUSSIAN = 'Президент встретился с делегацией в столице. Переговоры продолжались несколько часов, и стороны обсудили вопросы урегулирования.\n'.repeat(4)
  const POLISH = 'Zażółć gęślą jaźń. Delegacja przyjechała do stolicy; rozmowy trwały kilka godzin, a strony omówiły kwestie uregulowania sporu.\n'.repeat(4)

  it('detects Windows-1251 and decodes it, with a warning naming the encoding', async () => {
    const {decode} = await distModule<typeof import('../dist/text/decode.js')>('text/decode.js')
    const decoded = decode(encode(RUSSIAN, 'windows-1251'))
    expect(decoded.encoding).toBe('windows-1251')
    expect(decoded.text).toBe(RUSSIAN)
  })

  it('UTF-8 with a few bad bytes stays UTF-8: only the bad bytes are replaced, with their positions', async () => {
    const {decode} = await distModule<typeof import('../dist/text/decode.js')>('text/decode.js')
    const good = Buffer.from('The delegation’s report — “accepted”.\nSecond line.\n')
    const bytes = Buffer.concat([good.subarray(0, 4), Buffer.from([0xe9]), good.subarray(4), Buffer.from([0xff])])
    const decoded = decode(bytes)
    expect(decoded.encoding).toBe('utf-8')
    expect(decoded.text).toBe('The \uFFFDdelegation’s report — “accepted”.\nSecond line.\n\uFFFD')
    expect(decoded.bad!.map((b) => [b.line, b.column, b.bytes])).toEqual([[1, 5, 'E9'], [3, 1, 'FF']])
  })

  it('a byte order mark is believed only when its text is plausible', async () => {
    const {decode} = await distModule<typeof import('../dist/text/decode.js')>('text/decode.js')
    const fake = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Plain text that happens to start with two bytes.\nAnd more.\n')])
    const decoded = decode(fake)
    expect(decoded.refusedBom).toBe('utf-16le')
    expect(decoded.text).toContain('Plain text that happens')
    const real = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Real UTF-16 text.\nSecond line.\n', 'utf16le')])
    expect(decode(real)).toMatchObject({encoding: 'utf-16le', text: 'Real UTF-16 text.\nSecond line.\n'})
  })

  it('--encoding and the sidecar state the encoding; the CLI warns about a detected one', () => {
    const dir = tempDir('reprint-ci-')
    write(join(dir, 'ru.txt'), encode(RUSSIAN, 'windows-1251'))
    write(join(dir, 'pl.txt'), encode(POLISH, 'iso-8859-2'))
    write(join(dir, 'pl.meta.yaml'), 'encoding: iso-8859-2\n')
    const run = reprint(['build', 'ru.txt', 'pl.txt', '--outputs', 'markdown'], {cwd: dir})
    expect(run.code).toBe(0)
    expect(run.stderr).toMatch(/decoded as windows-1251 \(detected/)
    expect(readFileSync(join(dir, 'output', 'ru', 'ru.md'), 'utf8')).toContain('Президент встретился')
    expect(readFileSync(join(dir, 'output', 'pl', 'pl.md'), 'utf8')).toContain('Zażółć gęślą jaźń')
    const stated = reprint(['build', 'ru.txt', '--outputs', 'markdown', '--encoding', 'koi8-r', '--out', 'k'], {cwd: dir})
    expect(stated.stderr).not.toContain('detected')
    expect(reprint(['build', 'ru.txt', '--encoding', 'klingon'], {cwd: dir}).code).toBe(2)
  })
})

describe('characters the PDF fonts cannot draw', () => {
  it('fail the PDF only, with a warning that says how to give a font; private-use characters are drawn as a box', () => {
    const dir = tempDir('reprint-ci-')
    write(join(dir, 'hangul.txt'), `${rawDocument(9)}\nThe delegation wrote 한국어 on the cover.\n`)
    write(join(dir, 'pua.txt'), `${rawDocument(10)}\nThe icon \uE001 marks a note.\n`)
    const run = reprint(['build', '.', '--out', 'out'], {cwd: dir})
    expect(run.code).toBe(0)
    expect(files(join(dir, 'out', 'hangul'))).toEqual(['hangul.html', 'hangul.json', 'hangul.md'])
    expect(readFileSync(join(dir, 'out', 'hangul', 'hangul.md'), 'utf8')).toContain('한국어')
    expect(run.stderr).toMatch(/PDF not written: no font can draw the character "한".*`fonts:` in reprint\.config\.yaml\s+pdf:missing-glyph/)
    const diagnostics = JSON.parse(readFileSync(join(dir, 'out', 'hangul', 'hangul.json'), 'utf8')).diagnostics
    expect(diagnostics.some((d: {ruleId: string}) => d.ruleId === 'pdf:missing-glyph')).toBe(true)
    expect(files(join(dir, 'out', 'pua'))).toEqual(['pua.html', 'pua.json', 'pua.md', 'pua.pdf'])
    expect(readFileSync(join(dir, 'out', 'pua', 'pua.md'), 'utf8')).toContain('\uE001')
    expect(run.stderr).toMatch(/\d+:\d+\s+warning\s+1 private-use character\(s\) \(U\+E001\) have no standard meaning: the PDF draws them as a box.*pdf:private-use/)
  })

  it('NFC keeps U+2329/U+232A (which the fonts draw) instead of U+3008/U+3009 (which they do not)', () => {
    const dir = tempDir('reprint-ci-')
    write(join(dir, 'angle.txt'), `${rawDocument(11)}\nThe set \u2329a, b\u232A is closed; Ω and K normalize.\n`)
    const run = reprint(['build', 'angle.txt', '--out', 'out'], {cwd: dir})
    expect(run.code).toBe(0)
    const md = readFileSync(join(dir, 'out', 'angle', 'angle.md'), 'utf8')
    expect(md).toContain('\u2329a, b\u232A')
    expect(md).toContain('\u03A9 and K normalize') // other singletons still normalize
    expect(existsSync(join(dir, 'out', 'angle', 'angle.pdf'))).toBe(true)
  })
})

describe('the package', () => {
  it('npm runs no install script that allowScripts does not cover (no warning on a fresh install)', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'))
    const withScripts = Object.entries(lock.packages as Record<string, {hasInstallScript?: boolean}>)
      .filter(([, p]) => p.hasInstallScript)
      .map(([path]) => path.split('node_modules/').pop()!)
    const allowed = Object.keys(pkg.allowScripts ?? {}).map((k) => k.replace(/(.)@.*$/, '$1'))
    for (const name of withScripts) expect(allowed, `${name} has an install script not in allowScripts`).toContain(name)
  })

  it('has the LICENSE that package.json names', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
    expect(pkg.license).toBe('MIT')
    expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n[\s\S]*Permission is hereby granted, free of charge/)
  })
})
