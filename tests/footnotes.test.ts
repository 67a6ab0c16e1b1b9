import type {FootnoteDefinition} from 'mdast'
import {toString} from 'mdast-util-to-string'
import {describe, expect, it} from 'vitest'
import {toJsonDocument} from '../pipeline/emit/json.js'
import {listChanges} from '../pipeline/messages.js'
import {fixtures, runStages} from './helpers/run-stages.js'

const fixture = fixtures('footnotes')
const build = runStages

const body = (md: string) => md.split('\n').filter((l) => l && !l.startsWith('[^') && !l.startsWith('#') && !/^(---|title:|source:|  )/.test(l))

// Notes glued to their number (MuPDF) and numbers on a line of their own (pdftotext -raw).
for (const name of ['glued.txt', 'raw.txt']) {
  describe(`footnotes (${name})`, () => {
    it('turns markers and page-foot notes into GFM footnotes, and joins the paragraph they cut', async () => {
      const {markdown} = await build(fixture(name))
      const text = body(markdown)
      // One body paragraph: the notes and the page break did not cut it.
      expect(text).toHaveLength(1)
      expect(text[0]).toContain('at once.[^1] The traders')
      expect(text[0]).toContain('long before,[^2] and that')
      expect(text[0]).toContain('had raised.[^3] Two')
      expect(text[0]).toContain('the county court, but within a month')
      // No note text left in the body.
      expect(text[0]).not.toMatch(/Minutes of the Harbour|renewed twice|Judgment of the county/)
      expect(markdown).toContain('[^1]: Minutes of the Harbour Board, 14 April 1998, folio 22; the toll schedule is printed as an annex.')
      expect(markdown).toContain('[^2]: The charter of 1871 was renewed twice, in 1902 and in 1931, each time for a term of thirty years, and its last renewal was never registered with the county.')
      expect(markdown).toContain('[^3]: Judgment of the county court')
    })

    it('never takes a year, an article number or a quantity for a marker', async () => {
      const {markdown} = await build(fixture(name))
      expect(markdown).toContain('spring of 1998 to settle')
      expect(markdown).toContain('Under Article 78 of the old charter')
      expect(markdown).toContain('a toll of 12 shillings')
      expect(markdown).toContain('toll to 8 shillings')
      expect(markdown.match(/\[\^\d+\]:/g)).toHaveLength(3)
    })

    it('gives footnote blocks in JSON and records every note and marker', async () => {
      const {tree, file} = await build(fixture(name))
      const notes = toJsonDocument(tree, file, 'test').blocks.filter((b) => b.type === 'footnote')
      expect(notes.map((n) => n.number)).toEqual(['1', '2', '3'])
      expect(notes[1]!.text).toMatch(/^The charter of 1871/)
      expect(notes[0]!.position?.start.line).toBeGreaterThan(1)
      const changes = listChanges(file)
      expect(changes.filter((c) => c.ruleId === 'footnotes:definition')).toHaveLength(3)
      expect(changes.filter((c) => c.ruleId === 'footnotes:reference').map((c) => c.original)).toEqual(['1', '2', '3'])
      const defs = tree.children.filter((n): n is FootnoteDefinition => n.type === 'footnoteDefinition')
      expect(defs.map((d) => toString(d).slice(0, 8))).toEqual(['Minutes ', 'The char', 'Judgment'])
    })
  })
}

describe('footnotes without notes', () => {
  it('leaves numbers alone when no page foot carries a note of that number', async () => {
    const raw = 'The survey of 1921 counted 3 mills.1 Each mill employed 40 hands.\nA second survey in 1931 found 2 mills left.\n'
    const {markdown} = await build(raw)
    expect(markdown).toContain('3 mills.1 Each mill employed 40 hands.')
    expect(markdown).not.toContain('[^')
  })
})

describe('footnotes as pdftotext and MuPDF scatter them', () => {
  it('joins the line an extractor broke at a marker, and goes on with the numbering past a note whose number moved', async () => {
    const {markdown} = await build(fixture('misplaced.txt'))
    const text = body(markdown)
    expect(text).toHaveLength(1)
    // "at once." / "1 The traders …": the marker that started the next line, glued back.
    expect(text[0]).toContain('did so at once.[^1] The traders answered')
    expect(text[0]).not.toMatch(/Minutes of the Harbour|renewed twice|Judgment of the county/)
    // Note 2's number stood apart from its text, at the page foot (pdftotext): note 2 starts where
    // note 1 ends, and the number is taken out of the body; note 3 is still found.
    expect(markdown).toContain('[^1]: Minutes of the Harbour Board, 14 April 1998, folio 22; the toll schedule is printed as an annex.\n')
    expect(markdown).toContain('[^2]: The charter of 1871 was renewed twice, in 1902 and in 1931, each time for a term of thirty years, and its last renewal was never registered with the county.\n')
    expect(text[0]).toContain('long before,[^2] and that')
    expect(text[0]).not.toMatch(/county court, 2 but/)
    expect(markdown).toContain('[^3]: Judgment of the county court, 2 June 1998, reported in full in the weekly paper of 6 June.')
    expect(markdown).not.toMatch(/\[\^\d+\]: *\n/)
  })
})

describe('footnotes whose number pdftotext joined to a broken word', () => {
  it('takes the number off the body line, keeps the word whole and finds the note after the blank line', async () => {
    const {markdown, file} = await build(fixture('joined.txt'))
    const text = body(markdown)
    expect(text).toHaveLength(1)
    expect(text[0]).toContain('at once.[^1] The traders')
    expect(text[0]).toContain('without any comment. The application went to the county court')
    expect(text[0]).not.toMatch(/Minutes of the Harbour|ap1/)
    expect(markdown).toContain('[^1]: Minutes of the Harbour Board, 14 April 1998, folio 22; the toll schedule is printed as an annex.')
    const joined = listChanges(file).filter((c) => c.ruleId === 'footnotes:joined-number')
    expect(joined.map((c) => [c.original, c.replacement])).toEqual([['1', '-']])
  })
})

describe('footnotes next to section numbers', () => {
  it('never takes the last level of a section number printed on its own line for a marker', async () => {
    const raw = [
      'The Harbour Board met in the spring of 1998 to settle the tolls that the river traders had',
      'disputed for years, and it fixed a toll of twelve shillings at its first meeting.',
      '1.1',
      '',
      'Background',
      '',
      'The traders answered with a petition signed by more than forty masters,1 who argued that',
      'the charter had lapsed long before, and that the Board had no standing to raise any toll.',
      '1',
      '',
      'Minutes of the Harbour Board, 14 April 1998, folio 22; the toll schedule is in an annex.',
      ''
    ].join('\n')
    const {markdown} = await build(raw)
    expect(markdown).not.toContain('1.[^1]')
    expect(markdown).toContain('forty masters,[^1] who argued')
    expect(markdown).toContain('[^1]: Minutes of the Harbour Board')
  })
})

describe('footnote markers set apart from the punctuation after them (pdftotext)', () => {
  it('places the reference before the comma, without the space, and records it', async () => {
    const raw = [
      'The Harbour Board met in the spring of 1998 to settle the tolls that the river traders had',
      'disputed for years, in harmony with the charters1 , the county rules2 , and the old customs.',
      'The traders answered with a petition signed by more than forty masters, who argued that',
      'the charter had lapsed long before, and that the Board had no standing to raise any toll.',
      '1',
      'Minutes of the Harbour Board, 14 April 1998, folio 22; the toll schedule is in an annex.',
      '2',
      'County rules of 1871, as renewed in 1902 and in 1931, each time for thirty years.',
      ''
    ].join('\n')
    const {markdown, file} = await build(raw)
    expect(markdown).toContain('with the charters[^1], the county rules[^2], and the old customs.')
    const spaces = listChanges(file).filter((c) => c.ruleId === 'footnotes:reference' && c.original === ' ')
    expect(spaces).toHaveLength(2)
  })
})

describe('a note whose last stop the extractor put on a line of its own', () => {
  it('keeps the lone stop in the note, so the body word cut by the notes joins across them', async () => {
    const raw = [
      'The Harbour Board met in the spring of 1998 to settle the tolls that the river traders had',
      'disputed for years, under the charter1 and the county rules.2 The traders answered with a',
      'petition signed by more than forty masters, who argued that the tolls had never been regis-',
      '1',
      'Minutes of the Harbour Board, 14 April 1998, folio 22; the toll schedule is kept by the',
      'Board’s clerk',
      '.',
      '2',
      'County rules of 1871, as renewed in 1902 and in 1931, each time for thirty years.',
      '\ftered with the county, and that the Board had no standing to raise any toll at all.',
      ''
    ].join('\n')
    const {markdown} = await build(raw)
    expect(markdown).toContain('the tolls had never been registered with the county')
    expect(markdown).toContain('[^1]: Minutes of the Harbour Board, 14 April 1998, folio 22; the toll schedule is kept by the Board’s clerk.')
    expect(body(markdown).join('\n')).not.toMatch(/ \.|regis- /)
  })
})

describe('a count after a comma before the glued marker of the same number', () => {
  it('takes the glued marker, and leaves the count in the text', async () => {
    const raw = [
      'The Harbour Board met in the spring of 1998 to settle the tolls that the river traders had',
      'disputed for years, under the charter.1 Of the barges counted that year, 12 were laden,',
      'and of the rest, 2 stood idle at the quay while the tolls rose by between 40% and 60%.2 The',
      'answered with a petition signed by more than forty masters, who argued that the charter',
      'had lapsed long before, and that the Board had no standing to raise any toll at all.',
      '1',
      'Minutes of the Harbour Board, 14 April 1998, folio 22; the toll schedule is in an annex.',
      '2',
      'County rules of 1871, as renewed in 1902 and in 1931, each time for thirty years.',
      ''
    ].join('\n')
    const {markdown} = await build(raw)
    expect(markdown).toContain('and of the rest, 2 stood idle at the quay while the tolls rose by between 40% and 60%.[^2] The')
    expect(markdown).toContain('[^2]: County rules of 1871')
  })
})

describe('a note whose last line ends a sentence at a page foot', () => {
  it('is closed there: a wide line before the next page\'s note is body text (a line the extractor merged)', async () => {
    const body = (n: number) => `The Harbour Board met in the spring of ${1900 + n} to settle the tolls that the traders had`
    const raw = [
      ...Array.from({length: 6}, (_, i) => body(i)),
      'disputed for years, under the charter of the old town.1 The traders answered with a petition.',
      '1 Minutes of the Harbour Board, 14 April 1998, folio 22; the toll schedule is printed as an annex to them.',
      '\f' + body(10),
      ...Array.from({length: 5}, (_, i) => body(11 + i)),
      'The masters, however, had sent their own letter to the county court, where the judges read it and sent it back to the Board with a note.2',
      '2 Judgment of the county court, 3 May 1999, in the matter of the tolls; printed in the annual report.',
      ''
    ].join('\n')
    const {markdown} = await build(raw)
    expect(markdown).toContain('[^1]: Minutes of the Harbour Board, 14 April 1998, folio 22; the toll schedule is printed as an annex to them.\n')
    expect(markdown).toMatch(/The masters, however, had sent their own letter to the county court, where the judges read it and sent it back to the Board with a note\.\[\^2\]/)
  })
})

describe('a note line that ends in a citation abbreviation', () => {
  it('goes on with the next line in lower case ("(see p." / "iii of …")', async () => {
    const raw = [
      'The Harbour Board met in the spring of 1998 to settle the tolls that the river traders had',
      'disputed for years, under the charter.1 The traders answered with a petition signed by more',
      'than forty masters, who argued that the charter had lapsed long before, and that the Board',
      'had no standing to raise any toll.2 The Board did not answer them until the next spring.',
      '1',
      'Minutes of the Harbour Board, 14 April 1998, folio 22, at http://example.org/minutes (see p.',
      'iii of the printed minutes for the schedule of tolls that the Board adopted that day).',
      '2',
      'County rules of 1871, as renewed in 1902 and in 1931, each time for thirty years.',
      ''
    ].join('\n')
    const {markdown} = await build(raw)
    expect(markdown).toMatch(/\[\^1\]: Minutes of the Harbour Board, .* \(see p\. iii of the printed minutes for the schedule of tolls that the Board adopted that day\)\./)
    expect(body(markdown).join('\n')).not.toContain('printed minutes')
  })
})

describe('a note marker glued to the second half of a word broken at the line end', () => {
  it('is no part of the word: the break is joined ("im-" / "pact1")', async () => {
    const raw = [
      'The Harbour Board met in the spring of 1998 to settle the tolls that the river traders had',
      'disputed for years, and weighed the potential im-',
      'pact1 of each toll on the trade of the town before it voted on the schedule of that spring.',
      'The traders answered with a petition signed by more than forty masters, who argued that',
      'the charter had lapsed long before, and that the Board had no standing to raise any toll.',
      '1',
      'Minutes of the Harbour Board, 14 April 1998, folio 22; the toll schedule is in an annex.',
      ''
    ].join('\n')
    const {markdown, file} = await build(raw)
    expect(markdown).toContain('weighed the potential impact[^1] of each toll')
    const join = listChanges(file).find((c) => c.ruleId === 'dehyphenate:join')
    expect(join).toMatchObject({original: 'im-\npact', replacement: 'impact'})
  })
})
