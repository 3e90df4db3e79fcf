/**
 * The slice indexes of a 3-hour WebM recording, without its bytes, for the tests at that
 * size: 10,800 one-second slices of 333 kB (1080p at about 2.7 Mbit/s, 3.6 GB), each one
 * Cluster opened by a key frame, with 80 frames 12 ms apart (video and sound in turn), as
 * the scanner writes them.
 */

import type { WebmSliceIndex } from '../../../src/shared/webm-index/types';

export const THREE_HOURS_OF_SLICES = 10_800;
const SLICE_BYTES = 333_000;
const FRAMES_PER_SLICE = 80;

/** Slice `n`'s row; `head` is a real recording's (its Segment's start and tracks). */
function syntheticIndex(n: number, head: NonNullable<WebmSliceIndex['head']>): WebmSliceIndex {
  const start = n === 0 ? 0 : head.clustersStart + n * SLICE_BYTES;
  const cluster = n === 0 ? head.clustersStart : start;
  const end = head.clustersStart + (n + 1) * SLICE_BYTES;
  const cuts: number[] = [];
  const frames: number[] = [];
  for (let frame = 0; frame < FRAMES_PER_SLICE; frame++) {
    cuts.push(frame === 0 ? cluster : cluster + 20 + frame * 4000, n * 1000 + frame * 12);
    frames.push(cluster + 20 + frame * 4000, n * 1000 + frame * 12, frame % 2 ? 2 : 1);
  }
  return {
    start,
    end,
    ...(n === 0 ? { head } : {}),
    clusters: [{ at: cluster, unsizedHead: 12 }],
    cues: [{ cluster, at: cluster + 20, time: n * 1000, track: 1 }],
    cuts,
    wholeTo: end,
    endTime: n * 1000 + 1000,
    clusterTimes: [cluster, n * 1000, cluster + 12, cluster + 17],
    frames,
  };
}

export function threeHourIndexes(head: NonNullable<WebmSliceIndex['head']>): WebmSliceIndex[] {
  return Array.from({ length: THREE_HOURS_OF_SLICES }, (_, n) => syntheticIndex(n, head));
}
