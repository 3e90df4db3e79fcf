/**
 * The header of a finished MP4 of one recording composed without copying media:
 * `new Blob([header, ...slices])`, the `mdat` holding every stored slice as it is. Joined
 * parts and sections are `writeMp4Parts`; this is its single whole part.
 */

import { Mp4IndexError } from './boxes';
import { joinParts } from './joined-file';
import type { SampleRuns } from './sample-runs';
import type { Mp4IndexState } from './slice-index';
import type { TablePrefix } from './table-prefix';

export interface Mp4HeaderOptions {
  /**
   * Cut every track here, in ms from the file's start (the earliest sample of any track):
   * samples starting at or after it are dropped, so sound and picture end together.
   */
  endAtMs?: number;
  /**
   * Also cut every track where the first one ends, for ends without a press to cut at
   * (media ended, a crash): Chromium's sound ends about 100 ms before its picture.
   */
  endTogether?: boolean;
  /** The first slices' tables, gathered along the recording and as Stop was pressed (table-prefix.ts). */
  prefix?: TablePrefix;
}

export interface Mp4Header {
  /** The header's pieces, in order: new bytes, and the table entries written ahead as they were. */
  header: Uint8Array<ArrayBuffer>[];
  headerLength: number;
  durationMs: number;
  /** Where each track ends (ms from the file's start), for the log's A/V end offset. */
  trackEndsMs: Record<number, number>;
  /** The stored bytes the `mdat` declares: the slices composed after the header must add up to this. */
  dataBytes: number;
  /** Samples kept per track id. */
  packetCounts: Record<number, number>;
  /** The stored bytes end inside a box (a crash): the last fragment was left out. */
  cutShort: boolean;
  /** Samples of that fragment, when its moof had been read (else they were never known). */
  unfinishedSamples: number;
}

export type Mp4HeaderResult = Mp4Header | { refusal: string };

/**
 * The header for `new Blob([header, ...slices])`, from the init segment and every slice's
 * record in order (`slices[i]` from the i-th stored slice; undefined where a slice has none,
 * which refuses), or why it cannot be written.
 */
export function writeMp4Header(
  init: Uint8Array | undefined,
  slices: readonly (SampleRuns | undefined)[],
  state: Mp4IndexState | undefined,
  options: Mp4HeaderOptions = {},
): Mp4HeaderResult {
  try {
    const joined = joinParts([{ init, sliceSamples: slices, state, ...options }]);
    const { state: indexed } = joined.parts[0]!;
    return {
      header: joined.header,
      headerLength: joined.headerLength,
      durationMs: joined.durationMs,
      trackEndsMs: joined.trackEndsMs,
      dataBytes: indexed.position,
      packetCounts: joined.packetCounts,
      cutShort: indexed.fragment !== undefined || indexed.skip > 0 || indexed.pending.length > 0,
      unfinishedSamples: indexed.fragment ? indexed.fragment.runs.sizes.length : 0,
    };
  } catch (error) {
    return { refusal: error instanceof Mp4IndexError ? error.message : `cannot write the index: ${String(error)}` };
  }
}
