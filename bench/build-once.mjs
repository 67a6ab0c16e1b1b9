/**
 * One build of a generated input in a fresh process, as a user runs it
 * (`reprint build … --jobs 1`), for the fuzz and memory benchmarks: wall
 * time, CPU time and peak RSS (written by bench/rss-hook.mjs at exit, a large
 * document's own process included), and
 * how it ended in a few words ("built", "killed after 30 s", "exit 1: …").
 */
import {spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

export function buildOnce({cli, tmp, name, text, killMs}) {
  const dir = join(tmp, name)
  mkdirSync(dir, {recursive: true})
  const input = join(dir, `${name}.txt`)
  writeFileSync(input, text)
  const bytes = statSync(input).size
  const rssFile = join(dir, 'rss')
  const cpuFile = join(dir, 'cpu')
  const start = process.hrtime.bigint()
  const treeFile = join(dir, 'tree-rss')
  const child = spawnSync(
    process.execPath,
    [join(root, 'bench', 'tree-rss.mjs'), treeFile, process.execPath, '--import', join(root, 'bench', 'rss-hook.mjs'), cli, 'build', input, '--out', join(dir, 'out'), '--force', '--quiet', '--jobs', '1'],
    {cwd: root, env: {...process.env, REPRINT_RSS_FILE: rssFile, REPRINT_CPU_FILE: cpuFile, TREE_RSS_KILL_MS: String(killMs), NO_COLOR: '1'}, encoding: 'utf8', timeout: killMs + 10_000, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024}
  )
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  const parentRss = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) : NaN
  const parentCpuMs = existsSync(cpuFile) ? Number(readFileSync(cpuFile, 'utf8')) : NaN
  // A large document is built in a process of its own (batch.ts runIsolated), which writes its
  // own peak and CPU time (rss-hook.mjs); with --jobs 1 the children run one after another.
  // Peak memory is the parent's peak plus the largest child's: an upper bound of what both
  // held at once (the parent's peak usually comes after the child has ended).
  const childValues = (prefix) =>
    readdirSync(dir).filter((f) => f.startsWith(`${prefix}.child-`)).map((f) => Number(readFileSync(join(dir, f), 'utf8')))
  const childRss = Math.max(0, ...childValues('rss'))
  const childCpuMs = childValues('cpu').reduce((a, b) => a + b, 0)
  const rss = parentRss + childRss
  // Sampled every 50 ms (bench/tree-rss.mjs): parent and child at the same moment.
  const treeRss = existsSync(treeFile) ? Number(readFileSync(treeFile, 'utf8')) : NaN
  const cpuMs = parentCpuMs + childCpuMs
  let outcome
  if (child.error?.code === 'ETIMEDOUT' || child.signal === 'SIGKILL') outcome = `killed after ${Math.round(killMs / 1000)} s`
  else if (child.status === 0) outcome = 'built'
  else {
    const line = (child.stderr || child.stdout || '').trim().split('\n').find((l) => /error|failed|memory|✖/i.test(l)) ?? ''
    outcome = `exit ${child.status ?? child.signal}${line ? `: ${line.trim().slice(0, 100)}` : ''}`
  }
  rmSync(dir, {recursive: true, force: true})
  return {bytes, ms, cpuMs, rss, parentRss, childRss, treeRss, outcome}
}

/** The CLI a bench script run alone measures: $REPRINT_BENCH_CLI, else this checkout's dist/cli.js (exit 2 when it is missing). */
export function benchCli() {
  const cli = process.env.REPRINT_BENCH_CLI ?? join(root, 'dist', 'cli.js')
  if (!existsSync(cli)) {
    console.error(`bench: ${cli} is missing; run \`make build\` first`)
    process.exit(2)
  }
  return cli
}
