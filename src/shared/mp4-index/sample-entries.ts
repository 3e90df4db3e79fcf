/**
 * The sample entries (decoder configurations) of a track joined from several parts: one
 * entry per distinct configuration, identical ones shared, and each part's entry numbers
 * mapped onto the joined list. Also what decides whether parts can share a track at all.
 */

import { childBoxes, Mp4IndexError, needBytes, requireChild, type Box } from './boxes';
import { fields, fullBox, type BoxPart } from './box-tree';

/** Thrown when the parts cannot go in one file: they are saved one file each. */
export class CannotShareError extends Error {}

export interface TrakSource {
  view: DataView;
  trak: Box;
}

function stsdOf({ view, trak }: TrakSource): Box {
  const minf = requireChild(view, requireChild(view, trak, 'mdia'), 'minf');
  return requireChild(view, requireChild(view, minf, 'stbl'), 'stsd');
}

function bytesOf(view: DataView, from: Box): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset + from.start, from.end - from.start);
}

/** The sample entries of a `trak`, as boxes of its view. */
export function sampleEntries(source: TrakSource): Box[] {
  const stsd = stsdOf(source);
  needBytes(stsd, 8);
  return childBoxes(source.view, stsd.body + 8, stsd.end);
}

/** What sound must keep across parts: a player does not follow a change of channels or rate. */
function audioShape(view: DataView, entry: Box): string {
  needBytes(entry, 28);
  return `${view.getUint16(entry.body + 16)} channel(s) at ${view.getUint32(entry.body + 24) >>> 16} Hz`;
}

/**
 * Throws CannotShareError when a part's entries for this track are of another codec (or,
 * for sound, another channel count or rate) than the first part's.
 */
export function checkShareable(sources: TrakSource[], handler: string, kind: string): void {
  const first = sources[0]!;
  const [model] = sampleEntries(first);
  if (!model) throw new Mp4IndexError('a track without a sample entry');
  const shape = handler === 'soun' ? audioShape(first.view, model) : '';
  sources.forEach((source, part) => {
    for (const entry of sampleEntries(source)) {
      if (entry.type !== model.type) {
        throw new CannotShareError(`part ${part + 1}'s ${kind} is ${entry.type}, part 1's is ${model.type}`);
      }
      const other = handler === 'soun' ? audioShape(source.view, entry) : '';
      if (other !== shape) throw new CannotShareError(`part ${part + 1}'s ${kind} has ${other}, part 1's ${shape}`);
    }
  });
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
  return true;
}

export interface JoinedEntries {
  stsd: BoxPart;
  /** Per source given: its entry n (1-based) is the joined entry maps[i][n - 1]. */
  maps: Uint32Array[];
}

/**
 * The first source's entries as they are (its `stsd` copied whole when no other source adds
 * one, so a single part's header keeps its bytes), then each other distinct entry once.
 */
export function joinEntries(sources: TrakSource[]): JoinedEntries {
  const first = sources[0]!;
  const entries = sampleEntries(first).map((entry) => bytesOf(first.view, entry));
  const ownCount = entries.length;
  const maps = sources.map((source, index) =>
    Uint32Array.from(sampleEntries(source), (entry, local) => {
      if (index === 0) return local + 1;
      const bytes = bytesOf(source.view, entry);
      const found = entries.findIndex((known) => sameBytes(known, bytes));
      if (found >= 0) return found + 1;
      entries.push(bytes);
      return entries.length;
    }),
  );
  const stsd = stsdOf(first);
  if (entries.length === ownCount) return { stsd: bytesOf(first.view, stsd), maps };
  const versionAndFlags = first.view.getUint32(stsd.body);
  const head = fields(4, (out) => out.setUint32(0, entries.length));
  const node = fullBox('stsd', versionAndFlags >>> 24, versionAndFlags & 0xffffff, head, ...entries);
  return { stsd: node, maps };
}

/** A `tkhd`'s width and height (16.16), its last eight bytes. */
export function trackSize(view: DataView, trak: Box): { width: number; height: number } {
  const tkhd = requireChild(view, trak, 'tkhd');
  needBytes(tkhd, 84);
  return { width: view.getUint32(tkhd.end - 8), height: view.getUint32(tkhd.end - 4) };
}
