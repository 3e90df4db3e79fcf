/**
 * Issue #16's measurement: how often the content script runs in a tab, and walks it for
 * media, in a minute with the popup open on a page with one playing video.
 *
 *   npx tsx scripts/measure-popup-injections.ts [--build dist/test/chromium] [--seconds 60]
 *
 * Executions are counted by Chromium itself (each run of content/index.js is a script the
 * page's debugger sees parsed), so a build from before the test counters existed is
 * measured the same way; walks come from the test build's counters
 * (src/content/test-counters.ts) where the build has them.
 */

import path from 'node:path';
import { launchChromium, openPopup } from '../tests/e2e/support/chromium';
import { ensureFixtures } from '../tests/e2e/support/fixtures';
import { sleep } from '../tests/e2e/support/media-file';
import { startServers } from '../tests/e2e/support/server';
import { contentCounts } from '../tests/e2e/support/told';

const argv = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const index = argv.indexOf(name);
  return index >= 0 ? argv[index + 1]! : fallback;
};
const build = path.resolve(option('--build', 'dist/test/chromium'));
const seconds = Number(option('--seconds', '60'));

ensureFixtures();
const origins = await startServers();
const session = await launchChromium({ build });
try {
  const page = await session.browser.newPage();
  const debug = await page.createCDPSession();
  let executions = 0;
  debug.on('Debugger.scriptParsed', ({ url }) => {
    if (url.endsWith('/content/index.js')) executions++;
  });
  await debug.send('Debugger.enable');
  await page.goto(`${origins.page}/video.html`);
  await page.waitForFunction(() => (document.querySelector('video') as HTMLVideoElement).currentTime > 0.3);
  const popup = await openPopup(session, page);
  await popup.waitForSelector('[data-key^="record:"]');
  const start = { executions, ...(await contentCounts(page)) };
  await sleep(seconds * 1000);
  const end = { executions, ...(await contentCounts(page)) };
  const perMinute = (count: number) => ((count * 60) / seconds).toFixed(1);
  console.info(
    `${build}: over ${seconds} s with the popup open (after it first listed the video): ` +
      `content script executions ${perMinute(end.executions - start.executions)}/min ` +
      `(${start.executions} at opening), media walks ${
        end.walks || start.walks
          ? `${perMinute(end.walks - start.walks)}/min (${start.walks} at opening)`
          : 'not counted by this build'
      }`,
  );
  await popup.close();
} finally {
  await session.close();
  await origins.close();
}
