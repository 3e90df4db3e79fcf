/**
 * The clips the bench plays, made with ffmpeg into bench-results/clips/ and kept there: a
 * test picture with a visible frame counter and a 440 Hz tone, VP8 + Opus in WebM (both
 * browsers play it; VP8 is the cheapest of their software decoders at 1080p on 2 cores).
 * A 60 s base clip's video is encoded once per resolution, then looped with stream copy
 * to the length a run needs, so a long clip takes seconds to make (the counter restarts
 * with each loop: it shows the frame number within the minute and the clip's own time).
 * The tone is encoded afresh for the whole length: looped Opus carries the loop's end
 * padding into the middle of the stream, and Firefox 153 stopped playing at the second
 * such seam (at 2:00, every time).
 */

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import type { ClipName } from './options';

export const FPS = 30;
const BASE_SECONDS = 60;
const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf';

interface ClipSpec {
  width: number;
  height: number;
  videoBitrate: string;
}

export const CLIP_SPECS: Record<ClipName, ClipSpec> = {
  '720p': { width: 1280, height: 720, videoBitrate: '2000k' },
  '1080p': { width: 1920, height: 1080, videoBitrate: '4000k' },
};

function ffmpeg(args: string[]): void {
  execFileSync('ffmpeg', ['-v', 'error', '-y', ...args], { stdio: ['ignore', 'inherit', 'inherit'] });
}

/** testsrc2 with a drawn counter where the DejaVu font is installed, else testsrc (which draws its own). */
function pictureSource({ width, height }: ClipSpec): string {
  if (!existsSync(FONT)) return `testsrc=size=${width}x${height}:rate=${FPS}`;
  const size = Math.round(height / 10);
  const text = 'frame %{eif\\:n\\:d\\:5}  %{pts\\:hms}';
  return (
    `testsrc2=size=${width}x${height}:rate=${FPS},` +
    `drawtext=fontfile=${FONT}:text='${text}':fontsize=${size}:fontcolor=white:box=1:boxcolor=black@0.8:x=${size}:y=${size}`
  );
}

function makeBaseClip(dir: string, name: ClipName): string {
  const file = path.join(dir, `base-${name}.webm`);
  if (existsSync(file)) return file;
  const spec = CLIP_SPECS[name];
  console.log(`Encoding the ${BASE_SECONDS} s ${name} base clip…`);
  const partial = `${file}.partial.webm`;
  ffmpeg([
    ...['-f', 'lavfi', '-i', `${pictureSource(spec)}`],
    ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000'],
    ...['-t', String(BASE_SECONDS)],
    ...['-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', spec.videoBitrate, '-g', '60'],
    ...['-c:a', 'libopus', '-b:a', '128k', '-ac', '2'],
    partial,
  ]);
  renameSync(partial, file);
  return file;
}

/** A clip of `name` at least `seconds` long (rounded up to whole minutes); returns its file name in `dir`. */
export function ensureClip(dir: string, name: ClipName, seconds: number): string {
  mkdirSync(dir, { recursive: true });
  const minutes = Math.ceil(seconds / 60);
  const file = `clip-${name}-${minutes}min.webm`;
  const target = path.join(dir, file);
  if (existsSync(target)) return file;
  const base = makeBaseClip(dir, name);
  console.log(`Looping its video into ${file}…`);
  const partial = `${target}.partial.webm`;
  ffmpeg([
    ...['-stream_loop', '-1', '-i', base],
    ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000'],
    ...['-map', '0:v', '-map', '1:a', '-t', String(minutes * 60)],
    ...['-c:v', 'copy', '-c:a', 'libopus', '-b:a', '128k', '-ac', '2'],
    partial,
  ]);
  renameSync(partial, target);
  return file;
}
