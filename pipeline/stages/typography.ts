/**
 * typography: spaces, apostrophes, quotes, numeric ranges.
 * (Stub: filled in by the typography work.)
 */
import type {Root} from 'mdast'
import type {Plugin} from 'unified'

export interface TypographyOptions {
  /** Keep straight ASCII quotes instead of curly ones. Default false. */
  asciiQuotes?: boolean
}

export const typography: Plugin<[TypographyOptions?], Root> = function () {
  return () => {}
}
