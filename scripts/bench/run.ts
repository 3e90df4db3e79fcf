/**
 * One run: a fresh browser plays a clip, one recorder records it for the given length
 * while the browser's processes are sampled every second, and the file that lands in the
 * download folder is analysed. The playback control records nothing: no file.
 */

import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { sleep } from '../../tests/e2e/support/media-file';
import { analyzeFile } from './analysis';
import { closeAndWait, launchBrowser } from './browsers';
import { folderBytes, listFiles, waitForFinishedFile } from './files';
import { computeMetrics, type FrameReading, type RunMeasurements, type RunMetrics } from './metrics';
import type { BrowserName, ClipName, RecorderName } from './options';
import { ProcessSampler } from './process-sampler';
import { baselineRecorder } from './recorders/baseline';
import { extensionRecorder } from './recorders/extension';
import { playbackRecorder } from './recorders/playback';
import type { RecorderFactory } from './recorders/types';

/** Samples taken before Record: the browser at rest, playing. */
const IDLE_MS = 4_000;
/** Sampling goes on this long after the file has landed (after Stop where there is none). */
const AFTER_MS = 2_000;

export interface RunSpec {
  browser: BrowserName;
  clip: ClipName;
  lengthSeconds: number;
  recorder: RecorderName;
}

const RECORDERS: Record<RecorderName, RecorderFactory> = {
  extension: extensionRecorder,
  baseline: baselineRecorder,
  playback: playbackRecorder,
};

export interface RunResult extends RunSpec {
  browserVersion: string;
  mimeType: string | undefined;
  memoryKind: string | undefined;
  measurements: RunMeasurements;
  metrics: RunMetrics;
  /** Where the file was kept (--keep-files). */
  keptFile?: string;
}

declare global {
  interface Window {
    benchFrameAt(time: number): FrameReading | null;
  }
}

async function waitForPlayback(page: Page): Promise<void> {
  await page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) > 1, { timeout: 30_000 });
}

export async function runOne(
  spec: RunSpec,
  context: { buildRoot: string; pageUrl: string; keepDir: string | undefined },
): Promise<RunResult> {
  const browser = await launchBrowser(spec.browser, context.buildRoot);
  let sampler: ProcessSampler | undefined;
  try {
    const browserVersion = await browser.browser.version();
    const page = await browser.open(context.pageUrl);
    await waitForPlayback(page);
    const recorder = RECORDERS[spec.recorder](browser);
    sampler = new ProcessSampler(
      browser.pid,
      spec.recorder === 'extension' ? () => folderBytes(browser.storage) : undefined,
    );
    sampler.start();
    await sleep(IDLE_MS);

    const before = listFiles(browser.downloads);
    const startCalledAt = Date.now();
    const recordPressedAt = await recorder.start(page);
    // Reaching Stop takes about as long as reaching Record did (opening the popup, and in
    // Firefox tabbing to the button): begin that much early, so Stop lands on time.
    const leadMs = recordPressedAt - startCalledAt;
    await sleep(recordPressedAt + spec.lengthSeconds * 1000 - leadMs - Date.now());
    const stopPressedAt = await recorder.stop(page);
    const landed = recorder.savesFile
      ? await waitForFinishedFile(browser.downloads, before, 120_000 + spec.lengthSeconds * 1000)
      : undefined;
    await sleep(AFTER_MS);
    sampler.stop();

    const [framesAtRecord, framesAtStop] = await page.evaluate(
      (times) => times.map((time) => (window.benchFrameAt ? window.benchFrameAt(time) : null)),
      [recordPressedAt, stopPressedAt],
    );
    const measurements: RunMeasurements = {
      recordPressedAt,
      stopPressedAt,
      fileLandedAt: landed?.landedAt ?? null,
      framesAtRecord: framesAtRecord ?? null,
      framesAtStop: framesAtStop ?? null,
      samples: sampler.samples,
      file: landed ? analyzeFile(landed.file) : null,
    };
    let keptFile: string | undefined;
    if (landed && context.keepDir) {
      mkdirSync(context.keepDir, { recursive: true });
      keptFile = path.join(
        context.keepDir,
        `${spec.browser}-${spec.clip}-${spec.lengthSeconds}s-${spec.recorder}${path.extname(landed.file)}`,
      );
      copyFileSync(landed.file, keptFile);
    }
    if (landed) rmSync(landed.file);
    return {
      ...spec,
      browserVersion,
      mimeType: recorder.mimeType,
      memoryKind: sampler.memoryKind,
      measurements,
      metrics: computeMetrics(measurements),
      ...(keptFile ? { keptFile } : {}),
    };
  } finally {
    sampler?.stop();
    await closeAndWait(browser);
  }
}
