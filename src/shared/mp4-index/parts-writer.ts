/**
 * `writeMp4Parts`: one MP4 of recorded parts (issue #18), whole or a section, as pieces:
 * the new header, then ranges of the stored slices (`FilePiece`). The caller composes a
 * Blob of them; no media byte is copied.
 */

import type { FilePiece, PiecedFileResult, SectionRange } from '../file-pieces';
import { Mp4IndexError } from './boxes';
import { joinParts, type PayloadRange } from './joined-file';
import type { PartSource } from './part-tables';
import { CannotShareError } from './sample-entries';
import type { SampleRuns } from './sample-runs';
import type { Mp4IndexState } from './slice-index';

export interface Mp4PartInput {
  /** The part's init segment (`record.mp4Init`). */
  init: Uint8Array | undefined;
  /** Each stored slice's record (`mp4Samples`), in order. */
  sliceSamples: (SampleRuns | undefined)[];
  /** The part's index (`record.mp4Index`). */
  state: Mp4IndexState | undefined;
  /** Each stored slice's size, in order. */
  sliceSizes: number[];
  /** Cut the part here (ms from its start), as `writeMp4Header` does. */
  endAtMs?: number;
  /** Also cut the part's tracks where the first one ends. */
  endTogether?: boolean;
}

/** The slices of `part` holding bytes [lo, hi) of its data, clipped to them. */
function piecesOf(range: PayloadRange, sizes: readonly number[], starts: readonly number[]): FilePiece[] {
  const pieces: FilePiece[] = [];
  // The first slice ending after `lo`, by bisection: a section of a long recording reads no more.
  let low = 0;
  let high = sizes.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (starts[middle]! + sizes[middle]! > range.lo) high = middle;
    else low = middle + 1;
  }
  for (let slice = low; slice < sizes.length && starts[slice]! < range.hi; slice++) {
    if (sizes[slice] === 0) continue;
    const start = Math.max(0, range.lo - starts[slice]!);
    const end = Math.min(sizes[slice]!, range.hi - starts[slice]!);
    pieces.push({ part: range.part, slice, start, end });
  }
  return pieces;
}

function checkSizes(parts: readonly Mp4PartInput[]): void {
  parts.forEach((part, index) => {
    const name = parts.length > 1 ? `part ${index + 1}: ` : '';
    if (part.sliceSizes.length !== part.sliceSamples.length) {
      throw new Mp4IndexError(`${name}${part.sliceSamples.length} records for ${part.sliceSizes.length} slices`);
    }
    const stored = part.sliceSizes.reduce((sum, size) => sum + size, 0);
    const indexed = part.state!.position;
    if (indexed !== stored) throw new Mp4IndexError(`${name}the index covers ${indexed} of ${stored} bytes`);
  });
}

/**
 * One MP4 of `parts` on a continuous timeline (each part after the previous one's end),
 * or of `options.section` of it; or why not (`cannotShare`: save the parts one file each).
 */
export function writeMp4Parts(
  parts: readonly Mp4PartInput[],
  options: { section?: SectionRange } = {},
): PiecedFileResult {
  if (parts.length === 0) return { refusal: 'no part to write' };
  try {
    const sources: readonly PartSource[] = parts;
    const joined = joinParts(sources, options.section);
    checkSizes(parts);
    const pieces: FilePiece[] = [...joined.header];
    for (const range of joined.ranges) {
      const sizes = parts[range.part]!.sliceSizes;
      const starts: number[] = [];
      sizes.reduce((at, size) => (starts.push(at), at + size), 0);
      pieces.push(...piecesOf(range, sizes, starts));
    }
    const notes = joined.parts.flatMap((part, index) => {
      const { state } = part;
      if (state.fragment === undefined && state.skip === 0 && state.pending.length === 0) return [];
      return [`${parts.length > 1 ? `part ${index + 1}: ` : ''}the last fragment was incomplete and is left out`];
    });
    return {
      pieces,
      durationMs: joined.durationMs,
      newBytes: joined.headerLength,
      partStartsMs: joined.partStartsMs,
      packetCounts: joined.packetCounts,
      trackEndsMs: joined.trackEndsMs,
      ...(joined.section && { section: joined.section }),
      ...(notes.length > 0 && { note: notes.join('; ') }),
    };
  } catch (error) {
    if (error instanceof CannotShareError) return { refusal: error.message, cannotShare: true };
    return { refusal: error instanceof Mp4IndexError ? error.message : `cannot write the index: ${String(error)}` };
  }
}
