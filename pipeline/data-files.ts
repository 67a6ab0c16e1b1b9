/**
 * Files the compile step adds to dist/ (scripts/fast-start.mjs), found from
 * this module, which sits at the top of dist/ both as a module and inside the
 * bundle.
 */
import {fileURLToPath} from 'node:url'

/** The English word list's finished index (`SortedWordList.toBinary`). */
export const PREBUILT_WORDS = fileURLToPath(new URL('./words.bin', import.meta.url))
