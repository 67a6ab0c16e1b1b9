// Loaded with `node --import ./bench/rss-hook.mjs …`: writes the process's
// peak resident set size (bytes) to $REPRINT_RSS_FILE when it exits, and its
// CPU time (user + system, ms) to $REPRINT_CPU_FILE when that is set (wall
// time is noisy on a shared machine).
//
// A large document's own process (batch.ts runIsolated) inherits this hook
// with the parent's flags; it writes to `<file>.child-<pid>` instead, so that
// bench/build-once.mjs can add the child's peak to the parent's (the parent's
// own peak, process.resourceUsage(), never includes a child's memory).
import {writeFileSync} from 'node:fs'

const child = process.env.REPRINT_CHILD === '1' ? `.child-${process.pid}` : ''
const file = process.env.REPRINT_RSS_FILE
const cpuFile = process.env.REPRINT_CPU_FILE
if (file || cpuFile) {
  process.on('exit', () => {
    const usage = process.resourceUsage()
    if (file) writeFileSync(file + child, String(usage.maxRSS * 1024))
    if (cpuFile) writeFileSync(cpuFile + child, String(Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000)))
  })
}
