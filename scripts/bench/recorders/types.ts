import type { Page } from 'puppeteer-core';
import type { BenchBrowser } from '../browsers';

/** One way to record the page's video: started and stopped as its user would. */
export interface Recorder {
  /** Starts recording; returns when Record was pressed (ms since the epoch). */
  start(page: Page): Promise<number>;
  /** Stops recording; returns when Stop was pressed (ms since the epoch). */
  stop(page: Page): Promise<number>;
  /** The MediaRecorder type asked for, where the recorder tells it. */
  mimeType?: string;
  /** False for the control that records nothing: no file to wait for. */
  savesFile: boolean;
}

export type RecorderFactory = (browser: BenchBrowser) => Recorder;
