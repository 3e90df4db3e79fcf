/**
 * The Blob parts of a finished file of few parts (issue #17). A 3-hour recording is 10,800
 * one-second slices:
 * - Chromium: a Blob of that many parts takes about 0.4 s to build at Stop (each part is
 *   handed to the browser process on its own). Runs of consecutive slices are put together
 *   as one Blob as they are read along, so the file is a Blob of tens of parts. A Blob of
 *   Blobs copies nothing: it refers to the same stored bytes.
 * - Firefox: its parent process copies a Blob of more than 8 stored parts whole into its
 *   memory. Slices in one slice file (slice-files.ts) are one range of it wherever the file
 *   holds them one after another.
 */

import type { FilePiece } from '../shared/file-pieces';
import type { StoredRow, StoredSlice } from './stored-slice';
import { holdsOwnBytes } from './slice-packs';

interface Run {
  /** The slices of the run, in order: a file uses the run only where it holds exactly these. */
  members: StoredRow[];
  blob: Blob;
}

export class SliceRuns {
  /** Each run by its first slice. Weak: the runs go with the slices read. */
  private readonly byFirst = new WeakMap<StoredRow, Run>();

  /** `length`: slices a run; 0 makes none (every slice stays a part of its own). */
  constructor(readonly length: number) {}

  /** Makes the whole runs of `slices` (read in order, from the first) not made yet, of slices whose rows hold their bytes. */
  gather(slices: readonly StoredRow[]): void {
    if (this.length <= 0) return;
    for (let from = 0; from + this.length <= slices.length; from += this.length) {
      const first = slices[from]!;
      if (this.byFirst.has(first)) continue;
      const members = slices.slice(from, from + this.length);
      // Slices in a pack or a slice file are ranges of one Blob already (blobParts).
      const blobs = members.flatMap((slice) => (holdsOwnBytes(slice) ? [slice.data!] : []));
      if (blobs.length === members.length) this.byFirst.set(first, { members, blob: new Blob(blobs) });
    }
  }

  /**
   * The Blob parts of a file: new bytes as they are, each range of a stored slice as its
   * Blob (or the part of it); where the file holds a run's slices whole and in order, the
   * run's one Blob instead; and ranges that follow each other in one slice file as one.
   */
  blobParts(pieces: readonly FilePiece[], slices: readonly (readonly StoredSlice[])[]): BlobPart[] {
    const parts = new PartList();
    for (let at = 0; at < pieces.length;) {
      const piece = pieces[at]!;
      if (piece instanceof Uint8Array) {
        parts.push(piece);
        at++;
        continue;
      }
      const stored = slices[piece.part]![piece.slice]!;
      const run = this.byFirst.get(stored);
      if (run && holdsRun(pieces, at, run, slices)) {
        parts.push(run.blob);
        at += run.members.length;
        continue;
      }
      if (stored.file && stored.fileAt !== undefined) {
        parts.pushFileRange(stored.file, stored.fileAt + piece.start, stored.fileAt + piece.end);
      } else {
        parts.push(isWhole(piece, stored) ? stored.data : stored.data.slice(piece.start, piece.end));
      }
      at++;
    }
    return parts.done();
  }
}

/** Blob parts, where a range of a file that goes on from the one before it lengthens it. */
class PartList {
  private readonly parts: BlobPart[] = [];
  private range: { file: Blob; start: number; end: number } | undefined;

  push(part: BlobPart): void {
    this.close();
    this.parts.push(part);
  }

  pushFileRange(file: Blob, start: number, end: number): void {
    if (this.range?.file === file && this.range.end === start) {
      this.range.end = end;
      return;
    }
    this.close();
    this.range = { file, start, end };
  }

  done(): BlobPart[] {
    this.close();
    return this.parts;
  }

  private close(): void {
    if (!this.range) return;
    const { file, start, end } = this.range;
    this.parts.push(start === 0 && end === file.size ? file : file.slice(start, end));
    this.range = undefined;
  }
}

const isWhole = (piece: { start: number; end: number }, stored: StoredSlice) =>
  piece.start === 0 && piece.end === stored.size;

/** Whether pieces[at..] are the run's slices, each whole, one after another. */
function holdsRun(
  pieces: readonly FilePiece[],
  at: number,
  run: Run,
  slices: readonly (readonly StoredSlice[])[],
): boolean {
  if (at + run.members.length > pieces.length) return false;
  for (let index = 0; index < run.members.length; index++) {
    const piece = pieces[at + index]!;
    if (piece instanceof Uint8Array) return false;
    const stored = slices[piece.part]?.[piece.slice];
    if (stored === undefined || stored !== run.members[index] || !isWhole(piece, stored)) return false;
  }
  return true;
}
