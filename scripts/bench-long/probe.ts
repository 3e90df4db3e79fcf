/**
 * What ffprobe (a tool that wrote neither file) reads in a recording: its declared
 * duration, and each stream's packet count and end, walking every packet as a stream of
 * lines so hours of packets take no memory to speak of.
 */

import { execFileSync, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** Packets kept per stream to count what a cut at the end leaves out: a few seconds' worth. */
const TAIL = 300;

export interface StreamPackets {
  kind: string;
  codec: string;
  packets: number;
  /** Seconds: the first packet's time, and the end of the last (pts + duration, or + the usual gap). */
  first: number;
  end: number;
  /** Times of the last packets (up to TAIL), to count those a cut near the end leaves out. */
  tail: number[];
}

export interface ProbedRecording {
  /** What the container declares (undefined: nothing, as in MediaRecorder's WebM). */
  declaredDuration: number | undefined;
  /** Declared, or else the span. */
  duration: number;
  /** From the first packet to the end of the last, whatever the container declares. */
  span: number;
  streams: StreamPackets[];
  width: number | undefined;
  height: number | undefined;
}

interface Streams {
  format: { duration?: string };
  streams: { index: number; codec_type: string; codec_name: string; width?: number; height?: number }[];
}

export async function probeRecording(file: string): Promise<ProbedRecording> {
  const head = JSON.parse(
    execFileSync(
      'ffprobe',
      [
        '-v',
        'error',
        '-of',
        'json',
        '-show_entries',
        'format=duration:stream=index,codec_type,codec_name,width,height',
        file,
      ],
      { encoding: 'utf8' },
    ),
  ) as Streams;
  const tally = new Map<
    number,
    { packets: number; first: number; lastPts: number; lastDuration: number; gap: number; tail: number[] }
  >();
  const ffprobe = spawn('ffprobe', [
    ...['-v', 'error', '-of', 'csv=p=0', '-show_entries', 'packet=stream_index,pts_time,duration_time', file],
  ]);
  const exited = new Promise<number | null>((resolve) => ffprobe.on('close', resolve));
  for await (const line of createInterface({ input: ffprobe.stdout })) {
    const [index, pts, duration] = line.split(',');
    const stream = Number(index);
    const time = Number(pts);
    if (!Number.isFinite(time)) continue;
    const entry = tally.get(stream) ?? {
      packets: 0,
      first: time,
      lastPts: -Infinity,
      lastDuration: 0,
      gap: 0,
      tail: [] as number[],
    };
    entry.packets++;
    entry.tail.push(time);
    if (entry.tail.length > TAIL) entry.tail.shift();
    entry.first = Math.min(entry.first, time);
    if (time >= entry.lastPts) {
      if (Number.isFinite(entry.lastPts) && time > entry.lastPts) entry.gap = time - entry.lastPts;
      entry.lastPts = time;
      entry.lastDuration = Number(duration);
    }
    tally.set(stream, entry);
  }
  if ((await exited) !== 0) throw new Error(`ffprobe could not read ${file}`);
  const streams = head.streams.map((stream): StreamPackets => {
    const entry = tally.get(stream.index);
    const lastDuration =
      entry && Number.isFinite(entry.lastDuration) && entry.lastDuration > 0 ? entry.lastDuration : (entry?.gap ?? 0);
    return {
      kind: stream.codec_type,
      codec: stream.codec_name,
      packets: entry?.packets ?? 0,
      first: entry?.first ?? 0,
      end: entry ? entry.lastPts + lastDuration : 0,
      tail: entry?.tail ?? [],
    };
  });
  const declared = head.format.duration === undefined ? undefined : Number(head.format.duration);
  const declaredDuration = declared !== undefined && Number.isFinite(declared) ? declared : undefined;
  const first = Math.min(...streams.map((stream) => stream.first));
  const video = head.streams.find((stream) => stream.codec_type === 'video');
  const span = Math.max(...streams.map((stream) => stream.end)) - first;
  return {
    declaredDuration,
    span,
    duration: declaredDuration ?? span,
    streams,
    width: video?.width,
    height: video?.height,
  };
}

/** Packets of all streams. */
export const packetCount = (probe: ProbedRecording) => probe.streams.reduce((sum, stream) => sum + stream.packets, 0);

/**
 * Packets that start before the end of the stream that ends first: what a file whose
 * tracks are cut to end together holds (Chromium's MP4: its sound ends before its picture,
 * and the index-only finishing cuts the picture there; see shared/mp4-index).
 */
export function packetsEndingTogether(probe: ProbedRecording): number {
  const end = Math.min(...probe.streams.map((stream) => stream.end));
  return probe.streams.reduce(
    (sum, stream) => sum + stream.packets - stream.tail.filter((time) => time >= end - 1e-6).length,
    0,
  );
}
