/**
 * Counts the packets of each track of a fragmented MP4 (what Chromium's MediaRecorder
 * writes) by reading only its `moof` boxes: `tfhd` names the track, each `trun` gives its
 * sample count. The remuxer needs these counts before writing, to reserve the index at the
 * front of the file; mediabunny's `computePacketStats` would walk every packet of the file
 * once per track instead, which costs far more than reading the small `moof` boxes.
 */

const BOX_HEADER = 8;
/** The longest box header (with a 64-bit size): enough bytes for readBoxHeader. */
export const LARGE_BOX_HEADER = 16;

function fourCC(view: DataView, offset: number): string {
  return String.fromCharCode(
    view.getUint8(offset),
    view.getUint8(offset + 1),
    view.getUint8(offset + 2),
    view.getUint8(offset + 3),
  );
}

export interface BoxHeader {
  type: string;
  /** Of the whole box; 0 for a box that runs to the end of the file. */
  size: number;
  headerSize: number;
}

/** The header of the box at `offset` in `view`, or undefined when `view` ends inside it. */
export function readBoxHeader(view: DataView, offset = 0): BoxHeader | undefined {
  if (offset + BOX_HEADER > view.byteLength) return undefined;
  const type = fourCC(view, offset + 4);
  const size = view.getUint32(offset);
  if (size !== 1) return { type, size, headerSize: BOX_HEADER };
  if (offset + LARGE_BOX_HEADER > view.byteLength) return undefined;
  return { type, size: Number(view.getBigUint64(offset + BOX_HEADER)), headerSize: LARGE_BOX_HEADER };
}

interface Box {
  type: string;
  start: number;
  /** Where the box's payload starts. */
  body: number;
  end: number;
}

/** The boxes laid end to end in `view` between `start` and `end`. */
function* childBoxes(view: DataView, start: number, end: number): Generator<Box> {
  for (let offset = start; offset + BOX_HEADER <= end;) {
    const header = readBoxHeader(view, offset);
    if (!header) return;
    const size = header.size === 0 ? end - offset : header.size;
    if (size < header.headerSize || offset + size > end) return;
    yield { type: header.type, start: offset, body: offset + header.headerSize, end: offset + size };
    offset += size;
  }
}

/** Adds the samples of each track fragment of a `moof` (its payload, in `moof`) to `counts`. */
export function countFragment(moof: DataView, counts: Map<number, number>): void {
  for (const traf of childBoxes(moof, 0, moof.byteLength)) {
    if (traf.type !== 'traf') continue;
    let trackId: number | undefined;
    let samples = 0;
    for (const box of childBoxes(moof, traf.body, traf.end)) {
      // Both are full boxes: 4 bytes of version and flags, then the field we want.
      if (box.type === 'tfhd') trackId = moof.getUint32(box.body + 4);
      if (box.type === 'trun') samples += moof.getUint32(box.body + 4);
    }
    if (trackId !== undefined) counts.set(trackId, (counts.get(trackId) ?? 0) + samples);
  }
}

/**
 * Reads a Blob forward through a window, so a fragment's `moof` and the header of the
 * `mdat` after it come in one read. In the extension each read of the stored recording
 * is a round trip to the browser's blob store, so reads are few and large rather than one
 * per box header.
 */
class ForwardReader {
  private window = new DataView(new ArrayBuffer(0));
  private windowStart = 0;

  constructor(
    private readonly file: Blob,
    private readonly windowBytes: number,
  ) {}

  /** `length` bytes from `offset` (fewer at the end of the file). */
  async view(offset: number, length: number): Promise<DataView> {
    const end = Math.min(offset + length, this.file.size);
    if (offset < this.windowStart || end > this.windowStart + this.window.byteLength) {
      const readEnd = Math.min(Math.max(end, offset + this.windowBytes), this.file.size);
      this.window = new DataView(await this.file.slice(offset, readEnd).arrayBuffer());
      this.windowStart = offset;
    }
    return new DataView(this.window.buffer, this.window.byteOffset + offset - this.windowStart, end - offset);
  }
}

/** A `moof` of a one-second fragment is a few kilobytes. */
const WINDOW_BYTES = 16 * 1024;

/**
 * Packets per track id, or `undefined` when the file is not a plain fragmented MP4 (media
 * before the first fragment, or a damaged box), for the caller to count another way.
 */
export async function countFragmentedMp4Packets(
  file: Blob,
  windowBytes = WINDOW_BYTES,
): Promise<Map<number, number> | undefined> {
  const reader = new ForwardReader(file, windowBytes);
  const counts = new Map<number, number>();
  let sawFragment = false;
  for (let offset = 0; offset + BOX_HEADER <= file.size;) {
    const header = readBoxHeader(await reader.view(offset, LARGE_BOX_HEADER));
    if (!header) return undefined;
    const { type, headerSize } = header;
    const size = header.size === 0 ? file.size - offset : header.size;
    if (size < headerSize) return undefined;
    if (type === 'mdat' && !sawFragment) return undefined;
    if (type === 'moof') {
      sawFragment = true;
      countFragment(await reader.view(offset + headerSize, size - headerSize), counts);
    }
    offset += size;
  }
  return sawFragment ? counts : undefined;
}
