// @ts-check
/**
 * The size of every script of each release build, for the README's table, and the service
 * worker's budget, which tests/unit/bundle-size.test.ts holds it to: an MV3 worker is
 * started many times an hour, and each start parses its whole bundle.
 *   node scripts/bundle-sizes.mjs [OUT_ROOT]   (default dist/; run `node build.mjs` first)
 */

import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const SERVICE_WORKER = 'background/index.js';
export const SERVICE_WORKER_BUDGET_BYTES = 120 * 1024;
const BROWSERS = ['chromium', 'firefox'];

/**
 * @param {string} outRoot
 * @returns {Promise<{ browser: string; file: string; bytes: number; gzipBytes: number }[]>}
 */
export async function bundleSizes(outRoot) {
  const rows = [];
  for (const browser of BROWSERS) {
    const dir = path.join(outRoot, browser);
    const files = (await readdir(dir, { recursive: true })).filter((file) => file.endsWith('.js')).sort();
    for (const file of files) {
      const bytes = await readFile(path.join(dir, file));
      rows.push({ browser, file, bytes: (await stat(path.join(dir, file))).size, gzipBytes: gzipSync(bytes).length });
    }
  }
  return rows;
}

/** The inputs that make up one output, largest first, from the build's metafile. */
export async function bundleInputs(
  /** @type {string} */ outRoot,
  /** @type {string} */ browser,
  /** @type {string} */ file,
) {
  const meta = JSON.parse(await readFile(path.join(outRoot, `${browser}.meta.json`), 'utf8'));
  const output = Object.entries(meta.outputs).find(([name]) => name.endsWith(`${browser}/${file}`));
  if (!output) throw new Error(`${file} is not in the ${browser} build`);
  return Object.entries(/** @type {{ inputs: Record<string, { bytesInOutput: number }> }} */ (output[1]).inputs)
    .map(([input, { bytesInOutput }]) => ({ input, bytes: bytesInOutput }))
    .sort((a, b) => b.bytes - a.bytes);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const outRoot = path.resolve(process.argv[2] ?? 'dist');
  const kb = (/** @type {number} */ bytes) => `${(bytes / 1024).toFixed(1)} KB`;
  console.log('| Browser | Script | Size | Gzipped |\n|---|---|---:|---:|');
  for (const row of await bundleSizes(outRoot)) {
    console.log(`| ${row.browser} | \`${row.file}\` | ${kb(row.bytes)} | ${kb(row.gzipBytes)} |`);
  }
  const worker = (await bundleSizes(outRoot)).find((row) => row.browser === 'chromium' && row.file === SERVICE_WORKER);
  console.log(`\nChromium's service worker: ${kb(worker?.bytes ?? 0)} of a ${kb(SERVICE_WORKER_BUDGET_BYTES)} budget.`);
  console.log('Its largest inputs:');
  for (const { input, bytes } of (await bundleInputs(outRoot, 'chromium', SERVICE_WORKER)).slice(0, 8)) {
    console.log(`  ${kb(bytes).padStart(9)}  ${input}`);
  }
}
