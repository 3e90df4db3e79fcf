/** Launches Debian's Chromium with the built extension, downloads going to a test folder. */

import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type Page, type WebWorker } from 'puppeteer-core';
import { ensureDisplay } from './xvfb';
import { UNHANDLED_FOR_TEST_KEY } from '../../../src/shared/test-hooks';
import { DATABASE_NAME } from '../../../src/platform/recording-store';
import { failOnUnhandled } from './unhandled';
import { onLines } from './output-lines';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_BUILD = path.resolve(import.meta.dirname, '../../../dist/test/chromium');

export interface ChromiumSession {
  browser: Browser;
  extensionId: string;
  downloads: string;
  profile: string;
  /** The virtual display of a headful session. */
  display: string | undefined;
  /** What a failed test prints: how the browser process ended, if it did, and its output's last lines. */
  failureReport(): string;
  /** Closes the browser; fails if the extension had an unhandled rejection meanwhile. */
  close(): Promise<void>;
}

/**
 * Keeps the last lines the browser prints (with --enable-logging: its errors, and the
 * console of the extension's service worker and pages) and how its process ended, for a
 * failed test to tell: a browser that went away mid-test otherwise leaves only
 * "Connection closed".
 */
function watchBrowserProcess(browser: Browser): () => string {
  const lines: string[] = [];
  let ended = '';
  const child = browser.process();
  onLines(child?.stderr, (line) => {
    // Not a word about the test: no sound card, no D-Bus on these machines.
    if (/^ALSA lib|dbus\/bus\.cc|alsa_util\.cc/.test(line)) return;
    lines.push(line);
    lines.splice(0, lines.length - 200);
  });
  child?.on('exit', (code, signal) => {
    ended = `Chromium's process ended at ${new Date().toISOString()}: code ${code}, signal ${signal}`;
  });
  return () => [ended || "Chromium's process is running", "Chromium's output, last lines:", ...lines].join('\n');
}

/**
 * `profile`: start again on the profile of an earlier session (after a crash, say);
 * `build`: the unpacked extension to load (the test build by default).
 */
export async function launchChromium(
  options: { headless?: boolean; profile?: string; build?: string } = {},
): Promise<ChromiumSession> {
  const profile = options.profile ?? mkdtempSync(path.join(os.tmpdir(), 'mr-chromium-'));
  const downloads = path.join(profile, 'downloads');
  if (!options.profile) {
    mkdirSync(path.join(profile, 'Default'), { recursive: true });
    mkdirSync(downloads);
    // Extension downloads (downloads.download) follow the profile's download preferences.
    writeFileSync(
      path.join(profile, 'Default', 'Preferences'),
      JSON.stringify({
        download: { default_directory: downloads, prompt_for_download: false, directory_upgrade: true },
      }),
    );
  }
  const headless = options.headless ?? true;
  // Headful runs on a virtual display, the window at the screen's corner so that page
  // coordinates map to screen ones (for xdotool).
  const display = headless ? undefined : await ensureDisplay();
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless,
    pipe: true,
    defaultViewport: headless ? undefined : null,
    ...(display ? { env: { ...process.env, DISPLAY: display } } : {}),
    enableExtensions: [options.build ?? CHROMIUM_BUILD],
    userDataDir: profile,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--autoplay-policy=no-user-gesture-required',
      '--enable-logging=stderr',
      ...(display ? ['--window-position=0,0', '--window-size=1280,800'] : []),
    ],
  });
  const worker = await browser.waitForTarget(
    (target) => target.type() === 'service_worker' && target.url().endsWith('/background/index.js'),
  );
  const extensionId = new URL(worker.url()).host;
  const session: ChromiumSession = {
    browser,
    extensionId,
    downloads,
    profile,
    display,
    failureReport: watchBrowserProcess(browser),
    close: async () => {
      // A browser a test killed has nothing more to say.
      const unhandled = browser.connected ? await takeUnhandledRejections(session) : [];
      await browser.close();
      failOnUnhandled(unhandled);
    },
  };
  return session;
}

/**
 * The unhandled rejections of the extension's background and content scripts so far, as
 * the test build notes them (src/platform/unhandled-for-test.ts); forgets them. Read from
 * an extension page, which is there whenever asked, unlike the service worker.
 */
export async function takeUnhandledRejections(session: ChromiumSession): Promise<string[]> {
  const page = await session.browser.newPage();
  try {
    await page.goto(`chrome-extension://${session.extensionId}/pages/options/options.html`);
    return await page.evaluate(async (key) => {
      const storage = (
        globalThis as unknown as {
          chrome: {
            storage: {
              local: { get(key: string): Promise<Record<string, unknown>>; remove(key: string): Promise<void> };
            };
          };
        }
      ).chrome.storage.local;
      const list = ((await storage.get(key))[key] as string[] | undefined) ?? [];
      await storage.remove(key);
      return list;
    }, UNHANDLED_FOR_TEST_KEY);
  } finally {
    await page.close();
  }
}

/** What the extension stored of each recording (how it ended, any error), oldest first. */
export async function storedRecordings(
  session: ChromiumSession,
): Promise<
  { id: string; createdAt: number; state: string; endReason: string | undefined; error: string | undefined }[]
> {
  const page = await session.browser.newPage();
  try {
    await page.goto(`chrome-extension://${session.extensionId}/pages/options/options.html`);
    return await page.evaluate(async (name) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const records = await new Promise<
        { id: string; createdAt: number; timeline: { state: string; endReason?: string }; error?: string }[]
      >((resolve, reject) => {
        const request = db.transaction('recordings').objectStore('recordings').getAll();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      db.close();
      return records
        .sort((a, b) => a.createdAt - b.createdAt)
        .map((record) => ({
          id: record.id,
          createdAt: record.createdAt,
          state: record.timeline.state,
          endReason: record.timeline.endReason,
          error: record.error,
        }));
    }, DATABASE_NAME);
  } finally {
    await page.close();
  }
}

/** Back to the default settings, for the tests after one that changed them. */
export async function resetSettings(session: ChromiumSession): Promise<void> {
  const page = await session.browser.newPage();
  try {
    await page.goto(`chrome-extension://${session.extensionId}/pages/options/options.html`);
    await page.evaluate(() =>
      (
        globalThis as unknown as { chrome: { storage: { sync: { clear(): Promise<void> } } } }
      ).chrome.storage.sync.clear(),
    );
  } finally {
    await page.close();
  }
}

/** Opens the toolbar popup for `page` as a click on the toolbar button does. */
export async function openPopup(session: ChromiumSession, page: Page): Promise<Page> {
  const extensions = await session.browser.extensions();
  const extension = extensions.get(session.extensionId);
  if (!extension) throw new Error(`extension ${session.extensionId} is not installed`);
  await page.bringToFront();
  await page.triggerExtensionAction(extension);
  const target = await session.browser.waitForTarget(
    (t) => t.url() === `chrome-extension://${session.extensionId}/popup/popup.html`,
  );
  const popup = await target.asPage();
  if (!popup) throw new Error('the popup has no page');
  return popup;
}

/**
 * The extension's service worker, once its extension APIs are there: right after the
 * worker starts, an evaluation can run before `chrome` is set up.
 */
export async function extensionWorker(session: ChromiumSession): Promise<WebWorker> {
  const target = await session.browser.waitForTarget(
    (candidate) => candidate.type() === 'service_worker' && candidate.url().endsWith('/background/index.js'),
  );
  const worker = (await target.worker())!;
  await worker.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const ready = () =>
          (globalThis as { chrome?: { runtime?: { id?: string } } }).chrome?.runtime?.id
            ? resolve()
            : setTimeout(ready, 50);
        ready();
      }),
  );
  return worker;
}

/** The toolbar badge and tooltip of the active tab, read from the extension itself. */
export async function toolbarBadge(session: ChromiumSession): Promise<{ text: string; title: string }> {
  return (await extensionWorker(session)).evaluate(async () => {
    interface ActionApi {
      getBadgeText(details: { tabId: number }): Promise<string>;
      getTitle(details: { tabId: number }): Promise<string>;
    }
    const api = (
      globalThis as unknown as {
        chrome: { action: ActionApi; tabs: { query(query: object): Promise<{ id: number }[]> } };
      }
    ).chrome;
    const [tab] = await api.tabs.query({ active: true, lastFocusedWindow: true });
    return {
      text: await api.action.getBadgeText({ tabId: tab!.id }),
      title: await api.action.getTitle({ tabId: tab!.id }),
    };
  });
}
