/**
 * Indexes a fragmented MP4 slice by slice as the recording is stored, so finishing needs
 * no read of the media: only box headers and the small boxes (`ftyp`, `moov`, `moof`) are
 * looked at, `mdat` payloads are skipped. Each slice yields a record of the samples whose
 * bytes it completed (kept beside that slice); the carry-over state stays small (a split
 * box, one fragment's runs) and plain, so it can be stored with the recording's record and
 * a restarted background goes on. What it cannot index it refuses, with the reason.
 */

import { readBoxHeader } from '../mp4-packet-count';
import { Mp4IndexError, viewOf } from './boxes';
import { readInitSegment, type InitInfo } from './init-segment';
import { readMoof, type DecodeEnds } from './moof';
import { emptyRuns, runEnds, RunsBuilder, type SampleRuns } from './sample-runs';

export interface Mp4IndexState {
  /** Bytes of the recording seen so far: the next slice's first byte is at this offset. */
  position: number;
  /** Bytes still to pass over of the box being skipped. */
  skip: number;
  /** The start of a box not complete yet: its header, or a box kept whole. */
  pending: Uint8Array;
  /** The `ftyp`, until the `moov` after it completes the init segment. */
  ftyp?: Uint8Array;
  init?: InitInfo;
  decodeEnds: DecodeEnds;
  /** The runs of the last `moof`, waiting for the end of their `mdat`. */
  fragment?: { runs: SampleRuns; dataEnd?: number };
  /** Samples indexed per track id (the packet counts the remuxer can also use). */
  counts: Record<number, number>;
  refusal?: string;
}

/** What one slice adds: the samples it completed, and the init segment in the slice that ends it. */
export interface SliceIndex {
  runs: SampleRuns;
  init?: Uint8Array;
}

/** Boxes kept whole are small in what MediaRecorder writes; larger ones are refused, not buffered. */
const MAX_KEPT_BOX = 4 * 1024 * 1024;
const KEPT = new Set(['ftyp', 'moov', 'moof']);

export function newMp4IndexState(): Mp4IndexState {
  return { position: 0, skip: 0, pending: new Uint8Array(0), decodeEnds: {}, counts: {} };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}

/** Works on a copy of the state, so a refused or thrown slice leaves the caller's as it was. */
class SliceIndexer {
  readonly out = new RunsBuilder();
  init?: Uint8Array;

  constructor(readonly state: Mp4IndexState) {}

  /** A box whose header has been read: keep it whole, or pass over it. */
  beginBox(type: string, start: number, size: number, headerSize: number): 'keep' | 'skip' {
    const s = this.state;
    if (start === 0 && type !== 'ftyp') throw new Mp4IndexError(`not an MP4: it starts with "${type}"`);
    if ((type === 'ftyp' || type === 'moov') && s.init) throw new Mp4IndexError('a second init segment');
    if ((type === 'moof' || type === 'mdat') && !s.init) throw new Mp4IndexError(`${type} before the moov`);
    if (KEPT.has(type)) {
      if (size > MAX_KEPT_BOX) throw new Mp4IndexError(`a ${type} of ${size} bytes`);
      return 'keep';
    }
    if (type === 'mdat') this.claimMdat(start + headerSize, start + size);
    return 'skip';
  }

  /** The fragment's samples must lie in the `mdat` after its `moof`: what ever reads them trusts that. */
  private claimMdat(body: number, end: number): void {
    const fragment = this.state.fragment;
    if (!fragment || fragment.dataEnd !== undefined) throw new Mp4IndexError('media outside a fragment');
    const ends = runEnds(fragment.runs);
    fragment.runs.offsets.forEach((offset, run) => {
      if (offset < body || ends[run]! > end) throw new Mp4IndexError('a fragment pointing outside its mdat');
    });
    fragment.dataEnd = end;
  }

  /** A kept box, now whole. */
  completeBox(type: string, box: Uint8Array, start: number, headerSize: number): void {
    const s = this.state;
    if (type === 'ftyp') s.ftyp = box;
    if (type === 'moov') {
      if (!s.ftyp || start !== s.ftyp.length) throw new Mp4IndexError('the moov does not follow the ftyp');
      this.init = concat(s.ftyp, box);
      s.init = readInitSegment(this.init);
      delete s.ftyp;
    }
    if (type === 'moof') {
      if (s.fragment) throw new Mp4IndexError('a fragment without media');
      const runs = new RunsBuilder();
      readMoof(viewOf(box), start, headerSize, s.init!, s.decodeEnds, runs);
      s.fragment = { runs: runs.build() };
    }
  }

  /** Once the stream has passed a fragment's `mdat`, its samples are this slice's. */
  settleFragment(): void {
    const s = this.state;
    if (s.fragment?.dataEnd === undefined || s.position < s.fragment.dataEnd) return;
    const { runs } = s.fragment;
    this.out.addRuns(runs);
    runs.trackIds.forEach((id, run) => (s.counts[id] = (s.counts[id] ?? 0) + runs.counts[run]!));
    delete s.fragment;
  }

  /** Consumes the slice from `at`; returns where it stopped (the slice's end). */
  step(slice: Uint8Array, at: number): number {
    const s = this.state;
    if (s.skip > 0) {
      const skipped = Math.min(s.skip, slice.length - at);
      s.skip -= skipped;
      s.position += skipped;
      this.settleFragment();
      return at + skipped;
    }
    const view = viewOf(s.pending.length ? concat(s.pending, slice.subarray(at, at + 16)) : slice.subarray(at));
    const header = readBoxHeader(view);
    if (!header) {
      s.pending = concat(s.pending, slice.subarray(at));
      s.position += slice.length - at;
      return slice.length;
    }
    // Size 0 (to the end of the file) cannot end while slices still come.
    if (header.size < header.headerSize) throw new Mp4IndexError(`a damaged box header (${header.type})`);
    const start = s.position - s.pending.length;
    if (s.pending.length === 0 || s.pending.length < header.headerSize || !KEPT.has(header.type)) {
      // First sight of this header (a kept box's later bytes are taken below without a second look).
      if (this.beginBox(header.type, start, header.size, header.headerSize) === 'skip') {
        s.skip = header.size - s.pending.length;
        s.pending = new Uint8Array(0);
        this.settleFragment();
        return at;
      }
    }
    const taken = slice.subarray(at, at + header.size - s.pending.length);
    s.pending = concat(s.pending, taken);
    s.position += taken.length;
    if (s.pending.length === header.size) {
      const box = s.pending;
      s.pending = new Uint8Array(0);
      this.completeBox(header.type, box, start, header.headerSize);
    }
    return at + taken.length;
  }
}

/**
 * The index after one more slice, and what that slice adds. Never throws: what it cannot
 * index leaves `refusal` set on the state, and later slices add nothing.
 */
export function indexSlice(state: Mp4IndexState, slice: Uint8Array): { state: Mp4IndexState; slice: SliceIndex } {
  if (state.refusal !== undefined) return { state, slice: { runs: emptyRuns() } };
  const indexer = new SliceIndexer({
    ...state,
    decodeEnds: { ...state.decodeEnds },
    counts: { ...state.counts },
    fragment: state.fragment && { ...state.fragment },
  });
  try {
    for (let at = 0; at < slice.length;) at = indexer.step(slice, at);
  } catch (error) {
    const reason = error instanceof Mp4IndexError ? error.message : `unreadable: ${String(error)}`;
    return {
      state: { ...state, position: state.position + slice.length, refusal: reason },
      slice: { runs: emptyRuns() },
    };
  }
  const added: SliceIndex = { runs: indexer.out.build() };
  if (indexer.init) added.init = indexer.init;
  return { state: indexer.state, slice: added };
}

/**
 * Packets per track id, as `talliedPackets` gives them (fragment-tally.ts), so this state
 * can stand in for the tally when finishing falls back to the remux: only when the slices
 * end on a whole fragment and nothing was refused.
 */
export function indexedPacketCounts(state: Mp4IndexState | undefined): Map<number, number> | undefined {
  if (!state || state.refusal !== undefined || state.fragment || state.skip > 0 || state.pending.length > 0) {
    return undefined;
  }
  const counts = Object.entries(state.counts).map(([id, count]): [number, number] => [Number(id), count]);
  return counts.length ? new Map(counts) : undefined;
}
