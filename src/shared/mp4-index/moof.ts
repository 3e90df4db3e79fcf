/**
 * Reads one `moof` (held whole: a few KB) into sample runs with absolute offsets, applying
 * the `tfhd` and `trex` defaults as ISO/IEC 14496-12 §8.8 lays them out. Chromium sets
 * default-base-is-moof; the other base rules are followed too, as they cost nothing.
 */

import { childBoxes, getUint64, Mp4IndexError, needBytes, requireChild, versionAndFlags, type Box } from './boxes';
import type { InitInfo, SampleDefaults } from './init-segment';
import type { RunsBuilder } from './sample-runs';

const TFHD_BASE_DATA_OFFSET = 0x1;
const TFHD_DESCRIPTION_INDEX = 0x2;
const TFHD_DURATION = 0x8;
const TFHD_SIZE = 0x10;
const TFHD_FLAGS = 0x20;
const TFHD_BASE_IS_MOOF = 0x20000;

const TRUN_DATA_OFFSET = 0x1;
const TRUN_FIRST_FLAGS = 0x4;
const TRUN_DURATION = 0x100;
const TRUN_SIZE = 0x200;
const TRUN_FLAGS = 0x400;
const TRUN_COMPOSITION = 0x800;

const MAX_RUN_SAMPLES = 100_000;

/** sample_is_non_sync_sample, in the sample flags. */
const NON_SYNC = 0x10000;

interface FragmentTrack {
  trackId: number;
  defaults: SampleDefaults;
  /** Where the track fragment's data offsets count from. */
  base: number;
}

/** Where each track's next sample would decode, for a fragment without `tfdt`. */
export type DecodeEnds = Record<number, number>;

function readTfhd(view: DataView, tfhd: Box, init: InitInfo, fallbackBase: number, moofStart: number): FragmentTrack {
  const { flags } = versionAndFlags(view, tfhd);
  needBytes(tfhd, 8);
  const trackId = view.getUint32(tfhd.body + 4);
  const track = init.tracks.find((candidate) => candidate.id === trackId);
  if (!track) throw new Mp4IndexError(`a fragment of track ${trackId}, which the init segment lacks`);
  const defaults = { ...track.defaults };
  const checked = (index: number): number => {
    if (index < 1 || index > track.descriptionCount) {
      throw new Mp4IndexError(`track ${trackId} names sample entry ${index} of ${track.descriptionCount}`);
    }
    return index;
  };
  let at = tfhd.body + 8;
  const field = (present: boolean, bytes: number): number | undefined => {
    if (!present) return undefined;
    needBytes(tfhd, at - tfhd.body + bytes);
    const value = bytes === 8 ? getUint64(view, at) : view.getUint32(at);
    at += bytes;
    return value;
  };
  const baseOffset = field((flags & TFHD_BASE_DATA_OFFSET) !== 0, 8);
  defaults.descriptionIndex = field((flags & TFHD_DESCRIPTION_INDEX) !== 0, 4) ?? defaults.descriptionIndex;
  defaults.duration = field((flags & TFHD_DURATION) !== 0, 4) ?? defaults.duration;
  defaults.size = field((flags & TFHD_SIZE) !== 0, 4) ?? defaults.size;
  defaults.flags = field((flags & TFHD_FLAGS) !== 0, 4) ?? defaults.flags;
  defaults.descriptionIndex = checked(defaults.descriptionIndex);
  const base = baseOffset ?? ((flags & TFHD_BASE_IS_MOOF) !== 0 ? moofStart : fallbackBase);
  return { trackId, defaults, base };
}

function readTfdt(view: DataView, traf: Box, fallback: number): number {
  const tfdt = childBoxes(view, traf.body, traf.end).find((box) => box.type === 'tfdt');
  if (!tfdt) return fallback;
  const { version } = versionAndFlags(view, tfdt);
  needBytes(tfdt, version === 1 ? 12 : 8);
  return version === 1 ? getUint64(view, tfdt.body + 4) : view.getUint32(tfdt.body + 4);
}

/** Adds one `trun`'s samples; returns the end of its data (the next run's default start). */
function readTrun(
  view: DataView,
  trun: Box,
  track: FragmentTrack,
  start: { offset: number; decodeTime: number },
  out: RunsBuilder,
): { offset: number; decodeTime: number } {
  const { version, flags } = versionAndFlags(view, trun);
  needBytes(trun, 8);
  const count = view.getUint32(trun.body + 4);
  if (count === 0) return start;
  // With every field defaulted the count alone is not bounded by the box: a damaged one could be huge.
  if (count > MAX_RUN_SAMPLES) throw new Mp4IndexError(`a trun of ${count} samples`);
  const optional = (flags & TRUN_DATA_OFFSET ? 4 : 0) + (flags & TRUN_FIRST_FLAGS ? 4 : 0);
  const perSample = [TRUN_DURATION, TRUN_SIZE, TRUN_FLAGS, TRUN_COMPOSITION].filter((bit) => flags & bit).length;
  needBytes(trun, 8 + optional + count * perSample * 4);
  let at = trun.body + 8;
  // The fields in the order the format lays them out, each only when its flag is set.
  const word = (): number => {
    at += 4;
    return view.getUint32(at - 4);
  };
  const offset = flags & TRUN_DATA_OFFSET ? track.base + (word() | 0) : start.offset;
  const firstFlags = flags & TRUN_FIRST_FLAGS ? word() : undefined;
  out.startRun({
    trackId: track.trackId,
    description: track.defaults.descriptionIndex,
    offset,
    decodeTime: start.decodeTime,
  });
  let end = offset;
  let decodeTime = start.decodeTime;
  for (let index = 0; index < count; index++) {
    const duration = flags & TRUN_DURATION ? word() : track.defaults.duration;
    const size = flags & TRUN_SIZE ? word() : track.defaults.size;
    const sampleFlags = flags & TRUN_FLAGS ? word() : ((index === 0 ? firstFlags : undefined) ?? track.defaults.flags);
    const raw = flags & TRUN_COMPOSITION ? word() : 0;
    const compositionOffset = version === 1 ? raw | 0 : raw;
    if (version === 0 && raw > 0x7fffffff) throw new Mp4IndexError('a composition offset too large to index');
    out.addSample({ size, duration, sync: (sampleFlags & NON_SYNC) === 0, compositionOffset });
    end += size;
    decodeTime += duration;
  }
  return { offset: end, decodeTime };
}

/**
 * Adds the runs of a `moof` starting at `moofStart` (absolute) to `out`. `ends` holds each
 * track's decode end after the previous fragment and is updated.
 */
export function readMoof(
  moof: DataView,
  moofStart: number,
  headerSize: number,
  init: InitInfo,
  ends: DecodeEnds,
  out: RunsBuilder,
): void {
  const whole: Box = { type: 'moof', start: 0, body: headerSize, end: moof.byteLength };
  let fallbackBase = moofStart;
  for (const traf of childBoxes(moof, whole.body, whole.end)) {
    if (traf.type !== 'traf') continue;
    const track = readTfhd(moof, requireChild(moof, traf, 'tfhd'), init, fallbackBase, moofStart);
    let next = { offset: track.base, decodeTime: readTfdt(moof, traf, ends[track.trackId] ?? 0) };
    for (const trun of childBoxes(moof, traf.body, traf.end)) {
      if (trun.type === 'trun') next = readTrun(moof, trun, track, next, out);
    }
    ends[track.trackId] = next.decodeTime;
    fallbackBase = next.offset;
  }
}
