/**
 * The state carried from one slice to the next while indexing a WebM recording: where in
 * the element tree the stream is, and the few bytes of an element cut by a slice boundary.
 * Plain data, small whatever the length of the recording.
 */

import type { WebmHead, WebmSliceIndex } from './types';

export interface OpenElement {
  id: number;
  at: number;
  /** Undefined for the unknown size MediaRecorder gives the Segment and each Cluster. */
  end: number | undefined;
}

export interface OpenCluster {
  at: number;
  time: number | undefined;
  sized: boolean;
  frames: number;
  cueTaken: boolean;
  /** A sized Cluster is whole only at its end: its frames' end times wait here till then. */
  endTime: number;
}

export interface OpenFrame {
  at: number;
  end: number;
  track: number;
  time: number;
  key: boolean;
  /** A Block in a BlockGroup: whether it is a key frame is known only at the group's end. */
  grouped: boolean;
}

export interface WebmScan {
  /** Absolute position of the next byte to read. */
  at: number;
  /** Bytes of a payload still to pass over (not yet received), starting at `at`. */
  skip: number;
  /** Received bytes from `at` on that could not be read yet: an element's start. */
  carry: Uint8Array;
  open: OpenElement[];
  /** Header elements seen so far, until the first Cluster hands them to that slice's index. */
  head: Partial<Pick<WebmHead, 'ebml' | 'info' | 'tracks'>>;
  clustersStarted: boolean;
  cueTrack: { number: number; video: boolean } | undefined;
  cluster: OpenCluster | undefined;
  frame: OpenFrame | undefined;
  /** Whether the open BlockGroup holds a ReferenceBlock (then its frame is no key frame). */
  groupReferences: boolean;
  /** Each track's last frame time and spacing, to estimate the end of its last frame. */
  lastFrames: { track: number; time: number; gap: number }[];
  wholeTo: number;
  endTime: number;
  sizedClusters: boolean;
  refused: string | undefined;
}

export function newWebmScan(): WebmScan {
  return {
    at: 0,
    skip: 0,
    carry: new Uint8Array(0),
    open: [],
    head: {},
    clustersStarted: false,
    cueTrack: undefined,
    cluster: undefined,
    frame: undefined,
    groupReferences: false,
    lastFrames: [],
    wholeTo: 0,
    endTime: 0,
    sizedClusters: false,
    refused: undefined,
  };
}

/**
 * Bytes of the stream this state has taken in. Before scanning the next slice, a caller
 * checks it against the bytes stored: a state left behind (a worker stopped between writing
 * the slice and the state) would misplace every position after it.
 */
export function scannedBytes(scan: WebmScan): number {
  return scan.at + scan.carry.length;
}

/** A copy to work on, so a caller's state is never changed under it. */
export function copyScan(scan: WebmScan): WebmScan {
  return {
    ...scan,
    open: scan.open.map((open) => ({ ...open })),
    head: { ...scan.head },
    cluster: scan.cluster && { ...scan.cluster },
    frame: scan.frame && { ...scan.frame },
    lastFrames: scan.lastFrames.map((last) => ({ ...last })),
  };
}

/** The bytes received so far that are not yet read: the carry, then the new slice. */
export class ScanWindow {
  readonly start: number;
  readonly end: number;

  constructor(
    private readonly carry: Uint8Array,
    private readonly carryStart: number,
    private readonly slice: Uint8Array,
  ) {
    this.start = carryStart + carry.length;
    this.end = this.start + slice.length;
  }

  /** Up to `length` bytes from `from` (fewer when not all received); copies only across the seam. */
  bytes(from: number, length: number): Uint8Array {
    const upTo = Math.min(from + length, this.end);
    if (from >= this.start) return this.slice.subarray(from - this.start, upTo - this.start);
    const fromCarry = this.carry.subarray(from - this.carryStart, upTo - this.carryStart);
    if (upTo <= this.start) return fromCarry;
    const joined = new Uint8Array(upTo - from);
    joined.set(fromCarry);
    joined.set(this.slice.subarray(0, upTo - this.start), fromCarry.length);
    return joined;
  }
}

export function emptyIndex(start: number, end: number): WebmSliceIndex {
  return { start, end, clusters: [], cues: [], cuts: [], wholeTo: 0, endTime: 0, clusterTimes: [], frames: [] };
}
