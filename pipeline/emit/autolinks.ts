/**
 * Web addresses in prose, as links: `https://example.org/a` in a paragraph is
 * written `<https://example.org/a>` (an autolink every CommonMark reader and
 * pandoc read as a link) instead of `https\://example.org/a`. The text is the
 * address as printed; only the Markdown changes (an address glued to a
 * footnote number, `8https://…`, is one too) (`www.example.org` is a link
 * to `http://www.example.org`, as GFM makes it). The end of an address
 * follows GFM's autolink rule: trailing punctuation (`.,:;!?*_~'"’”`) is not
 * part of it, nor a closing parenthesis or bracket without its opener.
 */
import type {PhrasingContent, Text} from 'mdast'

/** Characters of an address (RFC 3986, ASCII): others end it, so readers print the address unchanged. */
const CHARS = String.raw`[A-Za-z0-9\-._~:/?#@!$&'()*+,;=%]`
const URL = new RegExp(String.raw`(?<![\p{L}_])https?:\/\/${CHARS}+|(?<![\p{L}\p{N}_.@/-])www\.[A-Za-z0-9_-]+\.${CHARS}+`, 'giu')
const TRAILING = /[.,:;!?*_~'"’”]$/u

/** The end of the address that starts `candidate` (GFM: no trailing punctuation, balanced parentheses). */
function trimAddress(candidate: string): string {
  let url = candidate
  for (;;) {
    if (TRAILING.test(url)) url = url.slice(0, -1)
    else if (url.endsWith(')') && count(url, '(') < count(url, ')')) url = url.slice(0, -1)
    else if (url.endsWith(']') && count(url, '[') < count(url, ']')) url = url.slice(0, -1)
    else return url
  }
}

function count(text: string, char: string): number {
  let n = 0
  for (const c of text) if (c === char) n++
  return n
}

/** `node` split into text and link nodes at the web addresses in it (the node itself when there are none). */
export function linkAddresses(node: Text): PhrasingContent[] {
  if (!node.value.includes('://') && !/www\./i.test(node.value)) return [node]
  const out: PhrasingContent[] = []
  let cursor = 0
  for (const match of node.value.matchAll(URL)) {
    const url = trimAddress(match[0])
    const www = /^www\./i.test(url)
    // A scheme with nothing after it is not an address; nor is `www.` with one word.
    if (www ? !/^www\.[^.]+\.[^.]/i.test(url) : url.length <= match[0].indexOf('//') + 2 + 1) continue
    // pandoc reads `{…}` right after a link as the link's attributes: such an address stays text.
    if (node.value.charAt(match.index! + url.length) === '{') continue
    if (match.index! > cursor) out.push({type: 'text', value: node.value.slice(cursor, match.index)})
    out.push({type: 'link', url: www ? `http://${url}` : url, children: [{type: 'text', value: url}]})
    cursor = match.index! + url.length
  }
  if (cursor === 0) return [node]
  if (cursor < node.value.length) out.push({type: 'text', value: node.value.slice(cursor)})
  return out
}
