/**
 * Heading ids as GitHub and pandoc (`gfm_auto_identifiers`) give them to the
 * Markdown headings, through github-slugger (the slugger GitHub's renderer
 * uses): lowercase, punctuation removed, spaces to hyphens, non-Latin letters
 * kept, no truncation, and a repeated heading gets `-1`, `-2`, … in document
 * order. A link to `doc.md#some-heading` therefore finds the same heading in
 * the JSON, the HTML and on GitHub.
 */
import GithubSlugger from 'github-slugger'
import type {Heading, Nodes, Root} from 'mdast'
import {toString} from 'mdast-util-to-string'

/** Hands out heading ids in document order; ids of other blocks are never reused. */
export class HeadingSlugger {
  private readonly slugger = new GithubSlugger()
  private readonly reserved = new Set<string>()

  /** An id that is already taken by a block that is not a heading (`p-3`). */
  reserve(id: string): void {
    this.reserved.add(id)
  }

  /** The id of the next heading, from its text as printed. */
  next(text: string): string {
    // A heading with no letter or digit (`***`) gets an id anyway: ids are never empty.
    let id = this.slugger.slug(text) || this.slugger.slug('section')
    // Only when a heading's slug is another block's id does it differ from GitHub's.
    while (this.reserved.has(id)) id = this.slugger.slug(text || 'section')
    return id
  }
}

/**
 * Give `headings` (top-level headings of `tree`, in document order) their
 * GitHub ids from the text the Markdown prints for them (`textOf`); ids of
 * the tree's other blocks are never reused.
 */
export function assignHeadingIds(tree: Root, headings: readonly Heading[], textOf: (node: Nodes) => string = toString): void {
  const slugger = new HeadingSlugger()
  for (const node of tree.children) if (node.type !== 'heading' && node.data?.id) slugger.reserve(node.data.id)
  for (const node of headings) node.data = {...node.data, id: slugger.next(textOf(node))}
}
