/**
 * "Save a section" in the library (issue #18), as a user does it in each browser: open the
 * recording's player, set the start with the keyboard on the start handle (Home, then →
 * five times: 0:05), type the end (0:12), read where the file will start, and save. The
 * saved file is returned with what the library said; the original must still be listed.
 */

import path from 'node:path';
import { expect } from 'vitest';
import type { Page } from 'puppeteer-core';
import type { ChromiumSession } from './chromium';
import { openExtensionPage, type FirefoxSession } from './firefox';
import { listDownloads, waitForDownload } from './media-file';

export interface SectionFromLibrary {
  file: string;
  /** "Length: 0:07. Starts at 0:04.2, the key frame before 0:05." */
  summary: string;
}

/** What the library says of where the file starts, in seconds ("Starts at 0:04.2" → 4.2). */
export function shownStartSeconds(summary: string): number | undefined {
  const match = /Starts at (\d+):(\d{2}(?:\.\d+)?)/.exec(summary);
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

/** What the library says of a section 0:05–0:12 once the index told where its file starts. */
const SAID_FOR_0_05 = /Length: 0:07\. Starts at (?:[\d:.]+, the key frame before 0:05|0:05, on a key frame)\./;

const saidAfterSave = /Saved as “[^”]+”\. The whole recording stays in the library\./;

export async function saveSectionInChromium(
  session: ChromiumSession,
  recordingFile: string,
): Promise<SectionFromLibrary> {
  const library = await session.browser.newPage();
  await library.goto(`chrome-extension://${session.extensionId}/pages/library/library.html`);
  // Listed under its last saved name: "Download again" may have saved it as "… (1).mp4".
  const stem = path.basename(recordingFile).replace(/\.\w+$/, '');
  const found = await library.waitForFunction(
    (title) =>
      [...document.querySelectorAll<HTMLElement>('.recording')].find((item) =>
        item.querySelector('h2')?.textContent?.startsWith(title),
      )?.dataset.recording,
    {},
    stem,
  );
  const id = (await found.jsonValue()) as string;
  const within = (selector: string) => `[data-recording="${id}"] ${selector}`;
  await library.click(within(`[data-key="play:${id}"]`));
  const start = within('[role="slider"][data-handle="start"]');
  await library.waitForSelector(start);

  await library.focus(start);
  await library.keyboard.press('Home');
  for (let step = 0; step < 5; step++) await library.keyboard.press('ArrowRight');
  expect(await library.$eval(start, (handle) => handle.getAttribute('aria-valuetext'))).toBe('0:05');
  expect(await library.$eval(start, (handle) => handle.getAttribute('aria-label'))).toBe('Start of the section');

  const endField = within(`#section-end-${id}`);
  await library.click(endField, { count: 3 });
  await library.type(endField, '0:12');
  await library.keyboard.press('Tab');
  const end = within('[role="slider"][data-handle="end"]');
  await library.waitForFunction(
    (selector) => document.querySelector(selector)?.getAttribute('aria-valuetext') === '0:12',
    {},
    end,
  );

  // Where the file starts is read from the index, a moment after the last change.
  const summaryHandle = await library.waitForFunction(
    (selector, said) => {
      const text = document.querySelector(selector)?.textContent ?? '';
      return new RegExp(said).test(text) && text;
    },
    { timeout: 10_000 },
    within('.section-summary'),
    SAID_FOR_0_05.source,
  );
  const summary = (await summaryHandle.jsonValue()) as string;

  const before = listDownloads(session.downloads);
  await library.click(within(`[data-key="save-section:${id}"]`));
  const file = await waitForDownload(session.downloads, before);
  await library.waitForFunction(
    (selector, said) => new RegExp(said).test(document.querySelector(selector)?.textContent ?? ''),
    {},
    within('[role="status"]'),
    saidAfterSave.source,
  );
  // The recording stays, as it was.
  expect(await library.$eval(within('h2'), (title) => title.textContent)).toMatch(new RegExp(`^${stem}`));
  await library.close();
  return { file, summary };
}

/** Firefox: by keyboard alone, through the test build's reports (no driver reaches extension pages). */
export async function saveSectionInFirefox(
  session: FirefoxSession,
  page: Page,
  recordingFile: string,
): Promise<SectionFromLibrary> {
  const library = await openExtensionPage(session, page, 'library');
  await library.waitForText(/Saved[\s\S]*Play/);
  await library.focus(/^Play$/);
  await library.key('Return');
  await library.waitFor('media', /^video ready=[1-4] /);

  await library.focus(/^Start of the section: /);
  await library.key('Home', 'Right', 'Right', 'Right', 'Right', 'Right');
  await library.waitFor('focused', /^Start of the section: 0:05$/);
  await library.focus(/^End: /);
  await library.key('ctrl+a');
  await library.type('0:12');
  await library.key('Tab');
  const shown = await library.waitForText(SAID_FOR_0_05);
  const summary = SAID_FOR_0_05.exec(shown)![0];

  const before = listDownloads(session.downloads);
  await library.focus(/^Save section$/);
  await library.key('Return');
  const file = await waitForDownload(session.downloads, before);
  const said = await library.waitForText(saidAfterSave);
  // The recording stays, under its own name (the section's name has the times in it).
  expect(said).toContain(`${path.basename(recordingFile)}\n`);
  await library.close();
  return { file, summary };
}
