/**
 * List markers as printed: which family a marker belongs to (`1.`, `(1)`,
 * `a)`, `(a)`, `a.`, `i.`, `(i)`, `(A)`, `•`, `–` …) and its place in the
 * family's sequence, so that items nest by family the way statutes and
 * directives print them: `(a)` › `(1)` › `(A)` › `(i)`.
 */

/**
 * A list marker at the start of a line. Group 1: a decimal number with `.`
 * or `)` (an ordered list in Markdown); group 2: letter, roman and
 * parenthesised forms (kept in the item's text, as Markdown has no form for
 * them); group 3: a bullet or dash.
 */
export const LIST_MARKER =
  /^(?:(\d{1,3})[.)]|(\(\d{1,3}\)|\(?(?:[a-z]|[ivx]{1,5})\)|(?:[a-z]|[ivx]{2,5})\.(?=\s)|\((?:[A-Z]|[IVX]{1,5})\)|[A-Z]\))|([•▪◦●‣∙*]|[-–](?=\s)))\s+/

const ROMAN: Record<string, number> = {i: 1, v: 5, x: 10}

function romanValue(text: string): number {
  let total = 0
  for (let i = 0; i < text.length; i++) {
    const value = ROMAN[text[i]!.toLowerCase()]!
    const next = ROMAN[text[i + 1]?.toLowerCase() ?? ''] ?? 0
    total += value < next ? -value : value
  }
  return total
}

export interface MarkerInfo {
  /** The marker's shape: digits → 1, letters → a / A, roman → i / I, bullets as printed. */
  family: string
  /** Its place in the family's sequence (1 for `a`, `i`, `1`); 0 for bullets. */
  value: number
}

/**
 * Family and value of `marker` (trimmed). A lone `i`, `v` or `x` is a letter
 * when it follows the letter before it in an open letter family (`h)` → `i)`),
 * otherwise a roman numeral.
 */
export function markerInfo(marker: string, open: readonly {family: string; value: number}[] = []): MarkerInfo {
  const body = /[0-9]+|[A-Za-z]+/.exec(marker)
  // Bullets: an en dash or a white bullet is the next level down (as LaTeX prints them); the
  // other round and square bullets and a hyphen are one family.
  if (!body) return {family: /^[–◦‣]$/.test(marker) ? marker : '•', value: 0}
  const [token] = body
  const shape = (replacement: string) => marker.replace(token, replacement)
  if (/^\d+$/.test(token)) return {family: shape('1'), value: Number(token)}
  const lower = token === token.toLowerCase()
  const letterFamily = shape(lower ? 'a' : 'A')
  const letterValue = token.toLowerCase().charCodeAt(0) - 96
  if (/^[ivx]+$/i.test(token)) {
    const asLetter = token.length === 1 && open.some((o) => o.family === letterFamily && o.value === letterValue - 1)
    if (!asLetter) return {family: shape(lower ? 'i' : 'I'), value: romanValue(token)}
  }
  return {family: letterFamily, value: token.length === 1 ? letterValue : 0}
}
