/**
 * `npm start`: builds the extension, serves the demo page with sample media on
 * http://127.0.0.1:8080/ and opens a browser with the extension loaded on it (web-ext run).
 * `npm start -- --firefox` uses Firefox ESR instead of Chromium. Rebuilds on change.
 */

import { spawn } from 'node:child_process';
import path from 'node:path';
import webExt from 'web-ext';
import { ensureFixtures } from '../tests/e2e/support/fixtures';
import { startServers } from '../tests/e2e/support/server';

const root = path.resolve(import.meta.dirname, '..');
const firefox = process.argv.includes('--firefox');
const target = firefox ? 'firefox' : 'chromium';

if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  console.error('No display found. Run this on a desktop session, or under a virtual one: xvfb-run -a npm start');
  process.exit(1);
}

ensureFixtures();
const origins = await startServers({ pagePort: 8080 });
console.log(`Demo page: ${origins.page}/`);

// Rebuild on change; web-ext reloads the extension when dist/ changes.
const watcher = spawn(process.execPath, ['build.mjs', '--watch'], { cwd: root, stdio: 'inherit' });
await new Promise((resolve) => setTimeout(resolve, 1500));

await webExt.cmd.run(
  {
    sourceDir: path.join(root, 'dist', target),
    target: [firefox ? 'firefox-desktop' : 'chromium'],
    ...(firefox
      ? { firefox: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr' }
      : { chromiumBinary: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' }),
    startUrl: [`${origins.page}/`],
    // Chromium refuses to run as root with its sandbox on (containers, CI machines).
    args: firefox
      ? []
      : ['--autoplay-policy=no-user-gesture-required', ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
  },
  { shouldExitProgram: false },
);

const stop = async () => {
  watcher.kill();
  await origins.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
