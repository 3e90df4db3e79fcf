// @ts-check
/**
 * Lint, and the boundaries between the extension's contexts: where a file runs is told by
 * its folder, and these rules keep each folder to what runs there (tests/unit/boundaries.test.ts).
 *   shared/     pure logic: no browser, no storage, no other folder of src/
 *   platform/   browser glue; platform/background, platform/content and platform/ui each
 *               serve only that context
 *   background/, content/, popup/, pages/: never import each other
 *   finishing/  the muxer, loaded only by the document that finishes a file
 */

import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const CONTEXTS = ['background', 'content', 'popup', 'pages', 'finishing'];

/** An import of another folder of src/ (`../background/x`, `../../pages/y`). */
const folder = (/** @type {string} */ name) => `^(\\.\\./)+(\\.\\./)*${name}/`;
/**
 * @param {string[]} folders folders of src/ this one may not import
 * @param {string[]} packages packages it may not import
 * @param {{ typesFrom?: string[] }} [options] folders whose types (only) it may import
 */
const forbid = (folders, packages, options = {}) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: packages.map((name) => ({ name, message: `${name} does not run here: see eslint.config.mjs.` })),
      patterns: folders.map((name) => ({
        regex: folder(name),
        allowTypeImports: options.typesFrom?.includes(name) ?? false,
        message: `This folder may not import src/${name}/: see eslint.config.mjs.`,
      })),
    },
  ],
});
const others = (/** @type {string} */ context) => CONTEXTS.filter((name) => name !== context);

/** Globals a service worker does not have, or pure code must not touch. */
const DOCUMENT_GLOBALS = ['document', 'window', 'localStorage', 'sessionStorage'].map((name) => ({
  name,
  message: 'Not in a service worker: see eslint.config.mjs.',
}));
/** The extension APIs, which contexts reach through src/platform/ only. */
const PLATFORM_GLOBALS = [{ name: 'chrome', message: 'Reach the browser through src/platform/.' }];
const BROWSER_GLOBALS = [
  ...DOCUMENT_GLOBALS,
  ...['browser', 'chrome', 'navigator', 'indexedDB', 'location', 'fetch', 'caches'].map((name) => ({
    name,
    message: 'src/shared/ is pure logic: reach the browser from platform/ or a context.',
  })),
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.scratch/**',
      'tests/fixtures/generated/**',
      '.artifacts/**',
      'bench-results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      // `void promise` marks a promise deliberately left to run.
      'no-void': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      ...forbid(['platform', ...CONTEXTS], ['webextension-polyfill', 'idb', 'mediabunny', 'morphdom']),
      'no-restricted-globals': ['error', ...BROWSER_GLOBALS],
    },
  },
  { files: ['src/platform/**/*.ts'], rules: forbid(CONTEXTS, ['mediabunny']) },
  // Each context reaches the browser only through its platform module.
  {
    files: ['src/{background,content,popup,pages,finishing}/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', ...PLATFORM_GLOBALS],
    },
  },
  {
    files: ['src/background/**/*.ts'],
    rules: {
      // Types of the finishing code only: the worker lends files from the offscreen document.
      ...forbid(
        [...others('background'), 'platform/content', 'platform/ui'],
        ['mediabunny', 'morphdom', 'idb', 'webextension-polyfill'],
        {
          typesFrom: ['finishing'],
        },
      ),
      'no-restricted-globals': ['error', ...DOCUMENT_GLOBALS, ...PLATFORM_GLOBALS],
    },
  },
  {
    files: ['src/content/**/*.ts'],
    rules: forbid(
      [...others('content'), 'platform/background', 'platform/ui'],
      ['mediabunny', 'idb', 'morphdom', 'webextension-polyfill'],
    ),
  },
  {
    files: ['src/popup/**/*.ts'],
    rules: forbid(
      [...others('popup'), 'platform/background', 'platform/content'],
      ['mediabunny', 'idb', 'webextension-polyfill'],
    ),
  },
  {
    files: ['src/pages/**/*.ts'],
    rules: forbid(
      [...others('pages'), 'platform/background', 'platform/content'],
      ['mediabunny', 'idb', 'webextension-polyfill'],
    ),
  },
  // The offscreen document is Chromium's finishing document.
  {
    files: ['src/pages/offscreen/**/*.ts'],
    rules: forbid(
      ['background', 'content', 'popup', 'platform/background', 'platform/content'],
      ['idb', 'webextension-polyfill'],
    ),
  },
  {
    files: ['src/finishing/**/*.ts'],
    rules: forbid(others('finishing'), ['webextension-polyfill', 'idb', 'morphdom']),
  },
  {
    files: ['tests/**/*.ts', 'scripts/**/*.{ts,mjs}', '*.mjs', '*.ts'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
