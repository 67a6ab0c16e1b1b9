/**
 * UTF-8 bytes gathered from many strings without joining them into one:
 * the writers of large documents (HTML, Markdown) print a block at a time and
 * put each block's text here, so the largest string alive is one block's
 * (a 25 MB document's HTML was one 27-million-character string, plus its
 * encoded copy, on top of the whole page's syntax tree).
 */

/** Text is encoded once this many characters have gathered. */
const CHUNK_CHARS = 1 << 16

const encoder = new TextEncoder()

export class Utf8Chunks {
  private chunks: Uint8Array[] = []
  private size = 0
  private pending = ''

  put(text: string): void {
    this.pending += text
    if (this.pending.length >= CHUNK_CHARS) this.flush(false)
  }

  /** Every byte put, as one array (the chunks are dropped). */
  bytes(): Uint8Array {
    this.flush(true)
    const chunks = this.chunks.splice(0)
    if (chunks.length === 1) return chunks[0]!
    const out = new Uint8Array(this.size)
    let at = 0
    for (const chunk of chunks) {
      out.set(chunk, at)
      at += chunk.length
    }
    this.size = 0
    return out
  }

  private flush(all: boolean): void {
    let text = this.pending
    // A surrogate pair split between two chunks would encode as two U+FFFD: keep a trailing high surrogate for the next.
    const last = text.charCodeAt(text.length - 1)
    const keep = !all && last >= 0xd800 && last <= 0xdbff ? 1 : 0
    this.pending = keep ? text.slice(-1) : ''
    if (keep) text = text.slice(0, -1)
    if (!text) return
    const bytes = encoder.encode(text)
    this.chunks.push(bytes)
    this.size += bytes.length
  }
}
