/**
 * The Markdown writer joins neighbouring `text` nodes before printing (a
 * speed-up: mdast-util-to-markdown escapes node by node). Joining must never
 * change a byte: whatever the text, printing the joined tree gives exactly
 * what printing the tree node by node gives.
 */
import fc from 'fast-check'
import type {PhrasingContent, Root, RootContent} from 'mdast'
import {describe, expect, it} from 'vitest'
import {emitMarkdown, stringifyMarkdown} from '../pipeline/emit/markdown.js'
import {canJoinText} from '../pipeline/emit/join-text.js'

// Letters, digits, spaces and every character an unsafe pattern looks at; then, more
// thinly spread, punctuation that no pattern looks at, non-ASCII, controls and surrogates.
const SYNTAX_HEAVY = 'aAwWps1209 \t\n\r*_#-+.)(![]<>&`~|:@\\=/"\'{}^$%é\u00A0'.split('')
const WIDE = [...SYNTAX_HEAVY, ...',;?’“—\u007F\u0001\uD83D\uDE00'.split('')]
const texts = (alphabet: string[]) =>
  fc.array(
    fc.array(fc.constantFrom(...alphabet), {maxLength: 8}).map((chars) => chars.join('')),
    {minLength: 1, maxLength: 8}
  )

const inline = (values: string[]): PhrasingContent[] => values.map((value) => ({type: 'text', value}))

function documentOf(values: string[], other: string[]): Root {
  const blocks: RootContent[] = [
    {type: 'paragraph', children: inline(values)},
    {type: 'heading', depth: 2, children: inline(other)},
    {type: 'paragraph', children: [...inline(other), {type: 'emphasis', children: inline(values)}, ...inline(values)]},
    {type: 'list', ordered: false, spread: false, children: [{type: 'listItem', spread: false, children: [{type: 'paragraph', children: inline(values)}]}]},
    {
      type: 'table',
      children: [
        {type: 'tableRow', children: [{type: 'tableCell', children: inline(other)}]},
        {type: 'tableRow', children: [{type: 'tableCell', children: inline(values)}]}
      ]
    }
  ]
  return {type: 'root', children: blocks}
}

describe('joining text nodes in the Markdown writer', () => {
  for (const [name, alphabet] of [['syntax-heavy', SYNTAX_HEAVY], ['wide', WIDE]] as const) {
    it(`prints exactly what node-by-node printing prints (${name} text)`, () => {
      fc.assert(
        fc.property(texts(alphabet), texts(alphabet), (values, other) => {
          const tree = documentOf(values, other)
          expect(emitMarkdown(tree)).toBe(stringifyMarkdown(structuredClone(tree)))
        }),
        {numRuns: 2500}
      )
    })
  }

  it('joins ordinary prose lines and keeps risky seams apart', () => {
    expect(canJoinText('the conflict began in ', 'the spring')).toBe(true)
    expect(canJoinText('word', ' - item')).toBe(true)
    expect(canJoinText('word ', '- item')).toBe(false)
    expect(canJoinText('12', '3. item')).toBe(false)
    expect(canJoinText('line\n', 'next')).toBe(false)
    expect(canJoinText('', 'x')).toBe(false)
  })
})
