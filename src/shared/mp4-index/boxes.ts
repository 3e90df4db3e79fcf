/**
 * Reading ISO BMFF boxes held whole in memory (an init segment, a `moof`). Every read is
 * bounds-checked by the caller's box limits, so a damaged box ends in a refusal, never a
 * read past what was given.
 */

import { readBoxHeader } from '../mp4-packet-count';

export interface Box {
  type: string;
  start: number;
  /** Where the payload starts. */
  body: number;
  end: number;
}

/** Thrown for a box this code cannot trust; the index then refuses with its message. */
export class Mp4IndexError extends Error {}

/** The boxes laid end to end between `start` and `end`; throws if one overruns its parent. */
export function childBoxes(view: DataView, start: number, end: number): Box[] {
  const boxes: Box[] = [];
  for (let offset = start; offset < end;) {
    const header = readBoxHeader(view, offset);
    if (!header || header.size < header.headerSize || offset + header.size > end) {
      throw new Mp4IndexError(`a damaged box inside ${end - start} bytes at ${offset}`);
    }
    boxes.push({ type: header.type, start: offset, body: offset + header.headerSize, end: offset + header.size });
    offset += header.size;
  }
  return boxes;
}

/** The first child of the given type, or an error naming what is missing. */
export function requireChild(view: DataView, parent: Box, type: string): Box {
  const found = childBoxes(view, parent.body, parent.end).find((box) => box.type === type);
  if (!found) throw new Mp4IndexError(`no ${type} in ${parent.type}`);
  return found;
}

/** Checks that a full box's fields up to `body + length` lie inside it. */
export function needBytes(box: Box, length: number): void {
  if (box.body + length > box.end) throw new Mp4IndexError(`${box.type} is too short`);
}

/** A full box's version (its first byte) and 24-bit flags. */
export function versionAndFlags(view: DataView, box: Box): { version: number; flags: number } {
  needBytes(box, 4);
  const word = view.getUint32(box.body);
  return { version: word >>> 24, flags: word & 0xffffff };
}

/** A 64-bit unsigned field as a number (exact below 2^53, far beyond any recording). */
export function getUint64(view: DataView, offset: number): number {
  return view.getUint32(offset) * 2 ** 32 + view.getUint32(offset + 4);
}

export function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
