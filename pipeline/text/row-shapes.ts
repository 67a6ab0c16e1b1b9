/**
 * Shapes of table rows and cells, shared by the stages that tell a table from
 * prose (paragraphs, tables) and from headings (headings/detect).
 */

import {asciiTwin} from './ascii.js'

const YEAR = String.raw`\d{4}(?:[–-](?:\d{4}|\d{2}|\p{Ll}+))?`
/** `YEAR` with the ASCII twin of its class, for texts whose letters are ASCII (text/ascii.ts). */
const YEAR_ASCII = String.raw`\d{4}(?:[–-](?:\d{4}|\d{2}|[a-z]+))?`

/** A year or a year range alone ("1921–1929", "1938–present"): a key column's cell. */
export const YEAR_KEY = asciiTwin(new RegExp(`^${YEAR}$`, 'u'), new RegExp(`^${YEAR_ASCII}$`))

/**
 * A row keyed by a year or a year range, then a capitalized cell ("1921–1929 Division of
 * Publications (DP)"). Tested on every line by paragraphs: its Unicode form took ~0.3 ms to compile.
 */
export const YEAR_ROW = asciiTwin(new RegExp(String.raw`^${YEAR}\s+["“(\[]*\p{Lu}`, 'u'), new RegExp(String.raw`^${YEAR_ASCII}\s+["“(\[]*[A-Z]`))

const FIGURE_TOKEN = String.raw`[-+−(]?[$€£]?\d[\d.,]*(?:%|[kKmMbB]n?)?\)?`

/** One figure: a number, an amount or a share ("33.4%", "($13.4k)", "3.9m"). */
export const FIGURE = new RegExp(`^${FIGURE_TOKEN}$`)

/** A cell of figures, one or more ("33.4%", "3818 3.9m"). */
export const FIGURE_CELL = new RegExp(String.raw`^(?:${FIGURE_TOKEN}(?:\s+|$))+$`)
