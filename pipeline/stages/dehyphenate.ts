/**
 * dehyphenate: decide each line-end hyphen (join, keep, range) from evidence.
 * (Stub: filled in by the dehyphenation work.)
 */
import type {Root} from 'mdast'
import type {Plugin} from 'unified'

export interface DehyphenateOptions {}

export const dehyphenate: Plugin<[DehyphenateOptions?], Root> = function () {
  return () => {}
}
