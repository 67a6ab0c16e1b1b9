#!/usr/bin/env node
/**
 * `node bench/tree-rss.mjs <file> <command> [args…]`: run the command and
 * sample the resident memory of it and all its descendants together every
 * 50 ms (Linux /proc), writing the largest sum (bytes) to <file> at the end;
 * exits as the command did. A large document is built in a process of its own
 * (batch.ts runIsolated): this is the memory of the whole build at any one
 * moment, which neither process's own peak shows. Samples miss a spike
 * shorter than 50 ms. With $TREE_RSS_KILL_MS set, the whole tree is killed
 * (SIGKILL) after that long, and this process then kills itself the same way
 * (killing only this process would leave the build running).
 */
import {spawn} from 'node:child_process'
import {readdirSync, readFileSync, writeFileSync} from 'node:fs'

const [file, command, ...args] = process.argv.slice(2)
const child = spawn(command, args, {stdio: 'inherit'})
const page = 4096

function processTree() {
  const children = new Map()
  const rss = new Map()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      const ppid = Number(fields[1])
      rss.set(Number(entry), Number(fields[21]) * page)
      if (!children.has(ppid)) children.set(ppid, [])
      children.get(ppid).push(Number(entry))
    } catch {
      // ended meanwhile
    }
  }
  return {children, rss}
}

/** `root` and its descendants. */
function descendants(root, children) {
  const found = []
  const stack = [root]
  while (stack.length) {
    const pid = stack.pop()
    found.push(pid)
    stack.push(...(children.get(pid) ?? []))
  }
  return found
}

function treeRss(root) {
  const {children, rss} = processTree()
  return descendants(root, children).reduce((sum, pid) => sum + (rss.get(pid) ?? 0), 0)
}

const killMs = Number(process.env.TREE_RSS_KILL_MS)
if (killMs > 0) {
  setTimeout(() => {
    for (const pid of descendants(child.pid, processTree().children)) {
      try {
        process.kill(pid, 'SIGKILL')
      } catch {
        // ended meanwhile
      }
    }
    process.kill(process.pid, 'SIGKILL')
  }, killMs).unref()
}

let peak = 0
const timer = setInterval(() => {
  peak = Math.max(peak, treeRss(child.pid))
}, 50)
child.on('exit', (code, signal) => {
  clearInterval(timer)
  writeFileSync(file, String(peak))
  if (signal) process.kill(process.pid, signal)
  process.exit(code ?? 1)
})
