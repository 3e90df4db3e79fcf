/** The bench's command line, read with Node's own parseArgs. */

import { parseArgs } from 'node:util';

export const BROWSER_NAMES = ['chromium', 'firefox'] as const;
export const CLIP_NAMES = ['720p', '1080p'] as const;
/** `playback` records nothing: the control, the browser merely playing the clip as long. */
export const RECORDER_NAMES = ['extension', 'baseline', 'playback'] as const;

export type BrowserName = (typeof BROWSER_NAMES)[number];
export type ClipName = (typeof CLIP_NAMES)[number];
export type RecorderName = (typeof RECORDER_NAMES)[number];

/** The control is left out by default: the default run is long enough already. */
const DEFAULT_RECORDERS: RecorderName[] = ['extension', 'baseline'];

export interface BenchOptions {
  browsers: BrowserName[];
  clips: ClipName[];
  recorders: RecorderName[];
  /** Recording lengths in seconds. */
  lengths: number[];
  /** Keep the recorded files and browser profiles (they are deleted after each run otherwise). */
  keepFiles: boolean;
  quick: boolean;
  /** Runs nothing: reports again on the runs in these JSON files (figures recomputed from their measurements). */
  report: string[];
}

export const USAGE = `npm run bench -- [options]
  --quick                    720p, 15 s per recording, both browsers and recorders (about 2.5 minutes)
  --lengths 10               recording lengths in minutes (decimals allowed: 0.5 is 30 s); default 10,
                             the length the targets are set for
  --clips 720p,1080p         default both
  --browsers chromium,firefox
  --recorders extension,baseline,playback
                             default extension,baseline; playback is a control run that records nothing
  --keep-files               keep the recorded files in bench-results/runs/
  --report a.json,b.json     run nothing: one report (table, JSON, chart) of the runs in earlier JSON files`;

function list<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  name: string,
  defaults: readonly T[] = allowed,
): T[] {
  if (value === undefined) return [...defaults];
  const items = value.split(',').map((item) => item.trim());
  for (const item of items) {
    if (!(allowed as readonly string[]).includes(item)) {
      throw new Error(`--${name}: "${item}" is not one of ${allowed.join(', ')}`);
    }
  }
  return items as T[];
}

export function readOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      lengths: { type: 'string' },
      clips: { type: 'string' },
      browsers: { type: 'string' },
      recorders: { type: 'string' },
      'keep-files': { type: 'boolean', default: false },
      report: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const lengths = (values.lengths ?? (values.quick ? '' : '10'))
    .split(',')
    .filter(Boolean)
    .map((minutes) => {
      const seconds = Math.round(Number(minutes) * 60);
      if (!Number.isFinite(seconds) || seconds < 10)
        throw new Error(`--lengths: "${minutes}" is not a length in minutes`);
      return seconds;
    });
  return {
    browsers: list(values.browsers, BROWSER_NAMES, 'browsers'),
    clips: values.quick && !values.clips ? ['720p'] : list(values.clips, CLIP_NAMES, 'clips'),
    recorders: list(values.recorders, RECORDER_NAMES, 'recorders', DEFAULT_RECORDERS),
    lengths: lengths.length ? lengths : [15],
    keepFiles: values['keep-files'],
    quick: values.quick,
    report: values.report ? values.report.split(',').filter(Boolean) : [],
  };
}
