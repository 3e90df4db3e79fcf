/**
 * Streams for the players of real sites, made with ffmpeg on first use (not committed):
 * an HLS stream (for hls.js) and a DASH stream (for Shaka Player), each with two video
 * qualities, 640×360 and 320×180, so a test can switch between them mid-recording. H.264
 * and AAC in fragmented MP4, as streaming sites serve them, with a key frame every second
 * (segments of 2 s). Also a clip protected with Clear Key DRM, encrypted by Shaka Packager
 * (ffmpeg's own `-encryption_scheme` output was refused by both browsers' MSE: it lacks
 * the per-sample encryption boxes and the pssh they look for).
 */

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { FIXTURES_DIR } from './fixtures';

const SECONDS = 40;

const SOURCES = [
  ['-f', 'lavfi', '-i', `testsrc2=size=640x360:rate=30:duration=${SECONDS}`],
  ['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${SECONDS}`],
].flat();

/** Two video qualities and one sound, encoded alike for both streams. */
const ENCODE = [
  ['-filter_complex', '[0:v]split=2[high][low0];[low0]scale=320:180[low]'],
  ['-map', '[high]', '-map', '[low]', '-map', '1:a'],
  ['-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'main', '-pix_fmt', 'yuv420p'],
  ['-g', '30', '-keyint_min', '30', '-sc_threshold', '0'],
  ['-b:v:0', '800k', '-b:v:1', '250k', '-c:a', 'aac', '-b:a', '96k'],
].flat();

/** One quality, for the protected clip. */
const CLEAR_ENCODE = [
  ['-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'main', '-pix_fmt', 'yuv420p', '-g', '30'],
  ['-c:a', 'aac', '-b:a', '96k', '-shortest'],
].flat();

const STREAMS: { folder: string; playlist: string; args: (dir: string) => string[] }[] = [
  {
    folder: 'hls',
    playlist: 'master.m3u8',
    args: (dir) => [
      ...['-f', 'hls', '-hls_time', '2', '-hls_playlist_type', 'vod', '-hls_segment_type', 'fmp4'],
      ...['-var_stream_map', 'v:0,agroup:sound v:1,agroup:sound a:0,agroup:sound'],
      ...['-master_pl_name', 'master.m3u8', '-hls_segment_filename', path.join(dir, 'stream%v-%d.m4s')],
      path.join(dir, 'stream%v.m3u8'),
    ],
  },
  {
    folder: 'dash',
    playlist: 'stream.mpd',
    args: (dir) => [
      ...['-f', 'dash', '-seg_duration', '2', '-use_template', '1', '-use_timeline', '0'],
      ...['-adaptation_sets', 'id=0,streams=v id=1,streams=a'],
      path.join(dir, 'stream.mpd'),
    ],
  },
];

/** Makes each stream in a scratch folder, then moves it in place, so a half-made one is never used. */
export function ensureStreams(): void {
  for (const stream of STREAMS) {
    const target = path.join(FIXTURES_DIR, stream.folder);
    if (existsSync(path.join(target, stream.playlist))) continue;
    const scratch = `${target}.partial`;
    rmSync(scratch, { recursive: true, force: true });
    mkdirSync(scratch, { recursive: true });
    execFileSync('ffmpeg', ['-v', 'error', '-y', ...SOURCES, ...ENCODE, ...stream.args(scratch)], { stdio: 'inherit' });
    rmSync(target, { recursive: true, force: true });
    renameSync(scratch, target);
  }
}

/** The Clear Key the protected clip is encrypted with (tests/pages/drm.html holds it as its license). */
export const CLEAR_KEY = { keyId: 'a7e61c373e219033c21091fa607bf3b8', key: '76a6c65c5ea762046bd749a2e632ccbb' };

/** protected/video.mp4 and protected/audio.mp4: fragmented, cenc-encrypted from the first sample. */
export function ensureProtectedClip(): void {
  const target = path.join(FIXTURES_DIR, 'protected');
  if (existsSync(path.join(target, 'audio.mp4'))) return;
  const scratch = `${target}.partial`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  const clear = path.join(scratch, 'clear.mp4');
  execFileSync('ffmpeg', ['-v', 'error', '-y', ...SOURCES, ...CLEAR_ENCODE, clear], {
    stdio: 'inherit',
  });
  const packager = createRequire(import.meta.url).resolve(`shaka-packager/bin/packager-linux-${process.arch}`);
  execFileSync(
    packager,
    [
      `in=${clear},stream=video,output=${path.join(scratch, 'video.mp4')}`,
      `in=${clear},stream=audio,output=${path.join(scratch, 'audio.mp4')}`,
      ...['--enable_raw_key_encryption', '--protection_scheme', 'cenc', '--clear_lead', '0'],
      ...['--keys', `label=:key_id=${CLEAR_KEY.keyId}:key=${CLEAR_KEY.key}`, '--protection_systems', 'CommonSystem'],
      '--quiet',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  rmSync(clear);
  rmSync(target, { recursive: true, force: true });
  renameSync(scratch, target);
}
