/**
 * Chromium: a long recording's slices packed, a few hundred at a time, into one stored
 * Blob each while it records (issue #17). Its browser process reads a finished file from
 * disk item by item: 10,800 stored slices of a second (3 hours) took 6.8–10.4 s to download
 * where 44 stored Blobs of the same bytes took 3.1 s (README "Long recordings"). Packing
 * writes each byte once more, a few minutes after it was recorded, in the background of the
 * reads along the recording (slice-prefetch.ts); the slices' rows then say where in their
 * pack each one is, and their own Blobs go. A pack is one transaction with its rows: a
 * crash leaves either the slices as they were or the pack.
 */

import type { StoredRow } from './stored-slice';

/** Slices per pack: about 80 MB of 1080p, 4 minutes. Test builds: 8, so short recordings get packs. */
export const defaultPackLength = () => (__BROWSER__ !== 'chromium' ? 0 : __TEST_STEPS__ ? 8 : 256);

/** A pack as stored: the slices' bytes one after another, the first slice's seq naming it. */
export interface StoredPack {
  recordingId: string;
  first: number;
  data: Blob;
}

/**
 * Whether a row holds its own bytes (not yet in a pack or a slice file). `fileAt` first: a
 * slice read from a pack makes a Blob each time its `data` is read.
 */
export const holdsOwnBytes = (row: StoredRow): boolean => row.fileAt === undefined && row.data !== undefined;

/**
 * Where the next packs start among `rows` (read in order): each whole group of `length`
 * rows holding their own bytes, from the first such row on, up to the first row that does not.
 */
export function packStarts(rows: readonly StoredRow[], length: number): number[] {
  if (length <= 0) return [];
  const from = rows.findIndex(holdsOwnBytes);
  const starts: number[] = [];
  if (from < 0) return starts;
  for (let at = from; at + length <= rows.length; at += length) {
    if (!rows.slice(at, at + length).every(holdsOwnBytes)) break;
    starts.push(at);
  }
  return starts;
}

/** The pack of `rows` (each holding its own bytes, in order), and their rows once packed. */
export function packedRows(recordingId: string, rows: readonly StoredRow[]): { pack: StoredPack; rows: StoredRow[] } {
  const first = rows[0]!.seq;
  let at = 0;
  const packed = rows.map(({ data: _bytes, ...row }) => {
    const placed = { ...row, pack: first, fileAt: at };
    at += row.size;
    return placed;
  });
  return { pack: { recordingId, first, data: new Blob(rows.map((row) => row.data!)) }, rows: packed };
}
