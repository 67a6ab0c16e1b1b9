/**
 * headings: short standalone lines and glued heading phrases become headings.
 * (Stub: filled in by the headings work.)
 */
import type {Root} from 'mdast'
import type {Plugin} from 'unified'

export interface HeadingsOptions {}

export const headings: Plugin<[HeadingsOptions?], Root> = function () {
  return () => {}
}
