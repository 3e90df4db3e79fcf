// @ts-check
/**
 * Builds the two unpacked extensions, dist/chromium and dist/firefox, from src/ and the one
 * manifest.json. Flags: --watch (rebuild on change), --package (store-ready zips in
 * dist/packages), --test (a test build in dist/test/<browser>: `__TEST__` is true; never
 * shipped, and kept apart so a release build cannot replace it under running tests),
 * --out-dir DIR (build into DIR/<browser> instead; `--test --out-dir dist/bench` is the
 * benchmark's own copy, which a test build made meanwhile does not replace).
 */

import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { BROWSERS, generateManifest } from './scripts/manifest.mjs';

const root = path.dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const args = new Set(argv);
const watch = args.has('--watch');
const testBuild = args.has('--test');
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
  ],
  firefox: [
    'background/index',
    'content/index',
    'popup/popup',
    'pages/options/options',
    'pages/library/library',
    'pages/slice-writer/slice-writer',
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
const TARGETS = { chromium: 'chrome148', firefox: 'firefox140' };

/** @param {'chromium' | 'firefox'} browser */
async function buildBrowser(browser) {
  const outdir = path.join(outRoot, browser);
  await rm(outdir, { recursive: true, force: true });
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

  /** @type {esbuild.BuildOptions} */
  const options = {
    entryPoints: Object.fromEntries(
      ENTRY_POINTS[browser].map((entry) => [entry, path.join(root, 'src', `${entry}.ts`)]),
    ),
    outdir,
    bundle: true,
    format: 'iife',
    target: TARGETS[browser],
    sourcemap: testBuild ? 'inline' : false,
    // Folds `if (__TEST__)` away in release builds; names stay readable for reviewers.
    minifySyntax: !testBuild,
    legalComments: 'none',
    define: {
      __BROWSER__: JSON.stringify(browser),
      __TEST__: JSON.stringify(testBuild),
    },
    logLevel: 'warning',
  };
  if (watch) {
    const context = await esbuild.context(options);
    await context.watch();
  } else {
    await esbuild.build(options);
  }
  return outdir;
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
