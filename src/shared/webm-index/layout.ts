/**
 * Lays out the finished file's header: EBML header, a Segment of known size, SeekHead,
 * Info, Tracks and Cues, followed (outside this header) by the recorded Clusters as they
 * are. Cue positions depend on the Cues' own size, so it is settled by a few passes.
 */

import { concatBytes, element, ID, sizeField, uintBytes } from './ebml';
import type { WebmCue, WebmHead } from './types';

/** SeekPosition written on 8 bytes, so the SeekHead's size never depends on where things are. */
function seekEntry(id: number, position: number): Uint8Array {
  const padded = new Uint8Array(8);
  const bytes = uintBytes(position);
  padded.set(bytes, 8 - bytes.length);
  return element(ID.Seek, concatBytes([element(ID.SeekID, uintBytes(id)), element(ID.SeekPosition, padded)]));
}

function seekHead(entries: [number, number][]): Uint8Array {
  return element(ID.SeekHead, concatBytes(entries.map(([id, position]) => seekEntry(id, position))));
}

/** Bytes of an unsigned integer's shortest encoding (at least one). */
function uintLength(value: number): number {
  let length = 1;
  for (let limit = 256; value >= limit; limit *= 256) length++;
  return length;
}

function writeUint(out: Uint8Array, at: number, value: number, length: number): number {
  for (let i = length - 1, rest = value; i >= 0; i--, rest = Math.floor(rest / 256)) out[at + i] = rest % 256;
  return at + length;
}

/*
 * A CuePoint: CueTime, then CueTrackPositions holding CueTrack and CueClusterPosition. Their
 * IDs are one byte each and no part reaches 127 bytes, so each size is one byte too. Written
 * straight into one buffer: 10,000 cues as small arrays took 5 times longer.
 */
function cuePointLength(cue: WebmCue, position: number): number {
  return 10 + uintLength(cue.time) + uintLength(cue.track) + uintLength(position);
}

function writeCuePoint(out: Uint8Array, at: number, cue: WebmCue, position: number): number {
  const [time, track, where] = [uintLength(cue.time), uintLength(cue.track), uintLength(position)];
  out.set([ID.CuePoint, 0x80 | (8 + time + track + where), ID.CueTime, 0x80 | time], at);
  at = writeUint(out, at + 4, cue.time, time);
  out.set([ID.CueTrackPositions, 0x80 | (4 + track + where), ID.CueTrack, 0x80 | track], at);
  at = writeUint(out, at + 4, cue.track, track);
  out.set([ID.CueClusterPosition, 0x80 | where], at);
  return writeUint(out, at + 2, position, where);
}

const CUES_ID = [0x1c, 0x53, 0xbb, 0x6b];

function cuesPayloadLength(cues: readonly WebmCue[], shift: number): number {
  let payload = 0;
  for (const cue of cues) payload += cuePointLength(cue, cue.cluster + shift);
  return payload;
}

/** Cues with each Cluster's position as it will be: `shift` added to its recorded position. */
function cuesElement(cues: readonly WebmCue[], shift: number, payload: number): Uint8Array<ArrayBuffer> {
  const head = [...CUES_ID, ...sizeField(payload)];
  const out = new Uint8Array(head.length + payload);
  out.set(head);
  let at = head.length;
  for (const cue of cues) at = writeCuePoint(out, at, cue, cue.cluster + shift);
  return out;
}

export interface HeaderParts {
  head: WebmHead;
  /** The Info element with the Duration to write. */
  info: Uint8Array;
  cues: readonly WebmCue[];
  /** Bytes of the recorded stream that follow the header (the Clusters kept). */
  clustersLength: number;
}

export function layOutHeader({ head, info, cues, clustersLength }: HeaderParts): Uint8Array<ArrayBuffer> {
  const seekHeadSize = seekHead([
    [ID.Info, 0],
    [ID.Tracks, 0],
    [ID.Cues, 0],
  ]).length;
  const cuesAt = seekHeadSize + info.length + head.tracks.length;
  // Cluster positions count from the Segment's payload; the Clusters follow the Cues.
  // Positions depend on the Cues' size, and the size on the positions' lengths. Each pass can
  // only grow the size, and lengths are bounded, so the passes settle (in 2 or 3).
  let cuesSize = 0;
  let payload = 0;
  for (;;) {
    payload = cuesPayloadLength(cues, cuesAt + cuesSize - head.clustersStart);
    const next = CUES_ID.length + sizeField(payload).length + payload;
    if (next === cuesSize) break;
    cuesSize = next;
  }
  const cuesBytes = cuesElement(cues, cuesAt + cuesSize - head.clustersStart, payload);
  const seek = seekHead([
    [ID.Info, seekHeadSize],
    [ID.Tracks, seekHeadSize + info.length],
    [ID.Cues, cuesAt],
  ]);
  const segmentSize = cuesAt + cuesBytes.length + clustersLength;
  // An 8-byte size, as a muxer that reserves it would write; any length fits.
  const segment = new Uint8Array([0x18, 0x53, 0x80, 0x67, ...sizeField(segmentSize, 8)]);
  return concatBytes([head.ebml, segment, seek, info, head.tracks, cuesBytes]);
}
