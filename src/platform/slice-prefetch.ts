/**
 * Reads a recording's stored slices before its end (issue #17). Reading every slice row
 * was the longest step between Stop and the download, and grows with the length (at
 * 1 hour: 255 ms in Chromium, 412 ms in Firefox; three times that at 3 hours). The rows
 * stored so far never change, so they are read along while the recording runs (a step a
 * minute, see background/recordings/read-along.ts) and once more as Stop is pressed, while
 * the recorder runs on (100–200 ms, content/recording-end.ts). At the end only the rows
 * after the last one read are read, and the whole is checked against the stored count, so
 * a late or out-of-order slice costs a full read, never a wrong file.
 */

import type { StoredRow } from './stored-slice';
import { SliceRuns } from './slice-runs';
import type { PackedGroup } from './slice-packs';
import { IndexPrefixes } from './index-prefixes';

export interface SliceReader {
  /** The stored slices after `seq` (all with -Infinity) up to `through`, in order, at most `limit` when given. */
  readAfter(recordingId: string, seq: number, limit?: number, through?: number): Promise<StoredRow[]>;
  count(recordingId: string): Promise<number>;
  /**
   * Packs the `length` slices stored after `after` where they hold their own bytes
   * (slice-packs.ts), without handing their Blobs to this context; undefined where no whole group follows.
   */
  packNext(recordingId: string, after: number, length: number): Promise<PackedGroup | undefined>;
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
  /** The rows read so far, in order, growing step by step: every row stored before the last one is in it. */
  rows: StoredRow[];
  /** The rows once this start has read (and packed) what it will; undefined where a read failed (the next start begins again). */
  settled: Promise<StoredRow[] | undefined>;
  /** Set by a later start: this one packs no more (the next read along goes on from it, or Stop came). */
  superseded?: boolean;
  /** Whether this start packs (a Chromium read along): a Stop after it must not wait for a pack. */
  packing: boolean;
  timer: ReturnType<typeof setTimeout>;
}

export class SlicePrefetch {
  private readonly ahead = new Map<string, Ahead>();
  private readonly keepMs: number;
  private readonly packLength: number;
  /** Blobs of runs of slices read, made as they are read, for files of few Blob parts. */
  readonly runs: SliceRuns;
  /** The index (MP4 sample tables, WebM fold) of the slices read by a start that asks for it (Stop's). */
  readonly indexes = new IndexPrefixes();

  constructor(
    private readonly reader: SliceReader,
    options: PrefetchOptions = {},
  ) {
    this.keepMs = options.keepMs ?? PREFETCH_KEEP_MS;
    this.runs = new SliceRuns(options.runLength ?? 0);
    this.packLength = options.packLength ?? 0;
  }

  /**
   * Reads the slices stored since the last read (all of them the first time). With `pack`
   * (the reads along a Chromium recording), it packs each whole group first and reads only
   * what is packed: a slice read here before its pack would keep its old file on disk until
   * this context's next garbage collection (slice-packs.ts); the rest is read at Stop.
   * Without (Stop), it waits for the read before unless that one packs: then it goes on at
   * once from the rows read so far, never waiting for a pack being made, and no pack is
   * started after it. With `gather`, it also gathers the MP4 sample tables of the rows read
   * (going on from the last gather), and at Stop folds their WebM index (index-prefixes.ts),
   * so finishing gathers or folds only those of the last few slices.
   */
  start(recordingId: string, { pack = false, gather = false } = {}): void {
    const before = this.ahead.get(recordingId);
    clearTimeout(before?.timer);
    if (before) before.superseded = true;
    const packing = pack && this.packLength > 0;
    const ahead: Ahead = {
      rows: before ? [...before.rows] : [],
      settled: Promise.resolve(undefined),
      packing,
      timer: setTimeout(() => this.ahead.delete(recordingId), this.keepMs),
    };
    // Each start waits for the one before (never two packs at once, never the same rows
    // read twice), except a Stop after a packing read along: a pack takes seconds.
    const waits = before !== undefined && (packing || !before.packing);
    const from = waits ? before.settled : Promise.resolve(ahead.rows);
    ahead.settled = from
      .then(async (rows) => {
        ahead.rows = rows ?? [];
        if (packing) await this.packAndRead(recordingId, ahead);
        else await this.readInSteps(recordingId, ahead.rows);
        // After the packing: a run of slices just packed would be dropped at once.
        this.runs.gather(ahead.rows);
        // A read along superseded by Stop's leaves the index to Stop's read, which has more rows.
        if (gather && !ahead.superseded) this.indexes.gather(ahead.rows, { along: packing });
        return ahead.rows;
      })
      // A failed read ahead only means a full read at the end, or a new start here.
      .catch((error: unknown) => {
        console.warn('Media Recorder: could not read the slices stored ahead; they are read at the end', error);
        return undefined;
      });
    this.ahead.set(recordingId, ahead);
  }

  private async readInSteps(recordingId: string, read: StoredRow[], through = Infinity): Promise<void> {
    for (;;) {
      const after = read.length === 0 ? -Infinity : read[read.length - 1]!.seq;
      // IndexedDB refuses an empty range (a DataError), as a group of exactly one step leaves.
      if (after >= through) return;
      const step = await this.reader.readAfter(recordingId, after, PREFETCH_STEP, through);
      for (const row of step) read.push(row);
      if (step.length < PREFETCH_STEP) return;
    }
  }

  /**
   * Packs each whole group after the rows read, and reads it once packed, until less than
   * a group is left or a later start superseded this one. Where a pack fails (no room), the
   * slices stay as they were and are read as they are: a right file still, of more parts.
   */
  private async packAndRead(recordingId: string, ahead: Ahead): Promise<void> {
    while (!ahead.superseded) {
      const last = ahead.rows.length === 0 ? -Infinity : ahead.rows[ahead.rows.length - 1]!.seq;
      let group: PackedGroup | undefined;
      try {
        const startedAt = performance.now();
        group = await this.reader.packNext(recordingId, last, this.packLength);
        // One line every few minutes of a long recording: when the slices were packed, and how long it took.
        if (group?.made)
          console.info(
            `Media Recorder: packed slices ${group.first}–${group.last} in ${Math.round(performance.now() - startedAt)} ms`,
          );
      } catch (error) {
        console.warn('Media Recorder: could not pack the slices stored; they stay as they are', error);
        await this.readInSteps(recordingId, ahead.rows);
        return;
      }
      if (!group) return;
      await this.readInSteps(recordingId, ahead.rows, group.last);
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
    const rest = await this.reader.readAfter(recordingId, first[first.length - 1]!.seq);
    const all = first.concat(rest);
    // Rows are only ever added (a retry rewrites a row with the same bytes; a pack
    // rewrites where the bytes are, not what they are). Rows numbered 0, 1, 2… leave no
    // number free for a row to be added before the last one read ahead; otherwise the
    // same number of rows as stored says none was (a count of every row: 91 ms at 3 hours).
    if (all.every((row, at) => row.seq === at)) return all;
    return all.length === (await this.reader.count(recordingId)) ? all : undefined;
  }
}
