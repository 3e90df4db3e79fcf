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

/** One CuePoint, pushed byte by byte: 10,000 of them as small arrays took 5 times longer. */
function pushCuePoint(out: number[], time: number, track: number, position: number): void {
  const [timeBytes, trackBytes, positionBytes] = [uintBytes(time), uintBytes(track), uintBytes(position)];
  // The IDs of a CuePoint's parts are one byte each, and no part reaches 127 bytes.
  const positions = 4 + trackBytes.length + positionBytes.length;
  out.push(ID.CuePoint, 0x80 | (4 + timeBytes.length + positions));
  out.push(ID.CueTime, 0x80 | timeBytes.length, ...timeBytes, ID.CueTrackPositions, 0x80 | positions);
  out.push(ID.CueTrack, 0x80 | trackBytes.length, ...trackBytes);
  out.push(ID.CueClusterPosition, 0x80 | positionBytes.length, ...positionBytes);
}

/** Cues with each Cluster's position as it will be: `shift` added to its recorded position. */
function cuesElement(cues: readonly WebmCue[], shift: number): Uint8Array<ArrayBuffer> {
  const bytes: number[] = [];
  for (const cue of cues) pushCuePoint(bytes, cue.time, cue.track, cue.cluster + shift);
  return element(ID.Cues, bytes);
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
  let cuesBytes = new Uint8Array(0);
  for (let pass = 0; pass < 16; pass++) {
    const next = cuesElement(cues, cuesAt + cuesBytes.length - head.clustersStart);
    const settled = next.length === cuesBytes.length;
    cuesBytes = next;
    if (settled) break;
  }
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
