/**
 * The few EBML (Matroska/WebM) primitives the index needs: reading an element's header
 * and writing small elements. IDs are kept with their marker bits, as written in the file.
 */

export const ID = {
  EBML: 0x1a45dfa3,
  DocType: 0x4282,
  Segment: 0x18538067,
  SeekHead: 0x114d9b74,
  Seek: 0x4dbb,
  SeekID: 0x53ab,
  SeekPosition: 0x53ac,
  Info: 0x1549a966,
  TimestampScale: 0x2ad7b1,
  Duration: 0x4489,
  Tracks: 0x1654ae6b,
  TrackEntry: 0xae,
  TrackNumber: 0xd7,
  TrackType: 0x83,
  CodecID: 0x86,
  CodecPrivate: 0x63a2,
  Video: 0xe0,
  PixelWidth: 0xb0,
  PixelHeight: 0xba,
  Cues: 0x1c53bb6b,
  CuePoint: 0xbb,
  CueTime: 0xb3,
  CueTrackPositions: 0xb7,
  CueTrack: 0xf7,
  CueClusterPosition: 0xf1,
  Cluster: 0x1f43b675,
  Timestamp: 0xe7,
  SimpleBlock: 0xa3,
  BlockGroup: 0xa0,
  Block: 0xa1,
  ReferenceBlock: 0xfb,
  Void: 0xec,
  Tags: 0x1254c367,
  Chapters: 0x1043a770,
  Attachments: 0x1941a469,
} as const;

/** The longest element header: a 4-byte ID and an 8-byte size. */
export const MAX_HEADER_BYTES = 12;

export interface ElementHeader {
  id: number;
  /** Payload bytes; undefined for the "unknown size" a live writer leaves (all ones). */
  size: number | undefined;
  headerSize: number;
}

/** Length of the variable-size integer starting with `first` (0 when invalid). */
function vintLength(first: number, max: number): number {
  for (let length = 1; length <= max; length++) if (first & (0x80 >> (length - 1))) return length;
  return 0;
}

/** The element header at the start of `bytes`: 'more' when cut short, 'bad' when no EBML. */
export function readElementHeader(bytes: Uint8Array): ElementHeader | 'more' | 'bad' {
  if (bytes.length === 0) return 'more';
  const idLength = vintLength(bytes[0]!, 4);
  if (idLength === 0) return 'bad';
  if (bytes.length < idLength + 1) return 'more';
  const sizeLength = vintLength(bytes[idLength]!, 8);
  if (sizeLength === 0) return 'bad';
  if (bytes.length < idLength + sizeLength) return 'more';
  let id = 0;
  for (let i = 0; i < idLength; i++) id = id * 256 + bytes[i]!;
  let size = bytes[idLength]! & (0xff >> sizeLength);
  let allOnes = size === 0xff >> sizeLength;
  for (let i = 1; i < sizeLength; i++) {
    const byte = bytes[idLength + i]!;
    size = size * 256 + byte;
    allOnes &&= byte === 0xff;
  }
  // Sizes past 2^53 cannot be real data here; they would lose precision as numbers.
  if (!allOnes && size > Number.MAX_SAFE_INTEGER) return 'bad';
  return { id, size: allOnes ? undefined : size, headerSize: idLength + sizeLength };
}

/** A SimpleBlock's or Block's track number, relative timestamp and flags (from its payload start). */
export function readBlockHead(payload: Uint8Array): { track: number; time: number; flags: number } | 'more' | 'bad' {
  if (payload.length === 0) return 'more';
  const length = vintLength(payload[0]!, 8);
  if (length === 0) return 'bad';
  if (payload.length < length + 3) return 'more';
  let track = payload[0]! & (0xff >> length);
  for (let i = 1; i < length; i++) track = track * 256 + payload[i]!;
  const view = new DataView(payload.buffer, payload.byteOffset + length, 3);
  return { track, time: view.getInt16(0), flags: view.getUint8(2) };
}

/** Room to read a block's head: a track number of up to 8 bytes, a 2-byte time and flags. */
export const MAX_BLOCK_HEAD_BYTES = 11;

export function readUint(bytes: Uint8Array): number {
  let value = 0;
  for (const byte of bytes) value = value * 256 + byte;
  return value;
}

function idBytes(id: number): number[] {
  const bytes: number[] = [];
  for (let rest = id; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return bytes;
}

/** The shortest EBML size field for `size` (never the all-ones "unknown" pattern). */
export function sizeField(size: number, length = sizeLength(size)): number[] {
  const bytes: number[] = [];
  let rest = size;
  for (let i = 0; i < length; i++) {
    bytes.unshift(rest % 256);
    rest = Math.floor(rest / 256);
  }
  bytes[0]! |= 0x80 >> (length - 1);
  return bytes;
}

function sizeLength(size: number): number {
  let length = 1;
  while (size >= 2 ** (7 * length) - 1) length++;
  return length;
}

export function uintBytes(value: number): number[] {
  const bytes: number[] = [];
  for (let rest = value; rest > 0 || bytes.length === 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return bytes;
}

/** An element of `id` around `payload`. */
export function element(id: number, payload: Uint8Array | number[], sizeBytes?: number): Uint8Array<ArrayBuffer> {
  const head = [...idBytes(id), ...sizeField(payload.length, sizeBytes)];
  const bytes = new Uint8Array(head.length + payload.length);
  bytes.set(head);
  bytes.set(payload, head.length);
  return bytes;
}

export function floatElement(id: number, value: number): Uint8Array<ArrayBuffer> {
  const payload = new Uint8Array(8);
  new DataView(payload.buffer).setFloat64(0, value);
  return element(id, payload);
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const joined = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.length;
  }
  return joined;
}

/** The children of a master element's payload (all sizes known), or undefined when damaged. */
export function children(payload: Uint8Array): { id: number; start: number; end: number }[] | undefined {
  const found: { id: number; start: number; end: number }[] = [];
  for (let at = 0; at < payload.length;) {
    const header = readElementHeader(payload.subarray(at));
    if (typeof header === 'string' || header.size === undefined) return undefined;
    const end = at + header.headerSize + header.size;
    if (end > payload.length) return undefined;
    found.push({ id: header.id, start: at, end });
    at = end;
  }
  return found;
}
