// Loaded with `node --import ./bench/rss-hook.mjs …`: writes the process's
// peak resident set size (bytes) to $REPRINT_RSS_FILE when it exits, and its
// CPU time (user + system, ms) to $REPRINT_CPU_FILE when that is set (wall
// time is noisy on a shared machine).
import {writeFileSync} from 'node:fs'

const file = process.env.REPRINT_RSS_FILE
const cpuFile = process.env.REPRINT_CPU_FILE
if (file || cpuFile) {
  process.on('exit', () => {
    const usage = process.resourceUsage()
    if (file) writeFileSync(file, String(usage.maxRSS * 1024))
    if (cpuFile) writeFileSync(cpuFile, String(Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000)))
  })
}

