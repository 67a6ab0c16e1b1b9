/**
 * The change ledger: every change a stage makes to the words of a document is
 * a vfile message with a rule id, the source position, and the original and
 * replacement text. `listChanges` reads them back.
 */
import type {Position, Point} from 'unist'
import type {VFile} from 'vfile'
import type {VFileMessage} from 'vfile-message'

export const SOURCE = 'reprint'

/** Where each rule is documented: docs/rules.md, one heading per rule id. */
export const RULES_URL = 'https://reprint.dev/docs/rules.md'

/**
 * The documentation address of a rule: its heading's anchor in docs/rules.md
 * as GitHub (github-slugger) makes it, `dehyphenate:join` → `#dehyphenatejoin`.
 */
export function ruleUrl(ruleId: string): string {
  return `${RULES_URL}#${ruleId.toLowerCase().replace(/[^a-z0-9 _-]/g, '')}`
}

export interface ChangeRecord {
  /** Rule id, e.g. `dehyphenate:join`. */
  ruleId: string
  /** Short human message. */
  reason: string
  place?: Position | Point
  /** The text before the change (empty for pure insertions). */
  original: string
  /** The text after the change (empty for removals). */
  replacement: string
  /** Evidence that decided the change, in a few words. */
  evidence?: string
}

/** Extra fields reprint adds to vfile messages. */
export interface ReprintMessageFields {
  original?: string
  replacement?: string
  evidence?: string
  /** True for messages that record a change to the text. */
  change?: boolean
}

export type ReprintMessage = VFileMessage & ReprintMessageFields

/** Record a change as an informational message. */
export function recordChange(file: VFile, change: ChangeRecord): ReprintMessage {
  const message = withoutStackTrace(() =>
    file.info(change.reason, {
      place: change.place,
      ruleId: change.ruleId,
      source: SOURCE
    })
  ) as ReprintMessage
  message.url = ruleUrl(change.ruleId)
  message.original = change.original
  message.replacement = change.replacement
  message.actual = change.original
  message.expected = [change.replacement]
  if (change.evidence) message.evidence = change.evidence
  message.change = true
  return message
}

/**
 * Record a structural decision that leaves the words alone (a table, a code
 * block): an informational message with its rule id, place and evidence.
 */
export function recordDecision(
  file: VFile,
  decision: {ruleId: string; reason: string; place?: Position | Point; evidence?: string}
): ReprintMessage {
  const message = withoutStackTrace(() =>
    file.info(decision.reason, {place: decision.place, ruleId: decision.ruleId, source: SOURCE})
  ) as ReprintMessage
  if (decision.evidence) message.evidence = decision.evidence
  return message
}

/** Record a warning (something suspect that was left alone). */
export function warn(
  file: VFile,
  reason: string,
  ruleId: string,
  place?: Position | Point,
  evidence?: string
): ReprintMessage {
  const message = withoutStackTrace(() => file.message(reason, {place, ruleId, source: SOURCE})) as ReprintMessage
  message.url = ruleUrl(ruleId)
  if (evidence) message.evidence = evidence
  return message
}

/**
 * Make a message without capturing a stack trace. `VFileMessage` is an
 * `Error`, so V8 walks the stack for each one (a document records hundreds),
 * and then vfile-message sets `stack` to '' for messages without a cause.
 */
function withoutStackTrace<T>(make: () => T): T {
  const limit = Error.stackTraceLimit
  Error.stackTraceLimit = 0
  try {
    return make()
  } finally {
    Error.stackTraceLimit = limit
  }
}

/** All recorded changes of a file, in the order they were made. */
export function listChanges(file: VFile): ReprintMessage[] {
  return (file.messages as ReprintMessage[]).filter((m) => m.change === true)
}

/** Count recorded changes by rule id. */
export function countByRule(file: VFile): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const m of listChanges(file)) {
    const key = m.ruleId ?? 'unknown'
    counts[key] = (counts[key] ?? 0) + 1
  }
  return counts
}
