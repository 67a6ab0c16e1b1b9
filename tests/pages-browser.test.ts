/**
 * The HTML output and the editor's review page in a real browser: Debian's
 * Chromium driven by playwright-core (tests/helpers/browser.ts), one launch
 * for the file. Without a browser these tests fail, with the reason.
 *
 * The corpus document (input/) is built once with `--review`, from a copy of
 * its input so that the corrections round trip can write beside it.
 */
import {copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import type {Browser, Page} from 'playwright-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {ROOT, reprint, tempDir} from './cli-harness.js'
import {extractPdf, normalizeWords} from './fixtures/pdf/helpers.js'
import {axeViolations, launchBrowser, openPage, type PageWatch} from './helpers/browser.js'

const NAME = 'nagorno-karabakh-conflict'
const work = tempDir('reprint-pages-')
const inputDir = join(work, 'in')
const outDir = join(work, 'out')
/** Launched on first use, once: without a browser every test fails with the reason (a failing beforeAll would show them as skipped). */
let launched: Promise<Browser> | undefined
const browser = () => (launched ??= launchBrowser())
let json: {diagnostics: {ruleId: string; severity: string; original?: string; replacement?: string; position?: {start: {line: number; column: number}}}[]; appendices: {number: number; kind: string; entries: {date?: string; dateText?: string; certainty?: string; position?: {start: {line: number}}}[]}[]}
let markdown: string

const pageUrl = (file: string) => pathToFileURL(join(outDir, NAME, file)).href

function build(): void {
  const run = reprint(['build', 'in', '--out', 'out', '--review', '--outputs', 'markdown,json,html'], {cwd: work})
  expect(run.code, run.stderr).toBe(0)
}

beforeAll(async () => {
  mkdirSync(inputDir, {recursive: true})
  for (const file of [`${NAME}.txt`, `${NAME}.meta.yaml`]) if (existsSync(join(ROOT, 'input', file))) copyFileSync(join(ROOT, 'input', file), join(inputDir, file))
  build()
  json = JSON.parse(readFileSync(join(outDir, NAME, `${NAME}.json`), 'utf8'))
  markdown = readFileSync(join(outDir, NAME, `${NAME}.md`), 'utf8')
})

afterAll(async () => {
  if (launched) await (await launched.catch(() => undefined))?.close()
})

async function open(file: string): Promise<PageWatch> {
  return openPage(await browser(), pageUrl(file))
}

/** Share of the screenshot's pixels that are not the page background (white). */
async function inkShare(page: Page, png: Buffer): Promise<number> {
  const probe = await page.context().newPage()
  try {
    return await probe.evaluate(async (src) => {
      const img = new Image()
      img.src = src
      await img.decode()
      const canvas = document.createElement('canvas')
      canvas.width = img.width
      canvas.height = img.height
      const ctx = canvas.getContext('2d')!
      ctx.drawImage(img, 0, 0)
      const {data} = ctx.getImageData(0, 0, img.width, img.height)
      let ink = 0
      for (let i = 0; i < data.length; i += 4) if (data[i]! < 200 || data[i + 1]! < 200 || data[i + 2]! < 200) ink++
      return ink / (data.length / 4)
    }, `data:image/png;base64,${png.toString('base64')}`)
  } finally {
    await probe.close()
  }
}

describe('HTML output in Chromium', () => {
  it('loads from file:// with no console error and no request', async () => {
    const {page, context, errors, requests} = await open(`${NAME}.html`)
    expect(errors).toEqual([])
    expect(requests).toEqual([])
    const meta = JSON.parse(readFileSync(join(outDir, NAME, `${NAME}.json`), 'utf8')).metadata
    expect(await page.title()).toBe(meta.title)
    expect(await page.locator('html').getAttribute('lang')).toBeTruthy()
    expect(await page.locator('script').count()).toBe(0)
    // Heading ids are the JSON ids.
    const ids = await page.locator('h1[id], h2[id], h3[id], h4[id]').evaluateAll((hs) => hs.map((h) => h.id))
    const jsonIds = (JSON.parse(readFileSync(join(outDir, NAME, `${NAME}.json`), 'utf8')).blocks as {type: string; id: string}[]).filter((b) => b.type === 'heading').map((b) => b.id)
    expect(ids).toEqual(jsonIds)
    expect(await page.locator('th:not([scope])').count()).toBe(0)
    await context.close()
  })

  it('axe-core finds no violation', async () => {
    const {page, context} = await open(`${NAME}.html`)
    expect(await axeViolations(page)).toEqual([])
    await context.close()
  })

  it('printed from the browser, gives a PDF with all its words', async () => {
    const {page, context} = await open(`${NAME}.html`)
    const text = await page.locator('body').innerText()
    const pdf = await page.pdf({format: 'A4', printBackground: false})
    const pages = await extractPdf(pdf)
    expect(pages.length).toBeGreaterThan(3)
    // Cells of one row share a line in the PDF: look for each word in the text without spaces.
    const printed = pages.flatMap((p) => p.lines.map((l) => l.text)).join('').replace(/[\s\-\u2010]+/g, '').normalize('NFKC')
    const missing = normalizeWords(text.normalize('NFKC')).filter((word) => !printed.includes(word))
    expect(missing).toEqual([])
    await context.close()
  })

  it('keeps markup in the source inert', async () => {
    const out = tempDir('reprint-inert-')
    const run = reprint(['build', join(ROOT, 'tests', 'fixtures', 'html', 'harbour.txt'), '--out', out, '--outputs', 'html', '--review'])
    expect(run.code, run.stderr).toBe(0)
    for (const file of ['harbour.html', 'harbour.review.html']) {
      const {page, context, errors, requests} = await openPage(await browser(), pathToFileURL(join(out, 'harbour', file)).href)
      expect(errors).toEqual([])
      expect(requests).toEqual([])
      expect(await page.locator('img, iframe, object, embed, [onerror], [onclick], a[href^="javascript"], a[href*="example.com"]').count()).toBe(0)
      expect(await page.locator('main').innerText()).toContain('<script>alert(“x”)</script>')
      // The review page runs its own script only.
      expect(await page.evaluate(() => typeof (window as unknown as {reprintReview?: unknown}).reprintReview)).toBe(file.includes('review') ? 'object' : 'undefined')
      await context.close()
    }
  })
})

describe('review page in Chromium', () => {
  const records = () => json.diagnostics.filter((d) => d.severity !== 'error' && d.ruleId !== 'corrections:reject')

  it('loads from file:// with no console error and no request', async () => {
    const {context, errors, requests} = await open(`${NAME}.review.html`)
    expect(errors).toEqual([])
    expect(requests).toEqual([])
    await context.close()
  })

  it('lists every recorded change, each with its highlight in the document', async () => {
    const {page, context} = await open(`${NAME}.review.html`)
    const listed = await page.locator('#list a.item').count()
    expect(listed).toBe(records().length)
    const marks = await page.locator('#doc mark.chg').evaluateAll((ms) => ms.map((m) => [m.id, m.textContent ?? '']))
    const ids = new Set(marks.map(([id]) => id))
    for (let i = 0; i < listed; i++) expect(ids.has(`c-${i}`), `c-${i}`).toBe(true)
    // Most changes are marked on their own words.
    const byId = new Map(marks)
    const changes = records().map((d, i) => ({d, text: byId.get(`c-${i}`)})).filter(({d}) => d.severity === 'info' && d.replacement?.trim())
    const onWords = changes.filter(({d, text}) => text === d.replacement).length
    expect(onWords / changes.length).toBeGreaterThan(0.9)
    // Groups by rule with counts.
    const counts = await page.locator('#list section.group h3').allInnerTexts()
    expect(counts).toContain(`dehyphenate:join (${records().filter((d) => d.ruleId === 'dehyphenate:join').length})`)
    await context.close()
  })

  it('shows the chronology entries, ambiguous years first, each with a year picker', async () => {
    const {page, context} = await open(`${NAME}.review.html`)
    const entries = json.appendices.filter((a) => a.kind === 'chronology').flatMap((a) => a.entries.filter((e) => e.date))
    expect(entries.length).toBe(81)
    expect(await page.locator('section.years .year').count()).toBe(81)
    const firstTable = page.locator('section.years').first()
    const certainty = await firstTable.locator('tbody tr td:nth-child(5)').allInnerTexts()
    const ambiguous = certainty.filter((c) => c === 'ambiguous').length
    expect(ambiguous).toBeGreaterThan(0)
    expect(certainty.slice(0, ambiguous).every((c) => c === 'ambiguous')).toBe(true)
    await context.close()
  })

  it('filters by rule and by severity', async () => {
    const {page, context} = await open(`${NAME}.review.html`)
    const visible = () => page.locator('#list li:not([hidden])').count()
    const total = records().length
    expect(await visible()).toBe(total)
    const monthCase = records().filter((d) => d.ruleId === 'appendices:month-case').length
    await page.locator('input.f-rule[value="appendices:month-case"]').uncheck()
    expect(await visible()).toBe(total - monthCase)
    expect(await page.locator('#shown').innerText()).toBe(`${total - monthCase} shown`)
    expect(await page.locator('section.group[data-rule="appendices:month-case"]').isHidden()).toBe(true)
    const warnings = records().filter((d) => d.severity === 'warning').length
    await page.locator('input.f-sev[value="warning"]').uncheck()
    expect(await visible()).toBe(total - monthCase - warnings)
    await page.locator('input.f-sev[value="warning"]').check()
    await page.locator('input.f-rule[value="appendices:month-case"]').check()
    expect(await visible()).toBe(total)
    await context.close()
  })

  it('moves through the changes with the keyboard, with visible focus, and accepts or rejects', async () => {
    const {page, context} = await open(`${NAME}.review.html`)
    await page.keyboard.press('j')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('c-0')
    expect(await page.locator('#list a.item[aria-current]').getAttribute('data-i')).toBe('0')
    await page.keyboard.press('j')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('c-1')
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)
    expect(outline).not.toBe('none')
    await page.keyboard.press('k')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('c-0')
    expect(await page.locator('#detail').innerText()).toContain(records()[0]!.ruleId)
    await page.keyboard.press('r')
    expect(await page.locator('#c-0').getAttribute('class')).toContain('rejected')
    await page.keyboard.press('a')
    expect(await page.locator('#list a.item[data-i="0"]').getAttribute('class')).toContain('accepted')
    expect(await page.locator('#decided').innerText()).toContain('1 accepted, 0 rejected')
    // Filtered-out changes are skipped.
    await page.locator('input.f-rule[value="dehyphenate:join"]').uncheck()
    await page.keyboard.press('j')
    const id = await page.evaluate(() => document.activeElement?.id)
    expect(records()[Number(id!.slice(2))]!.ruleId).not.toBe('dehyphenate:join')
    // The source pane shows the raw input around the change.
    await page.keyboard.press('s')
    expect(await page.locator('#src .hit').count()).toBeGreaterThan(0)
    await context.close()
  })

  it('axe-core finds no violation, with a change selected', async () => {
    const {page, context} = await open(`${NAME}.review.html`)
    await page.keyboard.press('j')
    expect(await axeViolations(page)).toEqual([])
    await context.close()
  })

  it('takes screenshots of both pages at 1280×800, neither blank', async () => {
    const shots = tempDir('reprint-shots-')
    for (const file of [`${NAME}.html`, `${NAME}.review.html`]) {
      const {page, context} = await open(file)
      if (file.includes('review')) await page.keyboard.press('j')
      const png = await page.screenshot({path: join(shots, file.replace(/html$/, 'png'))})
      expect(existsSync(join(shots, file.replace(/html$/, 'png')))).toBe(true)
      expect(await inkShare(page, png)).toBeGreaterThan(0.01)
      await context.close()
    }
  })

  it('rejecting one repair and picking one year yields a corrections file that the next build honours exactly', async () => {
    const {page, context} = await open(`${NAME}.review.html`)
    const target = records().findIndex((d) => d.ruleId === 'dehyphenate:join')
    const join_ = records()[target]!
    await page.locator(`#list a.item[data-i="${target}"]`).click()
    await page.keyboard.press('r')
    // The first ambiguous entry: pick the first offered year that is not the built one.
    const select = page.locator('section.years select.year').first()
    const built = await select.getAttribute('data-year')
    const options = await select.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean))
    const year = options.find((y) => y !== built)!
    const line = Number(await select.getAttribute('data-line'))
    const appendix = Number(await select.getAttribute('data-appendix'))
    const date = await select.getAttribute('data-date')
    await select.selectOption(year)
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#download').click()])
    expect(download.suggestedFilename()).toBe(`${NAME}.corrections.yaml`)
    const target_ = join(inputDir, `${NAME}.corrections.yaml`)
    await download.saveAs(target_)
    const yaml = readFileSync(target_, 'utf8')
    expect(yaml).toContain(`rule: "${join_.ruleId}"`)
    expect(await page.evaluate(() => (window as unknown as {reprintReview: {correctionsYaml: () => string}}).reprintReview.correctionsYaml())).toBe(yaml)
    await page.locator('#copy').click()
    await expect.poll(() => page.locator('#status').innerText()).toBe('Copied the corrections to the clipboard')
    await context.close()

    build()
    const after = readFileSync(join(outDir, NAME, `${NAME}.md`), 'utf8')
    const afterJson = JSON.parse(readFileSync(join(outDir, NAME, `${NAME}.json`), 'utf8')) as typeof json
    // The repair did not happen: the hyphenated word as printed, and no such change listed.
    const kept = join_.original!.replace(/-\n\s*/, '-')
    expect(after).toContain(kept)
    expect(afterJson.diagnostics.some((d) => d.ruleId === join_.ruleId && d.position?.start.line === join_.position!.start.line && d.position?.start.column === join_.position!.start.column)).toBe(false)
    // The picked year is the entry's year.
    const entry = afterJson.appendices.flatMap((a) => a.entries).find((e) => e.position?.start.line === line)!
    expect(entry.date!.startsWith(year)).toBe(true)
    // Exactly those outputs: the same bytes as a build with the same decisions written by hand.
    const work2 = tempDir('reprint-pages-hand-')
    mkdirSync(join(work2, 'in'))
    for (const file of [`${NAME}.txt`, `${NAME}.meta.yaml`]) if (existsSync(join(inputDir, file))) copyFileSync(join(inputDir, file), join(work2, 'in', file))
    writeFileSync(
      join(work2, 'in', `${NAME}.corrections.yaml`),
      `corrections:\n  - appendix: ${appendix}\n    match: {date: "${date}", line: ${line}}\n    set: {year: ${year}}\n  - reject: {rule: ${join_.ruleId}, position: {line: ${join_.position!.start.line}, column: ${join_.position!.start.column}}}\n`
    )
    const run = reprint(['build', 'in', '--out', 'out', '--outputs', 'markdown,json,html'], {cwd: work2})
    expect(run.code, run.stderr).toBe(0)
    for (const file of [`${NAME}.md`, `${NAME}.html`]) expect(readFileSync(join(work2, 'out', NAME, file), 'utf8') === readFileSync(join(outDir, NAME, file), 'utf8'), file).toBe(true)
    // The JSON: the same entries (dates, certainty) and the same changes.
    const hand = JSON.parse(readFileSync(join(work2, 'out', NAME, `${NAME}.json`), 'utf8')) as typeof json
    const dates = (j: typeof json) => j.appendices.flatMap((a) => a.entries.map((e) => `${e.date} ${e.certainty}`)).join('|')
    const ledger = (j: typeof json) => j.diagnostics.map((d) => `${d.ruleId} ${d.position?.start.line}:${d.position?.start.column} ${d.replacement ?? ''}`).join('|')
    expect(dates(hand) === dates(afterJson)).toBe(true)
    expect(ledger(hand) === ledger(afterJson)).toBe(true)
    expect(after).not.toBe(markdown)
    writeFileSync(target_, '') // the next test run builds from a fresh copy anyway
  })
})
