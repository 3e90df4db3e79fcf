/**
 * The body of a joined or cut file: each kept Cluster gets a new header (its size, known
 * now) and a new Timestamp (its time moved onto the file's timeline), then the stored
 * bytes of its blocks, referenced, never copied. A section starting inside a Cluster keeps
 * its blocks from the key frame on: their times are relative to the Cluster's, which moves
 * with them. Positions are counted from the first Cluster of the file.
 */

import type { FilePiece } from '../file-pieces';
import { clusterHead } from './cluster-sizes';
import { element, ID, uintBytes } from './ebml';
import type { KeptPart } from './parts-plan';
import type { WebmCue } from './types';

/** A new Cluster header's length: its ID, and its size on 8 bytes (room for any size). */
const CLUSTER_HEAD_BYTES = 12;

export interface Body {
  pieces: FilePiece[];
  length: number;
  newBytes: number;
  /** Cues on the file's timeline, `cluster` being the Cluster's place in the body. */
  cues: WebmCue[];
}

/** Ranges [start, end) of a part's stream as pieces of its slices. */
class SliceMap {
  private readonly starts: number[] = [];

  constructor(
    private readonly part: number,
    private readonly sizes: readonly number[],
  ) {
    let at = 0;
    for (const size of sizes) {
      this.starts.push(at);
      at += size;
    }
  }

  /** The slice holding byte `at`, by binary search: a short section of a long part is quick. */
  private sliceAt(at: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle]! <= at) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  push(out: FilePiece[], start: number, end: number): void {
    for (let at = start, slice = this.sliceAt(start); at < end; slice++) {
      const sliceStart = this.starts[slice];
      if (sliceStart === undefined) throw new Error('The index reaches past the stored slices.');
      const upTo = Math.min(end, sliceStart + this.sizes[slice]!);
      if (upTo > at) out.push({ part: this.part, slice, start: at - sliceStart, end: upTo - sliceStart });
      at = upTo;
    }
  }
}

export function buildBody(kept: readonly KeptPart[]): Body | string {
  const body: Body = { pieces: [], length: 0, newBytes: 0, cues: [] };
  for (const { part, summary, from, to, shift } of kept) {
    const slices = new SliceMap(part, summary.input.sliceSizes);
    const placed = new Map<number, number>();
    const clusters = summary.clusters;
    for (const [i, cluster] of clusters.entries()) {
      const next = clusters[i + 1]?.at ?? Infinity;
      if (next <= from) continue;
      if (cluster.at >= to) break;
      if (cluster.time < 0) return `part ${part + 1}: a Cluster without Timestamp at byte ${cluster.at}`;
      const time = cluster.time + shift;
      if (time < 0) return `part ${part + 1}: a Cluster before the start of its part at byte ${cluster.at}`;
      const start = Math.max(from, cluster.timeEnd);
      const end = Math.min(next, to);
      if (start >= end) continue;
      const timestamp = element(ID.Timestamp, uintBytes(time));
      const clusterStart = clusterHead(timestamp.length + end - start, CLUSTER_HEAD_BYTES);
      if (!clusterStart) return `part ${part + 1}: a Cluster too large for its size field at byte ${cluster.at}`;
      const head = new Uint8Array([...clusterStart, ...timestamp]);
      placed.set(cluster.at, body.length);
      body.pieces.push(head);
      slices.push(body.pieces, start, end);
      body.length += head.length + end - start;
      body.newBytes += head.length;
    }
    for (const cue of summary.cues) {
      const cluster = placed.get(cue.cluster);
      if (cue.at < from || cue.at >= to || cluster === undefined || cue.time + shift < 0) continue;
      body.cues.push({ ...cue, cluster, time: cue.time + shift });
    }
  }
  return body;
}
