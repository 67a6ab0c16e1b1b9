/**
 * The fault suite: bad input and hostile conditions through the compiled CLI.
 * Each case asserts the message, the exit code, and that nothing was lost
 * (the other documents of the batch are built, earlier outputs stay intact,
 * no half-written file is left in place, nothing lands outside --out).
 */
import {chmodSync, existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {rawDocument, reprint, snapshot, startReprint, tempDir, unprivileged, write} from './cli-harness.js'

const md = (out: string, name: string) => readFileSync(join(out, name, `${name}.md`), 'utf8')
const json = (out: string, name: string) => JSON.parse(readFileSync(join(out, name, `${name}.json`), 'utf8'))

describe('kill during a build', () => {
  it('leaves every output whole (old or new, never half) and the next run completes', async () => {
    const dir = tempDir('reprint-kill-')
    const input = join(dir, 'in')
    const out = join(dir, 'out')
    const N = 24
    for (let i = 0; i < N; i++) write(join(input, `k-${String(i).padStart(2, '0')}.txt`), rawDocument(i, 12))
    expect(reprint(['build', input, '--out', out, '--jobs', '1']).code).toBe(0)
    const oldFiles = snapshot(out, {skip: /^\.reprint-cache|^manifest/})

    // The new version of every document, built elsewhere for reference.
    for (let i = 0; i < N; i++) write(join(input, `k-${String(i).padStart(2, '0')}.txt`), rawDocument(i, 12) + '\nA late addendum line.\n')
    expect(reprint(['build', input, '--out', join(dir, 'reference'), '--jobs', '1']).code).toBe(0)
    const newFiles = snapshot(join(dir, 'reference'), {skip: /^\.reprint-cache|^manifest/})

    for (const delay of [150, 450]) {
      const child = startReprint(['build', input, '--out', out, '--jobs', '2', '--force'])
      await new Promise((r) => setTimeout(r, delay))
      child.kill('SIGKILL')
      await new Promise((r) => child.once('exit', r))
      const now = snapshot(out, {skip: /^\.reprint-cache|^manifest/})
      for (const [path, bytes] of now) {
        if (/(^|\/)\.tmp-/.test(path)) continue // temporaries are never in place
        const matches = bytes.equals(oldFiles.get(path) ?? Buffer.alloc(0)) || bytes.equals(newFiles.get(path) ?? Buffer.alloc(0))
        expect(matches, `${path} is neither the old nor the new version`).toBe(true)
      }
      for (const path of oldFiles.keys()) expect(now.has(path), `${path} was lost`).toBe(true)
    }
    const finish = reprint(['build', input, '--out', out])
    expect(finish.code, finish.stderr).toBe(0)
    const final = snapshot(out, {skip: /^\.reprint-cache|^manifest/})
    expect([...final.keys()].sort()).toEqual([...newFiles.keys()].sort()) // no temporaries left either
    for (const [path, bytes] of newFiles) expect(final.get(path)!.equals(bytes), path).toBe(true)
    expect(reprint(['check', out]).code).toBe(0)
  })
})

describe('bad input: one-line error naming the file, exit 1, the rest of the batch built', () => {
  it('empty, binary, UTF-16 without BOM, over --max-bytes, missing, a folder named .txt', () => {
    const dir = tempDir('reprint-bad-')
    const input = join(dir, 'in')
    write(join(input, 'good.txt'), rawDocument(1))
    write(join(input, 'empty.txt'), '')
    write(join(input, 'binary.txt'), Buffer.from(Array.from({length: 2048}, (_, i) => (i * 37) % 256)))
    write(join(input, 'utf16-nobom.txt'), Buffer.from('Plain words in UTF-16 with no byte order mark.\n', 'utf16le'))
    write(join(input, 'large.txt'), rawDocument(2, 40))
    write(join(input, 'folder.txt', 'inner.txt'), rawDocument(3))
    const run = reprint(['build', input, join(dir, 'missing.txt'), '--out', join(dir, 'out'), '--max-bytes', '4000'])
    expect(run.code, run.stderr).toBe(1)
    const lines = run.stderr.split('\n')
    const errorLine = (file: string) => lines.find((l) => l.startsWith(file) && l.includes(': error: '))
    expect(errorLine(join(input, 'empty.txt'))).toMatch(/: error: empty file$/)
    expect(errorLine(join(input, 'binary.txt'))).toMatch(/: error: binary data, not text/)
    expect(errorLine(join(input, 'utf16-nobom.txt'))).toMatch(/: error: .*(binary|encoding)/)
    expect(errorLine(join(input, 'large.txt'))).toMatch(/: error: file too large: \d+ bytes \(limit 4000, see --max-bytes\)$/)
    expect(errorLine(join(dir, 'missing.txt'))).toMatch(/: error: cannot read: no such file$/)
    // Good documents (including one inside the folder named .txt) are built.
    expect(md(join(dir, 'out'), 'good')).toContain('document 1.0')
    expect(existsSync(join(dir, 'out', 'folder.txt', 'inner', 'inner.md'))).toBe(true)
    // A failed document writes nothing.
    for (const name of ['empty', 'binary', 'utf16-nobom', 'large', 'missing']) expect(existsSync(join(dir, 'out', name))).toBe(false)
    const manifest = JSON.parse(readFileSync(join(dir, 'out', 'manifest.json'), 'utf8'))
    expect(manifest.failed.map((f: {path: string}) => f.path).sort()).toEqual(['binary', 'empty', 'large', 'missing', 'utf16-nobom'])
    expect(manifest.documents.map((d: {path: string}) => d.path).sort()).toEqual(['folder.txt/inner', 'good'])
  })

  it.skipIf(!unprivileged.available)('an unreadable file', () => {
    const dir = tempDir('reprint-unreadable-')
    chmodSync(dir, 0o777)
    write(join(dir, 'ok.txt'), rawDocument(1))
    const locked = write(join(dir, 'locked.txt'), rawDocument(2))
    chmodSync(locked, 0o000)
    const run = unprivileged.run(['build', join(dir, 'ok.txt'), locked, '--out', join(dir, 'out')])
    expect(run.code, run.stderr).toBe(1)
    expect(run.stderr).toContain(`${locked}: error: cannot read: permission denied`)
    expect(existsSync(join(dir, 'out', 'ok', 'ok.md'))).toBe(true)
  })

  it('malformed, invalid and alias-bomb sidecars', () => {
    const dir = tempDir('reprint-sidecar-')
    write(join(dir, 'fine.txt'), rawDocument(1))
    write(join(dir, 'fine.meta.yaml'), 'title: A fine title\n')
    write(join(dir, 'broken.txt'), rawDocument(2))
    write(join(dir, 'broken.meta.yaml'), 'title: [unclosed\nlanguage: en\n')
    write(join(dir, 'typo.txt'), rawDocument(3))
    write(join(dir, 'typo.meta.yaml'), 'titel: Misspelt key\n')
    write(join(dir, 'bomb.txt'), rawDocument(4))
    write(join(dir, 'bomb.meta.yaml'), 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\ntitle: boom\n')
    const run = reprint(['build', dir, '--out', join(dir, 'out')])
    expect(run.code, run.stderr).toBe(1)
    expect(run.stderr).toMatch(new RegExp(`broken\\.txt: error: broken\\.meta\\.yaml: malformed YAML`))
    expect(run.stderr).toMatch(/typo\.txt: error: typo\.meta\.yaml: invalid meta: .*unknown key “titel”/)
    expect(run.stderr).toMatch(/bomb\.txt: error: bomb\.meta\.yaml: (malformed YAML|invalid meta)/)
    expect(md(join(dir, 'out'), 'fine')).toContain('title: A fine title')
    for (const name of ['broken', 'typo', 'bomb']) expect(existsSync(join(dir, 'out', name))).toBe(false)
  })
})

describe('output folder problems', () => {
  it.skipIf(!unprivileged.available)('a read-only output folder: one-line errors, exit 1, earlier outputs intact', () => {
    const dir = tempDir('reprint-ro-')
    chmodSync(dir, 0o777)
    write(join(dir, 'a.txt'), rawDocument(1))
    const out = join(dir, 'out')
    expect(reprint(['build', join(dir, 'a.txt'), '--out', out]).code).toBe(0)
    const before = snapshot(out)
    write(join(dir, 'a.txt'), rawDocument(1) + '\nChanged.\n')
    chmodSync(join(out, 'a'), 0o555)
    chmodSync(out, 0o555)
    try {
      const run = unprivileged.run(['build', join(dir, 'a.txt'), '--out', out])
      expect(run.code, run.stderr).toBe(1)
      expect(run.stderr).toContain(`${join(dir, 'a.txt')}: error: cannot write output: permission denied\n`)
      expect(run.stderr).toContain(`${join(out, 'manifest.json')}: cannot write the manifest: permission denied\n`)
      expect(run.stderr).not.toContain('internal error')
      expect(snapshot(out)).toEqual(before)
    } finally {
      chmodSync(out, 0o755)
      chmodSync(join(out, 'a'), 0o755)
    }
  })

  it('a document folder that cannot be created (a file in its place): error, the rest built', () => {
    const dir = tempDir('reprint-blocked-')
    write(join(dir, 'a.txt'), rawDocument(1))
    write(join(dir, 'b.txt'), rawDocument(2))
    write(join(dir, 'out', 'a'), 'a file where the folder should be\n')
    const run = reprint(['build', dir, '--out', join(dir, 'out')])
    expect(run.code, run.stderr).toBe(1)
    expect(run.stderr).toMatch(/a\.txt: error: cannot write output: /)
    expect(readFileSync(join(dir, 'out', 'a'), 'utf8')).toBe('a file where the folder should be\n')
    expect(md(join(dir, 'out'), 'b')).toContain('document 2.0')
  })

  it('writes nothing outside --out, whatever the input names', () => {
    const dir = tempDir('reprint-names-')
    const names = ['..txt', '...txt', '.hidden.txt', 'line\nbreak.txt', '-dash.txt', 'spa ce.txt']
    const inputs = names.map((name, i) => write(join(dir, 'in', name), rawDocument(i)))
    const before = new Set(snapshot(dir).keys())
    const run = reprint(['build', ...inputs, '--out', join(dir, 'out')])
    expect(run.code, run.stderr).toBe(0)
    const created = [...snapshot(dir).keys()].filter((p) => !before.has(p))
    expect(created.length).toBeGreaterThanOrEqual(names.length * 2)
    for (const path of created) expect(path.startsWith('out/'), path).toBe(true)
    expect(existsSync(join(dir, 'out', '_.', '_..md'))).toBe(true) // “...txt”: never “..”
  })
})

describe('odd but valid text is built and nothing is lost', () => {
  const build = (name: string, content: string | Buffer, extra: string[] = []) => {
    const dir = tempDir('reprint-odd-')
    const file = write(join(dir, `${name}.txt`), content)
    const run = reprint(['build', file, '--out', join(dir, 'out'), ...extra], {timeout: 120_000})
    return {run, out: join(dir, 'out'), file}
  }

  it('a 10 MB single line', () => {
    const words = 'alpha beta gamma delta '.repeat(Math.ceil((10 * 1024 * 1024) / 23)).slice(0, 10 * 1024 * 1024)
    const {run, out} = build('long-line', words)
    expect(run.stderr).toContain('1 built')
    expect(run.code, run.stderr).toBe(0)
    const text = md(out, 'long-line')
    const count = (s: string, w: string) => s.split(w).length - 1
    expect(count(text, 'gamma')).toBe(count(words, 'gamma'))
    expect(count(text, 'alpha')).toBe(count(words, 'alpha'))
  }, 180_000)

  it('100,000 blank lines', () => {
    const {run, out} = build('blank', 'The opening sentence stands here.\n' + '\n'.repeat(100_000) + 'The closing sentence stands here.\n')
    expect(run.code, run.stderr).toBe(0)
    const text = md(out, 'blank')
    expect(text).toContain('The opening sentence stands here.')
    expect(text).toContain('The closing sentence stands here.')
    expect(json(out, 'blank').metadata.source.lines).toBeGreaterThanOrEqual(100_002)
  })

  it('NUL bytes are dropped and recorded, the words kept', () => {
    const {run, out} = build('nul', 'Words\u0000 around a NUL byte\u0000 stay in place.\n')
    expect(run.code, run.stderr).toBe(0)
    expect(md(out, 'nul')).toContain('Words around a NUL byte stay in place.')
    const diagnostics = json(out, 'nul').diagnostics as {ruleId: string; original?: string}[]
    expect(diagnostics.filter((d) => d.original?.includes('\u0000')).length).toBeGreaterThanOrEqual(1)
  })

  it('UTF-16 LE and BE with a byte order mark', () => {
    const text = 'Caf\u00e9 cr\u00e8me in \u00c5rhus, na\u00efve r\u00e9sum\u00e9.\n'
    const le = build('le', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))
    const be = build('be', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]))
    for (const [result, name, encoding] of [[le, 'le', 'utf-16le'], [be, 'be', 'utf-16be']] as const) {
      expect(result.run.code, result.run.stderr).toBe(0)
      expect(md(result.out, name)).toContain('Café crème in Århus, naïve résumé.')
      expect(json(result.out, name).metadata.source.encoding).toBe(encoding)
    }
  })

  const CP1252 = Buffer.from([...Buffer.from('Caf'), 0xe9, 0x20, 0x93, ...Buffer.from('quoted'), 0x94, 0x20, 0x96, ...Buffer.from(' dash.\n')])

  it('Windows-1252 is decoded, with a warning naming the file', () => {
    const {run, out, file} = build('cp1252', CP1252)
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toContain(file)
    expect(run.stderr).toMatch(/warning\s+Input is not valid UTF-8; decoded as windows-1252 \(detected, confidence \d+%; .*\s+ingest:encoding/)
    expect(md(out, 'cp1252')).toContain('Café')
    expect(json(out, 'cp1252').metadata.source.encoding).toBe('windows-1252')
    // --strict turns the warning into a failure, and then nothing is written.
    const strict = build('cp1252', readFileSync(file), ['--strict'])
    expect(strict.run.code, strict.run.stderr).toBe(1)
    expect(strict.run.stderr).toMatch(/cp1252\.txt: error: 1 warning\(s\), a failure with --strict/)
    expect(existsSync(join(strict.out, 'cp1252'))).toBe(false)
  })

  // Node's TextDecoder('windows-1252') without full ICU decodes 0x80–0x9F as C1
  // controls (ISO-8859-1), which ingest then drops: curly quotes and dashes vanish.
  it('Windows-1252 punctuation in 0x80–0x9F (curly quotes, dashes) is kept', () => {
    const {run, out} = build('cp1252', CP1252)
    expect(run.code, run.stderr).toBe(0)
    expect(md(out, 'cp1252')).toContain('Café “quoted” – dash.')
  })

  it('mixed line ends (CRLF, CR, LF)', () => {
    const {run, out} = build('mixed', 'The first line of the text\r\nruns on to the second\rand ends on the third.\n\r\nA new paragraph here.\r\n')
    expect(run.code, run.stderr).toBe(0)
    const text = md(out, 'mixed')
    expect(text).not.toContain('\r')
    expect(text).toContain('The first line of the text runs on to the second and ends on the third.')
    expect(text).toContain('A new paragraph here.')
  })
})

describe('source text is inert in every output', () => {
  const HOSTILE = [
    '<script>alert(1)</script>',
    '',
    'Click [here](javascript:alert(1)) or ![img](javascript:alert(2)) and <img src=x onerror=alert(3)>',
    'then <a href="javascript:alert(4)">this</a>, *stars* _under_ **bold** # hash and `ticks`.',
    '',
    '[ref]: javascript:alert(5)',
    '',
    'Autolinks <javascript:alert(6)> <vbscript:msgbox> <mailto:x@example.org> data:text/html;base64,PHNjcmlwdD4= file:///etc/passwd',
    'and a good one https://example.org/page and www.example.com too.',
    '',
    '> not a quote | not | a table |',
    '',
    'APPENDIX 1: REFERENCES',
    '',
    '1. Hostile entry: javascript:alert(7)',
    '2. Good entry: https://example.org/ref',
    ''
  ].join('\n')

  it('Markdown, JSON, YAML and PDF keep it as literal text and emit only http(s) links', async () => {
    const dir = tempDir('reprint-hostile-')
    const file = write(join(dir, 'hostile.txt'), HOSTILE)
    const out = join(dir, 'out')
    const run = reprint(['build', file, '--out', out, '--outputs', 'markdown,json,yaml,pdf'])
    expect(run.stderr).toContain('1 built')
    expect(run.code, run.stderr).toBe(0)

    // Markdown: parse it back as a Markdown reader would.
    const {unified} = await import('unified')
    const remarkParse = (await import('remark-parse')).default
    const remarkGfm = (await import('remark-gfm')).default
    const {toString} = await import('mdast-util-to-string')
    const text = md(out, 'hostile')
    const tree = unified().use(remarkParse).use(remarkGfm).parse(text)
    const urls: string[] = []
    const kinds = new Set<string>()
    const walk = (node: {type: string; url?: string; children?: unknown[]}) => {
      kinds.add(node.type)
      if (node.url !== undefined) urls.push(node.url)
      for (const child of (node.children ?? []) as (typeof node)[]) walk(child)
    }
    walk(tree as never)
    expect(kinds.has('html')).toBe(false)
    expect(kinds.has('image')).toBe(false)
    expect(kinds.has('definition')).toBe(false)
    expect(kinds.has('blockquote')).toBe(false)
    // Links made by Markdown syntax (what a CommonMark reader sees) are http(s) only.
    const commonmark = unified().use(remarkParse).parse(text)
    const syntaxUrls: string[] = []
    const collect = (node: {url?: string; children?: unknown[]}) => {
      if (node.url !== undefined) syntaxUrls.push(node.url)
      for (const child of (node.children ?? []) as (typeof node)[]) collect(child)
    }
    collect(commonmark as never)
    for (const url of syntaxUrls) expect(url).toMatch(/^https?:\/\//)
    // A GFM reader also autolinks bare addresses in plain text (it unescapes
    // first, so no escape prevents it): mailto is the only other scheme, and
    // never a script, data or file link.
    for (const url of urls) expect(url).toMatch(/^(https?:\/\/|mailto:x@example\.org$)/)
    const plain = toString(tree)
    for (const literal of ['<script>alert(1)</script>', '[here](javascript:alert(1))', '![img](javascript:alert(2))', '<img src=x onerror=alert(3)>', '*stars*', '[ref]: javascript:alert(5)', '<javascript:alert(6)>']) {
      expect(plain).toContain(literal)
    }

    // JSON: the same literal text in the blocks.
    const doc = json(out, 'hostile')
    const blockText = JSON.stringify(doc.blocks)
    expect(blockText).toContain('<script>alert(1)</script>')
    expect(blockText).toContain('[here](javascript:alert(1))')

    // YAML appendices (when the appendix was recognized): URLs only http(s).
    const appendixDir = join(out, 'hostile', 'appendices')
    if (existsSync(appendixDir)) {
      const {parse} = await import('yaml')
      for (const name of readdirSync(appendixDir)) {
        const data = JSON.stringify(parse(readFileSync(join(appendixDir, name), 'utf8')))
        for (const [, url] of data.matchAll(/"url":"([^"]*)"/g)) expect(url).toMatch(/^https?:\/\//)
      }
    }

    // PDF: link annotations only http(s), no scripts or launch actions, text literal.
    const pdf = readFileSync(join(out, 'hostile', 'hostile.pdf'))
    const raw = pdf.toString('latin1')
    expect(raw).not.toMatch(/\/(JavaScript|JS|Launch|SubmitForm|ImportData)\b/)
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs')
    const loaded = await pdfjs.getDocument({data: new Uint8Array(pdf), verbosity: 0}).promise
    let pdfText = ''
    const links: string[] = []
    for (let n = 1; n <= loaded.numPages; n++) {
      const page = await loaded.getPage(n)
      pdfText += (await page.getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join(' ') + '\n'
      for (const a of await page.getAnnotations()) if (a.subtype === 'Link') links.push(a.url ?? a.unsafeUrl ?? '(non-URL action)')
    }
    await loaded.destroy()
    for (const link of links) expect(link).toMatch(/^https?:\/\//)
    const squashed = pdfText.replace(/\s+/g, '')
    expect(squashed).toContain('<script>alert(1)</script>')
    expect(squashed).toContain('[here](javascript:alert(1))')
  })
})
