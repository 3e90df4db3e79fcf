/**
 * The control: nothing records. Record and Stop are only the moments a recorder would
 * have pressed them, so the browser's memory and CPU while merely playing the clip can be
 * set against a recording's.
 */

import type { RecorderFactory } from './types';

export const playbackRecorder: RecorderFactory = () => ({
  start: async () => Date.now(),
  stop: async () => Date.now(),
  savesFile: false,
});
