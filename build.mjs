// @ts-check
/**
 * Builds the two unpacked extensions, dist/chromium and dist/firefox, from src/ and the one
 * manifest.json. Flags: --watch (rebuild on change), --package (store-ready zips in
 * dist/packages), --test (a test build in dist/test/<browser>: `__TEST__` is true; never
 * shipped, and kept apart so a release build cannot replace it under running tests),
 * --out-dir DIR (build into DIR/<browser> instead; `--test --out-dir dist/bench` is the
 * benchmark's own copy, which a test build made meanwhile does not replace), --release-steps
 * (a test build whose long-recording steps come as in a release, `__TEST_STEPS__` false,
 * and whose code is minified with its maps beside, as a release's: the long bench's, which
 * times the code as it ships; Firefox parses the finishing module at Stop, 3.6 MB with
 * inline maps against 0.4 MB minified).
 *
 * Release builds are minified; their source maps go to <out>/sourcemaps/<browser>, outside
 * the folders that are zipped. Each build writes <out>/<browser>.meta.json (esbuild's
 * metafile), which scripts/bundle-sizes.mjs reads.
 */

import { cp, mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { BROWSERS, generateManifest } from './scripts/manifest.mjs';

const root = path.dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const args = new Set(argv);
const watch = args.has('--watch');
const testBuild = args.has('--test');
const releaseSteps = args.has('--release-steps');
const testSteps = testBuild && !releaseSteps;
/** Minified, maps beside: release builds and the long bench's (see --release-steps). */
const releaseShaped = !testBuild || releaseSteps;
const outDirArg = argv.indexOf('--out-dir');
if (outDirArg >= 0 && !argv[outDirArg + 1]) throw new Error('--out-dir needs a folder');
const outRoot =
  outDirArg >= 0
    ? path.resolve(root, argv[outDirArg + 1] ?? '')
    : path.join(root, 'dist', ...(testBuild ? ['test'] : []));

const ENTRY_POINTS = {
  chromium: [
    'background/index',
    'content/index',
    'popup/popup',
    'pages/options/options',
    'pages/library/library',
    'pages/offscreen/offscreen',
    'pages/offscreen/slice-pack-worker',
  ],
  firefox: [
    'background/index',
    'content/index',
    'popup/popup',
    'pages/options/options',
    'pages/library/library',
    'pages/slice-writer/slice-writer',
    'pages/slice-writer/slice-file-worker',
  ],
};
const COMMON_STATIC = [
  'shared/base.css',
  'popup/popup.html',
  'popup/popup.css',
  'pages/options/options.html',
  'pages/options/options.css',
  'pages/library/library.html',
  'pages/library/library.css',
];
const STATIC_FILES = {
  chromium: [...COMMON_STATIC, 'pages/offscreen/offscreen.html'],
  firefox: [...COMMON_STATIC, 'pages/slice-writer/slice-writer.html'],
};
/**
 * Built as ES modules and loaded on demand: Firefox's background page imports the finishing
 * code (the muxer, ~90% of the extension's code) only when a recording ends, so waking the
 * background to take a slice parses none of it. Chromium's offscreen document bundles it.
 */
const MODULE_ENTRY_POINTS = { chromium: [], firefox: ['finishing/finishing'] };
const TARGETS = { chromium: 'chrome148', firefox: 'firefox140' };

/** @param {'chromium' | 'firefox'} browser */
async function buildBrowser(browser) {
  const outdir = path.join(outRoot, browser);
  const mapsDir = path.join(outRoot, 'sourcemaps', browser);
  await rm(outdir, { recursive: true, force: true });
  await rm(mapsDir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });

  const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
  const source = JSON.parse(await readFile(path.join(root, 'manifest.json'), 'utf8'));
  const manifest = generateManifest(source, browser, pkg.version);
  await writeFile(path.join(outdir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);

  await cp(path.join(root, 'src/_locales'), path.join(outdir, '_locales'), { recursive: true });
  await cp(path.join(root, 'icons'), path.join(outdir, 'icons'), { recursive: true });
  for (const file of STATIC_FILES[browser]) {
    await mkdir(path.dirname(path.join(outdir, file)), { recursive: true });
    await cp(path.join(root, 'src', file), path.join(outdir, file));
  }

  const entries = (/** @type {string[]} */ list) =>
    Object.fromEntries(list.map((entry) => [entry, path.join(root, 'src', `${entry}.ts`)]));
  /** @type {esbuild.BuildOptions} */
  const options = {
    entryPoints: entries(ENTRY_POINTS[browser]),
    outdir,
    bundle: true,
    format: 'iife',
    target: TARGETS[browser],
    // Test builds: inline maps, readable stack traces. Release: maps kept beside, not shipped.
    sourcemap: releaseShaped ? 'external' : 'inline',
    // Release builds drop `if (__TEST__)` code and the other browser's paths, and are minified.
    minify: releaseShaped,
    legalComments: 'none',
    metafile: true,
    // Loaded by the browser from the built extension, not bundled (MODULE_ENTRY_POINTS).
    external: ['/finishing/*'],
    define: {
      __BROWSER__: JSON.stringify(browser),
      __TEST__: JSON.stringify(testBuild),
      __TEST_STEPS__: JSON.stringify(testSteps),
    },
    logLevel: 'warning',
  };
  const builds = [options];
  if (MODULE_ENTRY_POINTS[browser].length > 0) {
    builds.push({ ...options, entryPoints: entries(MODULE_ENTRY_POINTS[browser]), format: 'esm' });
  }
  if (watch) {
    for (const build of builds) await (await esbuild.context(build)).watch();
    return outdir;
  }
  const inputs = {};
  const outputs = {};
  for (const build of builds) {
    const { metafile } = await esbuild.build(build);
    Object.assign(inputs, metafile?.inputs);
    Object.assign(outputs, metafile?.outputs);
  }
  await writeFile(path.join(outRoot, `${browser}.meta.json`), JSON.stringify({ inputs, outputs }));
  if (releaseShaped) await moveSourceMaps(outdir, mapsDir);
  return outdir;
}

/** Moves the release build's source maps out of the folder that is zipped and shipped. */
async function moveSourceMaps(/** @type {string} */ outdir, /** @type {string} */ mapsDir) {
  for (const entry of await readdir(outdir, { recursive: true })) {
    if (!entry.endsWith('.map')) continue;
    await mkdir(path.dirname(path.join(mapsDir, entry)), { recursive: true });
    await rename(path.join(outdir, entry), path.join(mapsDir, entry));
  }
}

async function packageBuilds() {
  const { default: webExt } = await import('web-ext');
  const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
  const artifactsDir = path.join(root, 'dist', 'packages');
  for (const browser of BROWSERS) {
    const result = await webExt.cmd.build(
      {
        sourceDir: path.join(root, 'dist', browser),
        artifactsDir,
        filename: `media-recorder-${browser}-${pkg.version}.zip`,
        overwriteDest: true,
      },
      { shouldExitProgram: false },
    );
    console.log(`packaged ${path.relative(root, result.extensionPath)}`);
  }
}

for (const browser of BROWSERS) {
  const outdir = await buildBrowser(browser);
  console.log(`built ${path.relative(root, outdir)}${testBuild ? ' (test build)' : ''}`);
}
if (args.has('--package')) await packageBuilds();
if (watch) console.log('watching src/ for changes…');
