/**
 * The tally of a fragmented MP4's packets that recordings stored before the MP4 index
 * (shared/mp4-index) kept with their record, counted as their slices arrived. Such a
 * recording, finished by the remux fallback, takes its packet counts from it rather than
 * reading the stored recording once more (mp4-packet-count.ts). Nothing tallies any more:
 * the MP4 index counts the packets (indexedPacketCounts); tests/unit/support/fragment-tally.ts
 * makes tallies as those versions did.
 */

export interface FragmentTally {
  /** Packets per track id so far. */
  counts: Map<number, number>;
  /** Bytes still to skip of the box being passed over. */
  skip: number;
  /** The start of a box (its header, or a whole `moof`) not complete yet. */
  pending: Uint8Array;
  sawFragment: boolean;
  /** False once the stream is not one this can count (damaged, or media before a fragment). */
  countable: boolean;
}

/** Packets per track id, if the slices so far are whole fragments this could count. */
export function talliedPackets(tally: FragmentTally | undefined): Map<number, number> | undefined {
  if (!tally?.countable || !tally.sawFragment || tally.skip > 0 || tally.pending.length > 0) return undefined;
  return new Map(tally.counts);
}
