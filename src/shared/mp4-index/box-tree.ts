/**
 * Boxes to write, as a tree whose leaves are byte arrays, bytes written later, or bytes
 * kept as they are: sizes are summed first and the whole is written once into one buffer.
 * The large sample tables are written straight into it (`LaterBytes`): at 3 hours they are
 * megabytes, and fresh memory is what costs most there (each new page is faulted in), so
 * they get no buffer of their own. Entries written ahead, along the recording and as Stop
 * was pressed (entries-ahead.ts), are `KeptBytes`: not copied, they stay pieces of their own.
 */

/** Bytes whose length is known now, written into the header's buffer when it is made. */
export interface LaterBytes {
  readonly byteLength: number;
  /** Writes the bytes at `out[at..]`, through `view` (the whole buffer's). */
  write(out: Uint8Array, view: DataView, at: number): void;
}

/** Bytes made before, that stay a piece of the header as they are (not copied into its buffer). */
export class KeptBytes {
  constructor(readonly bytes: Uint8Array<ArrayBuffer>) {}

  get byteLength(): number {
    return this.bytes.byteLength;
  }
}

export type BoxPart = Uint8Array | LaterBytes | KeptBytes | BoxNode;

export interface BoxNode {
  type: string;
  parts: BoxPart[];
}

export function box(type: string, ...parts: BoxPart[]): BoxNode {
  return { type, parts };
}

/** A full box: version and flags, then its fields. */
export function fullBox(type: string, version: number, flags: number, ...parts: BoxPart[]): BoxNode {
  return box(type, Uint8Array.of(version, (flags >> 16) & 0xff, (flags >> 8) & 0xff, flags & 0xff), ...parts);
}

const isNode = (part: BoxPart): part is BoxNode => 'parts' in part;

function partSize(part: BoxPart): number {
  return isNode(part) ? boxSize(part) : part.byteLength;
}

/** Boxes are written with 32-bit sizes: a header's boxes are far below 4 GB. */
export function boxSize(node: BoxNode): number {
  return node.parts.reduce((total, part) => total + partSize(part), 8);
}

/**
 * Where the written bytes go: one buffer, in which a kept piece leaves no room; `cuts`
 * notes where each kept piece falls between them.
 */
interface Output {
  out: Uint8Array<ArrayBuffer>;
  view: DataView;
  cuts: { at: number; kept: Uint8Array<ArrayBuffer> }[];
}

function writeNode(node: BoxNode, output: Output, at: number): number {
  output.view.setUint32(at, boxSize(node));
  for (let index = 0; index < 4; index++) output.out[at + 4 + index] = node.type.charCodeAt(index);
  return writeParts(node.parts, output, at + 8);
}

/** Writes parts one after another from `at` (in the buffer); returns where they end. */
function writeParts(parts: BoxPart[], output: Output, at: number): number {
  let offset = at;
  for (const part of parts) {
    if (part instanceof Uint8Array) {
      output.out.set(part, offset);
      offset += part.byteLength;
    } else if (part instanceof KeptBytes) {
      output.cuts.push({ at: offset, kept: part.bytes });
    } else if (isNode(part)) {
      offset = writeNode(part, output, offset);
    } else {
      part.write(output.out, output.view, offset);
      offset += part.byteLength;
    }
  }
  return offset;
}

function keptSize(part: BoxPart): number {
  if (part instanceof KeptBytes) return part.byteLength;
  return isNode(part) ? part.parts.reduce((total, child) => total + keptSize(child), 0) : 0;
}

/** The parts one after another, boxes with their headers, as pieces: the bytes written, and the kept ones between them. */
export function serialize(parts: BoxPart[]): Uint8Array<ArrayBuffer>[] {
  const total = parts.reduce((sum, part) => sum + partSize(part), 0);
  const kept = parts.reduce((sum, part) => sum + keptSize(part), 0);
  const out = new Uint8Array(total - kept);
  const output: Output = { out, view: new DataView(out.buffer), cuts: [] };
  writeParts(parts, output, 0);
  const pieces: Uint8Array<ArrayBuffer>[] = [];
  let from = 0;
  for (const { at, kept: bytes } of output.cuts) {
    if (at > from) pieces.push(out.subarray(from, at));
    pieces.push(bytes);
    from = at;
  }
  if (from < out.length || pieces.length === 0) pieces.push(out.subarray(from));
  return pieces;
}

/** A 64-bit unsigned field, from a number (exact below 2^53). */
export function setUint64(view: DataView, at: number, value: number): void {
  view.setUint32(at, Math.floor(value / 2 ** 32));
  view.setUint32(at + 4, value >>> 0);
}

/** Fixed-size fields written through a DataView. */
export function fields(length: number, write: (view: DataView) => void): Uint8Array {
  const bytes = new Uint8Array(length);
  write(new DataView(bytes.buffer));
  return bytes;
}
