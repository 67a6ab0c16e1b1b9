/**
 * Stable slug ids for headings: lowercase ASCII words joined by hyphens,
 * made unique within a document by a numeric suffix (GitHub-style). The same
 * heading text in the same order gives the same id on every run.
 */

/** "Appendix 1: Documents of …" → "appendix-1-documents-of-…" (at most `max` characters, cut at a word). */
export function slugify(text: string, max = 60): string {
  const ascii = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’'`]/g, '')
  const words = ascii.split(/[^a-z0-9]+/).filter(Boolean)
  let slug = ''
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word
    if (next.length > max && slug) break
    slug = next.slice(0, Math.max(max, word.length))
  }
  return slug || 'section'
}

/** Hands out ids unique within one document: "x", then "x-2", "x-3", … */
export class Slugger {
  private readonly used = new Set<string>()

  /** Reserve an id that is already taken (ids of other blocks). */
  reserve(id: string): void {
    this.used.add(id)
  }

  /** A unique id from a wanted one. */
  unique(wanted: string): string {
    let id = wanted
    for (let n = 2; this.used.has(id); n++) id = `${wanted}-${n}`
    this.used.add(id)
    return id
  }
}
