/**
 * appendices: find appendices, classify them and build structured nodes.
 * (Stub: filled in by the appendices work.)
 */
import type {Root} from 'mdast'
import type {Plugin} from 'unified'

export interface AppendicesOptions {}

export const appendices: Plugin<[AppendicesOptions?], Root> = function () {
  return () => {}
}
