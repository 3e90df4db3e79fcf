/**
 * The finishing code as one ES module, for Firefox's background page, which imports it
 * only when a recording is to be saved (background/final-file-url.ts).
 */

export { buildFinalFile } from './final-file';
