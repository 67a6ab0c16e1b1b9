// Loaded with `node --import ./bench/rss-hook.mjs …`: writes the process's
// peak resident set size (bytes) to $REPRINT_RSS_FILE when it exits.
import {writeFileSync} from 'node:fs'

const file = process.env.REPRINT_RSS_FILE
if (file) {
  process.on('exit', () => {
    writeFileSync(file, String(process.resourceUsage().maxRSS * 1024))
  })
}
