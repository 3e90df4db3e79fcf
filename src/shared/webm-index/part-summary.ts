/**
 * One recorded part, as joining and cutting need it: its header, its Clusters with their
 * Timestamps, its cues and where it may end. Read from the slices' indexes as stored, and
 * checked on the way: a row that does not follow on from the one before, does not cover its
 * slice, or was stored before the fields joining needs (issue #18) is refused.
 */

import { timestampScale } from './head';
import { joinFieldsProblem } from './scan-check';
import type { WebmCue, WebmHead, WebmSliceIndex } from './types';

export interface WebmPartInput {
  /** Each stored slice's webmIndex, in order. */
  sliceIndexes: WebmSliceIndex[];
  /** Each stored slice's size in bytes, in order. */
  sliceSizes: number[];
  /** End this part here, in ms on its own timeline (as WebmFinishOptions.endAtMs). */
  endAtMs?: number;
}

export interface TimedCluster {
  at: number;
  /** The Cluster's Timestamp in ticks, and the span [timeAt, timeEnd) of that element. */
  time: number;
  timeAt: number;
  timeEnd: number;
}

export interface PartSummary {
  input: WebmPartInput;
  head: WebmHead;
  /** Nanoseconds per tick. */
  scale: number;
  clusters: TimedCluster[];
  cues: WebmCue[];
  wholeTo: number;
  endTime: number;
  /** The part's own end (endAtMs) in ticks, if any. */
  endAtTicks: number | undefined;
  /** Where the part ends on its own timeline, in ticks: its last frame's end, or endAtMs. */
  endTicks: number;
}

/** The first place the part may end that leaves out every frame from `ticks` on. */
export function cutBefore(input: WebmPartInput, ticks: number): number | undefined {
  for (const index of input.sliceIndexes) {
    const cuts = index.cuts;
    for (let i = 0; i < cuts.length; i += 2) if (cuts[i + 1]! >= ticks) return cuts[i];
  }
  return undefined;
}

export function summarizePart(input: WebmPartInput, number: number): PartSummary | string {
  const { sliceIndexes, sliceSizes } = input;
  if (sliceIndexes.length === 0 || sliceIndexes.length !== sliceSizes.length) {
    return `part ${number}: ${sliceIndexes.length} indexes for ${sliceSizes.length} slices`;
  }
  let head: WebmHead | undefined;
  const clusters: TimedCluster[] = [];
  const cues: WebmCue[] = [];
  const times = new Map<number, number[]>();
  let next = 0;
  for (const [i, index] of sliceIndexes.entries()) {
    const problem =
      index.refused ??
      joinFieldsProblem(index) ??
      (index.sizedClusters ? 'Clusters of known size (not written by MediaRecorder)' : undefined) ??
      (index.start !== next ? `a slice is missing before byte ${index.start}` : undefined) ??
      (index.end - index.start !== sliceSizes[i] ? `the index of slice ${i} does not cover its bytes` : undefined);
    if (problem) return `part ${number}: ${problem}`;
    next = index.end;
    head ??= index.head;
    const quads = index.clusterTimes!;
    for (let q = 0; q < quads.length; q += 4) times.set(quads[q]!, quads.slice(q + 1, q + 4));
    for (const cluster of index.clusters) clusters.push({ at: cluster.at, time: -1, timeAt: -1, timeEnd: -1 });
    for (const cue of index.cues) cues.push(cue);
  }
  if (!head) return `part ${number}: no Cluster was recorded`;
  for (const cluster of clusters) {
    const [time, timeAt, timeEnd] = times.get(cluster.at) ?? [-1, -1, -1];
    Object.assign(cluster, { time, timeAt, timeEnd });
  }
  const last = sliceIndexes.at(-1)!;
  const scale = timestampScale(head.info)!;
  const endAtTicks = input.endAtMs === undefined ? undefined : (input.endAtMs * 1e6) / scale;
  const endTicks = Math.min(last.endTime, endAtTicks ?? Infinity);
  return { input, head, scale, clusters, cues, wholeTo: last.wholeTo, endTime: last.endTime, endAtTicks, endTicks };
}
