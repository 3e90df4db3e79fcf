/** What a recording of a streaming player (tests/pages/hls.html, dash.html) must hold. */

import { expect } from 'vitest';
import { decodeWholeFile, frameSizes, meanVolume, probeFile } from './media-file';

/** The time from the recorder's own start to Stop, and how late it started (expect-recording.ts secondsRecorded). */
export interface Recorded {
  seconds: number;
  lateMs: number;
}

/** Sound and picture for the whole time recorded, all decodable. */
function expectPlayerRecording(file: string, recorded: Recorded, label: string, detail = ''): void {
  const probed = probeFile(file);
  const recordedSeconds = recorded.seconds;
  console.info(
    `${label}, the recorder started ${recorded.lateMs} ms after the press: recorded ${recordedSeconds.toFixed(2)} s, file ${probed.containerDuration?.toFixed(3)} s${detail}`,
  );
  expect(probed.streams.map((stream) => stream.codec_type).sort()).toEqual(['audio', 'video']);
  expect(Math.abs(probed.containerDuration! - recordedSeconds)).toBeLessThan(0.6);
  decodeWholeFile(file);
  expect(meanVolume(file)).toBeGreaterThan(-40);
}

/** Besides, both qualities one after the other: the player switched from 360p to 180p mid-recording. */
export function expectStreamRecording(file: string, recorded: Recorded, label: string): void {
  const sizes = frameSizes(file);
  expectPlayerRecording(file, recorded, label, `, frame sizes ${sizes.join(' → ')}`);
  expect(sizes).toEqual(['640x360', '320x180']);
}

/** A live channel (hls.html?live): no end to wait for. */
export const expectLiveRecording = expectPlayerRecording;

/** hls.html?live once it plays: the element says its duration is Infinity. */
export const LIVE_PAGE = '/hls.html?live';
export const isPlayingLive = (): boolean => {
  const video = document.querySelector('video')!;
  return video.duration === Infinity && video.currentTime > 0.5;
};
