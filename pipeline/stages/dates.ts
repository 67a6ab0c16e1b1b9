/**
 * dates: find every date expression and give it an EDTF value.
 * (Stub: filled in by the dates work.)
 */
import type {Root} from 'mdast'
import type {Plugin} from 'unified'

export interface DatesOptions {}

export const dates: Plugin<[DatesOptions?], Root> = function () {
  return () => {}
}
