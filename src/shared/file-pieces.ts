/**
 * What the index-only writers (mp4-index, webm-index) give for a file made of one or more
 * recorded parts, whole or a section of it (issue #18): a list of pieces, each new bytes
 * or a range of one stored slice, in file order. The caller composes a Blob of them, so
 * joining parts and cutting a section change only the index, never copy media.
 */

/** New bytes (a header), or bytes [start, end) of slice `slice` of part `part` (0-based). */
export type FilePiece = Uint8Array<ArrayBuffer> | { part: number; slice: number; start: number; end: number };

/** A section of the file to keep, in ms on the joined file's timeline (0 = its start). */
export interface SectionRange {
  startMs: number;
  endMs: number;
}

export interface PiecedFile {
  pieces: FilePiece[];
  durationMs: number;
  /** Bytes written anew (headers), against the stored bytes the file reuses. */
  newBytes: number;
  /** Where each part starts on the file's timeline, in ms (one entry per part given). */
  partStartsMs: number[];
  /** Packets kept per track (track number or id as the container numbers them). */
  packetCounts: Record<number, number>;
  /** Where each track ends, in ms from the start, for the log's A/V end offset. */
  trackEndsMs?: Record<number, number>;
  /** With a section asked for: where it really starts (the key frame at or before) and ends. */
  section?: SectionRange;
  /** Something worth logging (a cut that could not drop every frame, an incomplete last fragment). */
  note?: string;
}

/**
 * Why the index cannot make the file. `cannotShare`: the parts cannot go in one file (another
 * codec, other tracks), so they are saved one file each; otherwise the remux is the fallback.
 */
export type PiecedFileResult = PiecedFile | { refusal: string; cannotShare?: boolean };
