/**
 * Cluster sizes written into the stored bytes as the recording goes (Firefox's slice file,
 * issue #17): on the recorded fixtures, the stream patched in place and indexed with
 * `sizedInStore` gives the very file the unpatched stream gives, from a few ranges instead
 * of one per Cluster.
 */

import { describe, expect, it } from 'vitest';
import { clusterHead, clusterSizes, type OpenCluster } from '../../src/shared/webm-index/cluster-sizes';
import type { WebmFinish, WebmSliceIndex } from '../../src/shared/webm-index/types';
import { recordedSlices } from './support/recorded-slices';
import { composeBlob, finishWebmFromIndexes, indexSlices, packets, writeInput } from './support/webm-index-files';

const bytesOf = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());

/** The slices as the slice writer leaves them: each Cluster's size written once the next one starts. */
function patchAsStored(slices: readonly Uint8Array<ArrayBuffer>[], indexes: readonly WebmSliceIndex[]) {
  const stream = new Uint8Array(slices.reduce((sum, slice) => sum + slice.length, 0));
  let at = 0;
  for (const slice of slices) {
    stream.set(slice, at);
    at += slice.length;
  }
  let open: OpenCluster | undefined;
  const stored = indexes.map((index) => {
    const sizes = clusterSizes(open, index);
    open = sizes.open;
    for (const patch of sizes.patches) stream.set(patch.bytes, patch.at);
    return sizes.patches.length ? { ...index, sizedInStore: sizes.patches.map((patch) => patch.at) } : index;
  });
  const patched = indexes.map((index) => stream.slice(index.start, index.end));
  return { patched, stored, open };
}

const ranges = (finish: WebmFinish) => finish.body.filter((piece) => !(piece instanceof Uint8Array)).length;

describe.each(['firefox-webm', 'chromium-webm', 'firefox-audio-webm'])('cluster sizes in the store: %s', (set) => {
  const slices = recordedSlices(set);
  const { indexes } = indexSlices(slices);
  const clusters = indexes.flatMap((index) => index.clusters);

  it('sizes every Cluster but the last, in place', () => {
    const { stored, open } = patchAsStored(slices, indexes);
    expect(clusters.length).toBeGreaterThan(2);
    expect(stored.flatMap((index) => index.sizedInStore ?? [])).toEqual(clusters.slice(0, -1).map((c) => c.at));
    expect(open?.at).toBe(clusters.at(-1)!.at);
  });

  it.each([{}, { endAtMs: 4000 }])('gives the same file from a few ranges (%o)', async (options) => {
    const plain = finishWebmFromIndexes(indexes, options);
    const { patched, stored } = patchAsStored(slices, indexes);
    const sized = finishWebmFromIndexes(stored, options);
    if ('refused' in plain || 'refused' in sized) throw new Error('refused');
    expect(await bytesOf(composeBlob(sized, patched))).toEqual(await bytesOf(composeBlob(plain, slices)));
    expect(ranges(plain)).toBeGreaterThan(2);
    // The stream before the last Cluster, then after its new header.
    expect(ranges(sized)).toBeLessThanOrEqual(2);
    expect(sized.newBytes).toBeLessThan(plain.newBytes);
  });

  it('gives the last Cluster kept its cut size where the press falls inside one the store sized', async () => {
    const starts = new Set(clusters.map((cluster) => cluster.at));
    const sizedAt = new Set(patchAsStored(slices, indexes).stored.flatMap((index) => index.sizedInStore ?? []));
    // The last frame inside a Cluster the store sized, not its first: the file ends there,
    // inside it (after the first key frame, so there is a cue to index).
    const cuts = indexes.flatMap((index) => index.cuts);
    const inside = cuts.findLastIndex(
      (at, i) => i % 2 === 0 && !starts.has(at) && sizedAt.has(clusters.findLast((c) => c.at < at)!.at),
    );
    expect(inside).toBeGreaterThanOrEqual(0);
    const options = { endAtMs: cuts[inside + 1]! };
    const plain = finishWebmFromIndexes(indexes, options);
    const { patched, stored } = patchAsStored(slices, indexes);
    const sized = finishWebmFromIndexes(stored, options);
    if ('refused' in plain || 'refused' in sized) throw new Error('refused');
    expect(await bytesOf(composeBlob(sized, patched))).toEqual(await bytesOf(composeBlob(plain, slices)));
  });

  it('keeps every packet of the input', async () => {
    const { patched, stored } = patchAsStored(slices, indexes);
    const sized = finishWebmFromIndexes(stored);
    if ('refused' in sized) throw new Error('refused');
    const file = writeInput([await bytesOf(composeBlob(sized, patched))], `${set}-sized-in-store`);
    expect(packets(file)).toEqual(packets(writeInput(slices, set)));
  });
});

describe('clusterHead', () => {
  it('keeps the header length and refuses a size its field cannot hold', () => {
    expect([...clusterHead(1000, 12)!]).toEqual([0x1f, 0x43, 0xb6, 0x75, 0x01, 0, 0, 0, 0, 0, 0x03, 0xe8]);
    expect(clusterHead(2 ** 7 - 1, 5)).toBeUndefined();
    expect(clusterHead(-1, 12)).toBeUndefined();
  });
});
