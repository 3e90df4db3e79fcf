/**
 * Test media made with ffmpeg on first use (not committed): a clip with a moving picture
 * and a tone, in a container both browsers play.
 */

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

export const FIXTURES_DIR = path.resolve(import.meta.dirname, '../../fixtures/generated');

interface Fixture {
  file: string;
  args: string[];
}

const FIXTURES: Fixture[] = [
  {
    // 30 s, 640x360 at 30 fps, 440 Hz tone: VP8 + Opus plays in Chromium and Firefox.
    file: 'clip.webm',
    args: [
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=640x360:rate=30:duration=30',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440:sample_rate=48000:duration=30',
      '-c:v',
      'libvpx',
      '-deadline',
      'realtime',
      '-cpu-used',
      '8',
      '-b:v',
      '800k',
      '-c:a',
      'libopus',
      '-b:a',
      '96k',
      '-shortest',
    ],
  },
  {
    file: 'tone.webm',
    args: ['-f', 'lavfi', '-i', 'sine=frequency=660:sample_rate=48000:duration=30', '-c:a', 'libopus', '-b:a', '96k'],
  },
  {
    // 10 s, 320x180: the source of the small recorded fixtures (scripts/make-recorded-fixtures.ts).
    file: 'small.webm',
    args: [
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=320x180:rate=30:duration=10',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440:sample_rate=48000:duration=10',
      '-c:v',
      'libvpx',
      '-deadline',
      'realtime',
      '-cpu-used',
      '8',
      '-b:v',
      '300k',
      '-c:a',
      'libopus',
      '-b:a',
      '64k',
      '-shortest',
    ],
  },
  {
    // 30 s at 320x240 with its tone: another size for a player switching sources (issue #18).
    file: 'other-size.webm',
    args: [
      ...['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=30:duration=30'],
      ...['-f', 'lavfi', '-i', 'sine=frequency=550:sample_rate=48000:duration=30'],
      ...['-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '300k'],
      ...['-c:a', 'libopus', '-b:a', '64k', '-shortest'],
    ],
  },
  {
    // 30 s of picture and no sound track at all.
    file: 'video-only.webm',
    args: [
      ...['-f', 'lavfi', '-i', 'testsrc2=size=480x270:rate=30:duration=30'],
      ...['-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '500k'],
    ],
  },
  {
    // 30 s of a black picture and a silent sound track: what a recording must never pass off as good.
    file: 'black-silent.webm',
    args: [
      ...['-f', 'lavfi', '-i', 'color=c=black:size=320x180:rate=30:duration=30'],
      ...['-f', 'lavfi', '-i', 'anullsrc=channel_layout=stereo:sample_rate=48000'],
      ...['-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '100k'],
      ...['-c:a', 'libopus', '-b:a', '32k', '-shortest'],
    ],
  },
];

export function ensureFixtures(): string {
  mkdirSync(FIXTURES_DIR, { recursive: true });
  for (const fixture of FIXTURES) {
    const target = path.join(FIXTURES_DIR, fixture.file);
    if (existsSync(target)) continue;
    const partial = `${target}.partial.webm`;
    execFileSync('ffmpeg', ['-v', 'error', '-y', ...fixture.args, partial], { stdio: 'inherit' });
    execFileSync('mv', [partial, target]);
  }
  return FIXTURES_DIR;
}
