/**
 * Find date expressions in running text: a hand-written scanner over tokens.
 *
 * Why not chrono-node in the pipeline: on the corpus document it costs about
 * 220 ms to import and 16-46 ms to parse, misses year-only and vague forms
 * ("in 1923", "late 1987", "summer of 1997", "1988-1989"), drops the year of
 * ranges ("February 16 to March 2"), guesses years from today instead of from
 * the text, and reports false dates ("March," "now"). This scanner takes a
 * few milliseconds for the same text (it tokenizes only the windows around a
 * digit or a month name) and knows the forms below. `scripts/eval-dates.mjs`
 * measures both.
 *
 * Forms (month names in Title Case or UPPER CASE, abbreviations too):
 * - day:    "February 13, 1988", "26 February 1992", "July 18", "21 January",
 *           "the 20th January", "the 4th of July", "25 SEPTEMBER"
 *           "1988-02-13" (ISO 8601, written without spaces)
 * - ranges: "January 30-31, 1992", "25-26 October 2019", "February 16 to March 2",
 *           "January 12 to November 28, 1989", "December 28, 1991 – January 3, 1992",
 *           "between December 16 and 26, 1945", "1988-1989", "1948–53", "2008/09",
 *           "from 1988 to 1993", "between 1990 and 1995", "May–June 1990", "10-11 FEBRUARY"
 * - month:  "May 1990", "May of 1990", and a bare month after a time word
 *           ("in February", "early March", "In June and July")
 * - year:   a bare year (1000-2099, no thousands separator) is a date only where it
 *           means a time: after a time word (in, since, until, by, from, through,
 *           throughout, during, of, for, c. …) unless a counted noun follows ("in 1500
 *           villages"); after to/around/about only from 1800 on; before an event or a
 *           singular noun after a determiner ("the 1994 Budapest summit", "Japan’s 1945
 *           surrender"); as a title's closing year ("Baruch Plans, 1946"); in a list
 *           after another year ("1905-1906, 1918-1920"); as a whole cell. Never after a
 *           reference word (No., Resolution, Article, paragraphs, page …).
 * - vague:  "summer of 1997" (1997-22), "late 1987" (1987), "early 2016",
 *           "the end of 2009" (2009), "the first half of 1990" (1990-40),
 *           "late 1980s" (198X), "the 21st century" (20XX)
 *
 * Qualifiers (early, late, mid, the end of, the beginning of) have no EDTF
 * form of their own below a year: the value is that of the unit they qualify
 * ("late 1980s" → 198X, "late 1987" → 1987), as the issue's own example does;
 * the printed text keeps the qualifier.
 */
import type {DatePart} from './edtf.js'
import {daysInMonth} from './edtf.js'
import {tokenize, type Token} from './tokens.js'

/** What kind of unit a mention names. */
export type DateKind = 'day' | 'month' | 'year' | 'season' | 'decade' | 'century'

/** A date expression found in text, before its year is resolved. */
export interface FoundDate {
  /** Offsets in the scanned text: [start, end). */
  start: number
  end: number
  /** The text as printed (a slice of the scanned text). */
  text: string
  kind: DateKind
  from: DatePart
  /** The end of a range. */
  to?: DatePart
  /** True when at least one year is printed in the mention itself. */
  yearPrinted: boolean
  /** How a day or month was printed: `dmy` (26 February), `mdy` (February 26). */
  order?: 'dmy' | 'mdy'
  /** True for ordinal or qualified forms ("the 20th January", "early March") that styles leave alone. */
  fixedForm?: boolean
  /** The range connector as printed (`-`, `–`, `to`, `and`, `through`). */
  connector?: string
  /** A year printed later in the same list ("March and April 1990"): used before the context's. */
  yearHint?: number
}

export interface FindOptions {
  /**
   * Treat the whole text as one cell or label (a table cell, a chronology
   * line): a bare year or month that is the whole text is a date.
   */
  whole?: boolean
  /**
   * Spans [start, end) of the text that are each one line of the source (a
   * table's cells often come out one per line): a bare year or month that
   * fills a whole line is a date, like a whole cell.
   */
  lines?: readonly (readonly [number, number])[]
}

const MONTHS: Record<string, number> = {
  january: 1, february: 2, march: 3, april: 4, may: 5, june: 6,
  july: 7, august: 8, september: 9, october: 10, november: 11, december: 12
}
const MONTH_ABBR: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12
}
const SEASONS: Record<string, number> = {spring: 21, summer: 22, autumn: 23, fall: 23, winter: 24}
const ORDINAL_WORDS: Record<string, number> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10,
  eleventh: 11, twelfth: 12, thirteenth: 13, fourteenth: 14, fifteenth: 15, sixteenth: 16, seventeenth: 17,
  eighteenth: 18, nineteenth: 19, twentieth: 20
}

/** Words after which a bare year means a time ("in 1923", "Throughout 2016", "of 1991"), unless a counted noun follows ("of 1500 people"). */
const STRONG_YEAR_PREPS = new Set([
  'in', 'since', 'until', 'till', 'through', 'throughout', 'during', 'before', 'after', 'circa', 'ca', 'c', 'year', 'years',
  'early', 'late', 'mid', 'from', 'by', 'between', 'spring', 'summer', 'autumn', 'fall', 'winter', 'of', 'for'
])
/** Weaker ("rose to 1500 in 1990"): only before punctuation, a capital or a function word. */
const WEAK_YEAR_PREPS = new Set(['to', 'around', 'about', 'as'])
/** Words after which a bare month name means a time ("in February", "until May"). */
const MONTH_PREPS = new Set([
  'in', 'since', 'until', 'till', 'by', 'during', 'from', 'through', 'throughout', 'early', 'late', 'mid',
  'last', 'next', 'this', 'that', 'each', 'every', 'between', 'before', 'after'
])
/** Determiners before an attributive year ("the 1994 Budapest summit", "a 1946 proclamation"). */
const ATTRIBUTIVE = new Set(['the', 'a', 'an', 'its', 'their', 'his', 'her', 'this', 'that', '’s'])
const EVENT_NOUNS = new Set([
  'summit', 'summits', 'election', 'elections', 'agreement', 'agreements', 'treaty', 'declaration', 'resolution',
  'proclamation', 'act', 'law', 'constitution', 'conference', 'session', 'census', 'war', 'crisis', 'campaign',
  'referendum', 'plan', 'budget', 'report', 'meeting', 'visit', 'talks', 'accords', 'accord', 'uprising',
  'revolution', 'games', 'olympics', 'ceasefire', 'cease', 'memorandum', 'protocol', 'statement', 'decision',
  'decree', 'invasion', 'coup', 'earthquake', 'massacre', 'genocide', 'events', 'agenda', 'strategy', 'convention',
  'charter', 'communiqué', 'communique', 'report', 'survey', 'edition', 'version', 'season', 'amendment', 'amendments'
])
/** Lower-case words that may follow a year in prose ("in 1988 and", "in 2017 too"). */
const FOLLOWERS = new Set([
  'and', 'or', 'to', 'until', 'till', 'when', 'the', 'was', 'were', 'is', 'are', 'had', 'has', 'have', 'with', 'in',
  'on', 'at', 'by', 'as', 'which', 'that', 'after', 'before', 'onwards', 'onward', 'through', 'for', 'a', 'an', 'but',
  'it', 'this', 'these', 'those', 'they', 'he', 'she', 'we', 'while', 'where', 'also', 'alone', 'too', 'only', 'i',
  'there', 'its', 'their', 'his', 'her', 'from', 'of', 'again', 'already', 'then', 'did', 'saw', 'brought', 'led',
  'marked', 'became', 'began', 'ended', 'if', 'so', 'not', 'be', 'would', 'could', 'will', 'should', 'up', 'onward'
])
/** Lower-case plurals that are not counted nouns after a year. */
const PLURAL_OK = new Set(['was', 'has', 'is', 'as', 'this', 'its', 'his', 'us', 'thus', 'towards', 'afterwards', 'whereas', 'onwards', 'always'])
/** Words before a number that make it a reference, never a time. */
const REFERENCE_WORDS = new Set([
  'no', 'nos', 'number', 'numbers', 'resolution', 'resolutions', 'article', 'articles', 'paragraph', 'paragraphs',
  'page', 'pages', 'p', 'pp', 'section', 'sections', 'chapter', 'chapters', 'item', 'items', 'point', 'points',
  'law', 'decree', 'order', 'code', 'vol', 'volume', 'issue', 'room', 'flight', 'route', 'tel', 'fax', 'box',
  'annex', 'appendix', 'table', 'figure', 'fig', 'rule', 'rules', 'document', 'doc', 'case', 'file', '#', 'no.'
])
/** Counted nouns without a plural -s. */
const COUNT_NOUNS = new Set(['people', 'men', 'women', 'children', 'personnel', 'staff', 'police', 'persons', 'troops', 'soldiers', 'civilians', 'cattle', 'percent', 'per'])
const QUALIFIER_WORDS = new Set(['early', 'late', 'mid'])
const QUALIFIER_NOUNS = new Set(['end', 'beginning', 'start', 'middle', 'turn', 'close'])

interface Element {
  /** Exclusive token index. */
  end: number
  kind: DateKind
  from: DatePart
  to?: DatePart
  order?: 'dmy' | 'mdy'
  fixedForm?: boolean
  connector?: string
  /** A bare year or month: needs a time context to count. */
  bare?: 'year' | 'month'
  /** The element started with a qualifier ("early", "the end of"). */
  qualified?: boolean
}

/** Tokens of one scan; `whole` when the text is one date as a whole. */
type TokenList = Token[] & {whole?: boolean}

/** Every date has a digit, a month or season name, or a spelled century. */
const TRIGGER = /\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|spring|summer|autumn|fall|winter|century/gi
/** Characters of context kept around a trigger: more than any lookbehind ("in the end of the") or lookahead needs. */
const BEFORE = 48
const AFTER = 64

export function findDates(text: string, options: FindOptions = {}): FoundDate[] {
  const tokens: TokenList = tokenizeAroundTriggers(text)
  if (tokens.length === 0) return []
  if (options.whole) tokens.whole = true
  return scan(text, tokens, options)
}

function scan(text: string, tokens: Token[], options: FindOptions): FoundDate[] {
  const out: FoundDate[] = []
  let lastEnd = -1 // token index right after the last mention
  let lastKind: DateKind | undefined
  let i = 0
  while (i < tokens.length) {
    const found = canStart(tokens[i]!) ? parseAt(tokens, i, {lastEnd, lastKind, whole: options.whole === true, lines: options.lines}) : undefined
    if (found) {
      const first = tokens[found.startToken]!
      const last = tokens[found.element.end - 1]!
      const e = found.element
      out.push({
        start: first.start,
        end: last.end,
        text: text.slice(first.start, last.end),
        kind: e.kind,
        from: e.from,
        ...(e.to ? {to: e.to} : {}),
        yearPrinted: e.from.year !== undefined || e.to?.year !== undefined || e.kind === 'decade' || e.kind === 'century',
        ...(e.order ? {order: e.order} : {}),
        ...(e.fixedForm ? {fixedForm: true} : {}),
        ...(e.connector ? {connector: e.connector} : {})
      })
      // "in March and April 1990": the year printed after a list belongs to its first items too.
      const prev = out.at(-2)
      if (prev && lastEnd >= 0 && isChain(tokens, lastEnd, found.startToken) && e.from.year !== undefined && !e.to)
        for (let k = out.length - 2; k >= 0; k--) {
          const item = out[k]!
          if (item.kind !== e.kind || item.yearPrinted || item.to || item.yearHint !== undefined) break
          item.yearHint = e.from.year
          if (k === 0 || !chainBetween(tokens, out[k - 1]!, item)) break
        }
      lastEnd = e.end
      lastKind = e.kind
      i = e.end
    } else {
      i++
    }
  }
  return out
}

/** Two mentions separated only by a list separator. */
function chainBetween(tokens: Token[], a: FoundDate, b: FoundDate): boolean {
  const from = tokens.findIndex((t) => t.start >= a.end)
  const to = tokens.findIndex((t) => t.start >= b.start)
  return from >= 0 && to >= 0 && isChain(tokens, from, to)
}

/**
 * Tokenize only the windows of text around a trigger (most prose has none),
 * with a separator token between windows so that nothing joins across them.
 * Same result as tokenizing everything, at a fraction of the cost.
 */
function tokenizeAroundTriggers(text: string): Token[] {
  const windows: [number, number][] = []
  TRIGGER.lastIndex = 0
  for (let m = TRIGGER.exec(text); m; m = TRIGGER.exec(text)) {
    let start = Math.max(0, m.index - BEFORE)
    const end = Math.min(text.length, m.index + AFTER)
    const last = windows.at(-1)
    if (last && start <= last[1]) last[1] = end
    else {
      // Start at a space, so that no token is cut.
      while (start > 0 && !/\s/.test(text[start - 1]!)) start--
      windows.push([start, end])
    }
    TRIGGER.lastIndex = Math.max(TRIGGER.lastIndex, end - 1)
  }
  if (windows.length === 1 && windows[0]![0] === 0 && windows[0]![1] === text.length) return tokenize(text)
  const out: Token[] = []
  for (const [start, rawEnd] of windows) {
    let end = rawEnd
    while (end < text.length && !/\s/.test(text[end]!)) end++
    if (out.length) out.push({kind: 'punct', text: '\uFFFC', lower: '\uFFFC', start, end: start})
    for (const t of tokenize(text.slice(start, end))) {
      t.start += start
      t.end += start
      out.push(t)
    }
  }
  return out
}

/** Words that can begin a date; any other word is skipped without parsing (most of the text). */
const STARTERS = new Set([
  'the', 'early', 'late', 'mid', 'twenty', ...Object.keys(MONTHS), ...Object.keys(MONTH_ABBR), ...Object.keys(SEASONS), ...Object.keys(ORDINAL_WORDS)
])

function canStart(t: Token): boolean {
  return t.kind === 'num' || (t.kind === 'word' && STARTERS.has(t.lower))
}

interface ScanState {
  lastEnd: number
  lastKind: DateKind | undefined
  whole: boolean
  lines: FindOptions['lines']
}

function parseAt(tokens: Token[], i: number, state: ScanState): {startToken: number; element: Element} | undefined {
  const tok = tokens[i]!
  const element = parseRange(tokens, i, state.whole && i === 0)
  if (!element) return undefined
  // "the" belongs to the mention only for forms that need it.
  if (tok.lower === 'the' && !(element.fixedForm || element.kind === 'century' || element.kind === 'decade' || element.kind === 'season'))
    return undefined
  // A date never starts right after a reference word ("Resolution No. 1416", "Article 78").
  const prev = tokens[i - 1]
  if (prev && REFERENCE_WORDS.has(prev.lower)) return undefined
  if (prev && prev.kind === 'punct' && prev.text === '.' && tokens[i - 2] && REFERENCE_WORDS.has(tokens[i - 2]!.lower)) return undefined
  // A line that is only a year is a label or a cell; below 1800 it is more likely an amount.
  const coversAll = (state.whole && i === 0 && onlyPunctuationFrom(tokens, element.end)) ||
    (fillsLine(state.lines, tok.start, tokens[element.end - 1]!.end) && (element.from.year === undefined || element.from.year >= 1800))
  if (element.bare && !coversAll) {
    const chained = state.lastEnd >= 0 && isChain(tokens, state.lastEnd, i) &&
      (state.lastKind === element.kind || (element.kind === 'year' && state.lastKind === 'year'))
    if (!chained) {
      if (element.bare === 'year' && !yearContextOk(tokens, i, element.end)) return undefined
      if (element.bare === 'month' && !monthContextOk(tokens, i)) return undefined
    }
  }
  return {startToken: i, element}
}

function fillsLine(lines: FindOptions['lines'], start: number, end: number): boolean {
  if (lines === undefined) return false
  // A set of the line spans, made once per list: a scan of every line for every date was quadratic.
  let spans = lineSpans.get(lines)
  if (!spans) lineSpans.set(lines, (spans = new Set(lines.map(([a, b]) => `${a}:${b}`))))
  return spans.has(`${start}:${end}`)
}

const lineSpans = new WeakMap<NonNullable<FindOptions['lines']>, Set<string>>()


function onlyPunctuationFrom(tokens: Token[], k: number): boolean {
  for (let j = k; j < tokens.length; j++) if (tokens[j]!.kind !== 'punct') return false
  return true
}

/** Tokens between the last mention and this one are a list separator: ", ", " and ", ", and ". */
function isChain(tokens: Token[], lastEnd: number, i: number): boolean {
  // A parenthetical without numbers may sit between: "2015 (both instances), 2019".
  const between = tokens.slice(lastEnd, i).map((t) => t.lower).join(' ').replace(/^\( [^()\d]+ \) /, '')
  return between === ',' || between === 'and' || between === 'or' || between === ', and' || between === ', or' || between === 'and in' || between === ', in'
}

/** A bare year is a time after a time word, in a heading-like "(1976)", or used attributively before an event. */
function yearContextOk(tokens: Token[], i: number, end: number): boolean {
  let prev = tokens[i - 1]
  const next = tokens[end]
  if (!prev) return false
  // "c. 1900", "ca. 1750"
  if (prev.text === '.' && ['c', 'ca', 'circa'].includes(tokens[i - 2]?.lower ?? '')) prev = tokens[i - 2]!
  const nextIsCountNoun =
    next !== undefined && next.kind === 'word' && next.text === next.lower && !FOLLOWERS.has(next.lower) &&
    (/s$/.test(next.lower) ? !PLURAL_OK.has(next.lower) : COUNT_NOUNS.has(next.lower))
  if (STRONG_YEAR_PREPS.has(prev.lower)) return !nextIsCountNoun
  // The head of a list of years: "in the 1997, 2013 and 2015 elections".
  if (prev.lower === 'the' && STRONG_YEAR_PREPS.has(tokens[i - 2]?.lower ?? '') && (next?.text === ',' || next?.lower === 'and' || next?.lower === 'or'))
    return true
  if (WEAK_YEAR_PREPS.has(prev.lower)) {
    // "rose to 1500 in 1990": an older year after these words is more likely a quantity.
    if ((tokens[i]!.value ?? 0) < 1800) return false
    if (!next || next.kind === 'punct' || next.kind === 'dash') return true
    if (next.kind === 'word') return next.text !== next.lower || FOLLOWERS.has(next.lower)
    return false
  }
  if (prev.text === '(' && next?.text === ')') return true
  if (ATTRIBUTIVE.has(prev.lower) && next && next.kind === 'word') {
    // "the 1994 Budapest summit", "Japan’s 1945 surrender"; not "the 2000 soldiers".
    const year = tokens[i]!.value ?? 0
    if (year < 1500 || COUNT_NOUNS.has(next.lower) || FOLLOWERS.has(next.lower)) return false
    return EVENT_NOUNS.has(next.lower) || !/s$/.test(next.lower)
  }
  // One adjective between: "the initial 2015 election", "the first 1946 session".
  if (prev.kind === 'word' && prev.text === prev.lower && ATTRIBUTIVE.has(tokens[i - 2]?.lower ?? '') && next && EVENT_NOUNS.has(next.lower))
    return true
  // A title's or heading's closing year: "The Baruch Plans, 1946", "(NATO), 1949".
  if (prev.text === ',' && (tokens[i - 2]?.kind === 'word' || tokens[i - 2]?.text === ')') && (!next || next.text === '.' || next.text === ')' || next.text === ';'))
    return true
  return false
}

function monthContextOk(tokens: Token[], i: number): boolean {
  const prev = tokens[i - 1]
  if (!prev) return false
  if (MONTH_PREPS.has(prev.lower)) return true
  // "mid-June"
  if (prev.kind === 'dash' && tokens[i - 2]?.lower === 'mid') return true
  return false
}

/**
 * An element, possibly followed by a range connector and a second element.
 * `wholeStart`: the element starts a text that is one date as a whole (a cell,
 * or a mention's own text), where "1988 to 1993" needs no "from" before it.
 */
function parseRange(tokens: Token[], i: number, wholeStart = false): Element | undefined {
  const first = parseElement(tokens, i)
  if (!first) return undefined
  const conn = tokens[first.end]
  if (!conn || first.to) return first
  const prev = tokens[i - 1]?.lower
  const word = conn.kind === 'word' ? conn.lower : undefined
  // "2008/09", "1914/1918": a slash between two years written without spaces.
  const slash = conn.text === '/' && first.kind === 'year' && !first.qualified && tokens[first.end - 1]!.end === conn.start &&
    tokens[first.end + 1]?.start === conn.end && tokens[first.end + 1]?.kind === 'num'
  const isDash = conn.kind === 'dash' || slash
  const wordOk =
    (word === 'to' || word === 'through' || word === 'until' || word === 'till') ||
    (word === 'and' && (prev === 'between' || wholeStart))
  if (!isDash && !wordOk) return first
  // A word range of bare years needs "from"/"between" before it ("from 1988 to 1993").
  if (!isDash && first.bare === 'year' && !(prev === 'from' || prev === 'between' || wholeStart)) return first
  let second = parseElement(tokens, first.end + 1)
  // "1948–53": a two-digit end year after a dash.
  if (!second && isDash && first.kind === 'year' && !first.qualified) {
    const t = tokens[first.end + 1]
    if (t && t.kind === 'num' && t.digits === 2 && !t.suffix) {
      const y1 = first.from.year!
      const y2 = Math.floor(y1 / 100) * 100 + t.value!
      if (y2 > y1) second = {end: first.end + 2, kind: 'year', from: {year: y2}}
    }
  }
  if (!second || second.to) return first
  const combined = combine(first, second)
  if (!combined) return first
  return {...combined, end: second.end, connector: conn.text.toLowerCase()}
}

/** Two elements as one range, when they have the same unit. */
function combine(a: Element, b: Element): Element | undefined {
  const kind = a.kind
  // The edtf library rejects intervals of seasons ("1973-22/1975-22"): two mentions instead.
  if (kind !== b.kind || kind === 'season') return undefined
  const from = {...a.from}
  const to = {...b.from}
  if (kind === 'day' || kind === 'month') {
    // The year printed once at the end belongs to both ends.
    if (from.year === undefined && to.year !== undefined) {
      const earlier = (from.month ?? 0) * 32 + (from.day ?? 0) > (to.month ?? 0) * 32 + (to.day ?? 0)
      from.year = earlier ? to.year - 1 : to.year
    }
    if (to.year === undefined && from.year !== undefined) return undefined
    if (kind === 'day' && from.day === undefined) return undefined
  }
  if (kind === 'year' && !(to.year! > from.year!)) return undefined
  if (kind === 'decade' && !(to.decade! > from.decade!)) return undefined
  if (kind === 'century' && !(to.century! > from.century!)) return undefined
  return {
    end: b.end,
    kind,
    from,
    to,
    ...(a.order ? {order: a.order} : {}),
    ...(a.fixedForm || b.fixedForm ? {fixedForm: true} : {}),
    // A range of years is a time by its shape ("1988-1989"); a range of bare months still needs context.
    ...(kind === 'month' && a.bare && b.bare ? {bare: a.bare} : {})
  }
}

/** One element: optional "the", optional qualifier, then a unit. */
function parseElement(tokens: Token[], i: number): Element | undefined {
  let j = i
  let the = false
  if (tokens[j]?.lower === 'the') {
    the = true
    j++
  }
  // Qualifiers: early/late/mid[-], the end/beginning/start/middle of [the], the first/second half of.
  let qualified = false
  let half: number | undefined
  const q = tokens[j]
  if (q && q.kind === 'word' && QUALIFIER_WORDS.has(q.lower) && isLowerOrTitle(q)) {
    qualified = true
    j++
    if (q.lower === 'mid' && tokens[j]?.kind === 'dash') j++
  } else if (q && the && q.kind === 'word' && QUALIFIER_NOUNS.has(q.lower) && tokens[j + 1]?.lower === 'of') {
    qualified = true
    j += 2
    if (tokens[j]?.lower === 'the') j++
  } else if (q && the && (q.lower === 'first' || q.lower === 'second') && tokens[j + 1]?.lower === 'half' && tokens[j + 2]?.lower === 'of') {
    qualified = true
    half = q.lower === 'first' ? 40 : 41
    j += 3
  }
  const unit = parseUnit(tokens, j, the && !qualified)
  if (!unit) return undefined
  if (the && !qualified && !(unit.fixedForm || unit.kind === 'century' || unit.kind === 'decade' || unit.kind === 'season')) {
    // "the 1994 summit": let the scanner take the year from the next token.
    return undefined
  }
  if (qualified) {
    if (unit.kind === 'day') return undefined
    if (half !== undefined) {
      if (unit.kind !== 'year') return undefined
      unit.from = {...unit.from, season: half}
      unit.kind = 'season'
    }
    delete unit.bare
    unit.qualified = true
    unit.fixedForm = true
  }
  return unit
}

function isLowerOrTitle(t: Token): boolean {
  return t.text === t.lower || t.text === t.lower[0]!.toUpperCase() + t.lower.slice(1)
}

/** Month name at token j (Title Case or UPPER CASE; abbreviations with an optional period). */
function monthAt(tokens: Token[], j: number): {month: number; next: number; abbr: boolean} | undefined {
  const t = tokens[j]
  if (!t || t.kind !== 'word') return undefined
  const title = t.lower[0]!.toUpperCase() + t.lower.slice(1)
  if (t.text !== title && t.text !== t.text.toUpperCase()) return undefined
  const full = MONTHS[t.lower]
  if (full) return {month: full, next: j + 1, abbr: false}
  const abbr = MONTH_ABBR[t.lower]
  if (abbr && (t.text === title || t.text === t.text.toUpperCase())) {
    const dot = tokens[j + 1]
    const next = dot && dot.text === '.' && dot.start === t.end ? j + 2 : j + 1
    return {month: abbr, next, abbr: true}
  }
  return undefined
}

function dayAt(tokens: Token[], j: number): number | undefined {
  const t = tokens[j]
  if (!t || t.kind !== 'num' || !t.digits || t.digits > 2) return undefined
  if (t.suffix && !['st', 'nd', 'rd', 'th'].includes(t.suffix)) return undefined
  const d = t.value!
  // A number hyphenated to a word is a measure or a count ("17-inch", "3-day"), never a day.
  const dash = tokens[j + 1]
  const after = tokens[j + 2]
  if (dash?.kind === 'dash' && dash.start === t.end && after?.kind === 'word' && after.start === dash.end && after.text === after.lower && !monthAt(tokens, j + 2)) return undefined
  return d >= 1 && d <= 31 ? d : undefined
}

function yearAt(tokens: Token[], j: number): number | undefined {
  const t = tokens[j]
  if (!t || t.kind !== 'num' || t.digits !== 4 || t.suffix) return undefined
  const y = t.value!
  return y >= 1000 && y <= 2099 ? y : undefined
}

function isOrdinal(tokens: Token[], j: number): boolean {
  const s = tokens[j]?.suffix
  return s === 'st' || s === 'nd' || s === 'rd' || s === 'th'
}

/** The year after a day or month: "May 1990", "February 13, 1988", "May of 1990". */
function yearAfter(tokens: Token[], j: number): {year: number; next: number} | undefined {
  const direct = yearAt(tokens, j)
  if (direct !== undefined) return {year: direct, next: j + 1}
  const t = tokens[j]
  if (t && (t.text === ',' || t.lower === 'of')) {
    const y = yearAt(tokens, j + 1)
    if (y !== undefined) return {year: y, next: j + 2}
  }
  return undefined
}

function validDay(part: DatePart): boolean {
  return part.day === undefined || part.month === undefined || part.day <= daysInMonth(part.year, part.month)
}

/** One unit at token j: day, month, year, season, decade or century. */
function parseUnit(tokens: Token[], j: number, afterThe: boolean): Element | undefined {
  const t = tokens[j]
  if (!t) return undefined
  if (t.kind === 'word') {
    const season = SEASONS[t.lower]
    if (season !== undefined && isLowerOrTitle(t)) {
      const y = yearAfter(tokens, j + 1)
      if (y && tokens[j + 1]?.text !== ',') return {end: y.next, kind: 'season', from: {year: y.year, season}}
      return undefined
    }
    const century = centuryAt(tokens, j)
    if (century) return century
    const m = monthAt(tokens, j)
    if (m) return parseMonthFirst(tokens, j, m)
    return undefined
  }
  if (t.kind !== 'num') return undefined
  // Decades: 1980s; "the 1980’s" (an apostrophe right after a round year, after "the" or a qualifier).
  if (t.digits === 4 && t.suffix === 's' && t.value! % 10 === 0 && t.value! >= 1000 && t.value! <= 2090)
    return {end: j + 1, kind: 'decade', from: {decade: t.value! / 10}}
  const poss = tokens[j + 1]
  if (t.digits === 4 && !t.suffix && t.value! % 10 === 0 && t.value! >= 1000 && t.value! <= 2090 && poss?.kind === 'poss' &&
    poss.start === t.end && ['the', 'early', 'late', 'mid', '-', 'of'].includes(tokens[j - 1]?.lower ?? ''))
    return {end: j + 2, kind: 'decade', from: {decade: t.value! / 10}}
  const century = centuryAt(tokens, j)
  if (century) return century
  const y = yearAt(tokens, j)
  if (y !== undefined) return isoDateAt(tokens, j, y) ?? {end: j + 1, kind: 'year', from: {year: y}, bare: 'year'}
  const d = dayAt(tokens, j)
  if (d !== undefined) return parseDayFirst(tokens, j, d, afterThe)
  return undefined
}

/** "21st century", "the twentieth century", "twenty-first century". */
function centuryAt(tokens: Token[], j: number): Element | undefined {
  const t = tokens[j]!
  let n: number | undefined
  let k = j + 1
  if (t.kind === 'num' && t.digits && t.digits <= 2 && isOrdinal(tokens, j)) n = t.value
  else if (t.kind === 'word' && ORDINAL_WORDS[t.lower] !== undefined) n = ORDINAL_WORDS[t.lower]
  else if (t.kind === 'word' && t.lower === 'twenty' && tokens[j + 1]?.kind === 'dash' && tokens[j + 2]?.lower === 'first') {
    n = 21
    k = j + 3
  }
  if (n === undefined || n < 1 || n > 21) return undefined
  if (tokens[k]?.lower !== 'century') return undefined
  return {end: k + 1, kind: 'century', from: {century: n - 1}, fixedForm: true}
}

/** "26 February 1992", "25-26 October 2019", "the 20th January", "the 4th of July", "10-11 FEBRUARY". */
function parseDayFirst(tokens: Token[], j: number, d1: number, afterThe: boolean): Element | undefined {
  let k = j + 1
  let d2: number | undefined
  let connector: string | undefined
  const ordinal = isOrdinal(tokens, j)
  const c = tokens[k]
  const between = tokens[j - 1]?.lower === 'between' || (j === 0 && (tokens as TokenList).whole === true)
  if (c && (c.kind === 'dash' || c.lower === 'to' || (between && c.lower === 'and')) && dayAt(tokens, k + 1) !== undefined && monthAt(tokens, k + 2)) {
    d2 = dayAt(tokens, k + 1)
    connector = c.text.toLowerCase()
    k += 2
  }
  if (tokens[k]?.lower === 'of' && (ordinal || afterThe)) k++
  const m = monthAt(tokens, k)
  if (!m) return undefined
  k = m.next
  const y = yearAfter(tokens, k)
  const year = y?.year
  if (y) k = y.next
  const from: DatePart = {year, month: m.month, day: d1}
  if (!validDay(from)) return undefined
  const el: Element = {end: k, kind: 'day', from, order: 'dmy'}
  if (ordinal || afterThe || tokens[j + 1]?.lower === 'of') el.fixedForm = true
  if (d2 !== undefined) {
    const to: DatePart = {year, month: m.month, day: d2}
    if (!(d2 > d1) || !validDay(to)) return undefined
    el.to = to
    el.connector = connector
  }
  return el
}

/** "February 13, 1988", "May 1990", "January 30-31, 1992", "February 16 to March 2", "July 18", "in February". */
function parseMonthFirst(tokens: Token[], j: number, m: {month: number; next: number; abbr: boolean}): Element | undefined {
  let k = m.next
  const y = yearAfter(tokens, k)
  if (y) return {end: y.next, kind: 'month', from: {year: y.year, month: m.month}, order: 'mdy'}
  const d1 = dayAt(tokens, k)
  if (d1 === undefined || !dayFollowOk(tokens, k + 1)) {
    if (m.abbr) return undefined
    return {end: m.next, kind: 'month', from: {month: m.month}, bare: 'month', order: 'mdy'}
  }
  const ordinal = isOrdinal(tokens, k)
  k++
  let to: DatePart | undefined
  let connector: string | undefined
  const c = tokens[k]
  // "between December 16 and 26, 1945"; a whole cell may drop the "between".
  const between = tokens[j - 1]?.lower === 'between' || (j === 0 && (tokens as TokenList).whole === true)
  if (c && (c.kind === 'dash' || c.lower === 'to' || c.lower === 'through' || c.lower === 'until' || (between && c.lower === 'and'))) {
    const m2 = monthAt(tokens, k + 1)
    if (m2 && dayAt(tokens, m2.next) !== undefined && dayFollowOk(tokens, m2.next + 1)) {
      to = {month: m2.month, day: dayAt(tokens, m2.next)}
      connector = c.text.toLowerCase()
      k = m2.next + 1
    } else if (dayAt(tokens, k + 1) !== undefined && dayFollowOk(tokens, k + 2)) {
      const d2 = dayAt(tokens, k + 1)!
      if (d2 > d1) {
        to = {month: m.month, day: d2}
        connector = c.text.toLowerCase()
        k += 2
      }
    }
  }
  const y2 = yearAfter(tokens, k)
  if (y2) k = y2.next
  const from: DatePart = {month: m.month, day: d1}
  if (to) {
    if (y2) {
      to.year = y2.year
      from.year = from.month! * 32 + from.day! > to.month! * 32 + to.day! ? y2.year - 1 : y2.year
    }
    if (!validDay(from) || !validDay(to)) return undefined
  } else if (y2) {
    from.year = y2.year
  }
  if (!validDay(from)) return undefined
  return {end: k, kind: 'day', from, ...(to ? {to, connector} : {}), order: 'mdy', ...(ordinal ? {fixedForm: true} : {})}
}

/** "1988-02-13" printed as ISO 8601 (written without spaces). */
function isoDateAt(tokens: Token[], j: number, year: number): Element | undefined {
  const [d1, m, d2, d] = [tokens[j + 1], tokens[j + 2], tokens[j + 3], tokens[j + 4]]
  // Any dash: a typography pass may have turned the hyphens into en dashes.
  if (!d1 || !m || !d2 || !d || d1.kind !== 'dash' || d2.kind !== 'dash' || d1.text !== d2.text) return undefined
  if (m.kind !== 'num' || d.kind !== 'num' || m.digits !== 2 || d.digits !== 2 || m.suffix || d.suffix) return undefined
  const adjacent = [tokens[j]!, d1, m, d2, d].every((t, k, all) => k === 0 || all[k - 1]!.end === t.start)
  if (!adjacent) return undefined
  const from: DatePart = {year, month: m.value!, day: d.value!}
  if (from.month! < 1 || from.month! > 12 || from.day! < 1 || !validDay(from)) return undefined
  return {end: j + 5, kind: 'day', from}
}

/** A day number after a month is not a day when a unit or a decimal follows ("May 20 percent"). */
function dayFollowOk(tokens: Token[], k: number): boolean {
  const t = tokens[k]
  if (!t) return true
  if (t.kind === 'word' && ['percent', 'per', 'km', 'kilometres', 'kilometers', 'miles', 'people', 'hours', 'years', 'days'].includes(t.lower)) return false
  if (t.text === ':' || t.text === '%') return false
  return true
}
