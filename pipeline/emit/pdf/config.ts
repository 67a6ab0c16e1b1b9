/**
 * Every size of the typeset page in one place: paper, margins, type sizes,
 * spacing. Units are PDF points (1/72 inch). The engine reads only this.
 */

export type PageSizeName = 'A4' | 'Letter'

export const PAGE_SIZES: Record<PageSizeName, {width: number; height: number}> = {
  A4: {width: 595.28, height: 841.89},
  Letter: {width: 612, height: 792}
}

export interface PageConfig {
  width: number
  height: number
  margin: {top: number; right: number; bottom: number; left: number}
  /** Baseline of the running header, measured down from the page top. */
  headerBaseline: number
  /** Baseline of the footer, measured up from the page bottom. */
  footerBaseline: number
  furnitureSize: number
  body: {size: number; leading: number; paragraphSpace: number}
  /** Heading sizes and spacing by depth (index 0 = depth 1; deeper use the last). */
  headings: Array<{size: number; leading: number; spaceBefore: number; spaceAfter: number; italic: boolean}>
  title: {size: number; leading: number; subtitleSize: number; bylineSize: number; spaceAfter: number}
  list: {indent: number; itemSpace: number}
  blockquote: {indent: number; ruleGap: number}
  table: {size: number; leading: number; padX: number; padY: number; ruleWidth: number}
  rule: {width: number; space: number}
  /** Justified lines may stretch spaces up to this multiple before the line is set ragged. */
  maxSpaceStretch: number
  /** Spaces may shrink to this fraction of their natural width. */
  minSpaceShrink: number
  linkColor: [number, number, number]
}

export function pageConfig(size: PageSizeName = 'A4'): PageConfig {
  const paper = PAGE_SIZES[size]
  if (!paper) throw new Error(`Unknown page size "${size}" (use A4 or Letter)`)
  return {
    width: paper.width,
    height: paper.height,
    margin: {top: 72, right: 68, bottom: 72, left: 68},
    headerBaseline: 44,
    footerBaseline: 38,
    furnitureSize: 8.5,
    body: {size: 10.5, leading: 14, paragraphSpace: 7},
    headings: [
      {size: 17, leading: 21, spaceBefore: 20, spaceAfter: 10, italic: false},
      {size: 13.5, leading: 17, spaceBefore: 16, spaceAfter: 7, italic: false},
      {size: 11.5, leading: 15, spaceBefore: 12, spaceAfter: 5, italic: true}
    ],
    title: {size: 22, leading: 27, subtitleSize: 14, bylineSize: 11, spaceAfter: 24},
    list: {indent: 18, itemSpace: 3},
    blockquote: {indent: 20, ruleGap: 10},
    table: {size: 9, leading: 11.5, padX: 4, padY: 3, ruleWidth: 0.5},
    rule: {width: 0.6, space: 12},
    maxSpaceStretch: 3,
    minSpaceShrink: 0.8,
    linkColor: [0.05, 0.2, 0.55]
  }
}
