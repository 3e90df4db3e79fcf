/**
 * A virtual display for headful browsers. Each end-to-end worker starts an Xvfb of its own,
 * since two test files run at once and xdotool's keys go to whichever window has the focus;
 * a DISPLAY the user set is used as it is (the files then run one at a time, see
 * ../vitest.config.ts).
 */

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { sleep } from './media-file';

let server: ChildProcess | undefined;
let display: string | undefined;

/** Display numbers to try: 90–99 outside vitest (the bench), 100–109 for vitest's worker 1, 110–119 for worker 2. */
function displayNumbers(): number[] {
  const worker = Number(process.env.VITEST_POOL_ID ?? 0);
  const first = 90 + 10 * (Number.isInteger(worker) && worker >= 0 ? worker : 0);
  return Array.from({ length: 10 }, (_, index) => first + index);
}

/** True once the Xvfb started as `candidate` holds display `number`: the lock names its pid. */
function holds(candidate: ChildProcess, number: number): boolean {
  try {
    return (
      readFileSync(`/tmp/.X${number}-lock`, 'utf8').trim() === String(candidate.pid) &&
      existsSync(`/tmp/.X11-unix/X${number}`)
    );
  } catch {
    return false;
  }
}

export async function ensureDisplay(): Promise<string> {
  if (display) return display;
  if (process.env.DISPLAY) return (display = process.env.DISPLAY);
  for (const number of displayNumbers()) {
    if (existsSync(`/tmp/.X11-unix/X${number}`) || existsSync(`/tmp/.X${number}-lock`)) continue;
    const candidate = spawn('Xvfb', [`:${number}`, '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], {
      stdio: 'ignore',
    });
    for (let waited = 0; waited < 5000 && candidate.exitCode === null; waited += 100) {
      if (holds(candidate, number)) {
        server = candidate;
        display = `:${number}`;
        return display;
      }
      await sleep(100);
    }
    candidate.kill();
  }
  throw new Error('Could not start Xvfb (is the xvfb package installed?)');
}

export function stopDisplay(): void {
  if (server && display === process.env.DISPLAY) delete process.env.DISPLAY;
  server?.kill();
  server = undefined;
  display = undefined;
}
