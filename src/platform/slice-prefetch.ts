/**
 * Reads a recording's stored slices before its end (issue #17). Reading every slice row
 * was the longest step between Stop and the download, and grows with the length (at
 * 1 hour: 255 ms in Chromium, 412 ms in Firefox; three times that at 3 hours). The rows
 * stored so far never change, so they are read along while the recording runs (a step a
 * minute, see background/recordings/read-along.ts) and once more as Stop is pressed, while
 * the recorder runs its last 200 ms. At the end only the rows after the last one read are
 * read, and the whole is checked against the stored count, so a late or out-of-order slice
 * costs a full read, never a wrong file.
 */

import type { StoredRow } from './stored-slice';
import { SliceRuns } from './slice-runs';
import { packStarts } from './slice-packs';

export interface SliceReader {
  /** The stored slices after `seq` (all with -Infinity), in order, at most `limit` when given. */
  readAfter(recordingId: string, seq: number, limit?: number): Promise<StoredRow[]>;
  count(recordingId: string): Promise<number>;
  /** Stores these slices (read, in order) as one pack, and gives them as slices of it (slice-packs.ts). */
  pack(recordingId: string, rows: readonly StoredRow[]): Promise<StoredRow[]>;
}

/**
 * Rows read per transaction ahead. A read transaction holds back the writes of the
 * recording's slices (IndexedDB runs a write after the reads that overlap it began): read
 * in short steps, the slices are written between two.
 */
export const PREFETCH_STEP = 256;

/**
 * A read is dropped after this long without a new step or a use (a recording paused for
 * long, or a Stop the page refused): longer than the minute between two steps read along.
 */
export const PREFETCH_KEEP_MS = 5 * 60_000;

export interface PrefetchOptions {
  keepMs?: number;
  /** Whole slices put together as one Blob per this many (0: none); see slice-runs.ts. */
  runLength?: number;
  /** Slices stored as one pack per this many, where a read along asks for it (0: none); see slice-packs.ts. */
  packLength?: number;
}

interface Ahead {
  /**
   * The rows read so far, in order, as soon as they are read (a pack made later is put in
   * place of its rows); undefined once a read failed (the next start begins again).
   */
  read: Promise<StoredRow[] | undefined>;
  /** The same rows once this start's packs and runs are made: what the next read along goes on from. */
  settled: Promise<StoredRow[] | undefined>;
  /** Set by a later start: this one's packing ends (the next read along goes on with it, or Stop came). */
  superseded?: boolean;
  timer: ReturnType<typeof setTimeout>;
}

export class SlicePrefetch {
  private readonly ahead = new Map<string, Ahead>();
  private readonly keepMs: number;
  private readonly packLength: number;
  /** Blobs of runs of slices read, made as they are read, for files of few Blob parts. */
  readonly runs: SliceRuns;

  constructor(
    private readonly reader: SliceReader,
    options: PrefetchOptions = {},
  ) {
    this.keepMs = options.keepMs ?? PREFETCH_KEEP_MS;
    this.runs = new SliceRuns(options.runLength ?? 0);
    this.packLength = options.packLength ?? 0;
  }

  /**
   * Reads the slices stored since the last read (all of them the first time); with `pack`
   * (the reads along a recording), then packs them. Without (Stop), it does not wait for a
   * pack being written: it goes on from the rows as read, whose Blobs stay readable while
   * they are held (the browser deletes a stored Blob's file only once no page holds it),
   * and no pack is started after it. (A read along after a Stop the page refused may pack
   * again a group still being packed: the same bytes, the later pack kept.)
   */
  start(recordingId: string, { pack = false } = {}): void {
    const before = this.ahead.get(recordingId);
    clearTimeout(before?.timer);
    if (before) before.superseded = true;
    const read = ((pack ? before?.settled : before?.read) ?? Promise.resolve([]))
      // A failed read ahead only means a full read at the end, or a new start here.
      .then((rows) => this.readInSteps(recordingId, rows ?? []))
      .catch(() => undefined);
    const ahead: Ahead = {
      read,
      settled: read.then(async (rows) => {
        if (!rows) return undefined;
        if (pack) await this.packWhatIsWhole(recordingId, rows, ahead);
        // After the packing: a run of slices just packed would be dropped at once.
        this.runs.gather(rows);
        return rows;
      }),
      timer: setTimeout(() => this.ahead.delete(recordingId), this.keepMs),
    };
    this.ahead.set(recordingId, ahead);
  }

  private async readInSteps(recordingId: string, read: StoredRow[]): Promise<StoredRow[]> {
    for (;;) {
      const after = read.length === 0 ? -Infinity : read[read.length - 1]!.seq;
      const step = await this.reader.readAfter(recordingId, after, PREFETCH_STEP);
      for (const row of step) read.push(row);
      if (step.length < PREFETCH_STEP) return read;
    }
  }

  /**
   * Packs each whole group of slices read that still hold their own bytes, and puts the
   * packed ones in their place. A pack refused (no room, the rows changed) leaves the
   * slices as they were: they are still a right file, of more parts. Packing ends once a
   * later start (the next read along, or Stop) has superseded `ahead`.
   */
  private async packWhatIsWhole(recordingId: string, read: StoredRow[], ahead: Ahead): Promise<void> {
    for (const at of packStarts(read, this.packLength)) {
      if (ahead.superseded) return;
      try {
        const startedAt = performance.now();
        const packed = await this.reader.pack(recordingId, read.slice(at, at + this.packLength));
        read.splice(at, packed.length, ...packed);
        // One line every few minutes of a long recording: when the slices were packed, and how long it took.
        console.info(
          `Media Recorder: packed slices ${read[at]!.seq}–${read[at + packed.length - 1]!.seq} in ${Math.round(performance.now() - startedAt)} ms`,
        );
      } catch (error) {
        console.warn('Media Recorder: could not pack the slices stored; they stay as they are', error);
        break;
      }
    }
  }

  /**
   * The recording's slices from the reads ahead and the rows stored since, or undefined
   * when there was none (or it cannot be trusted): the caller reads them all. One use each.
   */
  async take(recordingId: string): Promise<StoredRow[] | undefined> {
    const ahead = this.ahead.get(recordingId);
    if (!ahead) return undefined;
    this.ahead.delete(recordingId);
    clearTimeout(ahead.timer);
    const first = await ahead.settled;
    if (!first || first.length === 0) return undefined;
    const [rest, count] = await Promise.all([
      this.reader.readAfter(recordingId, first[first.length - 1]!.seq),
      this.reader.count(recordingId),
    ]);
    const all = first.concat(rest);
    // Rows are only ever added (a retry rewrites a row with the same bytes; a pack, made
    // by this read, rewrites where the bytes are, not what they are), so the same
    // number of rows as stored means none was added before the last row read ahead.
    return all.length === count ? all : undefined;
  }
}
