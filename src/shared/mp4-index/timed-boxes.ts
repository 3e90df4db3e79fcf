/**
 * `mvhd`, `tkhd` and `mdhd` copied from the init segment with their durations set (an
 * init segment's are 0), always written as version 1: 64-bit durations never overflow,
 * whatever the length and timescale. And the edit list that delays a track starting late.
 */

import { Mp4IndexError, versionAndFlags, type Box } from './boxes';
import { box, fields, fullBox, setUint64, type BoxNode } from './box-tree';

/** Bytes between the modification time and the duration: the timescale, or the track id and a reserved word. */
const MIDDLE: Record<string, number> = { mvhd: 4, mdhd: 4, tkhd: 8 };

/** A joined track's id and size, written over what the copied `tkhd` had. */
export interface TrackHeaderEdit {
  id: number;
  width: number;
  height: number;
}

/** The box again as version 1, with `duration` and every other field as it was (a `tkhd`'s id and size as `edit` says). */
export function withDuration(view: DataView, source: Box, duration: number, edit?: TrackHeaderEdit): BoxNode {
  const { version, flags } = versionAndFlags(view, source);
  const middle = MIDDLE[source.type];
  if (middle === undefined) throw new Mp4IndexError(`no duration in ${source.type}`);
  const time = version === 1 ? 8 : 4;
  const at = source.body + 4;
  const tail = at + 2 * time + middle + time;
  if (tail > source.end) throw new Mp4IndexError(`${source.type} is too short`);
  const read = (offset: number): number =>
    time === 8 ? view.getUint32(offset) * 2 ** 32 + view.getUint32(offset + 4) : view.getUint32(offset);
  const head = fields(16, (out) => {
    setUint64(out, 0, read(at));
    setUint64(out, 8, read(at + time));
  });
  const bytes = (from: number, to: number) => new Uint8Array(view.buffer, view.byteOffset + from, to - from);
  const durationField = fields(8, (out) => setUint64(out, 0, duration));
  let middleBytes = bytes(at + 2 * time, at + 2 * time + middle);
  let tailBytes = bytes(tail, source.end);
  if (edit && source.type === 'tkhd' && tailBytes.length >= 8) {
    // Copies: the source is the init segment, which other headers are written from too.
    middleBytes = middleBytes.slice();
    tailBytes = tailBytes.slice();
    new DataView(middleBytes.buffer).setUint32(0, edit.id);
    const tailView = new DataView(tailBytes.buffer);
    tailView.setUint32(tailBytes.length - 8, edit.width);
    tailView.setUint32(tailBytes.length - 4, edit.height);
  }
  return fullBox(source.type, 1, flags, head, middleBytes, durationField, tailBytes);
}

/** An edit list that shows nothing for `delay`, then the whole media from its start (movie timescale). */
export function delayEdit(delay: number, mediaDuration: number): BoxNode {
  const entry = (duration: number, mediaTime: number) =>
    fields(20, (out) => {
      setUint64(out, 0, duration);
      // media_time -1 marks an empty edit; written as two signed words.
      out.setInt32(8, mediaTime < 0 ? -1 : Math.floor(mediaTime / 2 ** 32));
      out.setUint32(12, mediaTime < 0 ? 0xffffffff : mediaTime >>> 0);
      out.setInt16(16, 1);
      out.setInt16(18, 0);
    });
  const count = fields(4, (out) => out.setUint32(0, 2));
  return box('edts', fullBox('elst', 1, 0, count, entry(delay, -1), entry(mediaDuration, 0)));
}
