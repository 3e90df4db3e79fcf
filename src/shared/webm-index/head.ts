/** Reads and rewrites the recording's header elements (EBML header, Info, Tracks). */

import { children, concatBytes, element, floatElement, ID, readElementHeader, readUint } from './ebml';

/** The payload of a whole element (header included in `bytes`), or undefined when damaged. */
export function payloadOf(bytes: Uint8Array): Uint8Array | undefined {
  const header = readElementHeader(bytes);
  if (typeof header === 'string' || header.size === undefined) return undefined;
  if (header.headerSize + header.size !== bytes.length) return undefined;
  return bytes.subarray(header.headerSize);
}

export function childPayload(parent: Uint8Array, id: number): Uint8Array | undefined {
  const found = children(parent)?.find((child) => child.id === id);
  return found && payloadOf(parent.subarray(found.start, found.end));
}

/** Why an EBML header is not one this index can finish, or undefined when it is. */
export function ebmlHeaderProblem(ebml: Uint8Array): string | undefined {
  const payload = payloadOf(ebml);
  if (!payload || !children(payload)) return 'damaged EBML header';
  const docType = new TextDecoder().decode(childPayload(payload, ID.DocType) ?? new Uint8Array(0));
  // Matroska readers accept both; the header is copied, so the DocType stays what it was.
  return docType === 'webm' || docType === 'matroska' ? undefined : `not WebM (DocType "${docType}")`;
}

export interface TrackSummary {
  number: number;
  /** Matroska TrackType: 1 video, 2 audio. */
  type: number;
}

export function readTracks(tracks: Uint8Array): TrackSummary[] | undefined {
  const payload = payloadOf(tracks);
  const entries = payload && children(payload);
  if (!payload || !entries) return undefined;
  const found: TrackSummary[] = [];
  for (const entry of entries) {
    if (entry.id !== ID.TrackEntry) continue;
    const body = payloadOf(payload.subarray(entry.start, entry.end));
    const number = body && childPayload(body, ID.TrackNumber);
    const type = body && childPayload(body, ID.TrackType);
    if (!number || !type) return undefined;
    found.push({ number: readUint(number), type: readUint(type) });
  }
  return found.length ? found : undefined;
}

/** The track whose frames become cues: the first video track, else the first track. */
export function cueTrackOf(tracks: TrackSummary[]): { number: number; video: boolean } {
  const video = tracks.find((track) => track.type === 1);
  return video ? { number: video.number, video: true } : { number: tracks[0]!.number, video: false };
}

/** Nanoseconds per tick (TimestampScale), 1 ms when the Info element leaves it out. */
export function timestampScale(info: Uint8Array): number | undefined {
  const payload = payloadOf(info);
  if (!payload || !children(payload)) return undefined;
  const scale = childPayload(payload, ID.TimestampScale);
  if (!scale) return 1_000_000;
  const value = readUint(scale);
  return value > 0 ? value : undefined;
}

/** The Info element with its Duration (absent, or Firefox's 0) replaced by `durationTicks`. */
export function infoWithDuration(info: Uint8Array, durationTicks: number): Uint8Array {
  const payload = payloadOf(info)!;
  const kept = children(payload)!
    .filter((child) => child.id !== ID.Duration)
    .map((child) => payload.subarray(child.start, child.end));
  return element(ID.Info, concatBytes([...kept, floatElement(ID.Duration, durationTicks)]));
}
