/**
 * Sentence ends, the one place that decides them.
 *
 * A period after an abbreviation that introduces a number ("No. 1416",
 * "Art. 5", "p. 12", "Vol. 3") is not a sentence end, even at a line end and
 * even though the next line starts with a digit. Stages that split or join
 * at sentence ends (paragraph shapes, edge repair, typography) ask here.
 */

/** Abbreviations that stand before a number: “No. 1416”, “Nos. 822”, “Art. 78”. */
const BEFORE_NUMBER = /(?:^|[\s(\[“"‘'])(?:No|Nos|Nr|Art|Arts|Sec|Secs|Ch|Chap|Vol|Vols|p|pp|para|paras|fig|Fig|Figs|op|Op|cf)\.\s*$/u
/** Abbreviations that never end a sentence by themselves in running text. */
const ALWAYS = /(?:^|[\s(\[“"‘'])(?:Mr|Mrs|Ms|Dr|Prof|St|Mt|Gen|Col|Lt|Sgt|Capt|Rev|Hon|Jr|Sr|vs|e\.g|i\.e)\.\s*$/u
const END = /[.!?…]["”’)\]]*\s*$/u

/**
 * True when `before` ends a sentence, given the text that follows (`after`,
 * may be empty). “Resolution No.” + “1416 …” is not a sentence end.
 */
export function endsSentence(before: string, after = ''): boolean {
  if (!END.test(before)) return false
  if (BEFORE_NUMBER.test(before) && /^\s*\d/u.test(after)) return false
  if (ALWAYS.test(before) && !/^\s*$/u.test(after) && /^\s*[\p{Lu}\p{N}]/u.test(after)) {
    // "St. Petersburg", "Mr. Aliyev": a title before a name.
    return false
  }
  return true
}

/**
 * Closing punctuation alone at a line start: a comma, stop, colon … then a
 * space or the line end (not ". . ."). It goes on from the line before
 * (a lone stop, ", and …"): punctuation never starts a printed line in
 * running text (footnotes, typography).
 */
export const LINE_START_PUNCTUATION = /^[,.;:!?)\]](?=\s|$)(?!\s*\.)/u
