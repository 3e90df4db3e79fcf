/**
 * What the WebM index keeps of each stored slice, and what the header writer returns. All
 * plain data (structured-clonable), stored beside each slice: a restarted background goes
 * on from the last scan state, and finishing reads the slices' indexes in order.
 * Positions are absolute byte offsets in the concatenation of the recording's slices; times
 * are in the stream's own ticks (TimestampScale, nearly always 1 ms).
 */

/** The recording's own header elements, captured once from the first slice(s). */
export interface WebmHead {
  /** The EBML header element, as recorded (DocType webm or matroska). */
  ebml: Uint8Array;
  /** The Segment's Info element, as recorded (the writer replaces its Duration). */
  info: Uint8Array;
  /** The Tracks element, copied into the finished file unchanged. */
  tracks: Uint8Array;
  /** Where the first Cluster starts: everything before it is replaced by the new header. */
  clustersStart: number;
}

export interface WebmCluster {
  at: number;
  /**
   * For a Cluster of unknown size (as MediaRecorder writes them), the length of its header:
   * FFmpeg refuses those inside a Segment of known size, so the writer gives each a new
   * header of the same length, with its size. Absent when the size is known.
   */
  unsizedHead?: number;
}

/** A frame players may start from: a video key frame, or for sound alone a cluster's first frame. */
export interface WebmCue {
  /** Start of the Cluster holding the frame. */
  cluster: number;
  /** Start of the frame's block, to drop cues of frames a cut leaves out. */
  at: number;
  time: number;
  track: number;
}

/** The index of one slice: O(that slice's size), never of the whole recording. */
export interface WebmSliceIndex {
  /** This slice's place in the stream: [start, end). */
  start: number;
  end: number;
  /** Present in the slice where the first Cluster began. */
  head?: WebmHead;
  clusters: WebmCluster[];
  cues: WebmCue[];
  /**
   * Where the file may end, as flat pairs [at, time]: a frame of that time starts at `at`
   * (its Cluster's start when it opens the Cluster), so ending there drops it and all after.
   */
  cuts: number[];
  /** The stream up to here is whole: the file may end here (a crash cut the rest). */
  wholeTo: number;
  /** End of the latest whole frame, estimated from each track's last frame spacing. */
  endTime: number;
  /** Some Cluster had a known size: a cut can then end the file only between Clusters. */
  sizedClusters?: true;
  /** Why the stream cannot be indexed; every later slice repeats it. */
  refused?: string;
  /**
   * Each Cluster's Timestamp, as flat quads [cluster, time, at, end]: the Cluster's start,
   * its Timestamp in ticks, and the span [at, end) of that element, so joining parts and
   * cutting sections can write it anew. Listed in the slice where the element is whole.
   * Absent in rows stored before issue #18 (then only the whole file of one part is made).
   */
  clusterTimes?: number[];
  /**
   * Every frame whole in this slice, as flat triples [at, time, track]: its block's start,
   * its time in ticks, its track number; for the packets a joined or cut file keeps.
   * Absent in rows stored before issue #18.
   */
  frames?: number[];
  /**
   * Clusters (by start) whose unknown size the store has since written into the stored
   * bytes (Firefox's slice file, see cluster-sizes.ts): a file that keeps such a Cluster
   * whole needs no new header for it, so its bytes stay one range.
   */
  sizedInStore?: number[];
}

/** New bytes (a Cluster's header), or a range [start, end) of the stored stream. */
export type WebmPiece = Uint8Array<ArrayBuffer> | { start: number; end: number };

/** The finished file: `header`, then `body` in order. */
export interface WebmFinish {
  header: Uint8Array<ArrayBuffer>;
  /** New Cluster headers (a few bytes each) between ranges of the stored stream. */
  body: WebmPiece[];
  /** Bytes written anew: the header and the Clusters' headers. */
  newBytes: number;
  /** Duration written, in ms. */
  durationMs: number;
  cueCount: number;
  /** Set when frames past the Duration stay in the file (they could not be left out without copying). */
  note?: string;
}

export type WebmFinishResult = WebmFinish | { refused: string };
