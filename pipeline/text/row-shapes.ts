/**
 * Shapes of table rows and cells, shared by the stages that tell a table from
 * prose (paragraphs, tables) and from headings (headings/detect).
 */

const YEAR = String.raw`\d{4}(?:[–-](?:\d{4}|\d{2}|\p{Ll}+))?`

/** A year or a year range alone ("1921–1929", "1938–present"): a key column's cell. */
export const YEAR_KEY = new RegExp(`^${YEAR}$`, 'u')

/** A row keyed by a year or a year range, then a capitalized cell ("1921–1929 Division of Publications (DP)"). */
export const YEAR_ROW = new RegExp(String.raw`^${YEAR}\s+["“(\[]*\p{Lu}`, 'u')

const FIGURE_TOKEN = String.raw`[-+−(]?[$€£]?\d[\d.,]*(?:%|[kKmMbB]n?)?\)?`

/** One figure: a number, an amount or a share ("33.4%", "($13.4k)", "3.9m"). */
export const FIGURE = new RegExp(`^${FIGURE_TOKEN}$`)

/** A cell of figures, one or more ("33.4%", "3818 3.9m"). */
export const FIGURE_CELL = new RegExp(String.raw`^(?:${FIGURE_TOKEN}(?:\s+|$))+$`)
