/**
 * What the index needs from a fragmented MP4's init segment (`ftyp` + `moov` with `mvex`):
 * each track's id, timescale and kind, how many sample entries its `stsd` has, and the
 * `trex` defaults that fragments leave out. Plain data, kept in the index's carry-over state.
 */

import { childBoxes, Mp4IndexError, needBytes, requireChild, versionAndFlags, viewOf, type Box } from './boxes';

export interface SampleDefaults {
  descriptionIndex: number;
  duration: number;
  size: number;
  flags: number;
}

export interface InitTrack {
  id: number;
  timescale: number;
  /** The `hdlr` type: 'vide', 'soun', … */
  handler: string;
  descriptionCount: number;
  defaults: SampleDefaults;
}

export interface InitInfo {
  movieTimescale: number;
  tracks: InitTrack[];
}

/** The timescale of an `mvhd` or `mdhd`: after the creation and modification times. */
function timescaleOf(view: DataView, box: Box): number {
  const { version } = versionAndFlags(view, box);
  const at = box.body + (version === 1 ? 20 : 12);
  needBytes(box, at - box.body + 4);
  const timescale = view.getUint32(at);
  if (timescale === 0) throw new Mp4IndexError(`${box.type} has no timescale`);
  return timescale;
}

function trackIdOf(view: DataView, tkhd: Box): number {
  const { version } = versionAndFlags(view, tkhd);
  const at = tkhd.body + (version === 1 ? 20 : 12);
  needBytes(tkhd, at - tkhd.body + 4);
  return view.getUint32(at);
}

function readTrex(view: DataView, trex: Box): [number, SampleDefaults] {
  needBytes(trex, 24);
  const at = trex.body;
  const defaults = {
    descriptionIndex: view.getUint32(at + 8),
    duration: view.getUint32(at + 12),
    size: view.getUint32(at + 16),
    flags: view.getUint32(at + 20),
  };
  return [view.getUint32(at + 4), defaults];
}

/** A `stsz` or `stts` with samples in it: a moov that already indexes media is no init segment. */
function hasSamples(view: DataView, stbl: Box): boolean {
  const stsz = childBoxes(view, stbl.body, stbl.end).find((box) => box.type === 'stsz');
  if (!stsz) return false;
  needBytes(stsz, 12);
  return view.getUint32(stsz.body + 8) > 0;
}

function readTrak(view: DataView, trak: Box, trex: Map<number, SampleDefaults>): InitTrack {
  const id = trackIdOf(view, requireChild(view, trak, 'tkhd'));
  const mdia = requireChild(view, trak, 'mdia');
  const hdlr = requireChild(view, mdia, 'hdlr');
  needBytes(hdlr, 12);
  const stbl = requireChild(view, requireChild(view, mdia, 'minf'), 'stbl');
  const stsd = requireChild(view, stbl, 'stsd');
  needBytes(stsd, 8);
  const defaults = trex.get(id);
  if (!defaults) throw new Mp4IndexError(`no trex for track ${id}`);
  if (hasSamples(view, stbl)) throw new Mp4IndexError(`track ${id} already has samples in its moov`);
  return {
    id,
    timescale: timescaleOf(view, requireChild(view, mdia, 'mdhd')),
    handler: String.fromCharCode(...new Uint8Array(view.buffer, view.byteOffset + hdlr.body + 8, 4)),
    descriptionCount: view.getUint32(stsd.body + 4),
    defaults,
  };
}

/** The init segment's facts; throws Mp4IndexError when it is not one this index can use. */
export function readInitSegment(init: Uint8Array): InitInfo {
  const view = viewOf(init);
  const top = childBoxes(view, 0, init.byteLength);
  if (top[0]?.type !== 'ftyp') throw new Mp4IndexError('the recording does not start with ftyp');
  const moov = top.find((box) => box.type === 'moov');
  if (!moov) throw new Mp4IndexError('no moov in the init segment');
  const mvex = childBoxes(view, moov.body, moov.end).find((box) => box.type === 'mvex');
  if (!mvex) throw new Mp4IndexError('not a fragmented MP4 (no mvex)');
  const trex = new Map(
    childBoxes(view, mvex.body, mvex.end)
      .filter((box) => box.type === 'trex')
      .map((box) => readTrex(view, box)),
  );
  const tracks = childBoxes(view, moov.body, moov.end)
    .filter((box) => box.type === 'trak')
    .map((trak) => readTrak(view, trak, trex));
  if (tracks.length === 0) throw new Mp4IndexError('no track in the init segment');
  return { movieTimescale: timescaleOf(view, requireChild(view, moov, 'mvhd')), tracks };
}

/** The init segment's `moov` box, for the header writer to copy from. */
export function moovOf(init: Uint8Array): { view: DataView; ftyp: Box; moov: Box } {
  const view = viewOf(init);
  const top = childBoxes(view, 0, init.byteLength);
  const ftyp = top.find((box) => box.type === 'ftyp');
  const moov = top.find((box) => box.type === 'moov');
  if (!ftyp || !moov) throw new Mp4IndexError('no ftyp or moov in the init segment');
  return { view, ftyp, moov };
}
