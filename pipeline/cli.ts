#!/usr/bin/env node
/**
 * reprint's command line: arguments, input discovery, reporters, exit codes.
 * Exit 0 on success, 1 when a document failed, 2 on usage errors.
 */
import {readdirSync, statSync} from 'node:fs'
import {join} from 'node:path'
import {parseArgs} from 'node:util'
import {reporter} from 'vfile-reporter'
import {buildDocument, DEFAULT_MAX_BYTES, type BuildResult} from './build.js'
import {VERSION} from './version.js'

const HELP = `reprint ${VERSION}: raw PDF text → clean Markdown, JSON, YAML and PDF

Usage:
  reprint build [inputs...] [options]   build files or folders (default: input/)
  reprint --help | --version

Options:
  --out DIR           output folder (default: output/)
  --max-bytes N       largest input in bytes (default: ${DEFAULT_MAX_BYTES})
  --changes           also list every recorded change (info messages)
  --quiet             print only errors
  -h, --help          show this help
  -v, --version       show the version

Exit codes: 0 success, 1 a document failed, 2 usage error.`

class UsageError extends Error {}

export async function main(argv: string[]): Promise<number> {
  let args
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: {type: 'string'},
        'max-bytes': {type: 'string'},
        changes: {type: 'boolean'},
        quiet: {type: 'boolean'},
        help: {type: 'boolean', short: 'h'},
        version: {type: 'boolean', short: 'v'}
      }
    })
  } catch (error) {
    return usage((error as Error).message)
  }
  const {values, positionals} = args
  if (values.help) {
    process.stdout.write(HELP + '\n')
    return 0
  }
  if (values.version) {
    process.stdout.write(VERSION + '\n')
    return 0
  }
  const [command, ...rest] = positionals
  if (command !== 'build') return usage(command ? `unknown command “${command}”` : 'missing command')
  try {
    const maxBytes = values['max-bytes'] === undefined ? DEFAULT_MAX_BYTES : positiveInt(values['max-bytes'], '--max-bytes')
    const inputs = findInputs(rest.length > 0 ? rest : ['input'])
    const results: BuildResult[] = []
    for (const input of inputs) {
      const result = await buildDocument(input, {out: values.out ?? 'output', maxBytes})
      results.push(result)
      report(result, {changes: values.changes === true, quiet: values.quiet === true})
    }
    const failed = results.filter((r) => r.error).length
    if (!values.quiet) process.stderr.write(`${results.length} document(s), ${failed} failed\n`)
    return failed > 0 ? 1 : 0
  } catch (error) {
    if (error instanceof UsageError) return usage(error.message)
    throw error
  }
}

function report(result: BuildResult, options: {changes: boolean; quiet: boolean}) {
  if (result.error) {
    process.stderr.write(`${result.file.path}: error: ${result.error}\n`)
    return
  }
  const file = result.file
  if (!options.changes) file.messages = file.messages.filter((m) => m.fatal !== undefined)
  if (options.quiet) return
  const text = reporter([file], {quiet: true, color: process.stderr.isTTY === true && !process.env.NO_COLOR})
  if (text) process.stderr.write(text + '\n')
}

/** Expand folders to the `.txt` files below them, sorted. */
function findInputs(paths: string[]): string[] {
  const out: string[] = []
  for (const path of paths) {
    let stat
    try {
      stat = statSync(path)
    } catch {
      out.push(path) // reported as “no such file” by the build
      continue
    }
    if (!stat.isDirectory()) out.push(path)
    else {
      for (const entry of readdirSync(path).sort()) {
        const child = join(path, entry)
        if (entry.endsWith('.txt') || statSync(child).isDirectory()) out.push(...findInputs([child]))
      }
    }
  }
  return out
}

function positiveInt(value: string, flag: string): number {
  if (!/^\d+$/.test(value) || Number(value) <= 0) throw new UsageError(`${flag} takes a positive whole number`)
  return Number(value)
}

function usage(reason: string): number {
  process.stderr.write(`reprint: ${reason}\nTry 'reprint --help'.\n`)
  return 2
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    process.stderr.write(`reprint: internal error: ${(error as Error).stack ?? String(error)}\n`)
    process.exitCode = 1
  }
)
