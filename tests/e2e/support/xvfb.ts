/** A virtual display for headful browsers: the one in DISPLAY, or a fresh Xvfb. */

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { sleep } from './media-file';

let server: ChildProcess | undefined;
let display: string | undefined;

export async function ensureDisplay(): Promise<string> {
  if (display) return display;
  if (process.env.DISPLAY) return (display = process.env.DISPLAY);
  for (let number = 90; number < 120; number++) {
    if (existsSync(`/tmp/.X11-unix/X${number}`) || existsSync(`/tmp/.X${number}-lock`)) continue;
    const candidate = spawn('Xvfb', [`:${number}`, '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], {
      stdio: 'ignore',
    });
    for (let waited = 0; waited < 5000 && candidate.exitCode === null; waited += 100) {
      if (existsSync(`/tmp/.X11-unix/X${number}`)) {
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
