/**
 * Records the fixtures in tests/fixtures/recorded/: real one-second slices as each
 * browser's MediaRecorder emits them, for unit tests of the remuxer (src/finishing/remux.ts),
 * which must turn the concatenated slices into a seekable file with the same packets.
 * Synthetic files made with ffmpeg would not show the recorders' quirks (Chromium's
 * fragmented MP4, WebM without Duration, Firefox's slice boundaries), so these are
 * recorded by the browsers themselves and committed.
 *
 * Each set plays the small test clip (or the tone) in a page, records its captureStream()
 * with a plain page script for about three seconds with start(1000), and writes the
 * slices as 000.bin, 001.bin, … with a meta.json. It then checks the concatenated slices
 * with ffprobe and prints the packets' span next to the wall-clock time recorded.
 *
 *   npx tsx scripts/make-recorded-fixtures.ts
 *   npx tsx scripts/make-recorded-fixtures.ts --only chromium-mp4-640x360,firefox-webm-640x360
 *
 * Needs the test build (`node build.mjs --test`): the harness launches Chromium with it.
 */

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'puppeteer-core';
import { CHROMIUM_BUILD, launchChromium } from '../tests/e2e/support/chromium';
import { ensureFixtures } from '../tests/e2e/support/fixtures';
import { launchFirefox } from '../tests/e2e/support/firefox';
import { startServers } from '../tests/e2e/support/server';
import { stopDisplay } from '../tests/e2e/support/xvfb';

const OUT_DIR = path.resolve(import.meta.dirname, '../tests/fixtures/recorded');

interface RecordingSet {
  name: string;
  browser: 'chromium' | 'firefox';
  page: 'small-video.html' | 'video.html' | 'audio.html';
  mimeType: string;
  /** Pause for a second halfway through, to show how the recorder stamps the gap. */
  pause?: boolean;
}

const SETS: RecordingSet[] = [
  { name: 'chromium-mp4', browser: 'chromium', page: 'small-video.html', mimeType: 'video/mp4;codecs=avc1,opus' },
  {
    name: 'chromium-webm',
    browser: 'chromium',
    page: 'small-video.html',
    mimeType: 'video/webm;codecs=vp8,opus',
    pause: true,
  },
  // Another size than the small clip's 320x180, for joining parts of two sizes (issue #18).
  {
    name: 'chromium-mp4-640x360',
    browser: 'chromium',
    page: 'video.html',
    mimeType: 'video/mp4;codecs=avc1,opus',
  },
  { name: 'chromium-audio-mp4', browser: 'chromium', page: 'audio.html', mimeType: 'audio/mp4;codecs=opus' },
  { name: 'firefox-webm', browser: 'firefox', page: 'small-video.html', mimeType: 'video/webm;codecs=vp8,opus' },
  { name: 'firefox-webm-640x360', browser: 'firefox', page: 'video.html', mimeType: 'video/webm;codecs=vp8,opus' },
  { name: 'firefox-audio-webm', browser: 'firefox', page: 'audio.html', mimeType: 'audio/webm;codecs=opus' },
  { name: 'firefox-audio-ogg', browser: 'firefox', page: 'audio.html', mimeType: 'audio/ogg;codecs=opus' },
];

interface PageRecording {
  /** Each dataavailable Blob, in order, as base64. */
  slices: string[];
  recorderMimeType: string;
  recordedMs: number;
  pausedMs: number;
  hasVideo: boolean;
  hasAudio: boolean;
}

/**
 * Runs in the page: records the page's media element. Self-contained, as page.evaluate
 * sends its source text, and with no named helpers inside: tsx keeps function names by
 * wrapping them in a __name() call the page does not have.
 */
async function recordInPage(mimeType: string, pause: boolean): Promise<PageRecording> {
  type Capturable = HTMLMediaElement & { captureStream?(): MediaStream; mozCaptureStream?(): MediaStream };
  const element = document.querySelector('video, audio') as Capturable;
  if (!MediaRecorder.isTypeSupported(mimeType)) throw new Error(`MediaRecorder does not support ${mimeType}`);
  if (element.paused) await element.play();
  // Firefox has only the prefixed form.
  const stream = element.captureStream ? element.captureStream() : element.mozCaptureStream!();
  const wanted = element instanceof HTMLVideoElement ? 2 : 1;
  for (let waited = 0; stream.getTracks().length < wanted; waited += 50) {
    if (waited > 5000) throw new Error(`captureStream() gave ${stream.getTracks().length} of ${wanted} tracks`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const tracks = stream.getTracks();
  const recorder = new MediaRecorder(new MediaStream(tracks), {
    mimeType,
    videoBitsPerSecond: 300_000,
    // Chromium's MP4 writer emits data only at key frames; Firefox ignores the option.
    videoKeyFrameIntervalDuration: 1000,
  } as MediaRecorderOptions);
  const blobs: Blob[] = [];
  recorder.addEventListener('dataavailable', (event) => blobs.push(event.data));
  const stopped = new Promise((resolve) => recorder.addEventListener('stop', resolve));

  recorder.start(1000);
  const startedAt = performance.now();
  let pausedMs = 0;
  if (pause) {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    recorder.pause();
    const pausedAt = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    recorder.resume();
    pausedMs = performance.now() - pausedAt;
    await new Promise((resolve) => setTimeout(resolve, 1500));
  } else {
    await new Promise((resolve) => setTimeout(resolve, 3000));
  }
  recorder.stop();
  const recordedMs = performance.now() - startedAt;
  await stopped;

  const slices: string[] = [];
  for (const blob of blobs) {
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    slices.push(btoa(binary));
  }
  return {
    slices,
    recorderMimeType: recorder.mimeType,
    recordedMs: Math.round(recordedMs),
    pausedMs: Math.round(pausedMs),
    hasVideo: tracks.some((track) => track.kind === 'video'),
    hasAudio: tracks.some((track) => track.kind === 'audio'),
  };
}

async function record(browser: Browser, pageOrigin: string, set: RecordingSet): Promise<void> {
  const page = await browser.newPage();
  try {
    await page.goto(`${pageOrigin}/${set.page}`);
    await page.waitForFunction(
      () => {
        const element = document.querySelector('video, audio') as HTMLMediaElement | null;
        return element !== null && !element.paused && element.currentTime > 0.5;
      },
      { timeout: 15_000 },
    );
    const recording = await page.evaluate(recordInPage, set.mimeType, set.pause ?? false);
    const dir = path.join(OUT_DIR, set.name);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    recording.slices.forEach((slice, index) => {
      writeFileSync(path.join(dir, `${String(index).padStart(3, '0')}.bin`), Buffer.from(slice, 'base64'));
    });
    const meta = {
      browser: set.browser,
      browserVersion: await browser.version(),
      mimeType: set.mimeType,
      recorderMimeType: recording.recorderMimeType,
      sliceCount: recording.slices.length,
      recordedMs: recording.recordedMs,
      pausedMs: recording.pausedMs,
      hasVideo: recording.hasVideo,
      hasAudio: recording.hasAudio,
    };
    writeFileSync(path.join(dir, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
    check(set.name, recording);
  } finally {
    await page.close();
  }
}

interface ProbeOutput {
  streams: { index: number; codec_type: string; codec_name: string }[];
  packets: { stream_index: number; pts_time?: string; duration_time?: string }[];
}

/** ffprobe must parse the concatenated slices and find the recorded tracks; prints the figures. */
function check(name: string, recording: PageRecording): void {
  const slices = recording.slices.map((slice) => Buffer.from(slice, 'base64'));
  const temp = mkdtempSync(path.join(os.tmpdir(), 'mr-recorded-'));
  const file = path.join(temp, 'all.bin');
  writeFileSync(file, Buffer.concat(slices));
  const probe = spawnSync('ffprobe', ['-v', 'error', '-of', 'json', '-show_streams', '-show_packets', file], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  rmSync(temp, { recursive: true, force: true });
  if (probe.status !== 0) throw new Error(`${name}: ffprobe failed: ${probe.stderr}`);
  const { streams, packets } = JSON.parse(probe.stdout) as ProbeOutput;
  const kinds = streams.map((stream) => stream.codec_type);
  if (kinds.includes('video') !== recording.hasVideo || kinds.includes('audio') !== recording.hasAudio) {
    throw new Error(
      `${name}: ffprobe found ${kinds.join(', ')}; recorded video ${recording.hasVideo}, audio ${recording.hasAudio}`,
    );
  }
  const timed = packets.filter((packet) => packet.pts_time !== undefined);
  const first = Math.min(...timed.map((packet) => Number(packet.pts_time)));
  const end = Math.max(...timed.map((packet) => Number(packet.pts_time) + Number(packet.duration_time ?? 0)));
  const perStream = streams.map((stream) => {
    const own = timed.filter((packet) => packet.stream_index === stream.index);
    // ffprobe leaves some packets without a duration (all of Chromium's MP4 Opus, many
    // video frames); the span counts them as 0.
    const untimed = own.filter((packet) => packet.duration_time === undefined).length;
    return `${stream.codec_name} ${own.length} packets from ${own[0]?.pts_time ?? '?'} s${untimed ? `, ${untimed} without duration` : ''}`;
  });
  console.log(
    [
      `${name}: ${slices.length} slices (${slices.map((slice) => slice.length).join(', ')} bytes), ${recording.recorderMimeType}`,
      `  recorded ${recording.recordedMs} ms (paused ${recording.pausedMs} ms); packets span ${Math.round((end - first) * 1000)} ms`,
      `  ${perStream.join('; ')}${probe.stderr ? `\n  ffprobe: ${probe.stderr.trim()}` : ''}`,
    ].join('\n'),
  );
}

/** `--only a,b`: record just these sets, leaving the other folders as they are. */
function chosenSets(): RecordingSet[] {
  const at = process.argv.indexOf('--only');
  if (at < 0) return SETS;
  const names = (process.argv[at + 1] ?? '').split(',');
  const unknown = names.filter((name) => !SETS.some((set) => set.name === name));
  if (unknown.length > 0) throw new Error(`Unknown sets: ${unknown.join(', ')}`);
  return SETS.filter((set) => names.includes(set.name));
}

async function main(): Promise<void> {
  const sets = chosenSets();
  if (!existsSync(path.join(CHROMIUM_BUILD, 'manifest.json'))) {
    throw new Error(`No extension build at ${CHROMIUM_BUILD}: run \`node build.mjs --test\` first`);
  }
  ensureFixtures();
  const origins = await startServers();
  try {
    for (const [browserName, launch] of [
      ['chromium', launchChromium],
      ['firefox', launchFirefox],
    ] as const) {
      if (!sets.some((set) => set.browser === browserName)) continue;
      const session = await launch();
      try {
        for (const set of sets.filter((candidate) => candidate.browser === browserName)) {
          await record(session.browser, origins.page, set);
        }
      } finally {
        await session.close();
      }
    }
  } finally {
    await origins.close();
    stopDisplay();
  }
}

await main();
