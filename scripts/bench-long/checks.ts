/**
 * The checks of each finished file, by tools that did not write it: ffprobe (declared
 * duration against what was fed, packets against the feed's), ffmpeg decoding a frame after
 * a seek near the end, mkvtoolnix reading the WebM's Cues, and the browser itself playing the
 * file with a seek near the end.
 */

import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, fstatSync, mkdtempSync, openSync, readFileSync, readSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { probeRecording, type ProbedRecording } from './probe';

export interface FileChecks {
  probe: ProbedRecording;
  /** ffmpeg decoded a frame after seeking to `seekAt`. */
  ffmpegSeek: { at: number; ok: boolean; error?: string };
  /** WebM: the Cue points of the picture mkvextract reads (undefined for MP4). */
  cues: number | undefined;
  /** MP4: `moov` before `mdat` and no fragment left (undefined for WebM). */
  moovFirst: boolean | undefined;
  playback: { ok: boolean; duration?: number; seekedTo?: number; error?: string; ms?: number };
}

declare global {
  interface Window {
    benchPlayAndSeek(
      url: string,
      at: number,
      timeoutMs: number,
    ): Promise<{ ok: boolean; duration: number; currentTime: number; frameTime?: number; error?: string; ms: number }>;
  }
}

function ffmpegSeek(file: string, at: number): FileChecks['ffmpegSeek'] {
  const result = spawnSync(
    'ffmpeg',
    ['-v', 'error', '-ss', String(at), '-i', file, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'gray', '-'],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const ok = result.status === 0 && result.stdout.length > 0;
  return ok ? { at, ok } : { at, ok, error: result.stderr.toString().slice(-500) };
}

function cuePoints(file: string): number {
  // mkvtoolnix's own reading of the Cues, for the picture's track (mkvinfo lists their
  // entries only with --all, which walks every block of hours of recording).
  const identified = JSON.parse(execFileSync('mkvmerge', ['-J', file], { encoding: 'utf8' })) as {
    tracks: { id: number; type: string }[];
  };
  const video = identified.tracks.find((track) => track.type === 'video');
  if (!video) return 0;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-long-cues-'));
  try {
    const cues = path.join(dir, 'cues.txt');
    execFileSync('mkvextract', [file, 'cues', `${video.id}:${cues}`], { stdio: 'ignore' });
    return readFileSync(cues, 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('timestamp=')).length;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Top-level MP4 box types in file order, read box header by box header (the file may be GBs). */
function mp4TopLevelBoxes(file: string): string[] {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const header = Buffer.alloc(16);
    const boxes: string[] = [];
    for (let offset = 0; offset + 8 <= size;) {
      readSync(fd, header, 0, 16, offset);
      let length = header.readUInt32BE(0);
      if (length === 1) length = Number(header.readBigUInt64BE(8));
      if (length === 0) length = size - offset;
      if (length < 8) break;
      boxes.push(header.toString('latin1', 4, 8));
      offset += length;
    }
    return boxes;
  } finally {
    closeSync(fd);
  }
}

export async function checkFile(file: string, page: Page, url: string): Promise<FileChecks> {
  const probe = await probeRecording(file);
  const seekAt = Math.max(0, probe.duration - 5);
  const isWebm = file.endsWith('.webm');
  const boxes = isWebm ? undefined : mp4TopLevelBoxes(file);
  const played = await page
    .evaluate((source, at) => window.benchPlayAndSeek(source, at, 60_000), url, seekAt)
    .catch((error: unknown) => ({ ok: false, error: String(error) }) as const);
  return {
    probe,
    ffmpegSeek: ffmpegSeek(file, seekAt),
    cues: isWebm ? cuePoints(file) : undefined,
    moovFirst: boxes
      ? boxes.indexOf('moov') >= 0 && boxes.indexOf('moov') < boxes.indexOf('mdat') && !boxes.includes('moof')
      : undefined,
    playback: played.ok
      ? { ok: true, duration: played.duration, seekedTo: played.currentTime, ms: Math.round(played.ms) }
      : { ok: false, error: played.error ?? 'failed' },
  };
}
