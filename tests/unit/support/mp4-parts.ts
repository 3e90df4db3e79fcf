/**
 * Helpers for joined and trimmed MP4s (issue #18): each part's stored-slice input built
 * as finishing would read it from storage (indexed slice by slice, records cloned), and the
 * file composed from the writer's pieces as the caller would (a Blob of them).
 */

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import type { FilePiece, PiecedFile } from '../../../src/shared/file-pieces';
import type { Mp4PartInput } from '../../../src/shared/mp4-index';
import { indexAll } from './mp4-compose';
import { byStreamType, probePackets } from './probe-packets';

export function partInput(
  slices: readonly Uint8Array[],
  options: { endAtMs?: number; endTogether?: boolean } = {},
): Mp4PartInput {
  const { state, init, records } = indexAll(slices);
  return { init, sliceSamples: records, state, sliceSizes: slices.map((slice) => slice.length), ...options };
}

/** The bytes of piece `piece`, from each part's slices. */
function pieceBytes(piece: FilePiece, parts: readonly (readonly Uint8Array[])[]): Uint8Array<ArrayBuffer> {
  if (piece instanceof Uint8Array) return piece;
  return new Uint8Array(parts[piece.part]![piece.slice]!.subarray(piece.start, piece.end));
}

/** The file the pieces make, written to `file`; returns its size. */
export async function writePieces(
  file: string,
  result: PiecedFile,
  parts: readonly (readonly Uint8Array[])[],
): Promise<number> {
  const blob = new Blob(result.pieces.map((piece) => pieceBytes(piece, parts)));
  const bytes = new Uint8Array(await blob.arrayBuffer());
  writeFileSync(file, bytes);
  return bytes.length;
}

/** The picture size of the first frame decoded after a seek to `seconds`. */
export function frameSizeAt(file: string, seconds: number): string {
  const out = execFileSync(
    'ffprobe',
    [
      ...['-v', 'error', '-read_intervals', `${seconds}%+#1`, '-select_streams', 'v'],
      ...['-show_entries', 'frame=width,height', '-of', 'csv=p=0', file],
    ],
    { encoding: 'utf8' },
  );
  const [first] = out.split('\n').filter(Boolean);
  if (!first) throw new Error(`no frame after ${seconds} s`);
  const [width, height] = first.split(',');
  return `${width}x${height}`;
}

export interface TimedPacket {
  codec_type: string;
  dts: number;
  pts: number;
  duration: number;
  data_hash: string;
  flags: string;
}

/** Every packet with its times as numbers, per stream type. */
export function timedPackets(file: string): Record<string, TimedPacket[]> {
  return byStreamType(probePackets(file), (packet) => ({
    codec_type: packet.type,
    dts: packet.dts,
    pts: packet.pts,
    duration: packet.duration,
    data_hash: packet.hash,
    flags: packet.flags,
  }));
}
