// Loaded with `node --import ./bench/rss-hook.mjs …`: writes the process's
// peak resident set size (bytes) to $REPRINT_RSS_FILE when it exits.
import {writeFileSync} from 'node:fs'

const file = process.env.REPRINT_RSS_FILE
if (file) {
  process.on('exit', () => {
    writeFileSync(file, String(process.resourceUsage().maxRSS * 1024))
  })
}

// And, with $REPRINT_CPU_FILE, the CPU time (user + system, all threads, ms): on a
// busy machine wall time overstates a run's cost.
const cpuFile = process.env.REPRINT_CPU_FILE
if (cpuFile) {
  process.on('exit', () => {
    const {userCPUTime, systemCPUTime} = process.resourceUsage()
    writeFileSync(cpuFile, String((userCPUTime + systemCPUTime) / 1000))
  })
}
