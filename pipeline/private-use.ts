/**
 * Private-use characters (U+E000–U+F8FF, planes 15–16) mean whatever the
 * source PDF's font meant, often an icon. The Markdown and JSON keep them as
 * written; the PDF draws them as a visible box unless a font under `fonts:`
 * has them (emit/pdf/fonts.ts). This finds them in the tree so the document
 * gets one warning (`pdf:private-use`) with where they are.
 */
import type {Root} from 'mdast'
import type {Node} from 'unist'
import type {VFile} from 'vfile'
import {warn} from './messages.js'

const PRIVATE_USE = /[\uE000-\uF8FF]|[\uDB80-\uDBFF][\uDC00-\uDFFF]/g

/** Warn once when the tree holds private-use characters; `custom` says whether the user gave fonts. */
export function warnPrivateUse(tree: Root, file: VFile, custom: boolean): void {
  const found: Array<{char: string; line?: number; column?: number}> = []
  const walk = (node: Node, line?: number, column?: number) => {
    const start = node.position?.start
    const at = start ? {line: start.line, column: start.column} : {line, column}
    const value = (node as {value?: unknown}).value
    if (typeof value === 'string' && PRIVATE_USE.test(value)) {
      PRIVATE_USE.lastIndex = 0
      for (const match of value.matchAll(PRIVATE_USE)) found.push({char: match[0], ...at})
    }
    for (const child of (node as {children?: Node[]}).children ?? []) walk(child, at.line, at.column)
  }
  walk(tree)
  if (found.length === 0) return
  const codes = [...new Set(found.map((f) => `U+${f.char.codePointAt(0)!.toString(16).toUpperCase()}`))]
  const first = found[0]!
  warn(
    file,
    `${found.length} private-use character(s) (${codes.slice(0, 5).join(', ')}${codes.length > 5 ? ', …' : ''}) have no standard meaning: ` +
      `the PDF draws them as a box${custom ? ' unless your fonts have them' : ''}; give a font that has them under \`fonts:\` in reprint.config.yaml`,
    'pdf:private-use',
    first.line ? {line: first.line, column: first.column ?? 1} : undefined
  )
}
