/**
 * Boxes to write, as a tree whose leaves are byte arrays, or bytes written later: sizes are
 * summed first and the whole is written once into one buffer. The large sample tables are
 * written straight into it (`LaterBytes`): at 3 hours they are megabytes, and fresh memory
 * is what costs most there (each new page is faulted in), so they get no buffer of their own.
 */

/** Bytes whose length is known now, written into the header's buffer when it is made. */
export interface LaterBytes {
  readonly byteLength: number;
  /** Writes the bytes at `out[at..]`, through `view` (the whole buffer's). */
  write(out: Uint8Array, view: DataView, at: number): void;
}

export type BoxPart = Uint8Array | LaterBytes | BoxNode;

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

function writeNode(node: BoxNode, out: Uint8Array, view: DataView, at: number): number {
  view.setUint32(at, boxSize(node));
  for (let index = 0; index < 4; index++) out[at + 4 + index] = node.type.charCodeAt(index);
  return writeParts(node.parts, out, view, at + 8);
}

/** Writes parts one after another from `at`; returns where they end. */
function writeParts(parts: BoxPart[], out: Uint8Array, view: DataView, at: number): number {
  let offset = at;
  for (const part of parts) {
    if (part instanceof Uint8Array) {
      out.set(part, offset);
      offset += part.byteLength;
    } else if (isNode(part)) {
      offset = writeNode(part, out, view, offset);
    } else {
      part.write(out, view, offset);
      offset += part.byteLength;
    }
  }
  return offset;
}

/** The parts one after another, boxes with their headers. */
export function serialize(parts: BoxPart[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((total, part) => total + partSize(part), 0));
  writeParts(parts, out, new DataView(out.buffer), 0);
  return out;
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
