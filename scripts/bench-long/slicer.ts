/**
 * Cuts a recording that ffmpeg writes to a pipe into the slices a browser's MediaRecorder
 * hands over, in the same structure, and writes them one after another to a file:
 *
 * - MP4 (Chromium): the init segment (`ftyp` + `moov`) as the first slice, then one
 *   `moof` + `mdat` fragment a slice (ffmpeg's trailing `mfra` is left out: Chromium
 *   writes none);
 * - WebM (Firefox): the EBML header, a Segment of unknown size, Info and Tracks with the
 *   first Cluster as the first slice, then one Cluster a slice, each Cluster's size
 *   rewritten to "unknown" (8 bytes of 0x01FF…FF) as Firefox writes them; ffmpeg's
 *   SeekHead, Void, Tags and Cues are left out (Firefox writes none).
 *
 * It reads the stream as it comes, one box or element at a time, so hours of recording
 * pass through a few MB of memory.
 */

import { closeSync, openSync, writeSync } from 'node:fs';
import type { Readable } from 'node:stream';

const UNKNOWN_SIZE = Buffer.from([0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
const EBML = 0x1a45dfa3;
const SEGMENT = 0x18538067;
const CLUSTER = 0x1f43b675;
const KEPT_HEAD = new Set([0x1549a966 /* Info */, 0x1654ae6b /* Tracks */]);

/** Writes slices to `file`; `sizes` gets each one's length. */
class SliceWriter {
  readonly sizes: number[] = [];
  private readonly fd: number;
  private current: Buffer[] = [];

  constructor(file: string) {
    this.fd = openSync(file, 'w');
  }

  add(bytes: Buffer): void {
    this.current.push(bytes);
  }

  cut(): void {
    if (this.current.length === 0) return;
    const slice = Buffer.concat(this.current);
    writeSync(this.fd, slice);
    this.sizes.push(slice.length);
    this.current = [];
  }

  close(): void {
    this.cut();
    closeSync(this.fd);
  }
}

/** A reader of a byte stream that hands out whole units once enough bytes are there. */
class Pending {
  private buffer: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
  }

  get length(): number {
    return this.buffer.length;
  }

  peek(): Buffer {
    return this.buffer;
  }

  take(bytes: number): Buffer {
    const taken = this.buffer.subarray(0, bytes);
    this.buffer = this.buffer.subarray(bytes);
    return taken;
  }
}

/** MP4 boxes: size, then type; a 64-bit size follows when the size is 1. */
function mp4Box(bytes: Buffer): { type: string; size: number } | undefined {
  if (bytes.length < 8) return undefined;
  let size = bytes.readUInt32BE(0);
  const type = bytes.toString('latin1', 4, 8);
  if (size === 1) {
    if (bytes.length < 16) return undefined;
    size = Number(bytes.readBigUInt64BE(8));
  }
  if (size < 8) throw new Error(`mp4: box ${type} of size ${size} (a box to the end is not expected in a pipe)`);
  return bytes.length >= size ? { type, size } : undefined;
}

/** EBML variable-length integer at `at`: its length in bytes and value (undefined: unknown size). */
function vint(bytes: Buffer, at: number, keepMarker: boolean): { length: number; value: number | undefined } | null {
  if (at >= bytes.length) return null;
  const first = bytes[at]!;
  let length = 1;
  while (length <= 8 && !(first & (0x80 >> (length - 1)))) length++;
  if (length > 8) throw new Error('webm: invalid variable-length integer');
  if (at + length > bytes.length) return null;
  let value = keepMarker ? first : first & (0xff >> length);
  let allOnes = value === 0xff >> length;
  for (let i = 1; i < length; i++) {
    value = value * 256 + bytes[at + i]!;
    allOnes &&= bytes[at + i] === 0xff;
  }
  return { length, value: !keepMarker && allOnes ? undefined : value };
}

function ebmlHeader(bytes: Buffer): { id: number; headerLength: number; size: number | undefined } | undefined {
  const id = vint(bytes, 0, true);
  if (!id) return undefined;
  const size = vint(bytes, id.length, false);
  if (!size) return undefined;
  return { id: id.value!, headerLength: id.length + size.length, size: size.value };
}

function sliceMp4(pending: Pending, out: SliceWriter, skipped: Set<string>): void {
  for (let box = mp4Box(pending.peek()); box; box = mp4Box(pending.peek())) {
    const bytes = Buffer.from(pending.take(box.size));
    if (box.type === 'moof') out.cut();
    if (['ftyp', 'moov', 'moof', 'mdat'].includes(box.type)) out.add(bytes);
    else skipped.add(box.type);
  }
}

function sliceWebm(pending: Pending, out: SliceWriter, skipped: Set<string>, state: { clusters: number }): void {
  for (let element = ebmlHeader(pending.peek()); element; element = ebmlHeader(pending.peek())) {
    if (element.id === SEGMENT) {
      // Only its header: its children follow as the stream's next elements.
      pending.take(element.headerLength);
      out.add(Buffer.concat([Buffer.from([0x18, 0x53, 0x80, 0x67]), UNKNOWN_SIZE]));
      continue;
    }
    if (element.size === undefined) throw new Error(`webm: element ${element.id.toString(16)} of unknown size`);
    const total = element.headerLength + element.size;
    if (pending.length < total) return;
    const bytes = Buffer.from(pending.take(total));
    if (element.id === CLUSTER) {
      if (state.clusters++ > 0) out.cut();
      out.add(Buffer.concat([Buffer.from([0x1f, 0x43, 0xb6, 0x75]), UNKNOWN_SIZE]));
      out.add(bytes.subarray(element.headerLength));
    } else if (element.id === EBML || KEPT_HEAD.has(element.id)) {
      if (state.clusters > 0) throw new Error(`webm: element ${element.id.toString(16)} after a Cluster`);
      out.add(bytes);
    } else {
      skipped.add(element.id.toString(16));
    }
  }
}

/** Reads `input` to its end and writes its slices to `file`; resolves to their sizes. */
export async function sliceRecording(
  container: 'mp4' | 'webm',
  input: Readable,
  file: string,
): Promise<{ sizes: number[]; skipped: string[] }> {
  const out = new SliceWriter(file);
  const pending = new Pending();
  const skipped = new Set<string>();
  const state = { clusters: 0 };
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      pending.push(chunk);
      if (container === 'mp4') sliceMp4(pending, out, skipped);
      else sliceWebm(pending, out, skipped, state);
    }
    if (pending.length > 0) throw new Error(`${container}: ${pending.length} bytes left over at the end`);
  } finally {
    out.close();
  }
  return { sizes: out.sizes, skipped: [...skipped] };
}
