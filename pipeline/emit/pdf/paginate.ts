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
  const paginator = new Paginator(height, (page) => pages.push(page))
  paginator.push(items)
  paginator.finish()
  return pages
}

/**
 * The same pagination, fed items as layout makes them: each page is handed to
 * `onPage` as soon as it is complete, so a large document never holds all its
 * laid-out lines at once (see emitPdf). Only the items of the page being filled
 * (and each table's header row) are kept.
 */
export class Paginator {
  private readonly headers = new Map<number, Item>()
  private placed: Placed[] = []
  private y = 0
  /** Items waiting to be placed; `head` is the next one. */
  private queue: Item[] = []
  private head = 0
  private count = 0

  constructor(
    private readonly height: number,
    private readonly onPage: (page: Page, index: number) => void
  ) {}

  /** Pages handed out so far. */
  get pages(): number {
    return this.count
  }

  push(items: Item[]): void {
    if (this.head === this.queue.length) {
      this.queue = items
      this.head = 0
    } else {
      for (const item of items) this.queue.push(item)
    }
    this.run()
  }

  finish(): void {
    if (this.placed.length || this.count === 0) this.newPage()
  }

  private newPage(): void {
    const page = {placed: this.placed}
    this.placed = []
    this.y = 0
    this.onPage(page, this.count++)
  }

  private run(): void {
    const {height, headers} = this
    while (this.head < this.queue.length) {
      const item = this.queue[this.head]!
      let placed = this.placed
      if (item.table?.header) headers.set(item.table.id, item)
      if (placed.length === 0) {
        const header = item.table && !item.table.header ? headers.get(item.table.id) : undefined
        if (header) {
          placed.push({item: header, top: 0, repeated: true})
          this.y = header.height
        }
      }
      const space = placed.length ? item.spaceBefore : 0
      if (this.y + space + item.height <= height || placed.length === 0 || placed.every((p) => p.repeated)) {
        placed.push({item, top: this.y + space})
        this.y += space + item.height
        this.head++
        continue
      }
      // Break before the run of keep-with-next items at the foot of the page: they go back in the queue.
      let k = placed.length
      while (k > 0 && placed[k - 1]!.item.keepWithNext) k--
      const firstReal = placed.findIndex((p) => !p.repeated)
      if (k > firstReal && k < placed.length) {
        const back = placed.slice(k).map((p) => p.item)
        this.queue = [...back, ...this.queue.slice(this.head)]
        this.head = 0
        placed = this.placed = placed.slice(0, k)
      }
      this.newPage()
    }
    // Drop placed items from the queue's storage.
    if (this.head === this.queue.length) {
      this.queue = []
      this.head = 0
    }
  }
}
