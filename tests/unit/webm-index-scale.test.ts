/**
 * The WebM index at the size of a 3-hour recording (10,800 one-second slices, one Cluster
 * each): the header stays small and right. Times are reported, never asserted.
 */

import { describe, expect, it } from 'vitest';
import { ID, readElementHeader, readUint } from '../../src/shared/webm-index/ebml';
import { addSliceIndex, filePartsOf, finishWebm, newWebmIndexFold } from '../../src/shared/webm-index/finish';
import { newWebmScan, scanWebmSlice } from '../../src/shared/webm-index/scan-slice';
import type { WebmSliceIndex } from '../../src/shared/webm-index/types';
import { recordedSlices } from './support/recorded-slices';
import { concat, indexSlices, reslice, walk } from './support/webm-index-files';

const SLICES = 10_800;
/** 1080p at about 2.7 Mbit/s: a 3-hour recording of 3.6 GB. */
const SLICE_BYTES = 333_000;
const FRAMES_PER_SLICE = 80;

/** Slice `n`'s index as the scanner gives it for a Cluster a second, a key frame opening each. */
function syntheticIndex(n: number, head: WebmSliceIndex['head']): WebmSliceIndex {
  const start = n === 0 ? 0 : head!.clustersStart + n * SLICE_BYTES;
  const cluster = n === 0 ? head!.clustersStart : start;
  const end = head!.clustersStart + (n + 1) * SLICE_BYTES;
  const cuts: number[] = [];
  for (let frame = 0; frame < FRAMES_PER_SLICE; frame++) cuts.push(cluster + 20 + frame * 4000, n * 1000 + frame * 12);
  return {
    start,
    end,
    ...(n === 0 ? { head } : {}),
    clusters: [{ at: cluster, unsizedHead: 12 }],
    cues: [{ cluster, at: cluster + 20, time: n * 1000, track: 1 }],
    cuts,
    wholeTo: end,
    endTime: n * 1000 + 1000,
  };
}

describe('WebM index of a 3-hour recording', () => {
  const head = indexSlices(recordedSlices('firefox-webm')).indexes[0]!.head!;
  const indexes = Array.from({ length: SLICES }, (_, n) => syntheticIndex(n, head));

  it('writes a header with every cue, its positions settled, in little time', () => {
    // Twice: the first run includes compiling the code, as the first finishing of a session would.
    const timings: number[] = [];
    let fold = newWebmIndexFold();
    let finish: ReturnType<typeof finishWebm> = { refused: 'not run' };
    for (let run = 0; run < 2; run++) {
      const started = performance.now();
      fold = newWebmIndexFold({ endAtMs: SLICES * 1000 - 500 });
      for (const index of indexes) addSliceIndex(fold, index);
      finish = finishWebm(fold);
      timings.push(performance.now() - started);
    }
    if ('refused' in finish) throw new Error(finish.refused);
    const parts = filePartsOf(
      finish,
      indexes.map((index) => index.end - index.start),
    );
    console.log(
      `10,800 Clusters: header ${finish.header.length} bytes, new bytes ${finish.newBytes}, ` +
        `${parts.length} Blob parts, built in ${timings.map((ms) => ms.toFixed(0)).join(' then ')} ms`,
    );
    expect(finish.cueCount).toBe(SLICES);
    expect(finish.durationMs).toBe(SLICES * 1000 - 500);

    // The last cue points at the last Cluster's place in the finished file.
    const bytes = finish.header;
    const [, segment] = walk(bytes, 0, head.ebml.length + 12);
    const segmentData = segment!.at + segment!.headerSize;
    const cues = walk(bytes, segmentData).find((element) => element.id === ID.Cues)!;
    const points = walk(bytes, cues.at + cues.headerSize);
    const last = points.at(-1)!;
    const positions = walk(bytes, last.at + last.headerSize).find((e) => e.id === ID.CueTrackPositions)!;
    const position = walk(bytes, positions.at + positions.headerSize).find((e) => e.id === ID.CueClusterPosition)!;
    const value = readUint(
      bytes.subarray(position.at + position.headerSize, position.at + position.headerSize + position.size!),
    );
    const lastCluster = indexes.at(-1)!.clusters[0]!.at;
    expect(segmentData + value).toBe(bytes.length + lastCluster - head.clustersStart);
    expect(readElementHeader(bytes.subarray(segment!.at))).toMatchObject({
      size: bytes.length - segmentData + fold.cut! - head.clustersStart,
    });
  });

  it('scans slices at a steady speed (reported)', () => {
    const recorded = concat(recordedSlices('firefox-webm'));
    const clusters = recorded.subarray(indexSlices([recorded]).indexes[0]!.head!.clustersStart);
    const stream = concat([recorded, ...Array.from({ length: 40 }, () => clusters)]);
    const slices = reslice(stream, [1_000_000]);
    const started = performance.now();
    let scan = newWebmScan();
    for (const slice of slices) scan = scanWebmSlice(scan, slice).scan;
    const ms = performance.now() - started;
    console.log(
      `scanned ${(stream.length / 1e6).toFixed(1)} MB in ${ms.toFixed(0)} ms: ${(ms / slices.length).toFixed(2)} ms per 1 MB slice`,
    );
    expect(scan.refused).toBeUndefined();
    expect(scan.wholeTo).toBe(stream.length);
  });
});
