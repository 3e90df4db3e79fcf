/** The command line of `npm run bench:long`. */

import { parseArgs } from 'node:util';
import { BROWSER_NAMES, CLIP_NAMES, type BrowserName, type ClipName } from '../bench/options';

export interface LongBenchOptions {
  browsers: BrowserName[];
  /** Lengths of the fed recordings, in minutes. */
  lengths: number[];
  /** The clip whose recording the feeds are cut from (and a real recording records). */
  clip: ClipName;
  /** Minutes of a real recording in each browser, after the fed ones (0: none). */
  real: number;
  /** Keep the finished files in bench-results/long/files/ (deleted after their checks otherwise). */
  keepFiles: boolean;
  /** Keep the looped recordings made for the feed (bench-results/long/feeds/), several GB at 3 hours. */
  keepFeeds: boolean;
  /** Only make the base recordings and the feeds (kept), for runs later. */
  prepare: boolean;
  /** Seconds between the feed's end and Stop. */
  settle: number;
}

export const USAGE = `npm run bench:long -- [options]
  --lengths 10,60,180        lengths of the fed recordings in minutes (default 10,60,180; 1 for a quick try)
  --browsers chromium,firefox
  --clip 1080p               the clip recorded: 1080p (default) or 720p (the issue's 10-minute target)
  --real 60                  also record 60 real minutes in each browser (the extension records the
                             page's clip as a user would); default none
  --keep-files               keep the finished files in bench-results/long/files/
  --keep-feeds               keep the looped recordings the feed is cut from (bench-results/long/feeds/)
  --prepare                  only make the base recordings and the feeds (kept), for runs later
  --settle 3                 seconds between the feed's end and Stop (default 3; 0 presses Stop at once)`;

export function readOptions(argv: string[]): LongBenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      lengths: { type: 'string', default: '10,60,180' },
      browsers: { type: 'string', default: BROWSER_NAMES.join(',') },
      clip: { type: 'string', default: '1080p' },
      real: { type: 'string', default: '0' },
      'keep-files': { type: 'boolean', default: false },
      'keep-feeds': { type: 'boolean', default: false },
      prepare: { type: 'boolean', default: false },
      settle: { type: 'string', default: '3' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const lengths = values.lengths
    .split(',')
    .filter(Boolean)
    .map((minutes) => {
      const value = Number(minutes);
      if (!Number.isFinite(value) || value <= 0) throw new Error(`--lengths: "${minutes}" is not a length in minutes`);
      return value;
    });
  const browsers = values.browsers.split(',').map((name) => {
    if (!(BROWSER_NAMES as readonly string[]).includes(name)) throw new Error(`--browsers: unknown "${name}"`);
    return name as BrowserName;
  });
  const clip = values.clip as ClipName;
  if (!(CLIP_NAMES as readonly string[]).includes(clip))
    throw new Error(`--clip: "${values.clip}" is not one of ${CLIP_NAMES.join(', ')}`);
  const settle = Number(values.settle);
  if (!Number.isFinite(settle) || settle < 0) throw new Error(`--settle: "${values.settle}" is not a time in seconds`);
  const real = Number(values.real);
  if (!Number.isFinite(real) || real < 0) throw new Error(`--real: "${values.real}" is not a length in minutes`);
  return {
    browsers,
    lengths,
    clip,
    real,
    keepFiles: values['keep-files'],
    keepFeeds: values['keep-feeds'],
    prepare: values.prepare,
    settle,
  };
}
