#!/usr/bin/env node
/**
 * Regenerates docs/review-page.png, the README's picture of the review page:
 * builds the corpus document with --review into a temporary folder, opens the
 * page in Debian's chromium (playwright-core), selects a change, rejects one
 * and picks a year, and saves a 1280×800 view at 0.75 scale.
 *
 *   node scripts/review-screenshot.mjs      (after `make compile`)
 */
import {spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import {chromium} from 'playwright-core'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const out = mkdtempSync(join(tmpdir(), 'reprint-shot-'))
const run = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), 'build', 'input', '--out', out, '--review', '--outputs', 'json', '--quiet'], {cwd: root, encoding: 'utf8'})
if (run.status !== 0) throw new Error(run.stderr)
const executablePath = process.env.REPRINT_CHROMIUM ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p))
if (!executablePath) throw new Error('no chromium: apt-get install -y chromium')
const browser = await chromium.launch({executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking']})
const context = await browser.newContext({viewport: {width: 1280, height: 800}, deviceScaleFactor: 0.75})
const page = await context.newPage()
await page.goto(pathToFileURL(join(out, 'nagorno-karabakh-conflict', 'nagorno-karabakh-conflict.review.html')).href)
for (let i = 0; i < 4; i++) await page.keyboard.press('j')
await page.keyboard.press('r')
await page.keyboard.press('j')
await page.screenshot({path: join(root, 'docs', 'review-page.png')})
await browser.close()
console.log('wrote docs/review-page.png')
