/**
 * An esbuild plugin for the PDF bundle (scripts/fast-start.mjs), in its own
 * file so that tests/fast-start.test.ts can check fontkit still behaves the same.
 */
import {readFileSync} from 'node:fs'

/**
 * Two start-up costs of @pdf-lib/fontkit that reprint does not need, made
 * lazy in the bundle (fontkit behaves the same when they are used):
 *
 * - it decompresses Brotli's 120 kB dictionary when it is imported (20-40 ms
 *   here), though only WOFF2 fonts need it, and reprint refuses WOFF2;
 * - it inflates four Unicode property tries (~15 ms) for its text shaper,
 *   which reprint bypasses (draw.ts encodes glyphs by code point).
 *
 * When a fontkit release changes those lines, the bundle keeps them as they
 * are, with a warning.
 */
export function lazyFontkitData() {
  const patches = [
    {
      eager: /dictionary\.init\(BrotliDecompressBuffer\);/,
      lazy:
        "var reprintDictionary; Object.defineProperty(dictionary, 'dictionary', {configurable: true, enumerable: true, " +
        'get: function () { return reprintDictionary || (reprintDictionary = dictionaryDataCompressed.init(BrotliDecompressBuffer)); }});'
    },
    {
      eager: /data = inflate\(data, new Uint8Array\(uncompressedLength\)\);\s*data = inflate\(data, new Uint8Array\(uncompressedLength\)\);\s*this\.data = new Uint32Array\(data\.buffer\);/,
      lazy: 'this.reprintCompressed = data; this.reprintLength = uncompressedLength; this.data = null;'
    },
    {
      eager: /UnicodeTrie\.prototype\.get = function \(codePoint\) \{/,
      lazy:
        'UnicodeTrie.prototype.get = function (codePoint) { if (this.data === null) { var d = inflate(this.reprintCompressed, new Uint8Array(this.reprintLength)); ' +
        'd = inflate(d, new Uint8Array(this.reprintLength)); this.data = new Uint32Array(d.buffer); this.reprintCompressed = null; }'
    }
  ]
  return {
    name: 'lazy-fontkit-data',
    setup(build) {
      build.onLoad({filter: /@pdf-lib[\\/]fontkit[\\/]dist[\\/]fontkit\.umd\.js$/}, (args) => {
        let source = readFileSync(args.path, 'utf8')
        const found = patches.filter(({eager}) => (source.match(new RegExp(eager.source, 'g')) ?? []).length === 1)
        if (found.length !== patches.length) {
          return {contents: readFileSync(args.path, 'utf8'), loader: 'js', warnings: [{text: 'fontkit changed: its Brotli dictionary and Unicode tries stay eager'}]}
        }
        for (const {eager, lazy} of patches) source = source.replace(eager, lazy)
        return {contents: source, loader: 'js'}
      })
    }
  }
}
