/** What a recording of a streaming player (tests/pages/hls.html, dash.html) must hold. */

import { expect } from 'vitest';
import { decodeWholeFile, frameSizes, meanVolume, probeFile } from './media-file';

/** Sound and picture for the whole time, both qualities one after the other, all decodable. */
export function expectStreamRecording(file: string, recordedSeconds: number, label: string): void {
  const probed = probeFile(file);
  const sizes = frameSizes(file);
  console.info(
    `${label}: recorded ${recordedSeconds.toFixed(2)} s, file ${probed.containerDuration?.toFixed(3)} s, frame sizes ${sizes.join(' → ')}`,
  );
  expect(probed.streams.map((stream) => stream.codec_type).sort()).toEqual(['audio', 'video']);
  expect(Math.abs(probed.containerDuration! - recordedSeconds)).toBeLessThan(0.6);
  // The player switched from 360p to 180p mid-recording: the file follows it.
  expect(sizes).toEqual(['640x360', '320x180']);
  decodeWholeFile(file);
  expect(meanVolume(file)).toBeGreaterThan(-40);
}

/** A live channel (hls.html?live): no end to wait for, sound and picture for the time recorded. */
export function expectLiveRecording(file: string, recordedSeconds: number, label: string): void {
  const probed = probeFile(file);
  console.info(`${label}: recorded ${recordedSeconds.toFixed(2)} s, file ${probed.containerDuration?.toFixed(3)} s`);
  expect(probed.streams.map((stream) => stream.codec_type).sort()).toEqual(['audio', 'video']);
  expect(Math.abs(probed.containerDuration! - recordedSeconds)).toBeLessThan(0.6);
  decodeWholeFile(file);
  expect(meanVolume(file)).toBeGreaterThan(-40);
}

/** hls.html?live once it plays: the element says its duration is Infinity. */
export const LIVE_PAGE = '/hls.html?live';
export const isPlayingLive = (): boolean => {
  const video = document.querySelector('video')!;
  return video.duration === Infinity && video.currentTime > 0.5;
};
