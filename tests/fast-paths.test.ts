/**
 * Speed paths that must give the answers of the plain code they replace, on
 * any text: text/word-count.ts (words counted and taken without splitting),
 * text/ascii.ts (ASCII twins of \p{…} regular expressions, where every
 * letter and number of the text is ASCII) and their users.
 */
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {asciiLettersOnly, latin1RegExp, asciiTwin, MAYBE_WORD_CHAR, twin, twinTest} from '../pipeline/text/ascii.js'
import {MARK} from '../pipeline/stages/footnotes.js'
import {rowOutline} from '../pipeline/stages/layout.js'
import {YEAR_KEY, YEAR_ROW} from '../pipeline/text/row-shapes.js'
import {hasProse, PROSE_ASCII} from '../pipeline/text/code-lines.js'
import {countWords, firstWords, isSpaceCode} from '../pipeline/text/word-count.js'

const words = (text: string) => text.split(/\s+/).filter(Boolean)
// Every white space \s knows, characters that are not (ZWSP, NEL, letters, marks), surrogates.
const PIECES = ['a', 'Bc', 'é', '\u0301', '𝐀', '7', '.', '—', ' ', '  ', '\t', '\n', '\r', '\v', '\f', '\u00a0', '\u1680', '\u2000', '\u200a', '\u200b', '\u0085', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff', '\u180e', '\uD800']

describe('word count', () => {
  it('isSpaceCode is \\s for every code unit', () => {
    for (let c = 0; c <= 0xffff; c++) expect(isSpaceCode(c), c.toString(16)).toBe(/\s/.test(String.fromCharCode(c)))
  })

  it('countWords and firstWords agree with split(/\\s+/).filter(Boolean)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), {maxLength: 40}), fc.integer({min: 0, max: 12}), (pieces, n) => {
        const text = pieces.join('')
        expect(countWords(text)).toBe(words(text).length)
        expect(countWords(text, n) < n).toBe(words(text).length < n)
        expect(countWords(text, n) >= n).toBe(words(text).length >= n)
        expect(firstWords(text, n)).toBe(words(text).slice(0, n).join(' '))
      }),
      {numRuns: 5000}
    )
  })

  it('counts the words of a line', () => {
    expect(countWords('  The Nagorno-Karabakh  conflict,\u00a01994 ')).toBe(4)
    expect(countWords('one two three four five', 3)).toBe(3)
    expect(firstWords(' Opening   Session - 9:07 a.m.', 3)).toBe('Opening Session -')
  })
})

describe('ASCII twins of Unicode classes', () => {
  it('asciiLettersOnly is true exactly when no letter or mark is outside ASCII and there is no surrogate', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'Z', ' ', '\x7f', '\x80', 'é', 'ß', '’', '“', '–', '\u0301', '𝐀', '\uD800', '\n', '½', 'ª'), {maxLength: 12}), (parts) => {
        const text = parts.join('')
        expect(asciiLettersOnly(text)).toBe(!/[\uD800-\uDFFF]/.test(text) && !/[^\x00-\x7f]/.test(text.replace(/[^\p{L}\p{M}]/gu, '')))
      })
    )
  })

  it('PROSE_ASCII answers as PROSE on text whose letters are ASCII', () => {
    const PROSE = /\p{Ll}{2,}[,;]? \p{Ll}{2,}[,;]? \p{Ll}{2,}|\p{L}{2,}[,;]? \p{L}{2,}[,;]? \p{L}{2,}[,;]? \p{L}{2,}/u
    const pieces = ['ab', 'c', 'De', 'XY', ' ', '  ', ',', ';', '=', '{', '1', '_', '\t', '.', '’', '“', '–', '½']
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), {maxLength: 16}), (parts) => {
        const text = parts.join('')
        expect(hasProse(text)).toBe(PROSE.test(text))
        expect(PROSE_ASCII.test(text)).toBe(PROSE.test(text))
      }),
      {numRuns: 5000}
    )
    expect(hasProse('the value of x, y')).toBe(true)
    expect(hasProse('naïve café au lait')).toBe(true)
  })
})

describe('rowOutline with ASCII twins', () => {
  /** rowOutline as it was, with the Unicode classes only. */
  function unicodeOutline(text: string): string {
    const out: string[] = []
    for (const token of text.trim().split(/( {2,}|\t)| +|(?=[^\p{L}\p{N}\s])|(?<=[^\p{L}\p{N}\s])/u)) {
      if (token === undefined || token === '') continue
      const kind = /^\s+$/.test(token) ? '|' : /^\p{Lu}/u.test(token) ? 'A' : /^\p{L}/u.test(token) ? 'a' : /^\p{N}/u.test(token) ? '#' : token
      if (kind === 'a' && out.at(-1) === 'a') continue
      out.push(kind)
    }
    return out.join(' ')
  }

  it('gives the outline the Unicode classes give, on any text', () => {
    const pieces = ['Paris', 'a', 'B', '12', ' ', '  ', '\t', '\u00a0', ':', '.', '-', '’', '“', '–', 'é', 'Ö', '½', '٣', '\u0301', '𝐀', '\uD800', '(', '%']
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), {maxLength: 14}), (parts) => {
        const text = parts.join('')
        expect(rowOutline(text)).toBe(unicodeOutline(text))
      }),
      {numRuns: 5000}
    )
    expect(rowOutline('12 March 1999')).toBe('# A #')
    expect(rowOutline('Paris: Meeting of the group')).toBe('A : A a')
  })
})

describe('asciiTwin', () => {
  // The pairs dehyphenate.ts and repair-edges.ts use: each twin must answer as its Unicode form.
  const pairs: Array<[RegExp, RegExp]> = [
    [/^(?:\.[\p{L}\p{N}]|[/@_\\])/u, /^(?:\.[A-Za-z0-9]|[/@_\\])/],
    [/:\/\/|^www\.|^[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+\//u, /:\/\/|^www\.|^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+\//],
    [/[\p{L}\p{N}]\/[\p{L}\p{N}]/u, /[A-Za-z0-9]\/[A-Za-z0-9]/],
    [
      /^(?:\/|[?&#=])|^[\p{Ll}\p{N}][\p{L}\p{N}]*[/?&=#._~-][^\s]*[^\s.,;:!?)]$|^[\p{Ll}\p{N}][\p{L}\p{N}]*\//u,
      /^(?:\/|[?&#=])|^[a-z0-9][A-Za-z0-9]*[/?&=#._~-][^\s]*[^\s.,;:!?)]$|^[a-z0-9][A-Za-z0-9]*\//
    ],
    [/[\\/_@={}<>#~|]|:\/\/|\p{L}\.\p{L}|\p{L}\p{N}|\p{N}\p{L}/u, /[\\/_@={}<>#~|]|:\/\/|[A-Za-z]\.[A-Za-z]|[A-Za-z][0-9]|[0-9][A-Za-z]/]
  ]
  it('answers as the Unicode form on any text', () => {
    const pieces = ['a', 'Z', 'tug', '7', '.', '/', ':', '//', 'www.', '-', '_', '@', '\\', '?', '=', ' ', '’', 'é', '½', '٣', '\u0301', '𝐀', ')', ',']
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), {maxLength: 10}), (parts) => {
        const text = parts.join('')
        for (const [unicode, ascii] of pairs) expect(asciiTwin(unicode, ascii).test(text), `${unicode} on ${text}`).toBe(unicode.test(text))
      }),
      {numRuns: 5000}
    )
  })
})

describe('row shapes with ASCII twins', () => {
  it('YEAR_KEY and YEAR_ROW answer as their Unicode forms', () => {
    const YEAR = String.raw`\d{4}(?:[–-](?:\d{4}|\d{2}|\p{Ll}+))?`
    const key = new RegExp(`^${YEAR}$`, 'u')
    const row = new RegExp(String.raw`^${YEAR}\s+["“(\[]*\p{Lu}`, 'u')
    const pieces = ['1921', '29', '–', '-', 'present', 'é', 'D', 'É', ' ', '“', '(', 'a', '½', '𝐀', '7']
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), {maxLength: 8}), (parts) => {
        const text = parts.join('')
        expect(YEAR_KEY.test(text)).toBe(key.test(text))
        expect(YEAR_ROW.test(text)).toBe(row.test(text))
      }),
      {numRuns: 5000}
    )
    expect(YEAR_ROW.test('1921–1929 Division of Publications (DP)')).toBe(true)
    expect(YEAR_KEY.test('1938–present')).toBe(true)
  })
})

describe('twin (Latin-1 twins derived from the source)', () => {
  it('MAYBE_WORD_CHAR lets through no letter, mark, number or surrogate outside ASCII', () => {
    const wordChar = /[\p{L}\p{M}\p{N}]/u
    for (let c = 0x80; c < 0x10000; c++) {
      const ch = String.fromCharCode(c)
      if (!MAYBE_WORD_CHAR.test(ch)) expect(wordChar.test(ch) || (c >= 0xd800 && c <= 0xdfff), `U+${c.toString(16)}`).toBe(false)
    }
  })

  it('latin1RegExp rewrites each class to its Latin-1 part and refuses what it cannot twin', () => {
    expect(latin1RegExp(/^\p{Lu}x[^\p{Ll}]\p{M}/u).toString()).toBe(String.raw`/^[A-Z\u00c0-\u00d6\u00d8-\u00de]x[^a-z\u00b5\u00df-\u00f6\u00f8-\u00ff][]/u`)
    expect(() => latin1RegExp(/\P{L}/u)).toThrow()
    expect(() => latin1RegExp(/\p{Lt}/u)).toThrow()
    // Each twin class holds exactly the Latin-1 members of its Unicode class, also case-insensitively.
    expect(() => latin1RegExp(/\p{Lu}/iu)).toThrow()
    for (const name of ['L', 'Lu', 'Ll', 'N', 'M'])
      for (const flags of name === 'Lu' || name === 'Ll' ? ['u'] : ['u', 'iu']) {
        const unicode = new RegExp(String.raw`^\p{${name}}$`, flags)
        const latin1 = latin1RegExp(unicode)
        for (let c = 0; c < 0x100; c++) expect(latin1.test(String.fromCharCode(c)), `${name} ${c}`).toBe(unicode.test(String.fromCharCode(c)))
      }
  })

  it('the twins in use answer, match and index as their Unicode forms on any text', () => {
    const forms = [
      /^(?=(?:.*\p{Lu}){2})[^\p{Ll}]+$/u,
      /(?:[,:;&–—-]|(?<![\p{L}/])(?:and|or|of|the|a|an|for|in|on|to|with|from|by|at|as|under|between|against|vs\.?))$/iu,
      /^\d{1,2}(?:\.\d{1,2})+\.?\s+["“(\[]*\p{Lu}/u,
      /^\p{Lu}[\p{L}/’'-]*(?: [\p{L}/’'-]+){0,2}: \S/u,
      /^(\d{1,3})(?:$|\s+(?=\S)|(?=[\p{L}“"‘'(\[§]|https?:))/u,
      /\p{Ll}{2}(\d{1,3})$/u,
      /(?:^|\s)(?:\p{L}\.){2,}$/u,
      /^(\p{Lu}\p{L}+)\s+(?:\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,6}|[A-Z])(?:\s*[–—:.-]\s*(.*)|[.:])?$/u,
      /https?:\/\/|www\.\S|\S@\S+\.\p{L}/u,
      /^(\p{L}[\p{L}'’/-]*(?:\s+\p{L}[\p{L}'’/-]*){0,2}):\s+\S/u,
      /([\p{L}\p{M}\p{N}]+(?:[-\u2010][\p{L}\p{M}\p{N}]+)*)([-\u2010\u00AD])(\s*)$/u,
      /^[\p{L}\p{M}\p{N}]+/u,
      /^(\p{L}+)(\d{1,3})$/u,
      /[\p{L}\p{N}"”’')\]](?:--|—)$/u,
      /^["“‘']?(?:(\p{Ll})|(\p{Lu}[\p{L}\p{M}]+))(?![.)])/u,
      /^\d{1,2}[.)]\s+\p{Lu}/u,
      /^\p{Lu}\p{Ll}/u,
      /(?:^|\s)(?:\p{Ll}\.){2,}$/u,
      /^["“‘']?\p{Lu}/u,
      /\p{L}+/u,
      /^A\s+\p{Ll}/u,
      /^\p{Lu}\p{Ll}+$/u,
      /^[-\u2010]\p{N}/u,
      /^["“‘'(\[]*\p{Ll}/u,
      /^["“‘'(\[]*[\p{Lu}\p{N}]/u,
      /^([("“‘'\[]*)([\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*)(?=$|[\s,.;:!?)"”’\]])/u,
      /(?:^|[\s("“‘\[])([\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*)([,.;:!?)"”’\]]*)(\s*)$/u,
      /^[\p{Lu}\p{M}]{2,}$/u,
      /^(APPENDIX|ANNEXE?|Appendix|Annexe?)(?![\p{L}\p{N}])/u,
      /^(\d{1,3}|[IVXLCDM]{1,7}|[A-Z])(?![\p{L}\p{N}])/u,
      /\p{L}\?["”’)]*$/u,
      /\p{L}{3}/u,
      /\p{L}-(?:\s*$| {3,}\S)/u,
      /(?<=\p{L})(?:[Pp]age\s+\d{1,4}(?:\s*(?:of|\/)\s*\d{1,4})?|[-–—]{1,2}\s*\d{1,4}\s*[-–—]{1,2})\s*$/u,
      /^(\d{4}(?:[–-](?:\d{4}|\d{2}|\p{Ll}+))?|\d{1,2}\/\d{1,2}\/\d{2,4})(?=\s|\p{Lu}|$)\s*/u
    ]
    const pieces = ['A', 'Bc', 'and', 'APPENDIX', 'Annex', 'II', '?', '’s', 'ß', 'ÿ', 'Ÿ', 'µ', 'μ', 'ª', '²', 'Ö', '×', 'Page 3', '1921', '1921–', '3/4/99', '   ', 'Hyph-', '\u00AD', '—', '--', 'ABC', '&', 'OF', 'x', '7', '12', '1.2', '.', ':', ' ', '  ', '’', '“', '(', '-', '–', 'é', 'É', 'ſ', 'K', '½', '٣', '\u0301', '𝐀', 'www.', 'http://', '@', 'IV']
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), {maxLength: 10}), (parts) => {
        const text = parts.join('')
        for (const form of forms) {
          const t = twinTest(form)
          expect(t.test(text), `${form} on ${text}`).toBe(form.test(text))
          expect(t.exec(text), `${form} on ${text}`).toEqual(form.exec(text))
        }
        for (const global of [/[\p{L}\p{M}]{6,}/gu, /\p{Lu}[\p{Lu}\p{N}&.]*\p{Lu}/gu, /\p{Lu}/gu, /\p{Ll}/gu]) {
          expect([...text.matchAll(twin(global)(text))].map((m) => m.index)).toEqual([...text.matchAll(global)].map((m) => m.index))
        }
        const marks = [...text.matchAll(twin(MARK)(text))].map((m) => [m.index, m[0]])
        expect(marks).toEqual([...text.matchAll(MARK)].map((m) => [m.index, m[0]]))
      }),
      {numRuns: 3000}
    )
  })

  it('a twin asked at one character decides as the Unicode form', () => {
    const end = twin(/\p{L}$/u)
    const start = twin(/^\p{Ll}/u)
    for (const text of ['', 'a', 'Z', '1', 'ÿ', 'Ÿ', 'µx', 'x²', '٣', '٣x', '½x', 'é', 'É', '’', 'x’', '’x', '7', '½', '𝐀', 'a𝐀', '\u0301', 'ab\u0301']) {
      expect(end(text, text.length - 1).test(text), text).toBe(/\p{L}$/u.test(text))
      expect(start(text, 0).test(text), text).toBe(/^\p{Ll}/u.test(text))
      expect(twinTest(/^\p{N}/u, 'first').test(text), text).toBe(/^\p{N}/u.test(text))
      expect(twinTest(/^[\p{Lu}\p{N}]/u, 'first').test(text), text).toBe(/^[\p{Lu}\p{N}]/u.test(text))
    }
  })
})
