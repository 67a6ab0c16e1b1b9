/**
 * Appendix headings: reading the label as printed ("APPENDIX: No1",
 * " APPENDIX: No3 ", "Appendix A", "ANNEX 2", "Annex II", "Appendix.
 * Multi-Ballot …") and deciding which following lines are its title.
 *
 * Numbering style (one for every document): the number is always an Arabic
 * numeral. Letters count from A = 1, Roman numerals are read as numbers, so
 * "Appendix B" and "Annex II" both become number 2. The printed label is kept
 * in `data.appendix.label`, so nothing is lost. Whether a lone "I", "V", "X",
 * "C", "D", "L" or "M" is a letter or a Roman numeral is decided by the
 * document: Roman when no other label of the document is a letter outside
 * the Roman digits.
 */
import {twinTest} from '../text/ascii.js'

/** A label read from one line. */
export interface AppendixLabel {
  /** The word as printed ("APPENDIX", "Annex"). */
  word: string
  /** The number or letter as printed ("1", "A", "II"), empty when unnumbered. */
  token: string
  /** The label part of the line as printed, trimmed ("APPENDIX: No1"). */
  label: string
  /** Title text on the same line, trimmed ("" when none). */
  rest: string
}

const WORD = twinTest(/^(APPENDIX|ANNEXE?|Appendix|Annexe?)(?![\p{L}\p{N}])/u)
/** "No", "No.", "Nº", "№", "#", "Number" before the numeral. */
const NUMBER_SIGN = /^(?:No\.?|NO\.?|Nº|№|#|Number|NUMBER)\s*/
const TOKEN = twinTest(/^(\d{1,3}|[IVXLCDM]{1,7}|[A-Z])(?![\p{L}\p{N}])/u)
const SEPARATOR = /^\s*[:.\-–—]\s*/

/** Read an appendix label at the start of a line; undefined when the line is not one. */
export function parseAppendixLabel(line: string): AppendixLabel | undefined {
  const text = line.trim()
  const word = WORD.exec(text)
  if (!word) return undefined
  let at = word[0].length
  let rest = text.slice(at)
  // "APPENDIX: No1", "Appendix No. 3", "Annex II", "Appendix-A"
  const sep = /^\s*[:.\-–—]?\s*/.exec(rest)![0]
  const afterSep = rest.slice(sep.length)
  const sign = NUMBER_SIGN.exec(afterSep)?.[0] ?? ''
  const token = TOKEN.exec(afterSep.slice(sign.length))
  if (token && (sep.length > 0 || sign.length > 0)) {
    at += sep.length + sign.length + token[0].length
    rest = text.slice(at)
    const tail = tailTitle(rest)
    if (tail === undefined) return undefined
    return {word: word[1]!, token: token[1]!, label: text.slice(0, at).trim(), rest: tail}
  }
  // Unnumbered: "Appendix", "Appendix. Title", "APPENDIX: Title"
  const tail = tailTitle(rest)
  if (tail === undefined) return undefined
  return {word: word[1]!, token: '', label: word[1]!, rest: tail}
}

/**
 * What follows the label on its line: nothing, or a title after a separator,
 * or a capitalized title after a space. A lowercase word ("Appendix 2 lists
 * the …") means the line is a sentence, not a heading.
 */
function tailTitle(rest: string): string | undefined {
  if (rest.trim() === '') return ''
  const sep = SEPARATOR.exec(rest)
  const title = sep ? rest.slice(sep[0].length).trim() : rest.trim()
  if (!sep && !/^\s/.test(rest)) return undefined
  if (title === '') return ''
  if (!/^["“‘(\[]*[\p{Lu}\p{N}]/u.test(title)) return undefined
  if (/[.!?]["”’)]*$/.test(title) && /\s\p{Ll}+\s\p{Ll}+/u.test(title) && title.split(/\s+/).length > 12) return undefined
  return title
}

const ROMAN: Record<string, number> = {I: 1, V: 5, X: 10, L: 50, C: 100, D: 500, M: 1000}

/** The value of a Roman numeral, or undefined when the string is not a well-formed one. */
export function romanValue(token: string): number | undefined {
  if (!/^[IVXLCDM]+$/.test(token)) return undefined
  let total = 0
  for (let i = 0; i < token.length; i++) {
    const value = ROMAN[token[i]!]!
    const next = ROMAN[token[i + 1] ?? ''] ?? 0
    total += value < next ? -value : value
  }
  // Only canonical spellings (rejects "IIII", "VX", "MDCLXVI" is fine).
  return toRoman(total) === token ? total : undefined
}

function toRoman(n: number): string {
  const table: Array<[number, string]> = [
    [1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'],
    [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']
  ]
  let out = ''
  for (const [value, letters] of table) while (n >= value) (out += letters), (n -= value)
  return out
}

/**
 * Whether the document's single-letter labels are Roman numerals: yes when
 * some label is a multi-letter Roman numeral ("II") and none is a letter
 * outside the Roman digits ("A", "B").
 */
export function labelsAreRoman(tokens: string[]): boolean {
  const letters = tokens.filter((t) => /^[A-Z]+$/.test(t))
  if (letters.some((t) => t.length === 1 && !/[IVXLCDM]/.test(t))) return false
  if (letters.some((t) => t.length > 1 && romanValue(t) !== undefined)) return true
  // Only single letters that are all Roman digits: "I" alone reads as Roman one,
  // "C", "D" without "A", "B" would be odd letters too.
  return letters.every((t) => t === 'I' || t === 'V' || t === 'X')
}

/** The number of a label token: digits as they are, letters from A = 1, Roman numerals by value. */
export function labelNumber(token: string, roman: boolean): number | undefined {
  if (/^\d+$/.test(token)) return Number(token)
  if (roman) {
    const value = romanValue(token)
    if (value !== undefined) return value
  }
  if (/^[A-Z]$/.test(token)) return token.charCodeAt(0) - 64
  return romanValue(token)
}

/** "APPENDIX" → "Appendix", "ANNEXE" → "Annexe": the word in title case. */
export function labelWord(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase()
}

const URL = /(?:https?:\/\/|www\.)\S/i
const CONNECTOR = /(?:[,&–—-]|\b(?:and|or|of|the|a|an|for|in|on|to|with|from|by|at|as|over|under|between|against|regarding|concerning|about|into|among|vs\.?))$/i

/**
 * A line that can be (part of) an appendix title: words, not a URL, not a
 * date or a bare number, not a list item, not a finished sentence, not long.
 */
export function titleLine(text: string): boolean {
  const t = text.trim()
  if (t === '' || t.length > 160) return false
  if (URL.test(t)) return false
  if (!/\p{L}{2}/u.test(t)) return false
  if (/^(?:\d{1,2}\s+\p{L}+|\p{L}+\s+\d{1,2})(?:[,\s]+\d{4})?$/u.test(t)) return false
  if (/^(?:[•▪◦●‣∙*-]\s|\(?\d{1,3}[.)]\s|\(?[a-z]\)\s)/.test(t)) return false
  if (/[.!?;]["”’)]*$/.test(t) && !/\b(?:No|Nos|etc|Inc|Ltd|St)\.$/.test(t)) return false
  return true
}

/** Whether a title line plainly goes on in the next line ("… held between Azerbaijani and"). */
export function titleContinues(text: string): boolean {
  return CONNECTOR.test(text.trim())
}

/** A line in sentence case: it has a lowercase word that is not a small word (a phrase, not a name list). */
export function sentenceCase(text: string): boolean {
  return /(?:^|\s)(?!(?:and|or|of|the|a|an|for|in|on|to|with|from|by|at|as|vs)\b)\p{Ll}{3,}/u.test(text.trim())
}
