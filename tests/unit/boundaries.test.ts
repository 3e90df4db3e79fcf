/**
 * The lint rules that keep each context to its own code (eslint.config.mjs) do fail on a
 * forbidden import: each case lints a small source as if it were a file of that folder.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => `${message.ruleId}: ${message.message}`);
}

describe('boundaries between contexts', () => {
  it.each([
    ['src/shared/x.ts', "import browser from 'webextension-polyfill';\nexport const id = browser.runtime.id;"],
    ['src/shared/x.ts', "import { openDB } from 'idb';\nexport const open = openDB;"],
    [
      'src/shared/x.ts',
      "import { RecordingStore } from '../platform/recording-store';\nexport const S = RecordingStore;",
    ],
    ['src/shared/x.ts', 'export const title = () => document.title;'],
    ['src/content/x.ts', "import { registry } from '../background/y';\nexport const r = registry;"],
    ['src/popup/x.ts', "import { view } from '../pages/library/library';\nexport const v = view;"],
    ['src/pages/library/x.ts', "import { popup } from '../../popup/popup';\nexport const p = popup;"],
    ['src/background/x.ts', "import { Output } from 'mediabunny';\nexport const O = Output;"],
    [
      'src/background/x.ts',
      "import { buildFinalFile } from '../finishing/final-file';\nexport const b = buildFinalFile;",
    ],
    ['src/background/x.ts', 'export const here = () => document.body;'],
    ['src/platform/x.ts', "import { capture } from '../content/capture';\nexport const c = capture;"],
    ['src/content/x.ts', "import { download } from '../platform/background/downloads';\nexport const d = download;"],
    ['src/popup/x.ts', "import { tabPage } from '../platform/background/tabs';\nexport const t = tabPage;"],
    ['src/popup/x.ts', "import browser from 'webextension-polyfill';\nexport const id = browser.runtime.id;"],
    ['src/content/x.ts', 'export const id = () => chrome.runtime.id;'],
    ['src/background/x.ts', 'export const id = () => chrome.runtime.id;'],
  ])('%s may not: %s', async (filePath, code) => {
    const found = await problems(filePath, code);
    expect(found.some((text) => /no-restricted-(imports|globals)/.test(text))).toBe(true);
  });

  it.each([
    [
      'src/background/x.ts',
      "import type { buildFinalFile } from '../finishing/final-file';\nexport type B = typeof buildFinalFile;",
    ],
    [
      'src/pages/offscreen/x.ts',
      "import { buildFinalFile } from '../../finishing/final-file';\nexport const b = buildFinalFile;",
    ],
    ['src/content/x.ts', "import { isSignal } from '../shared/signal-check';\nexport const s = isSignal;"],
    ['src/popup/x.ts', "import { t } from '../platform/i18n';\nexport const tr = t;"],
    ['src/platform/x.ts', "import browser from 'webextension-polyfill';\nexport const id = browser.runtime.id;"],
  ])('%s may: %s', async (filePath, code) => {
    expect(await problems(filePath, code)).toEqual([]);
  });
});
