/**
 * `npm run bench:long` (issue #17): proves index-only finishing on hours of recording in
 * both browsers. For each length and browser, the test build's feed stores the slices of a
 * long recording (cut from a short real one, feed.ts) through the extension's real path,
 * faster than real time; Stop is pressed in the popup, and the finishing and the download
 * are timed, memory and storage measured, and the file checked. `--real 60` adds a real
 * hour of recording in each browser. Run it alone on the machine (other browsers would
 * skew every figure): `flock /tmp/e2e.lock npm run bench:long`.
 */

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startServers, serveFolder } from '../../tests/e2e/support/server';
import { stopDisplay } from '../../tests/e2e/support/xvfb';
import { ensureClip } from '../bench/clips';
import { ensureBaseRecording } from './base-recording';
import { measureDiskSpeed, type DiskSpeed } from './disk-speed';
import { deleteFeed, ensureFeed, type Feed } from './feed';
import { readOptions } from './options';
import { PAGE_FILE, writePage } from './page';
import { longTable, memoryTable } from './report';
import { runLong, type LongRunResult } from './run';

const ROOT = path.resolve(import.meta.dirname, '../..');
const RESULTS = path.join(ROOT, 'bench-results');
const DIR = path.join(RESULTS, 'long');
const FEEDS = path.join(DIR, 'feeds');
const BUILD = path.join(ROOT, 'dist', 'bench-long');

/** A small clip for the page to play while fed: the recorder needs live tracks to start, nothing more. */
function ensureSmallClip(): string {
  const file = path.join(DIR, 'small.webm');
  if (!existsSync(file)) {
    execFileSync('ffmpeg', [
      ...['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=30'],
      ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', '20'],
      ...['-c:v', 'libvpx', '-b:v', '300k', '-c:a', 'libopus', file],
    ]);
  }
  return path.basename(file);
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  mkdirSync(FEEDS, { recursive: true });
  execFileSync(process.execPath, ['build.mjs', '--test', '--release-steps', '--out-dir', BUILD], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  const origins = await startServers();
  const served = `${origins.page}${serveFolder(DIR)}`;
  const feedsServed = `${origins.page}${serveFolder(FEEDS)}`;
  writePage(DIR);
  const pageUrl = (query: string) => `${served}/${PAGE_FILE}?${query}`;
  const clipsDir = path.join(RESULTS, 'clips');
  const bigClip = ensureClip(clipsDir, options.clip, Math.max(60, options.real * 60));
  const clipUrl = `${origins.page}${serveFolder(clipsDir)}/${bigClip}`;
  const smallClip = `${served}/${ensureSmallClip()}`;

  const runs: LongRunResult[] = [];
  const feeds: Feed[] = [];
  const feedOrder: { browser: string; minutes: number }[] = [];
  let disk: DiskSpeed | undefined;
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const save = () => {
    const report = [longTable(runs, disk), '', memoryTable(runs)].join('\n');
    writeFileSync(path.join(RESULTS, `long-${stamp}.json`), JSON.stringify({ options, disk, runs }, null, 2));
    writeFileSync(path.join(RESULTS, `long-${stamp}.md`), `${report}\n`);
    return report;
  };
  try {
    for (const browser of options.browsers) {
      const base = await ensureBaseRecording(browser, options.clip, {
        buildRoot: BUILD,
        dir: DIR,
        pageUrl: (query) => pageUrl(`clip=${encodeURIComponent(clipUrl)}${query}`),
      });
      for (const minutes of options.lengths) {
        feeds.push(await ensureFeed(base, browser, minutes, FEEDS));
        feedOrder.push({ browser, minutes });
      }
    }
    if (options.prepare) return;
    const largest = [...feeds].sort((a, b) => b.bytes - a.bytes)[0];
    disk = measureDiskSpeed(DIR, largest?.file);
    console.log(`Disk: ${disk.writeMBps.toFixed(0)} MB/s writing, ${disk.copyMBps?.toFixed(0) ?? '–'} MB/s copying`);
    for (const minutes of options.lengths) {
      for (const browser of options.browsers) {
        const feed = feeds[feedOrder.findIndex((made) => made.browser === browser && made.minutes === minutes)]!;
        console.log(`${browser}, ${minutes} min fed (${(feed.bytes / 1e6).toFixed(0)} MB)…`);
        const url = pageUrl(
          `clip=${encodeURIComponent(smallClip)}&feed=${encodeURIComponent(`${feedsServed}/${feed.json}`)}`,
        );
        runs.push(
          await runLong(
            { browser, minutes, mode: 'fed', clip: options.clip },
            {
              buildRoot: BUILD,
              pageUrl: url,
              feed,
              keepDir: keepDir(options.keepFiles),
              settleMs: options.settle * 1000,
            },
          ),
        );
        console.log(save());
      }
    }
    for (const browser of options.real > 0 ? options.browsers : []) {
      console.log(`${browser}, ${options.real} min recorded for real…`);
      const url = pageUrl(`clip=${encodeURIComponent(clipUrl)}`);
      runs.push(
        await runLong(
          { browser, minutes: options.real, mode: 'real', clip: options.clip },
          { buildRoot: BUILD, pageUrl: url, feed: undefined, keepDir: keepDir(options.keepFiles) },
        ),
      );
      console.log(save());
    }
  } finally {
    await origins.close();
    // Firefox's runs started a virtual display: it would keep this process (and the
    // machine's browser lock) alive.
    stopDisplay();
    if (!options.keepFeeds && !options.prepare) feeds.forEach(deleteFeed);
  }
  if (runs.length) console.log(`\n${save()}\n\nWritten to bench-results/long-${stamp}.{json,md}`);
}

const keepDir = (keep: boolean) => (keep ? path.join(DIR, 'files') : undefined);

main().then(
  // Whatever a browser left behind, the run is over.
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
