/**
 * The WebM index however the recording is cut into slices: the same index and the same file
 * from odd boundaries and 1-byte slices (every element split somewhere), plain data small
 * per slice, and a recording cut short by a crash ending at its last whole frame.
 */

import { describe, expect, it } from 'vitest';
import { newWebmScan, scannedBytes, scanWebmSlice } from '../../src/shared/webm-index';
import type { WebmSliceIndex } from '../../src/shared/webm-index/types';
import { decodeWholeFile } from '../e2e/support/media-file';
import { recordedSlices } from './support/recorded-slices';
import {
  finishWebmFromIndexes,
  composeBlob,
  concat,
  finishToFile,
  indexSlices,
  mkvBlocks,
  packets,
  reslice,
  writeInput,
} from './support/webm-index-files';

/** What the slices' indexes say together, whatever the slicing. */
function merged(indexes: readonly WebmSliceIndex[]) {
  const last = indexes.at(-1)!;
  return {
    head: indexes.find((index) => index.head)?.head,
    clusters: indexes.flatMap((index) => index.clusters),
    cues: indexes.flatMap((index) => index.cues),
    cuts: indexes.flatMap((index) => index.cuts),
    clusterTimes: indexes.flatMap((index) => index.clusterTimes ?? []),
    frames: indexes.flatMap((index) => index.frames ?? []),
    wholeTo: last.wholeTo,
    endTime: last.endTime,
    refused: last.refused,
  };
}

async function composedBytes(slices: Uint8Array<ArrayBuffer>[]): Promise<Buffer> {
  const finish = finishWebmFromIndexes(indexSlices(slices).indexes);
  if ('refused' in finish) throw new Error(finish.refused);
  return Buffer.from(await composeBlob(finish, slices).arrayBuffer());
}

describe.each(['firefox-webm', 'chromium-webm', 'firefox-audio-webm'])('WebM index of %s sliced otherwise', (set) => {
  const recorded = recordedSlices(set);
  const whole = concat(recorded);
  const expected = merged(indexSlices(recorded).indexes);

  it.each([
    ['odd sizes', [7, 1, 13, 4099, 2, 333, 65536]],
    ['the whole recording in one slice', [whole.length]],
    ['12-byte slices', [12]],
  ])('gives the same index and file from %s', async (_name, sizes) => {
    const slices = reslice(whole, sizes);
    expect(merged(indexSlices(slices).indexes)).toEqual(expected);
    expect((await composedBytes(slices)).equals(await composedBytes(recorded))).toBe(true);
  });

  it('keeps each slice’s index and the carried state small, plain data', () => {
    const slices = reslice(whole, [5000, 3, 20000]);
    let scan = newWebmScan();
    for (const slice of slices) {
      const next = scanWebmSlice(scan, slice);
      scan = next.scan;
      expect(structuredClone(next.index)).toEqual(next.index);
      // What this slice holds at most (a block takes more than 8 bytes), never what came before.
      const entries = next.index.clusters.length + next.index.cues.length + next.index.cuts.length / 2;
      expect(entries).toBeLessThanOrEqual(slice.length / 8 + 2);
      expect(JSON.stringify({ ...scan, carry: undefined }).length).toBeLessThan(1024);
      expect(scan.carry.length).toBeLessThan(400);
      expect(scannedBytes(scan)).toBe(next.index.end);
    }
    expect(structuredClone(scan)).toEqual(scan);
  });
});

describe('WebM index in 1-byte slices', () => {
  it('gives the same file as from the recorded slices', async () => {
    const recorded = recordedSlices('firefox-audio-webm');
    const slices = reslice(concat(recorded), [1]);
    expect(merged(indexSlices(slices).indexes)).toEqual(merged(indexSlices(recorded).indexes));
    expect((await composedBytes(slices)).equals(await composedBytes(recorded))).toBe(true);
  });
});

describe.each(['firefox-webm', 'chromium-webm', 'firefox-audio-webm'])(
  'WebM index of %s cut short by a crash',
  (set) => {
    const whole = concat(recordedSlices(set));
    const input = writeInput([whole], `${set}-whole`);
    const inputPackets = packets(input);
    const blocks = mkvBlocks(input);

    it.each([1, 100, 4000, 20000])('ends at the last whole frame when %i bytes are missing', async (missing) => {
      const cut = whole.length - missing;
      const slices = reslice(whole.subarray(0, cut), [30000]);
      const { file, finish } = await finishToFile(slices, `${set}-cut-${missing}`);
      const kept = blocks.filter((block) => block.end <= cut);
      expect(packets(file)).toEqual(inputPackets.slice(0, kept.length));
      decodeWholeFile(file);
      // The Duration ends after the last whole frame, before the lost one.
      const lost = blocks[kept.length];
      if (lost) expect(finish.durationMs).toBeLessThanOrEqual(lost.ms + 70);
    });

    it('refuses when the crash came before any whole frame', () => {
      const head = whole.subarray(0, 200);
      expect(finishWebmFromIndexes(indexSlices([head]).indexes)).toEqual({ refused: 'no Cluster was recorded' });
    });
  },
);

describe.each(['firefox-webm', 'chromium-webm', 'firefox-audio-webm'])('what joining reads from %s', (set) => {
  it('lists each Cluster’s Timestamp and every frame, as mkvinfo finds them', () => {
    const slices = recordedSlices(set);
    const whole = concat(slices);
    const all = merged(indexSlices(slices).indexes);
    const blocks = mkvBlocks(writeInput(slices, `${set}-frames`));
    expect(all.frames.length / 3).toBe(blocks.length);
    for (let i = 0; i < blocks.length; i++) expect(all.frames[i * 3 + 1]).toBe(blocks[i]!.ms);
    expect(all.clusterTimes.length / 4).toBe(all.clusters.length);
    for (let q = 0; q < all.clusterTimes.length; q += 4) {
      const [cluster, time, at, end] = all.clusterTimes.slice(q, q + 4) as [number, number, number, number];
      expect(all.clusters[q / 4]!.at).toBe(cluster);
      // The Timestamp element: ID E7, a size, the value.
      expect(whole[at]).toBe(0xe7);
      expect(Number(Buffer.from(whole.subarray(at + 2, end)).readUIntBE(0, end - at - 2))).toBe(time);
    }
  });
});
