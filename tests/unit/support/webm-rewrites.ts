/** Recorded WebM streams rewritten for tests, each change found by mkvinfo (not by the index under test). */

import { concat, mkvinfo } from './webm-index-files';

/** The stream with each Cluster's Timestamp moved later by `ms` (rewritten on 4 bytes). */
export function shiftedTimes(whole: Uint8Array, file: string, ms: number): Uint8Array {
  const pieces: Uint8Array[] = [];
  let from = 0;
  for (const line of mkvinfo(file).split('\n')) {
    const found = /Cluster timestamp: (\d+):(\d+):([\d.]+) at (\d+)$/.exec(line);
    if (!found) continue;
    const at = Number(found[4]);
    const time = Math.round((Number(found[1]) * 3600 + Number(found[2]) * 60 + Number(found[3])) * 1000) + ms;
    pieces.push(
      whole.subarray(from, at),
      new Uint8Array([0xe7, 0x84, time >>> 24, (time >>> 16) & 255, (time >>> 8) & 255, time & 255]),
    );
    from = at + 2 + (whole[at + 1]! & 0x7f);
  }
  pieces.push(whole.subarray(from));
  return concat(pieces);
}

/**
 * The stream with every SimpleBlock rewritten as a BlockGroup holding a Block (and, for a
 * frame that is no key frame, a ReferenceBlock), as some Matroska writers store frames.
 */
export function asBlockGroups(whole: Uint8Array, file: string): Uint8Array {
  const pieces: Uint8Array[] = [];
  let from = 0;
  let block: { at: number; key: boolean; track: number } | undefined;
  const size8 = (n: number) => [0x01, 0, 0, (n / 2 ** 32) & 255, n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
  for (const line of mkvinfo(file).split('\n')) {
    const simple = /Simple block: (key, )?track number (\d+).* at (\d+)$/.exec(line);
    if (simple) block = { at: Number(simple[3]), key: simple[1] !== undefined, track: Number(simple[2]) };
    const frame = /Frame with size (\d+) at (\d+)$/.exec(line);
    if (!frame || !block) continue;
    const end = Number(frame[2]) + Number(frame[1]);
    // The payload after the 1-byte track number, 2-byte time and flags, whose key bit a Block must not set.
    const payload = whole.slice(Number(frame[2]) - 4, end);
    payload[3]! &= 0x7f;
    const blockElement = [0xa1, ...size8(payload.length)];
    const reference = block.key ? [] : [0xfb, 0x81, 0xff];
    const groupSize = blockElement.length + payload.length + reference.length;
    pieces.push(whole.subarray(from, block.at), new Uint8Array([0xa0, ...size8(groupSize), ...blockElement]));
    pieces.push(payload, new Uint8Array(reference));
    from = end;
    block = undefined;
  }
  pieces.push(whole.subarray(from));
  return concat(pieces);
}
