/**
 * Index-only finishing of a WebM recording: from the slices' indexes (scan-slice.ts), the
 * header of a finished file and its body: ranges of the stored stream with a new header
 * for each Cluster. The caller composes a Blob of the header, those headers and slices of
 * the stored slices (filePartsOf): no byte of media is copied. What it cannot finish it
 * refuses with a reason (finishing then remuxes).
 *
 * MediaRecorder's Clusters have unknown sizes. Inside a Segment of known size FFmpeg (5.1:
 * ffprobe, and players built on it) reports "Unknown-sized element ... inside parent with
 * finite size" as an error, so each such Cluster gets a new header with its size, as long as
 * the old one (12 bytes): no position moves, and those headers are all that is rewritten.
 *
 * Indexes are folded one by one, so a caller reading them from storage with a cursor holds
 * only the Clusters' and cues' positions (a few dozen bytes per second of recording).
 */

import { clusterHead } from './cluster-sizes';
import { infoWithDuration, timestampScale } from './head';
import { layOutHeader } from './layout';
import type { WebmCluster, WebmCue, WebmFinish, WebmFinishResult, WebmHead, WebmPiece, WebmSliceIndex } from './types';

export interface WebmFinishOptions {
  /**
   * End the file at this moment, in ms on the stream's own timeline (its block times): the
   * Duration says so, and frames from then on are left out where the Clusters allow it.
   */
  endAtMs?: number;
}

export interface WebmIndexFold {
  options: WebmFinishOptions;
  head: WebmHead | undefined;
  clusters: WebmCluster[];
  cues: WebmCue[];
  /** Where the next slice must start: a missing slice would shift every position after it. */
  next: number;
  wholeTo: number;
  endTime: number;
  sizedClusters: boolean;
  /** Clusters whose size the stored bytes already hold (WebmSliceIndex.sizedInStore). */
  sizedInStore: Set<number>;
  /**
   * Each Cluster of unknown size whose size the stored bytes do not hold, by position: its
   * place in `clusters`, in stream order. Finishing writes a header for these alone (and the
   * last one kept), not walking every Cluster: one a second, 10,800 at 3 hours.
   */
  unsized: Map<number, number>;
  /** First place the file may end that leaves out every frame from `endAtMs` on. */
  cut: number | undefined;
  endAtTicks: number | undefined;
  refused: string | undefined;
}

export function newWebmIndexFold(options: WebmFinishOptions = {}): WebmIndexFold {
  return {
    options,
    head: undefined,
    clusters: [],
    cues: [],
    next: 0,
    wholeTo: 0,
    endTime: 0,
    sizedClusters: false,
    sizedInStore: new Set(),
    unsized: new Map(),
    cut: undefined,
    endAtTicks: undefined,
    refused: undefined,
  };
}

/** Takes in the next slice's index (in recording order). Changes `fold`. */
export function addSliceIndex(fold: WebmIndexFold, index: WebmSliceIndex): void {
  if (fold.refused) return;
  if (index.refused) return void (fold.refused = index.refused);
  if (index.start !== fold.next) return void (fold.refused = `a slice is missing before byte ${index.start}`);
  fold.next = index.end;
  if (index.head) takeHead(fold, index.head);
  for (const cluster of index.clusters) {
    if (cluster.unsizedHead !== undefined && !fold.sizedInStore.has(cluster.at))
      fold.unsized.set(cluster.at, fold.clusters.length);
    fold.clusters.push(cluster);
  }
  for (const cue of index.cues) fold.cues.push(cue);
  if (fold.endAtTicks !== undefined && fold.cut === undefined) fold.cut = firstCut(index.cuts, fold.endAtTicks);
  fold.wholeTo = index.wholeTo;
  fold.endTime = index.endTime;
  fold.sizedClusters ||= index.sizedClusters === true;
  for (const at of index.sizedInStore ?? []) {
    fold.sizedInStore.add(at);
    fold.unsized.delete(at);
  }
}

function takeHead(fold: WebmIndexFold, head: WebmHead): void {
  fold.head = head;
  setFoldEnd(fold, fold.options);
}

/** Gives `fold` its options, the end among them, before more slices are folded (fold-prefix.ts). */
export function setFoldEnd(fold: WebmIndexFold, options: WebmFinishOptions): void {
  fold.options = options;
  const { endAtMs } = options;
  fold.endAtTicks = fold.head && endAtMs !== undefined ? (endAtMs * 1e6) / timestampScale(fold.head.info)! : undefined;
}

function firstCut(cuts: readonly number[], endAtTicks: number): number | undefined {
  for (let i = 0; i < cuts.length; i += 2) if (cuts[i + 1]! >= endAtTicks) return cuts[i];
  return undefined;
}

/** The header and body of the finished file, or why there can be none. */
export function finishWebm(fold: WebmIndexFold): WebmFinishResult {
  if (fold.refused) return { refused: fold.refused };
  const head = fold.head;
  if (!head) return { refused: 'no Cluster was recorded' };
  const end = Math.min(fold.wholeTo, fold.cut ?? Infinity);
  if (end <= head.clustersStart) return { refused: 'no whole frame before the end' };
  const cues = fold.cues.filter((cue) => cue.at < end);
  if (cues.length === 0) return { refused: 'no key frame to index' };
  const body = bodyPieces(fold, head.clustersStart, end);
  if (typeof body === 'string') return { refused: body };
  const scale = timestampScale(head.info)!;
  const durationTicks = Math.min(fold.endTime, fold.endAtTicks ?? Infinity);
  const info = infoWithDuration(head.info, durationTicks);
  const header = layOutHeader({ head, info, cues, clustersLength: end - head.clustersStart });
  const result = {
    header,
    body: body.pieces,
    newBytes: header.length + body.newBytes,
    durationMs: (durationTicks * scale) / 1e6,
    cueCount: cues.length,
  };
  return fold.endAtTicks !== undefined && fold.sizedClusters
    ? { ...result, note: 'Clusters have known sizes: frames past the Duration stay in the file' }
    : result;
}

/**
 * The stored stream from `start` to `end`, with a new header (same length, so no position
 * moves) for each Cluster of unknown size: only those few bytes are written anew. A Cluster
 * kept whole whose size the stored bytes already hold (`sizedInStore`) keeps its own.
 */
function bodyPieces(fold: WebmIndexFold, start: number, end: number) {
  const { clusters } = fold;
  const keptCount = countBefore(clusters, end);
  // The last Cluster kept gets a header even where the store sized it: the end may cut it.
  const heads = [...fold.unsized.values()].filter((index) => index < keptCount);
  const last = keptCount - 1;
  if (last >= 0 && clusters[last]!.unsizedHead !== undefined && heads.at(-1) !== last) heads.push(last);
  const pieces: WebmPiece[] = [];
  let from = start;
  let written = 0;
  for (const i of heads) {
    const cluster = clusters[i]!;
    const headLength = cluster.unsizedHead!;
    const next = i + 1 < keptCount ? clusters[i + 1] : undefined;
    const head = clusterHead((next?.at ?? end) - cluster.at - headLength, headLength);
    if (!head) return `a Cluster too large for its size field at byte ${cluster.at}`;
    if (from < cluster.at) pieces.push({ start: from, end: cluster.at });
    pieces.push(head);
    written += headLength;
    from = cluster.at + headLength;
  }
  if (from < end) pieces.push({ start: from, end });
  return { pieces, newBytes: written };
}

/** How many of `clusters` (in stream order) start before `end`. */
function countBefore(clusters: readonly WebmCluster[], end: number): number {
  let low = 0;
  let high = clusters.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (clusters[middle]!.at < end) low = middle + 1;
    else high = middle;
  }
  return low;
}

export type WebmFilePart = Uint8Array<ArrayBuffer> | { slice: number; start: number; end: number };

/**
 * The finished file as parts, given the stored slices' sizes in order: new bytes, or a
 * part [start, end) of slice number `slice`. The caller composes
 * `new Blob(parts.map((p) => (p instanceof Uint8Array ? p : slices[p.slice].slice(p.start, p.end))))`.
 */
export function filePartsOf(finish: WebmFinish, sliceSizes: readonly number[]): WebmFilePart[] {
  const parts: WebmFilePart[] = [finish.header];
  let slice = 0;
  let sliceStart = 0;
  for (const piece of finish.body) {
    if (piece instanceof Uint8Array) {
      parts.push(piece);
      continue;
    }
    // Pieces come in stream order: the slice cursor only moves forward.
    for (let at = piece.start; at < piece.end;) {
      while (sliceStart + (sliceSizes[slice] ?? Infinity) <= at) sliceStart += sliceSizes[slice++]!;
      if (slice >= sliceSizes.length) throw new Error('The index reaches past the stored slices.');
      const upTo = Math.min(piece.end, sliceStart + sliceSizes[slice]!);
      parts.push({ slice, start: at - sliceStart, end: upTo - sliceStart });
      at = upTo;
    }
  }
  return parts;
}
