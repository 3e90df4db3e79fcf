/**
 * The WebM index at the size of a 3-hour recording (10,800 one-second slices, one Cluster
 * each): the header stays small and right. Times are reported, never asserted.
 */

import { describe, expect, it } from 'vitest';
import { ID, readElementHeader, readUint } from '../../src/shared/webm-index/ebml';
import { addSliceIndex, filePartsOf, finishWebm, newWebmIndexFold } from '../../src/shared/webm-index/finish';
import { newWebmScan, scanWebmSlice } from '../../src/shared/webm-index/scan-slice';
import { recordedSlices } from './support/recorded-slices';
import { concat, indexSlices, reslice, walk } from './support/webm-index-files';
import { THREE_HOURS_OF_SLICES, threeHourIndexes } from './support/webm-long-index';

describe('WebM index of a 3-hour recording', () => {
  const head = indexSlices(recordedSlices('firefox-webm')).indexes[0]!.head!;
  const indexes = threeHourIndexes(head);

  it('writes a header with every cue, its positions settled, in little time', () => {
    // Twice: the first run includes compiling the code, as the first finishing of a session would.
    const timings: number[] = [];
    let fold = newWebmIndexFold();
    let finish: ReturnType<typeof finishWebm> = { refused: 'not run' };
    for (let run = 0; run < 2; run++) {
      const started = performance.now();
      fold = newWebmIndexFold({ endAtMs: THREE_HOURS_OF_SLICES * 1000 - 500 });
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
    expect(finish.cueCount).toBe(THREE_HOURS_OF_SLICES);
    expect(finish.durationMs).toBe(THREE_HOURS_OF_SLICES * 1000 - 500);

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
