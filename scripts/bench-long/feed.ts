/**
 * The feeds: a browser's short real recording (base-recording.ts) looped by ffmpeg with
 * stream copy to the length asked, its timestamps running on, and cut into that browser's
 * slices (slicer.ts). Kept in bench-results/long/feeds/ with the feed's JSON (what the test
 * build's fed recorder reads) and what ffprobe finds in it, the reference every finished
 * file is checked against.
 */

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SliceFeedForTest } from '../../src/shared/test-hooks';
import type { BaseRecording } from './base-recording';
import { probeRecording, type ProbedRecording } from './probe';
import { sliceRecording } from './slicer';

export interface Feed {
  /** The feed's JSON, relative to the served folder. */
  json: string;
  /** The sliced recording, on disk. */
  file: string;
  bytes: number;
  slices: number;
  input: ProbedRecording;
}

const FFMPEG_OUTPUT: Record<'mp4' | 'webm', string[]> = {
  // A fragment at each key frame (the base has one a second, as the extension asks),
  // written for a pipe: the moov first and empty, fragments after.
  mp4: ['-movflags', '+frag_keyframe+empty_moov+default_base_moof', '-f', 'mp4'],
  // A Cluster about every second, as Firefox hands over a slice a second (into a pipe,
  // ffmpeg would otherwise also close one every 32 KB).
  webm: ['-cluster_time_limit', '1000', '-cluster_size_limit', '100000000', '-f', 'webm'],
};

export async function ensureFeed(base: BaseRecording, browser: string, minutes: number, dir: string): Promise<Feed> {
  mkdirSync(dir, { recursive: true });
  const name = base.clip === '1080p' ? `feed-${browser}-${minutes}min` : `feed-${browser}-${base.clip}-${minutes}min`;
  const metaFile = path.join(dir, `${name}.meta.json`);
  if (existsSync(metaFile)) {
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as Feed;
    if (existsSync(meta.file)) return meta;
  }
  const container = base.format.container === 'mp4' ? 'mp4' : 'webm';
  const file = path.join(dir, `${name}.${container}`);
  console.log(`Making the ${minutes}-minute ${browser} feed from ${path.basename(base.file)}…`);
  const started = Date.now();
  const ffmpeg = spawn(
    'ffmpeg',
    [
      ...['-v', 'error', '-stream_loop', '-1', '-i', base.file, '-t', String(minutes * 60)],
      ...['-map', '0', '-c', 'copy', ...FFMPEG_OUTPUT[container], 'pipe:1'],
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise<number | null>((resolve) => ffmpeg.on('close', resolve));
  const partial = `${file}.partial`;
  const { sizes, skipped } = await sliceRecording(container, ffmpeg.stdout, partial);
  if ((await exited) !== 0) {
    rmSync(partial, { force: true });
    throw new Error(`ffmpeg could not loop ${base.file}`);
  }
  renameSync(partial, file);
  const input = await probeRecording(file);
  const bytes = sizes.reduce((sum, size) => sum + size, 0);
  const json = `${name}.json`;
  const sliceFeed: SliceFeedForTest = {
    file: path.basename(file),
    sizes,
    // The press falls at the end of what was fed: nothing is cut but what ends the tracks together.
    durationMs: Math.ceil(input.span * 1000) + 1,
  };
  writeFileSync(path.join(dir, json), JSON.stringify(sliceFeed));
  const feed: Feed = { json, file, bytes, slices: sizes.length, input };
  writeFileSync(metaFile, JSON.stringify(feed, null, 2));
  console.log(
    `  ${sizes.length} slices, ${(bytes / 1e6).toFixed(0)} MB, ${input.span.toFixed(1)} s, in ${((Date.now() - started) / 1000).toFixed(0)} s` +
      (skipped.length ? ` (left out: ${skipped.join(', ')})` : ''),
  );
  return feed;
}

/** Deletes a feed's large file (its JSON and meta stay, and say it must be made again). */
export function deleteFeed(feed: Feed): void {
  rmSync(feed.file, { force: true });
}
