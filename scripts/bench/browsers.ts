/**
 * A fresh browser for each run, with the bench's own build of the extension: Chromium
 * (headless) and Firefox ESR (headful under Xvfb), launched by the e2e tests' launchers.
 * Each has a profile of its own, deleted at close, so no run sees another's data.
 */

import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { launchChromium, type ChromiumSession } from '../../tests/e2e/support/chromium';
import { launchFirefox, type FirefoxSession } from '../../tests/e2e/support/firefox';
import type { BrowserName } from './options';
import { processTree } from './process-sampler';
import { sleep } from '../../tests/e2e/support/media-file';

interface BrowserBase {
  name: BrowserName;
  browser: Browser;
  /** The browser's main process, the root of the tree the bench samples. */
  pid: number;
  downloads: string;
  /** Where the extension keeps its recordings' data (IndexedDB and the like). */
  storage: string;
  /** Opens `url` in the tab the browser will record from. */
  open(url: string): Promise<Page>;
  close(): Promise<void>;
}

export type BenchBrowser =
  | (BrowserBase & { name: 'chromium'; session: ChromiumSession })
  | (BrowserBase & { name: 'firefox'; session: FirefoxSession });

function pidOf(browser: Browser): number {
  const pid = browser.process()?.pid;
  if (!pid) throw new Error('the browser has no process id');
  return pid;
}

export async function launchBrowser(name: BrowserName, buildRoot: string): Promise<BenchBrowser> {
  if (name === 'chromium') {
    const session = await launchChromium({ build: path.join(buildRoot, 'chromium') });
    return {
      name,
      session,
      browser: session.browser,
      pid: pidOf(session.browser),
      downloads: session.downloads,
      storage: path.join(session.profile, 'Default', 'IndexedDB'),
      open: async (url) => {
        const page = await session.browser.newPage();
        await page.goto(url);
        return page;
      },
      close: async () => {
        await session.close();
        rmSync(session.profile, { recursive: true, force: true });
      },
    };
  }
  // In a profile of its own (installed as an unsigned add-on), so its storage can be measured.
  const session = await launchFirefox({ persistent: true, build: path.join(buildRoot, 'firefox') });
  const profile = session.profile!;
  return {
    name,
    session,
    browser: session.browser,
    pid: pidOf(session.browser),
    downloads: session.downloads,
    storage: path.join(profile, 'storage'),
    open: async (url) => {
      const [page] = await session.browser.pages();
      await page!.goto(url);
      return page!;
    },
    close: async () => {
      await session.close();
      rmSync(profile, { recursive: true, force: true });
      rmSync(session.downloads, { recursive: true, force: true });
    },
  };
}

/** Closes the browser and waits for all its processes to be gone, so the next run starts on a quiet machine. */
export async function closeAndWait(browser: BenchBrowser): Promise<void> {
  const pids = processTree(browser.pid).map((stat) => stat.pid);
  await browser.close();
  const alive = () => pids.filter((pid) => existsSync(`/proc/${pid}`));
  for (let waited = 0; alive().length && waited < 10_000; waited += 100) await sleep(100);
}
