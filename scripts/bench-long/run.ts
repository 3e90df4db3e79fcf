/**
 * One run of the long bench: a fresh browser with the bench's test build opens the page,
 * the extension records its video through the toolbar popup as a user does, and either
 * the test build's feed stores the slices of a long recording through the real path
 * ("fed"), or the page's clip is recorded for real ("real"). Stop is then pressed in the
 * popup, and the download's start and end, the memory of every browser process and the
 * extension's storage are timed and measured until the file is complete; then the file is
 * checked (checks.ts).
 */

import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { sleep } from '../../tests/e2e/support/media-file';
import { serveFolder } from '../../tests/e2e/support/server';
import { FEED_DONE_FOR_TEST } from '../../src/shared/test-hooks';
import { closeAndWait, launchBrowser, type BenchBrowser } from '../bench/browsers';
import { listFiles, waitForFinishedFile } from '../bench/files';
import type { BrowserName, ClipName } from '../bench/options';
import { measuredMemoryBytes, ProcessSampler, type ProcessSample } from '../bench/process-sampler';
import { extensionRecorder } from '../bench/recorders/extension';
import { checkFile, type FileChecks } from './checks';
import type { Feed } from './feed';
import { copyNowMs } from './disk-speed';
import { ExtensionLog } from './extension-log';
import { AfterStopWatch } from './watch';

/** Memory and storage are still sampled this long after the file is complete. */
const AFTER_MS = 3_000;

export interface LongRunSpec {
  browser: BrowserName;
  minutes: number;
  mode: 'fed' | 'real';
  /** The clip recorded (runs saved before there was a choice: 1080p). */
  clip?: ClipName;
}

export interface LongRunResult extends LongRunSpec {
  browserVersion: string;
  feed: { bytes: number; slices: number; input: Feed['input'] } | undefined;
  /** Record pressed → every slice stored (fed), or → Stop pressed (real: the length recorded). */
  recordSeconds: number;
  /** Fed: how long the machine took to write back what the feed left in its page cache, before Stop. */
  syncBeforeStopMs?: number;
  stopToDownloadStartedMs: number | undefined;
  stopToFileMs: number;
  /** One copy of the file made right after it landed, as the download wrote it (disk-speed.ts). */
  copyJustAfterMs?: number;
  /**
   * What the extension logged over the run until the file landed (Chromium: each pack while
   * storing; then finishing), in ms from Stop, negative before it (extension-log.ts).
   */
  logged?: { ms: number; text: string }[];
  fileBytes: number;
  memory: {
    /** PSS of the whole browser (see process-sampler.ts), MB. */
    beforeRecordMB: number;
    peakRecordingMB: number;
    atStopMB: number;
    peakFinishingMB: number;
    /** Each kind of process's peak over the run, MB. */
    peakByKindMB: Record<string, number>;
  };
  storage: {
    atStopBytes: number;
    peakFinishingBytes: number;
    /** Slice files that landed after Stop (the recording's last slices), left out of the extra. */
    lateSliceBytes: number;
    grownFiles: { file: string; bytes: number }[];
  };
  checks: FileChecks;
}

/** Where each browser keeps the extension's data: IndexedDB with its blobs, OPFS, blob storage. */
function storageDirs(browser: BenchBrowser): string[] {
  if (browser.name === 'firefox') return [browser.storage];
  const profile = path.dirname(path.dirname(browser.storage));
  return ['IndexedDB', 'File System', 'blob_storage'].map((dir) => path.join(profile, 'Default', dir));
}

const MB = (bytes: number) => Math.round(bytes / 1e6);

function peakMemory(samples: ProcessSample[], from: number, to: number): number {
  const within = samples.filter((sample) => sample.time >= from && sample.time <= to);
  return MB(Math.max(0, ...within.map(measuredMemoryBytes)));
}

function peaksByKind(samples: ProcessSample[]): Record<string, number> {
  const peaks: Record<string, number> = {};
  for (const sample of samples) {
    for (const [kind, bytes] of Object.entries(sample.byKind)) peaks[kind] = Math.max(peaks[kind] ?? 0, MB(bytes));
  }
  return peaks;
}

async function waitForFeed(page: Page, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const done = await page.evaluate(
      (attribute) => document.querySelector('video')?.getAttribute(attribute) ?? null,
      FEED_DONE_FOR_TEST,
    );
    if (done?.startsWith('failed')) throw new Error(`the feed ${done}`);
    if (done) return;
    if (Date.now() > deadline) throw new Error('the feed did not end in time');
    await sleep(500);
  }
}

export async function runLong(
  spec: LongRunSpec,
  context: {
    buildRoot: string;
    pageUrl: string;
    feed: Feed | undefined;
    keepDir: string | undefined;
    /** Between the feed's end and Stop. */
    settleMs?: number;
  },
): Promise<LongRunResult> {
  const browser = await launchBrowser(spec.browser, context.buildRoot);
  const sampler = new ProcessSampler(browser.pid);
  try {
    const browserVersion = await browser.browser.version();
    const log = new ExtensionLog(browser.browser);
    if (browser.name === 'chromium') log.start();
    else log.listenToFirefox(browser.session);
    const page = await browser.open(context.pageUrl);
    if (spec.browser === 'chromium') await log.listenToPage(page);
    await page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) > 0.5, { timeout: 30_000 });
    sampler.start();
    await sleep(3_000);
    const recorder = extensionRecorder(browser);
    const before = listFiles(browser.downloads);
    const recordPressedAt = await recorder.start(page).catch(async (error: unknown) => {
      // What the popup showed (Firefox's test build reports it into the page).
      const shown = await page.evaluate(() => document.documentElement.dataset.mediaRecorderPopup);
      throw new Error(`could not start recording (the popup showed: ${shown ?? 'nothing'})`, { cause: error });
    });
    let syncBeforeStopMs: number | undefined;
    if (spec.mode === 'fed') {
      await waitForFeed(page, spec.minutes * 60_000 + 600_000);
      // The feed stores slices 10 to 100 times faster than a recording makes them, so the
      // extension's reads along the recording (a step a minute of slices) may still be
      // catching up when it ends, which they never are after a real hour. Stop comes a
      // moment later, as it would after the last seconds of a real recording.
      await sleep(context.settleMs ?? 0);
    } else await sleep(recordPressedAt + spec.minutes * 60_000 - Date.now());
    const recordedAt = Date.now();
    if (spec.mode === 'fed') {
      // The feed also writes gigabytes in minutes (the slices, and Chromium's packs of them) that
      // the machine is still writing back to disk at its end, where a real recording's
      // writes reached the disk long before its Stop: written back first (`sync`), so the
      // download is not timed against the feed's own backlog.
      const syncStartedAt = Date.now();
      execFileSync('sync');
      syncBeforeStopMs = Date.now() - syncStartedAt;
    }

    const watch = new AfterStopWatch(browser.downloads, before, storageDirs(browser));
    const atStopBytes = watch.storageBytes();
    const atStop = sampler.sample();
    watch.start();
    // Finishing may take a fraction of a second: memory is read four times as often meanwhile.
    const quickSamples = setInterval(() => sampler.sample(), 250);
    const stopPressedAt = await recorder.stop(page);
    const landed = await waitForFinishedFile(browser.downloads, before, 600_000).finally(() => undefined);
    await sleep(AFTER_MS);
    clearInterval(quickSamples);
    await watch.stop();
    sampler.stop();
    const samples = sampler.samples;
    const copyJustAfterMs = copyNowMs(landed.file);
    await log.stop();
    const logged = log.since(0, stopPressedAt);

    // The downloads folder, served, for the browser to play the file from.
    const url = `${serveFolder(browser.downloads)}/${encodeURIComponent(path.basename(landed.file))}`;
    const checks = await checkFile(landed.file, page, url);
    const fileBytes = statSync(landed.file).size;
    if (context.keepDir) {
      mkdirSync(context.keepDir, { recursive: true });
      copyFileSync(
        landed.file,
        path.join(context.keepDir, `${spec.browser}-${spec.minutes}min-${spec.mode}${path.extname(landed.file)}`),
      );
    }
    rmSync(landed.file, { force: true });
    const beforeRecord = samples.filter((sample) => sample.time < recordPressedAt);
    return {
      ...spec,
      browserVersion,
      feed: context.feed && { bytes: context.feed.bytes, slices: context.feed.slices, input: context.feed.input },
      recordSeconds: ((spec.mode === 'fed' ? recordedAt : stopPressedAt) - recordPressedAt) / 1000,
      syncBeforeStopMs,
      stopToDownloadStartedMs:
        watch.downloadStartedAt === undefined ? undefined : watch.downloadStartedAt - stopPressedAt,
      stopToFileMs: landed.landedAt - stopPressedAt,
      copyJustAfterMs,
      logged,
      fileBytes,
      memory: {
        beforeRecordMB: MB(Math.max(0, ...beforeRecord.map(measuredMemoryBytes))),
        peakRecordingMB: peakMemory(samples, recordPressedAt, stopPressedAt),
        atStopMB: MB(measuredMemoryBytes(atStop)),
        peakFinishingMB: peakMemory(samples, stopPressedAt, landed.landedAt + AFTER_MS),
        peakByKindMB: peaksByKind(samples),
      },
      storage: {
        atStopBytes,
        peakFinishingBytes: Math.max(watch.storagePeak, atStopBytes),
        lateSliceBytes: watch.newSliceBytes(),
        grownFiles: watch.grownFiles(),
      },
      checks,
    };
  } finally {
    sampler.stop();
    await closeAndWait(browser);
  }
}
