/**
 * Chromium: a long recording's slices packed, a few hundred at a time, into one stored
 * Blob each while it records (issue #17). Its browser process reads a finished file from
 * disk item by item: 10,800 stored slices of a second (3 hours) took 6.8–10.4 s to download
 * where 44 stored Blobs of the same bytes took 3.1 s (README "Long recordings"). Packing
 * writes each byte once more, a few minutes after it was recorded, in the background of the
 * reads along the recording (slice-prefetch.ts); the slices' rows then say where in their
 * pack each one is, and their own Blobs go. A pack is one transaction with its rows: a
 * crash leaves either the slices as they were or the pack.
 *
 * The browser deletes a packed slice's old file only once no page holds its Blob, so the
 * offscreen document packs in a worker it ends after each pack (pages/offscreen/slice-pack-worker.ts):
 * held by the document, those Blobs went at one of its garbage collections, often the one
 * at Stop, and deleting a few thousand files then held up IndexedDB (a put took 666 ms
 * instead of 5, and the download started late).
 */

import type { StoredPack, StoredRow } from './stored-slice';
import { afterRange, type RecorderDb } from './recorder-db';

/** Slices per pack: about 80 MB of 1080p, 4 minutes. Test builds: 8, so short recordings get packs. */
export const defaultPackLength = () => (__BROWSER__ !== 'chromium' ? 0 : __TEST_STEPS__ ? 8 : 256);

/**
 * Whether a row holds its own bytes (not yet in a pack or a slice file). `fileAt` first: a
 * slice read from a pack makes a Blob each time its `data` is read.
 */
export const holdsOwnBytes = (row: StoredRow): boolean => row.fileAt === undefined && row.data !== undefined;

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

/** Asks for the next group of a recording's slices to be packed: the `length` stored after `after`. */
export interface PackRequest {
  /** The database's name (tests use their own). */
  database: string;
  recordingId: string;
  after: number;
  length: number;
}

/** The first and last slice of a group now in a pack. */
export interface PackedGroup {
  first: number;
  last: number;
  /** False where the slices were in a pack already (one whose answer was lost). */
  made: boolean;
}

/** Packs a group, where it runs (here, or in a worker); undefined where no whole group of slices holding their own bytes follows. */
export type SlicePacker = (request: PackRequest) => Promise<PackedGroup | undefined>;

/**
 * Packs the `length` slices stored after `after`, where each holds its own bytes: reads
 * them and writes the pack and their rows in one transaction, so no slice changes between.
 * Slices already packed there (a pack whose answer was lost) are given as they are.
 */
export async function packNext(
  db: RecorderDb,
  { recordingId, after, length }: PackRequest,
): Promise<PackedGroup | undefined> {
  // Strict, like the slices: the rows' own Blobs go once the pack is on disk.
  const tx = db.transaction(['slices', 'packs'], 'readwrite', { durability: 'strict' });
  const slices = tx.objectStore('slices');
  const write = async (): Promise<PackedGroup | undefined> => {
    const rows = await slices.getAll(afterRange(recordingId, after), length);
    const packedBefore = rows.findIndex((row) => row.pack === undefined);
    if (packedBefore !== 0 && rows.length > 0) {
      const last = packedBefore < 0 ? rows.length - 1 : packedBefore - 1;
      return { first: rows[0]!.seq, last: rows[last]!.seq, made: false };
    }
    if (rows.length < length || !rows.every(holdsOwnBytes)) return undefined;
    const { pack, rows: placed } = packedRows(recordingId, rows);
    await Promise.all([tx.objectStore('packs').put(pack), ...placed.map((row) => slices.put(row))]);
    return { first: rows[0]!.seq, last: rows[rows.length - 1]!.seq, made: true };
  };
  const [group] = await Promise.all([write(), tx.done]);
  return group;
}
