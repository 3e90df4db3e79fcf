/**
 * Lays out the finished file's header: EBML header, a Segment of known size, SeekHead,
 * Info, Tracks and Cues, followed (outside this header) by the recorded Clusters as they
 * are. Cue positions depend on the Cues' own size, so it is settled by a few passes.
 */

import { concatBytes, element, ID, sizeField, uintBytes, uintElement } from './ebml';
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

/** Cues with each Cluster's position as it will be: `shift` added to its recorded position. */
function cuesElement(cues: readonly WebmCue[], shift: number): Uint8Array<ArrayBuffer> {
  const points = cues.map((cue) => {
    const positions = concatBytes([
      uintElement(ID.CueTrack, cue.track),
      uintElement(ID.CueClusterPosition, cue.cluster + shift),
    ]);
    return element(
      ID.CuePoint,
      concatBytes([uintElement(ID.CueTime, cue.time), element(ID.CueTrackPositions, positions)]),
    );
  });
  return element(ID.Cues, concatBytes(points));
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
