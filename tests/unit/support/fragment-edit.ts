/**
 * Synthetic variants of a recorded fragmented MP4, made by editing its boxes in place:
 * decode times moved (pause gaps, a start other than 0) and the trex defaults changed.
 */

interface FoundBox {
  type: string;
  start: number;
  body: number;
  end: number;
}

function boxesIn(bytes: Uint8Array, start: number, end: number): FoundBox[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found: FoundBox[] = [];
  for (let at = start; at + 8 <= end;) {
    const large = view.getUint32(at) === 1;
    const size = large ? Number(view.getBigUint64(at + 8)) : view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (size < 8) throw new Error(`a box of ${size} bytes at ${at}`);
    found.push({ type, start: at, body: at + (large ? 16 : 8), end: at + size });
    at += size;
  }
  return found;
}

/** The boxes at `path` (e.g. ['moof', 'traf', 'tfdt']) in the whole file, in order. */
export function boxesAt(bytes: Uint8Array, path: string[]): FoundBox[] {
  let level: FoundBox[] = [{ type: 'file', start: 0, body: 0, end: bytes.length }];
  for (const type of path) {
    level = level.flatMap((parent) => boxesIn(bytes, parent.body, parent.end)).filter((box) => box.type === type);
  }
  return level;
}

/**
 * A copy with each fragment's `tfdt` moved by `shift(trackId, fragment)` ticks (fragments
 * counted from 0). Chromium writes version-1 `tfdt`s (64-bit times).
 */
export function shiftDecodeTimes(
  bytes: Uint8Array<ArrayBuffer>,
  shift: (trackId: number, fragment: number) => number,
): Uint8Array<ArrayBuffer> {
  const copy = new Uint8Array(bytes);
  const view = new DataView(copy.buffer);
  boxesAt(copy, ['moof']).forEach((moof, fragment) => {
    for (const traf of boxesIn(copy, moof.body, moof.end).filter((box) => box.type === 'traf')) {
      const children = boxesIn(copy, traf.body, traf.end);
      const trackId = view.getUint32(children.find((box) => box.type === 'tfhd')!.body + 4);
      const tfdt = children.find((box) => box.type === 'tfdt')!;
      if (copy[tfdt.body] !== 1) throw new Error('expected a version-1 tfdt');
      const time = view.getBigUint64(tfdt.body + 4) + BigInt(shift(trackId, fragment));
      view.setBigUint64(tfdt.body + 4, time);
    }
  });
  return copy;
}

/** A copy with the `trex` of `trackId` naming sample entry `index` by default. */
export function setDefaultDescription(
  bytes: Uint8Array<ArrayBuffer>,
  trackId: number,
  index: number,
): Uint8Array<ArrayBuffer> {
  const copy = new Uint8Array(bytes);
  const view = new DataView(copy.buffer);
  const trex = boxesAt(copy, ['moov', 'mvex', 'trex']).find((box) => view.getUint32(box.body + 4) === trackId)!;
  view.setUint32(trex.body + 8, index);
  return copy;
}

/**
 * A copy whose `stsd` for `trackId` holds its sample entry twice (as after a quality
 * switch), the boxes around it grown to match. Offsets in fragments count from their moof,
 * so nothing else moves.
 */
export function duplicateSampleEntry(bytes: Uint8Array<ArrayBuffer>, trackId: number): Uint8Array<ArrayBuffer> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const trak = boxesAt(bytes, ['moov', 'trak']).find((box) => {
    const tkhd = boxesIn(bytes, box.body, box.end).find((child) => child.type === 'tkhd')!;
    return view.getUint32(tkhd.body + (bytes[tkhd.body] === 1 ? 20 : 12)) === trackId;
  })!;
  const path = ['mdia', 'minf', 'stbl', 'stsd'];
  const chain = [boxesAt(bytes, ['moov'])[0]!, trak];
  for (const type of path)
    chain.push(boxesIn(bytes, chain.at(-1)!.body, chain.at(-1)!.end).find((box) => box.type === type)!);
  const stsd = chain.at(-1)!;
  const entry = boxesIn(bytes, stsd.body + 8, stsd.end)[0]!;
  const added = bytes.subarray(entry.start, entry.end);
  const out = new Uint8Array(bytes.length + added.length);
  out.set(bytes.subarray(0, entry.end));
  out.set(added, entry.end);
  out.set(bytes.subarray(entry.end), entry.end + added.length);
  const outView = new DataView(out.buffer);
  for (const box of chain) outView.setUint32(box.start, outView.getUint32(box.start) + added.length);
  outView.setUint32(stsd.body + 4, 2);
  return out;
}
