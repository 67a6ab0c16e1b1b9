/**
 * The README's CI workflow, run as written on the shipped example: every
 * `run:` step of every job (and of every matrix entry) is executed by the
 * shell in a fresh checkout of the project, and the actions it uses are
 * played by their documented behaviour (checkout: the project's files;
 * upload-artifact: the path without hidden files; download-artifact with
 * `pattern` and `merge-multiple`: every matching artifact into one folder).
 * `npm ci` and `npm run build` are the only steps not re-run: the checkout
 * already holds the installed and compiled project (the suite runs after
 * `make test` compiled it), and re-installing would take minutes.
 */
import {spawnSync} from 'node:child_process'
import {cpSync, existsSync, mkdirSync, readdirSync, symlinkSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {readFileSync} from 'node:fs'
import {parse} from 'yaml'
import {describe, expect, it} from 'vitest'
import {CLI, ROOT, tempDir} from './cli-harness.js'

interface Step {
  uses?: string
  run?: string
  if?: string
  with?: Record<string, unknown>
}
interface Job {
  needs?: string | string[]
  strategy?: {matrix?: Record<string, unknown[]>}
  steps: Step[]
}

const README = readFileSync(join(ROOT, 'README.md'), 'utf8')
const block = /<!-- ci-workflow -->\s*```yaml\n([\s\S]*?)```\s*<!-- \/ci-workflow -->/.exec(README)?.[1]

/** A fresh checkout: the compiled package (the harness's copy of dist/), its node_modules, and input/. */
function checkout(): string {
  const dir = tempDir('reprint-ci-job-')
  const pkg = dirname(dirname(CLI))
  for (const entry of ['dist', 'schemas', 'package.json', 'package-lock.json']) if (existsSync(join(pkg, entry))) cpSync(join(pkg, entry), join(dir, entry), {recursive: true})
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir')
  cpSync(join(ROOT, 'input'), join(dir, 'input'), {recursive: true})
  return dir
}

/** Copy a folder without hidden entries (upload-artifact@v4 leaves them out by default). */
function copyVisible(from: string, to: string): void {
  mkdirSync(to, {recursive: true})
  for (const entry of readdirSync(from, {withFileTypes: true})) {
    if (entry.name.startsWith('.')) continue
    if (entry.isDirectory()) copyVisible(join(from, entry.name), join(to, entry.name))
    else cpSync(join(from, entry.name), join(to, entry.name))
  }
}

describe("the README's CI workflow", () => {
  it('is in the README between the ci-workflow markers', () => {
    expect(block).toBeDefined()
  })

  it('runs green on the shipped example, as written', () => {
    const workflow = parse(block!) as {jobs: Record<string, Job>}
    const artifacts = tempDir('reprint-ci-artifacts-')
    const order = Object.keys(workflow.jobs).sort((a, b) => ([workflow.jobs[b]!.needs].flat().includes(a) ? -1 : [workflow.jobs[a]!.needs].flat().includes(b) ? 1 : 0))
    const ran: string[] = []
    for (const name of order) {
      const job = workflow.jobs[name]!
      const matrix = job.strategy?.matrix ?? {}
      const keys = Object.keys(matrix)
      const entries: Record<string, unknown>[] = keys.length === 0 ? [{}] : matrix[keys[0]!]!.map((v) => ({[keys[0]!]: v}))
      for (const entry of entries) {
        const workspace = checkout()
        const expand = (text: string) => text.replace(/\$\{\{\s*matrix\.(\w+)\s*\}\}/g, (_, key: string) => String(entry[key]))
        for (const step of job.steps) {
          if (step.uses?.startsWith('actions/checkout@') || step.uses?.startsWith('actions/setup-node@')) continue
          if (step.uses?.startsWith('actions/upload-artifact@')) {
            const from = join(workspace, String(step.with!.path))
            expect(existsSync(from), `${name}: nothing to upload at ${step.with!.path}`).toBe(true)
            copyVisible(from, join(artifacts, expand(String(step.with!.name))))
            continue
          }
          if (step.uses?.startsWith('actions/download-artifact@')) {
            const pattern = new RegExp(`^${String(step.with!.pattern).replace(/[.+?^$()[\]{}|\\]/g, '\\$&').replace(/\*/g, '.*')}$`)
            expect(step.with!['merge-multiple']).toBe(true)
            for (const artifact of readdirSync(artifacts).filter((a) => pattern.test(a))) copyVisible(join(artifacts, artifact), join(workspace, String(step.with!.path)))
            continue
          }
          expect(step.uses, `${name}: an action this test does not know: ${step.uses}`).toBeUndefined()
          const command = expand(step.run!)
          if (command === 'npm ci' || command === 'npm run build') {
            // Installed and compiled already (see the top of this file); the bin must be runnable as npm run build leaves it.
            expect(existsSync(join(workspace, 'dist', 'cli.js'))).toBe(true)
            continue
          }
          const run = spawnSync('sh', ['-ec', command], {cwd: workspace, encoding: 'utf8', env: {...process.env, NO_COLOR: '1'}, timeout: 120_000})
          expect(run.status, `${name} ${JSON.stringify(entry)}: \`${command}\` failed:\n${run.stdout}\n${run.stderr}`).toBe(0)
          ran.push(command)
        }
      }
    }
    // Every shard built, merged and checked.
    expect(ran.some((c) => c.includes('reprint build'))).toBe(true)
    expect(ran.some((c) => c.includes('reprint manifest'))).toBe(true)
    expect(ran.some((c) => c.includes('reprint check'))).toBe(true)
  }, 300_000)
})
