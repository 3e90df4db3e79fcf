/**
 * Every packet of a file as ffprobe reads it (a tool that did not write the file), in file
 * order: the one reader the unit tests' packet comparisons are built on.
 */

import { execFileSync } from 'node:child_process';

export interface ProbedPacket {
  stream: number;
  type: string;
  /** ffprobe's own text of the times, for comparisons to the letter. */
  ptsTime: string;
  dtsTime: string;
  pts: number;
  dts: number;
  duration: number;
  /** "K__" for a key frame. */
  flags: string;
  key: boolean;
  /** MD5 of the payload. */
  hash: string;
}

export function probePackets(file: string): ProbedPacket[] {
  const { packets } = JSON.parse(
    execFileSync(
      'ffprobe',
      [
        ...['-v', 'error', '-of', 'json', '-show_data_hash', 'md5', '-show_entries'],
        ...['packet=stream_index,codec_type,pts_time,dts_time,duration_time,flags,data_hash', file],
      ],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    ),
  ) as { packets: Record<string, string>[] };
  return packets.map((packet) => ({
    stream: Number(packet.stream_index),
    type: packet.codec_type!,
    ptsTime: packet.pts_time!,
    dtsTime: packet.dts_time!,
    pts: Number(packet.pts_time),
    dts: Number(packet.dts_time),
    duration: Number(packet.duration_time),
    flags: packet.flags!,
    key: packet.flags!.startsWith('K'),
    hash: packet.data_hash!,
  }));
}

/** The packets by stream type ("video", "audio"), each in file order. */
export function byStreamType<T>(packets: ProbedPacket[], shape: (packet: ProbedPacket) => T): Record<string, T[]> {
  const byType: Record<string, T[]> = {};
  for (const packet of packets) (byType[packet.type] ??= []).push(shape(packet));
  return byType;
}
