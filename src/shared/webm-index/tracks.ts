/**
 * Whether recorded parts can share one file, and which Tracks element it gets. Parts must
 * agree on each track's number, type and codec (and Opus's header, which sets channels and
 * pre-skip): their blocks are copied as they are. Video size may differ: VP8 and VP9 carry
 * it in every key frame, and decoders (FFmpeg, Chromium, Firefox) follow it there.
 */

import { children, ID, readUint } from './ebml';
import { childPayload, payloadOf } from './head';

interface TrackEntry {
  number: number;
  type: number;
  codec: string;
  codecPrivate: Uint8Array | undefined;
  pixels: number;
}

const TYPE_NAMES: Record<number, string> = { 1: 'video', 2: 'audio' };

function entriesOf(tracks: Uint8Array): TrackEntry[] | undefined {
  const payload = payloadOf(tracks);
  const list = payload && children(payload);
  if (!payload || !list) return undefined;
  const entries: TrackEntry[] = [];
  for (const child of list) {
    if (child.id !== ID.TrackEntry) continue;
    const body = payloadOf(payload.subarray(child.start, child.end));
    const number = body && childPayload(body, ID.TrackNumber);
    const type = body && childPayload(body, ID.TrackType);
    if (!body || !number || !type) return undefined;
    const video = childPayload(body, ID.Video);
    const width = video && childPayload(video, ID.PixelWidth);
    const height = video && childPayload(video, ID.PixelHeight);
    entries.push({
      number: readUint(number),
      type: readUint(type),
      codec: new TextDecoder().decode(childPayload(body, ID.CodecID) ?? new Uint8Array(0)),
      codecPrivate: childPayload(body, ID.CodecPrivate),
      pixels: width && height ? readUint(width) * readUint(height) : 0,
    });
  }
  return entries;
}

const describe = (entries: TrackEntry[]) =>
  entries.map((entry) => `${TYPE_NAMES[entry.type] ?? `type ${entry.type}`} ${entry.codec}`).join(' + ');

const sameBytes = (a: Uint8Array | undefined, b: Uint8Array | undefined) =>
  a === b || (a !== undefined && b !== undefined && a.length === b.length && a.every((byte, i) => byte === b[i]));

/** Why part `later` cannot follow part `first` in one file, or undefined when it can. */
function mismatch(first: TrackEntry[], later: TrackEntry[]): string | undefined {
  const differ =
    first.length !== later.length ||
    first.some((entry, i) => {
      const other = later[i]!;
      return entry.number !== other.number || entry.type !== other.type || entry.codec !== other.codec;
    });
  if (differ) return `${describe(first)}, then ${describe(later)}`;
  // Opus's header (channels, pre-skip, channel mapping) applies to the whole track.
  const opus = first.find(
    (entry, i) => entry.codec === 'A_OPUS' && !sameBytes(entry.codecPrivate, later[i]!.codecPrivate),
  );
  return opus ? 'Opus sound of another configuration' : undefined;
}

export type TracksChoice = { tracks: Uint8Array } | { problem: string; cannotShare: boolean };

/**
 * The Tracks element for parts recorded with `tracksOfParts`: the part with the largest
 * picture (a player sizes its view from Tracks before the first frame, so the larger
 * parts are not shown scaled down), or why the parts cannot share a file.
 */
export function chooseTracks(tracksOfParts: readonly Uint8Array[]): TracksChoice {
  const parsed = tracksOfParts.map(entriesOf);
  if (parsed.some((entries) => !entries?.length)) return { problem: 'damaged Tracks', cannotShare: false };
  const all = parsed as TrackEntry[][];
  for (const [i, entries] of all.entries()) {
    const problem = i > 0 ? mismatch(all[0]!, entries) : undefined;
    if (problem) return { problem: `part ${i + 1} has other tracks: ${problem}`, cannotShare: true };
  }
  const pixels = (entries: TrackEntry[]) => Math.max(0, ...entries.map((entry) => entry.pixels));
  let largest = 0;
  for (const [i, entries] of all.entries()) if (pixels(entries) > pixels(all[largest]!)) largest = i;
  return { tracks: tracksOfParts[largest]! };
}
