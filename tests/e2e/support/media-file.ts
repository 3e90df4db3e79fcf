/** Judges a produced file with ffprobe/ffmpeg, tools that did not write it. */

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export interface ProbedStream {
  codec_type: 'video' | 'audio' | string;
  codec_name: string;
  width?: number;
  height?: number;
}

export interface ProbedFile {
  formatName: string;
  streams: ProbedStream[];
  /** What the container itself declares; undefined when it declares nothing (raw MediaRecorder WebM). */
  containerDuration: number | undefined;
  /** Seconds from the first to the end of the last packet, over all streams. */
  mediaDuration: number;
}

function ffprobe(args: string[]): string {
  return execFileSync('ffprobe', ['-v', 'error', '-of', 'json', ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
}

/**
 * The media's real length, read from its packets: MediaRecorder's WebM carries no Duration
 * element, so the container's own figure cannot be trusted for these files.
 */
function packetSpan(file: string): number {
  const { packets } = JSON.parse(ffprobe(['-show_entries', 'packet=pts_time,duration_time', file])) as {
    packets: { pts_time?: string; duration_time?: string }[];
  };
  let first = Infinity;
  let last = -Infinity;
  for (const packet of packets) {
    if (packet.pts_time === undefined) continue;
    const start = Number(packet.pts_time);
    first = Math.min(first, start);
    last = Math.max(last, start + Number(packet.duration_time ?? 0));
  }
  return packets.length ? last - Math.max(0, first) : 0;
}

/** Where the last audio packet ends minus where the last video packet ends, in ms (negative: sound ends first). */
export function avEndOffsetMs(file: string): number | undefined {
  const { packets } = JSON.parse(
    ffprobe(['-show_entries', 'packet=codec_type,stream_index,pts_time,duration_time', file]),
  ) as { packets: { stream_index: number; pts_time?: string; duration_time?: string }[] };
  const { streams } = JSON.parse(ffprobe(['-show_streams', file])) as { streams: ProbedStream[] };
  const ends = new Map<string, number>();
  for (const packet of packets) {
    const kind = streams[packet.stream_index]?.codec_type;
    if (!kind || packet.pts_time === undefined) continue;
    const end = Number(packet.pts_time) + Number(packet.duration_time ?? 0);
    ends.set(kind, Math.max(ends.get(kind) ?? -Infinity, end));
  }
  const audio = ends.get('audio');
  const video = ends.get('video');
  return audio === undefined || video === undefined ? undefined : Math.round((audio - video) * 1000);
}

export function probeFile(file: string): ProbedFile {
  const info = JSON.parse(ffprobe(['-show_streams', '-show_format', file])) as {
    streams: ProbedStream[];
    format: { format_name: string; duration?: string };
  };
  const declared = info.format.duration === undefined ? undefined : Number(info.format.duration);
  return {
    formatName: info.format.format_name,
    streams: info.streams,
    containerDuration: Number.isFinite(declared) ? declared : undefined,
    mediaDuration: packetSpan(file),
  };
}

/** Decodes every frame; throws with ffmpeg's complaint if any is broken. */
export function decodeWholeFile(file: string): void {
  const { status, stderr } = spawnSync('ffmpeg', ['-nostdin', '-v', 'error', '-i', file, '-f', 'null', '-'], {
    encoding: 'utf8',
  });
  // The null muxer's own complaint about frames closer than its time base is no decoding error.
  const errors = stderr
    .split('\n')
    .filter((line) => line.trim() && !/non monotonically increasing dts|Last message repeated/.test(line));
  if (status !== 0 || errors.length > 0) {
    throw new Error(`ffmpeg reported errors decoding ${file}:\n${errors.slice(0, 20).join('\n')}`);
  }
}

/** The distinct picture sizes of the video frames, in order ("640x360", then "320x180"…). */
export function frameSizes(file: string): string[] {
  const rows = execFileSync(
    'ffprobe',
    ['-v', 'error', '-select_streams', 'v', '-show_entries', 'frame=width,height', '-of', 'csv=p=0', file],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  )
    .split('\n')
    .filter(Boolean)
    .map((row) => row.replace(',', 'x'));
  return rows.filter((row, index) => row !== rows[index - 1]);
}

const isPartial = (name: string) => name.endsWith('.crdownload') || name.endsWith('.part') || name.startsWith('.');

export function listDownloads(folder: string): string[] {
  return existsSync(folder) ? readdirSync(folder).filter((name) => !isPartial(name)) : [];
}

/** Waits for a finished download in `folder` that is not in `before`. */
export async function waitForDownload(folder: string, before: string[] = [], timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const pending = readdirSync(folder).some(isPartial);
    const fresh = listDownloads(folder).filter((name) => !before.includes(name));
    if (fresh.length && !pending) {
      const file = path.join(folder, fresh[0]!);
      const size = statSync(file).size;
      await sleep(300);
      if (size > 0 && statSync(file).size === size) return file;
    }
    await sleep(200);
  }
  throw new Error(`no download arrived in ${folder} within ${timeoutMs} ms (found: ${readdirSync(folder).join(', ')})`);
}

/** The largest hole between consecutive video frames, in seconds: a lost slice shows as one. */
export function largestVideoGap(file: string): number {
  const { packets } = JSON.parse(ffprobe(['-select_streams', 'v', '-show_entries', 'packet=pts_time', file])) as {
    packets: { pts_time: string }[];
  };
  const times = packets.map((packet) => Number(packet.pts_time)).sort((a, b) => a - b);
  return times.slice(1).reduce((largest, time, index) => Math.max(largest, time - times[index]!), 0);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Top-level MP4 box types in file order, read with a tiny parser of our own. */
export function mp4TopLevelBoxes(file: string): string[] {
  const data = readFileSync(file);
  const boxes: string[] = [];
  for (let offset = 0; offset + 8 <= data.length;) {
    let size = data.readUInt32BE(offset);
    const type = data.toString('latin1', offset + 4, offset + 8);
    if (size === 1) size = Number(data.readBigUInt64BE(offset + 8));
    if (size === 0) size = data.length - offset;
    boxes.push(type);
    offset += size;
  }
  return boxes;
}

/**
 * Whether players can seek without scanning: an MP4's `moov` before its `mdat` (fast
 * start), or a WebM/Matroska file with Cues (mkvinfo, from mkvtoolnix, reads them).
 */
export function hasSeekIndex(file: string): boolean {
  if (/\.(mp4|m4a)$/.test(file)) {
    const boxes = mp4TopLevelBoxes(file);
    return boxes.includes('moov') && boxes.indexOf('moov') < boxes.indexOf('mdat') && !boxes.includes('moof');
  }
  const info = execFileSync('mkvinfo', ['-v', file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return /^\|\+ Cues/m.test(info) && /^\| \+ Duration: /m.test(info);
}

/**
 * A WebM whose Cues come before its first Cluster, as the index-only header puts them
 * (mediabunny's remux writes them after; mkvinfo without --all stops at the first Cluster).
 */
export function webmCuesBeforeClusters(file: string): boolean {
  const info = execFileSync('mkvinfo', [file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return /^\|\+ Cues/m.test(info);
}

/** Seeks to `seconds` with ffmpeg and decodes what is there; returns the decoded bytes. */
export function decodeAt(file: string, seconds: number, kind: 'video' | 'audio'): number {
  const args =
    kind === 'video'
      ? ['-v', 'error', '-ss', String(seconds), '-i', file, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'gray', '-']
      : ['-v', 'error', '-ss', String(seconds), '-i', file, '-t', '0.5', '-vn', '-f', 's16le', '-'];
  return execFileSync('ffmpeg', args, { maxBuffer: 64 * 1024 * 1024 }).length;
}

/** The audio's mean level in dBFS by ffmpeg's volumedetect (silence: -91 or lower). */
export function meanVolume(file: string): number {
  const result = spawnSync('ffmpeg', ['-v', 'info', '-i', file, '-vn', '-af', 'volumedetect', '-f', 'null', '-'], {
    encoding: 'utf8',
  });
  const match = /mean_volume: (-?[\d.]+|-inf) dB/.exec(result.stderr);
  if (!match) throw new Error(`ffmpeg measured no volume in ${file}:\n${result.stderr.slice(-2000)}`);
  return match[1] === '-inf' ? -Infinity : Number(match[1]);
}

/** Seconds of the file's picture that ffmpeg's blackdetect finds black (nearly all of it for a black recording). */
export function blackSeconds(file: string): number {
  const result = spawnSync(
    'ffmpeg',
    ['-v', 'info', '-i', file, '-an', '-vf', 'blackdetect=d=0.1:pix_th=0.1', '-f', 'null', '-'],
    { encoding: 'utf8' },
  );
  if (result.status !== 0)
    throw new Error(`ffmpeg could not read the picture of ${file}:\n${result.stderr.slice(-2000)}`);
  return [...result.stderr.matchAll(/black_duration:([\d.]+)/g)].reduce((sum, match) => sum + Number(match[1]), 0);
}
