/**
 * A real browser for the page tests: Debian's `chromium` (installed by
 * `make test`), driven by playwright-core with its `executablePath`. Nothing
 * downloads a browser. Without one the tests FAIL with this message: a page
 * test that skips would pass on a machine that never ran it.
 *
 * One launch per test file (`launchBrowser` in `beforeAll`); pages are cheap.
 */
import {existsSync, mkdtempSync, readFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {createRequire} from 'node:module'
import {chromium, type Browser, type BrowserContext, type Page} from 'playwright-core'

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable']

export const NO_BROWSER =
  'no Chromium to run the browser tests: install Debian\'s package (`apt-get install -y chromium`; `make test` does it when run as root) or set REPRINT_CHROMIUM to a Chromium or Chrome binary'

export function chromiumPath(): string {
  const env = process.env.REPRINT_CHROMIUM
  if (env) {
    if (!existsSync(env)) throw new Error(`REPRINT_CHROMIUM=${env} does not exist; ${NO_BROWSER}`)
    return env
  }
  const found = CANDIDATES.find((path) => existsSync(path))
  if (!found) throw new Error(NO_BROWSER)
  return found
}

/** The launch flags that work in this sandboxed, offline environment. */
export const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage'
]

export async function launchBrowser(): Promise<Browser> {
  const executablePath = chromiumPath()
  try {
    return await chromium.launch({executablePath, args: FLAGS, headless: true, timeout: 60_000})
  } catch (error) {
    throw new Error(`${executablePath} did not start (${(error as Error).message.split('\n')[0]}); ${NO_BROWSER}`)
  }
}

export interface PageWatch {
  page: Page
  context: BrowserContext
  /** Console errors and uncaught page errors. */
  errors: string[]
  /** Every request the page made other than the page itself (file:// or not). */
  requests: string[]
}

/** A fresh context and page at 1280×800 that records console errors and requests. */
export async function openPage(browser: Browser, url: string): Promise<PageWatch> {
  const context = await browser.newContext({viewport: {width: 1280, height: 800}, acceptDownloads: true})
  const page = await context.newPage()
  const errors: string[] = []
  const requests: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text())
  })
  page.on('pageerror', (error) => errors.push(error.message))
  page.on('request', (request) => {
    if (request.url() !== url) requests.push(request.url())
  })
  await page.goto(url, {waitUntil: 'load'})
  return {page, context, errors, requests}
}

/** axe-core's violations on the page (all WCAG 2 A/AA rules and best practices axe runs by default). */
export async function axeViolations(page: Page): Promise<{id: string; help: string; nodes: string[]}[]> {
  const require = createRequire(import.meta.url)
  const source = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')
  await page.addScriptTag({content: source})
  return page.evaluate(async () => {
    const axe = (window as unknown as {axe: {run: (ctx: Document, opts: object) => Promise<{violations: {id: string; help: string; nodes: {target: string[]}[]}[]}>}}).axe
    const result = await axe.run(document, {resultTypes: ['violations']})
    return result.violations.map((v) => ({id: v.id, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' '))}))
  })
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix))
}
