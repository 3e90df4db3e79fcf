// Makes a fresh checkout runnable: system packages (browsers, Xvfb, ffmpeg) and npm
// packages. Uses only Node's own modules, since it runs before `npm ci`.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = (command, args) => execFileSync(command, args, { cwd: root, stdio: 'inherit' });

run('bash', [path.join(root, 'scripts/install-deps.sh')]);
if (!existsSync(path.join(root, 'node_modules/.package-lock.json'))) {
  console.error('Installing npm packages (npm ci)…');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}
