/**
 * The naive recorder, the bench's own code in the page (see ../page.ts): captureStream()
 * + MediaRecorder with no timeslice, the whole recording kept in the page until stop, one
 * download. It asks for the same bitrates as the extension's default quality.
 */

import type { Page } from 'puppeteer-core';
import { DEFAULT_SETTINGS, QUALITY_PRESETS } from '../../../src/shared/settings';
import type { Recorder, RecorderFactory } from './types';

declare global {
  interface Window {
    benchBaselineStart(bitrates: object): Promise<{ mimeType: string; tracks: string[] }>;
    benchBaselineStop(name: string): void;
  }
}

export const baselineRecorder: RecorderFactory = () => {
  const recorder: Recorder = {
    async start(page: Page) {
      const pressedAt = Date.now();
      const started = await page.evaluate(
        (bitrates) => window.benchBaselineStart(bitrates),
        QUALITY_PRESETS[DEFAULT_SETTINGS.quality],
      );
      if (!started.tracks.includes('video') || !started.tracks.includes('audio')) {
        throw new Error(`the baseline captured ${started.tracks.join(', ') || 'no tracks'}`);
      }
      recorder.mimeType = started.mimeType;
      return pressedAt;
    },
    async stop(page: Page) {
      const pressedAt = Date.now();
      await page.evaluate((name) => window.benchBaselineStop(name), `baseline-${pressedAt}`);
      return pressedAt;
    },
    savesFile: true,
  };
  return recorder;
};
