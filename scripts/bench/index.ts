/**
 * Recording benchmark (`npm run bench`): how faithful and how cheap a recording is, the
 * extension's next to the naive approach's, in real Chromium and Firefox ESR, and on
 * request against the browser merely playing (`--recorders playback`, a control run).
 *
 *   npm run bench                          720p and 1080p, 10 minutes, both browsers, extension and baseline
 *   npm run bench -- --quick               720p, 15 s each (about 2.5 minutes)
 *   npm run bench -- --lengths 1,3         lengths in minutes
 *   npm run bench -- --clips 720p --browsers firefox --recorders extension
 *   npm run bench -- --keep-files          keep each recorded file in bench-results/runs/<date and time>/
 *   npm run bench -- --report a.json,b.json   one report of earlier runs, figures recomputed
 *
 * For each browser, clip, length and recorder, a fresh browser with the extension (the
 * bench's own test build in dist/bench/) plays a generated clip (./clips.ts) on a local
 * page (./page.ts), and either the extension records it through its toolbar popup, as a
 * user does (./recorders/extension.ts), or the page's own naive recorder does: all of it
 * in the page until stop, then one download (./recorders/baseline.ts), or, as a control,
 * nothing records (./recorders/playback.ts). Every second the browser's whole process tree
 * is sampled: memory (PSS) and CPU time (./process-sampler.ts), and for the extension the
 * bytes in its storage. The file that lands in the downloads folder (none for the control)
 * is read with ffprobe (./analysis.ts) and set against the wall-clock time from
 * Record to Stop and the frames the page presented meanwhile (./metrics.ts).
 *
 * Writes bench-results/record-<date and time>.json (every run, every sample) and .html
 * (memory charts and the table), and prints the table in Markdown. Needs Chromium,
 * Firefox ESR, Xvfb, xdotool and ffmpeg (scripts/install-deps.sh). MB is 10^6 bytes.
 */

import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { serveFolder, startServers } from '../../tests/e2e/support/server';
import { ensureDisplay, stopDisplay } from '../../tests/e2e/support/xvfb';
import { ensureClip } from './clips';
import { readOptions, type BenchOptions } from './options';
import { PAGE_FILE, writePage } from './page';
import { computeMetrics, type RunMetrics } from './metrics';
import { fixed, textReport, writeReports } from './report';
import { runOne, type RunResult, type RunSpec } from './run';

const ROOT = path.resolve(import.meta.dirname, '../..');
const RESULTS_DIR = path.join(ROOT, 'bench-results');
const CLIPS_DIR = path.join(RESULTS_DIR, 'clips');
const BUILD_DIR = 'dist/bench';
/** Rough time per run besides the recording itself: launch, idle, stop, saving, analysis. */
const OVERHEAD_SECONDS = { chromium: 15, firefox: 25 };

function plan(options: BenchOptions): RunSpec[] {
  const runs: RunSpec[] = [];
  for (const clip of options.clips) {
    for (const lengthSeconds of options.lengths) {
      for (const browser of options.browsers) {
        for (const recorder of options.recorders) runs.push({ browser, clip, lengthSeconds, recorder });
      }
    }
  }
  return runs;
}

/** Chromium or Firefox processes that are not the bench's (the bench has none open between runs). */
function otherBrowserProcesses(): number {
  let count = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (
        /^(chromium|chrome|firefox|firefox-esr|Web Content|Isolated Web Co)/.test(
          readFileSync(`/proc/${pid}/comm`, 'utf8'),
        )
      )
        count++;
    } catch {
      // exited
    }
  }
  return count;
}

const minutes = (seconds: number) => `${Math.round(seconds / 60)} min`;

/** One line on a finished run; the playback control has no file to tell of. */
function summary(m: RunMetrics): string {
  const cost = `memory slope ${fixed(m.memorySlopeMBPerMinute, 1)} MB/min, CPU ${fixed(m.cpuSecondsPerMinute, 1)} s/min`;
  if (m.durationErrorPercent === undefined) return `${fixed(m.recordedSeconds, 1)} s played, nothing recorded, ${cost}`;
  return (
    `${fixed(m.recordedSeconds, 1)} s recorded, duration ${fixed(m.durationErrorPercent, 2)}%, ` +
    `dropped ${fixed(m.droppedPercent, 2)}%, ${cost}, stop → file ${fixed(m.stopToFileSeconds, 1)} s`
  );
}

interface SavedReport {
  command: string;
  notes: string[];
  results: RunResult[];
}

/** One report of the runs saved in earlier JSON files, their figures computed anew from the measurements. */
function reportAgain(files: string[], command: string, startedAt: string): void {
  const saved = files.map((file) => JSON.parse(readFileSync(file, 'utf8')) as SavedReport);
  const results = saved.flatMap((report) =>
    report.results.map((run) => ({ ...run, metrics: computeMetrics(run.measurements) })),
  );
  const notes = saved.flatMap((report, i) => [`From ${path.basename(files[i]!)}: ${report.command}`, ...report.notes]);
  const base = path.join(RESULTS_DIR, `record-${startedAt}`);
  writeReports(base, results, { command, startedAt, notes, options: { report: files } });
  console.log(`${textReport(results)}\n${notes.join('\n')}\n\nWrote ${path.relative(ROOT, base)}.json and .html`);
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  const startedAt = new Date().toISOString().replace(/:/g, '-').replace(/\..*/, '');
  if (options.report.length) return reportAgain(options.report, command, startedAt);
  const runs = plan(options);
  const estimate = runs.reduce((sum, run) => sum + run.lengthSeconds + OVERHEAD_SECONDS[run.browser], 0);
  console.log(`${runs.length} runs; about ${minutes(estimate)} in all, plus clip encoding on first use.`);

  execFileSync('node', ['build.mjs', '--test', '--out-dir', BUILD_DIR], { cwd: ROOT, stdio: 'inherit' });
  const clipFiles = new Map(
    options.clips.map((clip) => [clip, ensureClip(CLIPS_DIR, clip, Math.max(...options.lengths) + 60)] as const),
  );
  writePage(CLIPS_DIR);
  const origins = await startServers();
  const served = serveFolder(CLIPS_DIR);
  if (options.browsers.includes('firefox')) process.env.DISPLAY = await ensureDisplay();

  const results: RunResult[] = [];
  const notes: string[] = [];
  const reportBase = path.join(RESULTS_DIR, `record-${startedAt}`);
  mkdirSync(RESULTS_DIR, { recursive: true });
  try {
    for (const [i, spec] of runs.entries()) {
      const label = `${spec.browser} ${spec.clip} ${spec.lengthSeconds} s ${spec.recorder}`;
      const others = otherBrowserProcesses();
      if (others)
        notes.push(`${others} browser processes not the bench's were running before run ${i + 1} (${label}).`);
      console.log(`[${i + 1}/${runs.length}] ${label}${others ? ` (${others} other browser processes running)` : ''}`);
      try {
        const result = await runOne(spec, {
          buildRoot: path.join(ROOT, BUILD_DIR),
          pageUrl: `${origins.page}${served}/${PAGE_FILE}?clip=${clipFiles.get(spec.clip)}`,
          keepDir: options.keepFiles ? path.join(RESULTS_DIR, 'runs', startedAt) : undefined,
        });
        results.push(result);
        console.log(`    ${summary(result.metrics)}`);
      } catch (error) {
        const message = `Run ${i + 1} (${label}) failed: ${error instanceof Error ? error.message : String(error)}`;
        console.error(`    ${message}`);
        notes.push(message);
      }
      writeReports(reportBase, results, { command, startedAt, notes, options });
    }
  } finally {
    await origins.close();
    stopDisplay();
  }

  console.log(`\n${textReport(results)}`);
  for (const note of notes) console.log(note);
  console.log(`\nWrote ${path.relative(ROOT, reportBase)}.json and .html`);
}

await main();
