/**
 * repair-edges: restore a character lost at a line edge ("egarding" → "regarding").
 * (Stub: filled in by the repair work.)
 */
import type {Root} from 'mdast'
import type {Plugin} from 'unified'

export interface RepairEdgesOptions {}

export const repairEdges: Plugin<[RepairEdgesOptions?], Root> = function () {
  return () => {}
}
