/**
 * Per-rule severity, the ESLint way: `rules:` in reprint.config.yaml maps a
 * rule id (`appendices:ambiguous-year`) to `off` (not reported), `warn` or
 * `error` (the document fails and writes nothing, as every warning does with
 * `--strict`). Recorded changes (the ledger) are never affected: a change is
 * always listed.
 */
import type {VFile} from 'vfile'
import type {ReprintMessage} from './messages.js'

export type RuleSeverity = 'off' | 'warn' | 'error'
export type Rules = Record<string, RuleSeverity>

/** The severity configured for a message, by its rule id with or without the `reprint:` source prefix. */
function severityFor(rules: Rules, m: ReprintMessage): RuleSeverity | undefined {
  if (!m.ruleId) return undefined
  return rules[m.ruleId] ?? (m.source ? rules[`${m.source}:${m.ruleId}`] : undefined)
}

/** Apply `rules` to the messages of `file` in place (before any output is rendered, so every output agrees). */
export function applyRules(file: VFile, rules: Rules | undefined): void {
  if (!rules) return
  const keys = Object.keys(rules)
  if (keys.length === 0) return
  const kept = []
  for (const m of file.messages as ReprintMessage[]) {
    const severity = m.change === true ? undefined : severityFor(rules, m)
    if (severity === 'off') continue
    if (severity === 'warn') m.fatal = false
    else if (severity === 'error') m.fatal = true
    kept.push(m)
  }
  file.messages = kept
}

/** Messages a rule raised to `error` (their count fails the document). */
export function countErrors(messages: ReadonlyArray<{severity: string}>): number {
  let n = 0
  for (const m of messages) if (m.severity === 'error') n++
  return n
}
