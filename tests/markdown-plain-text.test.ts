/**
 * The Markdown writer prints text that no unsafe pattern can match without
 * running the patterns (`isPlainText`). That must never change a byte: on
 * any text, in any block, it prints what the stock writer prints.
 */
import fc from 'fast-check'
import type {PhrasingContent, Root, RootContent} from 'mdast'
import {describe, expect, it} from 'vitest'
import {isPlainText, stringifyMarkdown, stringifyMarkdownStock} from '../pipeline/emit/markdown.js'

// Letters and digits that patterns use as context, spaces, every character a pattern looks at;
// then punctuation no pattern looks at, non-ASCII, controls and surrogates.
const ALPHABET = 'aAwWps1209 \t\n\r*_#-+.)(![]<>&`~|:@\\=/"\'{}^$%é\u00A0,;?’“—\u007F\u0001\uD83D\uDE00'.split('')
// Mostly prose, so that the shortcut is taken often.
const PROSE = 'abcwWps 0123456789 .,;:-()"\'’/é'.split('')
const text = (alphabet: string[]) => fc.array(fc.constantFrom(...alphabet), {maxLength: 12}).map((chars) => chars.join(''))
const texts = (alphabet: string[]) => fc.array(text(alphabet), {minLength: 1, maxLength: 5})
const inline = (values: string[]): PhrasingContent[] => values.map((value) => ({type: 'text', value}))

/** The values in every kind of block, next to inline nodes that give them context from both sides. */
function documentOf(values: string[], other: string[]): Root {
  const mixed: PhrasingContent[] = [
    ...inline(values),
    {type: 'inlineCode', value: 'x'},
    ...inline(other),
    {type: 'emphasis', children: inline(values)},
    {type: 'link', url: 'https://example.org/', children: inline(other)},
    ...inline(values),
    {type: 'break'},
    ...inline(other)
  ]
  const blocks: RootContent[] = [
    {type: 'paragraph', children: inline(values)},
    {type: 'heading', depth: 2, children: mixed},
    {type: 'paragraph', children: mixed},
    {type: 'list', ordered: true, spread: false, children: [{type: 'listItem', spread: false, children: [{type: 'paragraph', children: mixed}]}]},
    {type: 'blockquote', children: [{type: 'paragraph', children: inline(other)}]},
    {
      type: 'table',
      children: [
        {type: 'tableRow', children: [{type: 'tableCell', children: inline(other)}, {type: 'tableCell', children: mixed}]},
        {type: 'tableRow', children: [{type: 'tableCell', children: inline(values)}, {type: 'tableCell', children: inline(other)}]}
      ]
    }
  ]
  return {type: 'root', children: blocks}
}

describe('printing plain text without the unsafe patterns', () => {
  for (const [name, alphabet] of [['syntax-heavy', ALPHABET], ['prose', PROSE]] as const) {
    it(`prints exactly what the stock writer prints (${name} text)`, () => {
      fc.assert(
        fc.property(texts(alphabet), texts(alphabet), (values, other) => {
          const tree = documentOf(values, other)
          expect(stringifyMarkdown(tree)).toBe(stringifyMarkdownStock(structuredClone(tree)))
        }),
        {numRuns: 1500}
      )
    })
  }

  it('takes the shortcut for prose and not for risky text', () => {
    const stack = ['paragraph', 'phrasing']
    expect(isPlainText('The talks began in 1992, in Minsk (Belarus).', '\n', stack)).toBe(true)
    expect(isPlainText('12 March 1992', undefined, stack)).toBe(true)
    expect(isPlainText('12. March', undefined, stack)).toBe(false)
    expect(isPlainText('- item', undefined, stack)).toBe(false)
    expect(isPlainText('trailing ', undefined, stack)).toBe(false)
    expect(isPlainText('trailing ', '\n', stack)).toBe(false)
    expect(isPlainText('7608 ', '3', stack)).toBe(true)
    expect(isPlainText('see www.example.org', undefined, stack)).toBe(false)
    expect(isPlainText('see www', '.', stack)).toBe(true)
    expect(isPlainText('see http:', '/', stack)).toBe(false)
    expect(isPlainText('a * b', undefined, stack)).toBe(false)
    expect(isPlainText('title', undefined, ['link', 'label', 'phrasing'])).toBe(false)
  })
})
