/**
 * Each bundle holds only what runs there: the release build's background (Chromium's
 * service worker, started many times an hour) stays within its budget and carries neither
 * the muxer nor any page or DOM code.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleInputs, bundleSizes, SERVICE_WORKER, SERVICE_WORKER_BUDGET_BYTES } from '../../scripts/bundle-sizes.mjs';

let outRoot = '';
beforeAll(() => {
  outRoot = mkdtempSync(path.join(tmpdir(), 'media-recorder-bundles-'));
  execFileSync(process.execPath, ['build.mjs', '--out-dir', outRoot], { stdio: 'pipe' });
});
afterAll(() => rmSync(outRoot, { recursive: true, force: true }));

const inputsOf = async (browser: string, file: string): Promise<string[]> =>
  (await bundleInputs(outRoot, browser, file)).map(({ input }) => input);

describe.each(['chromium', 'firefox'])('the %s release build', (browser) => {
  it(`keeps the background within ${SERVICE_WORKER_BUDGET_BYTES / 1024} KB`, async () => {
    const rows = await bundleSizes(outRoot);
    const worker = rows.find((row) => row.browser === browser && row.file === SERVICE_WORKER);
    expect(worker?.bytes).toBeGreaterThan(10_000);
    expect(worker!.bytes).toBeLessThanOrEqual(SERVICE_WORKER_BUDGET_BYTES);
  });

  it('puts no muxer, page or DOM code in the background', async () => {
    const inputs = await inputsOf(browser, SERVICE_WORKER);
    expect(inputs.some((input) => input.includes('src/background/'))).toBe(true);
    const foreign = inputs.filter((input) =>
      /node_modules\/(mediabunny|morphdom)\/|src\/(finishing|content|popup|pages|platform\/ui)\//.test(input),
    );
    expect(foreign).toEqual([]);
  });

  it('ships no source maps in the folder that is zipped', async () => {
    const rows = await bundleSizes(outRoot);
    expect(rows.filter((row) => row.browser === browser).length).toBeGreaterThan(4);
    const files = readdirSync(path.join(outRoot, browser), { recursive: true }).map(String);
    expect(files.filter((file) => file.endsWith('.map'))).toEqual([]);
    expect(readdirSync(path.join(outRoot, 'sourcemaps', browser), { recursive: true }).length).toBeGreaterThan(0);
  });
});

it('gives the muxer to the document that finishes files, and only to it', async () => {
  const holdsMuxer = async (browser: string, file: string) =>
    (await inputsOf(browser, file)).some((input) => input.includes('node_modules/mediabunny/'));
  expect(await holdsMuxer('chromium', 'pages/offscreen/offscreen.js')).toBe(true);
  expect(await holdsMuxer('firefox', 'finishing/finishing.js')).toBe(true);
  for (const browser of ['chromium', 'firefox']) {
    for (const file of ['content/index.js', 'popup/popup.js', 'pages/library/library.js', 'pages/options/options.js']) {
      expect(await holdsMuxer(browser, file), `${browser} ${file}`).toBe(false);
    }
  }
});
