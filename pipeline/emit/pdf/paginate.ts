/**
 * Pagination: items → pages. Items are placed top to bottom; when one does
 * not fit, the page ends before the run of `keepWithNext` items that leads
 * up to it (so headings, orphans and widows move to the next page). If the
 * whole page is one such run, the page breaks where it must. A table row that
 * starts a page below its table's header gets a copy of the header first.
 */
import type {Item} from './layout.js'

export interface Placed {
  item: Item
  /** Top of the item, in points down from the top of the text area. */
  top: number
  /** A header row repeated from an earlier page. */
  repeated?: boolean
}

export interface Page {
  placed: Placed[]
}

export function paginate(items: Item[], height: number): Page[] {
  const pages: Page[] = []
  const headers = new Map<number, Item>()
  let placed: Array<Placed & {index: number}> = []
  let y = 0
  let i = 0
  const newPage = () => {
    pages.push({placed: placed.map(({index: _index, ...rest}) => rest)})
    placed = []
    y = 0
  }
  while (i < items.length) {
    const item = items[i]!
    if (item.table?.header) headers.set(item.table.id, item)
    if (placed.length === 0) {
      const header = item.table && !item.table.header ? headers.get(item.table.id) : undefined
      if (header) {
        placed.push({item: header, top: 0, repeated: true, index: -1})
        y = header.height
      }
    }
    const space = placed.length ? item.spaceBefore : 0
    if (y + space + item.height <= height || placed.length === 0 || placed.every((p) => p.repeated)) {
      placed.push({item, top: y + space, index: i})
      y += space + item.height
      i++
      continue
    }
    // Break before the run of keep-with-next items at the foot of the page.
    let k = placed.length
    while (k > 0 && placed[k - 1]!.item.keepWithNext) k--
    const firstReal = placed.findIndex((p) => !p.repeated)
    if (k > firstReal && k < placed.length) {
      i = placed[k]!.index
      placed = placed.slice(0, k)
    }
    newPage()
  }
  if (placed.length || pages.length === 0) newPage()
  return pages
}
