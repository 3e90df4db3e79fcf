/**
 * The short real recording each browser's feeds are cut from: the bench's clip (1080p unless asked)
 * recorded by the browser's own MediaRecorder with what the extension asks for (its
 * automatic format, the default quality's bitrates, a key frame a second), so the feed
 * carries exactly the codecs, bitrates and frame structure the browser records. Made once
 * per browser and kept in bench-results/long/.
 */

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sleep } from '../../tests/e2e/support/media-file';
import { chooseRecordingFormat, type RecordingFormat } from '../../src/shared/recording-format';
import { DEFAULT_SETTINGS, QUALITY_PRESETS } from '../../src/shared/settings';
import { launchBrowser } from '../bench/browsers';
import type { BrowserName, ClipName } from '../bench/options';

const BASE_SECONDS = 30;

declare global {
  interface Window {
    benchRecordBase(mimeType: string, options: object, seconds: number): Promise<string>;
  }
}

export interface BaseRecording {
  file: string;
  format: RecordingFormat;
  /** Which clip it recorded; the feeds cut from it are named after it. */
  clip: ClipName;
}

/** The format the extension picks in this browser (Automatic), asked of the browser itself. */
async function extensionFormat(isSupported: (types: string[]) => Promise<boolean[]>): Promise<RecordingFormat> {
  const candidates = [
    'video/mp4;codecs=avc3.42E01E,mp4a.40.2',
    'video/mp4;codecs=avc3,opus',
    'video/mp4;codecs=avc1.42E01E,mp4a.40.2',
    'video/mp4;codecs=avc1,opus',
    'video/webm;codecs=vp9,opus',
    'video/webm;codecs=vp8,opus',
  ];
  const answers = await isSupported(candidates);
  const supported = new Set(candidates.filter((_, i) => answers[i]));
  const format = chooseRecordingFormat({ hasVideo: true, hasAudio: true }, (type) => supported.has(type), 'auto');
  if (!format) throw new Error('the browser records none of the extension’s formats');
  return format;
}

export async function ensureBaseRecording(
  browserName: BrowserName,
  clip: ClipName,
  context: { buildRoot: string; dir: string; pageUrl: (query: string) => string },
): Promise<BaseRecording> {
  // The 1080p names are those of the runs before there was a choice.
  const name = clip === '1080p' ? `base-${browserName}` : `base-${browserName}-${clip}`;
  const meta = path.join(context.dir, `${name}.json`);
  if (existsSync(meta)) return { clip, ...(JSON.parse(readFileSync(meta, 'utf8')) as Omit<BaseRecording, 'clip'>) };
  console.log(`Recording ${BASE_SECONDS} s of the ${clip} clip in ${browserName} (the feed's source)…`);
  const browser = await launchBrowser(browserName, context.buildRoot);
  try {
    const page = await browser.open(context.pageUrl(''));
    await page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) > 1, { timeout: 30_000 });
    const format = await extensionFormat((types) =>
      page.evaluate((list) => list.map((type) => MediaRecorder.isTypeSupported(type)), types),
    );
    const options = { ...QUALITY_PRESETS[DEFAULT_SETTINGS.quality], videoKeyFrameIntervalDuration: 1000 };
    const base64 = await page.evaluate(
      (mimeType, recorderOptions, seconds) => window.benchRecordBase(mimeType, recorderOptions, seconds),
      format.mimeType,
      options,
      BASE_SECONDS,
    );
    const file = path.join(context.dir, `${name}.${format.container}`);
    writeFileSync(file, Buffer.from(base64, 'base64'));
    const base: BaseRecording = { file, format, clip };
    writeFileSync(meta, JSON.stringify(base, null, 2));
    await sleep(100);
    return base;
  } finally {
    await browser.close();
  }
}
