/**
 * Tallies of a fragmented MP4's packets made as the versions before the MP4 index made them
 * while recording (src/shared/fragment-tally.ts holds what finishing reads of them): only
 * boxes' headers and the small `moof` boxes are looked at; the media (`mdat`) is skipped. A
 * box split across slices is carried over in `pending`.
 */

import type { FragmentTally } from '../../../src/shared/fragment-tally';
import { countFragment, LARGE_BOX_HEADER, readBoxHeader, type BoxHeader } from '../../../src/shared/mp4-packet-count';

/** A moof this large is not one MediaRecorder wrote: stop counting rather than buffer it. */
const MAX_MOOF_BYTES = 4 * 1024 * 1024;

export function newFragmentTally(): FragmentTally {
  return { counts: new Map(), skip: 0, pending: new Uint8Array(0), sawFragment: false, countable: true };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}

/** The box header at the start of `bytes`, once enough of it is there. */
function readHeader(bytes: Uint8Array): BoxHeader | 'more' | 'bad' {
  const header = readBoxHeader(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  if (!header) return 'more';
  // Size 0 (a box to the end of the file) cannot end while slices still come.
  return header.size < header.headerSize ? 'bad' : header;
}

/** The tally after one more slice. Never throws: what it cannot count, it marks so. */
export function tallySlice(tally: FragmentTally, slice: Uint8Array): FragmentTally {
  if (!tally.countable) return tally;
  const next: FragmentTally = { ...tally, counts: new Map(tally.counts) };
  let at = 0;
  while (at < slice.length) {
    if (next.skip > 0) {
      const skipped = Math.min(next.skip, slice.length - at);
      next.skip -= skipped;
      at += skipped;
      continue;
    }
    const header = readHeader(
      next.pending.length ? concat(next.pending, slice.subarray(at, at + LARGE_BOX_HEADER)) : slice.subarray(at),
    );
    if (header === 'bad') return { ...next, countable: false };
    if (header === 'more') {
      next.pending = concat(next.pending, slice.subarray(at));
      break;
    }
    const { size, headerSize, type } = header;
    if (type === 'mdat' && !next.sawFragment) return { ...next, countable: false };
    if (type !== 'moof') {
      // Pass the box over: what of it is already pending counts as passed.
      next.skip = size - next.pending.length;
      next.pending = new Uint8Array(0);
      continue;
    }
    if (size > MAX_MOOF_BYTES) return { ...next, countable: false };
    const wanted = size - next.pending.length;
    const taken = slice.subarray(at, at + wanted);
    next.pending = concat(next.pending, taken);
    at += taken.length;
    if (next.pending.length < size) break;
    const moof = next.pending;
    countFragment(new DataView(moof.buffer, moof.byteOffset + headerSize, size - headerSize), next.counts);
    next.sawFragment = true;
    next.pending = new Uint8Array(0);
  }
  return next;
}
