/**
 * Records as the slices of a 3-hour recording would have left them: one-second fragments
 * of 30 video and 63 sound samples, durations jittering as Chromium's do.
 */

import type { Mp4IndexState, Mp4PartInput, SampleRuns } from '../../../src/shared/mp4-index';

export const FRAGMENTS = 10_800;
export const VIDEO = 30;
export const AUDIO = 63;
export const FOUR_GB = 2 ** 32;

/** One second of a fragment's record: sound (track 1, 48 kHz) then picture (track 2, 30 kHz). */
export function fragment(second: number, offset: number): { runs: SampleRuns; bytes: number } {
  const count = VIDEO + AUDIO;
  const sizes = new Uint32Array(count);
  const durations = new Uint32Array(count);
  const sync = new Uint8Array(count);
  for (let index = 0; index < count; index++) {
    const video = index >= AUDIO;
    sizes[index] = video ? 4000 + ((index * 7919) % 3000) : 200 + (index % 40);
    durations[index] = video ? 999 + (index % 3) : index % 2 ? 780 : 744;
    sync[index] = !video || index === AUDIO ? 1 : 0;
  }
  const audioBytes = sizes.subarray(0, AUDIO).reduce((a, b) => a + b, 0);
  const videoBytes = sizes.subarray(AUDIO).reduce((a, b) => a + b, 0);
  const runs: SampleRuns = {
    trackIds: Uint32Array.of(1, 2),
    descriptions: Uint32Array.of(1, 1),
    counts: Uint32Array.of(AUDIO, VIDEO),
    offsets: Float64Array.of(offset + 600, offset + 600 + audioBytes),
    decodeTimes: Float64Array.of(second * 48_000, second * 30_000),
    sizes,
    durations,
    sync,
  };
  return { runs, bytes: 600 + audioBytes + videoBytes };
}

/**
 * A part of `seconds` one-second slices after its init segment (`init`, the state having
 * read it), each slice one fragment, as finishing would read them from storage.
 */
export function syntheticPart(
  init: Uint8Array,
  state: Mp4IndexState,
  seconds: number,
): Mp4PartInput & { state: Mp4IndexState } {
  // The init segment's slice completes no sample.
  const none: SampleRuns = {
    trackIds: new Uint32Array(0),
    descriptions: new Uint32Array(0),
    counts: new Uint32Array(0),
    offsets: new Float64Array(0),
    decodeTimes: new Float64Array(0),
    sizes: new Uint32Array(0),
    durations: new Uint32Array(0),
    sync: new Uint8Array(0),
  };
  const sliceSamples: SampleRuns[] = [none];
  const sliceSizes = [state.position];
  let offset = state.position;
  for (let second = 0; second < seconds; second++) {
    const made = fragment(second, offset);
    sliceSamples.push(made.runs);
    sliceSizes.push(made.bytes);
    offset += made.bytes;
  }
  const counts = { 1: seconds * AUDIO, 2: seconds * VIDEO };
  return { init, sliceSamples, sliceSizes, state: { ...state, position: offset, counts } };
}
