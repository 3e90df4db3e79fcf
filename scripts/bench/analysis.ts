/**
 * What is in a recorded file, read by ffprobe (a tool that did not write it): container,
 * codecs, declared duration, and every packet's time, from which the frame count and each
 * stream's first and last instants come.
 */

import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';

export interface StreamSpan {
  codec: string;
  packets: number;
  /** Seconds: the first packet's presentation time, and the end of the last (pts + duration). */
  first: number;
  end: number;
  /** The typical (median) time between packets: how finely `first` and `end` can tell. */
  packetSeconds: number;
}

export interface FileAnalysis {
  bytes: number;
  format: string;
  /** What the container declares; undefined when it declares nothing (MediaRecorder's own WebM). */
  declaredDuration: number | undefined;
  /** The declared duration, or where none is declared, the end of the last packet. */
  duration: number;
  width: number | undefined;
  height: number | undefined;
  video: StreamSpan | undefined;
  audio: StreamSpan | undefined;
}

interface Probe {
  format: { format_name: string; duration?: string };
  streams: { index: number; codec_type: string; codec_name: string; width?: number; height?: number }[];
  packets: { stream_index: number; pts_time?: string; duration_time?: string }[];
}

function span(packets: Probe['packets'], codec: string): StreamSpan {
  const times = packets
    .filter((packet) => packet.pts_time !== undefined && packet.pts_time !== 'N/A')
    .map((packet) => ({ pts: Number(packet.pts_time), duration: Number(packet.duration_time) }))
    .sort((a, b) => a.pts - b.pts);
  // Packets without a duration (WebM SimpleBlocks) last until the next one; the last one
  // as long as the typical gap.
  const gaps = times.slice(1).map((time, i) => time.pts - times[i]!.pts);
  const typicalGap = gaps.sort((a, b) => a - b)[Math.floor(gaps.length / 2)] ?? 0;
  const last = times.at(-1);
  const lastDuration = last && Number.isFinite(last.duration) && last.duration > 0 ? last.duration : typicalGap;
  return {
    codec,
    packets: packets.length,
    first: times[0]?.pts ?? 0,
    end: last ? last.pts + lastDuration : 0,
    packetSeconds: typicalGap,
  };
}

export function analyzeFile(file: string): FileAnalysis {
  const output = execFileSync(
    'ffprobe',
    [
      ...['-v', 'error', '-of', 'json'],
      '-show_entries',
      'format=format_name,duration:stream=index,codec_type,codec_name,width,height:packet=stream_index,pts_time,duration_time',
      file,
    ],
    { encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 },
  );
  const probe = JSON.parse(output) as Probe;
  const streamOf = (type: string) => probe.streams.find((stream) => stream.codec_type === type);
  const spanOf = (type: string) => {
    const stream = streamOf(type);
    if (!stream) return undefined;
    return span(
      probe.packets.filter((packet) => packet.stream_index === stream.index),
      stream.codec_name,
    );
  };
  const video = spanOf('video');
  const audio = spanOf('audio');
  const declared = probe.format.duration === undefined ? undefined : Number(probe.format.duration);
  const declaredDuration = declared !== undefined && Number.isFinite(declared) ? declared : undefined;
  return {
    bytes: statSync(file).size,
    format: probe.format.format_name,
    declaredDuration,
    duration: declaredDuration ?? Math.max(video?.end ?? 0, audio?.end ?? 0),
    width: streamOf('video')?.width,
    height: streamOf('video')?.height,
    video,
    audio,
  };
}
