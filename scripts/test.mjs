// Every check, in order of cost: types, formatting, unit tests, the Firefox lint, then the end-to-end
// tests in real Chromium and Firefox against a test build. Stops at the first failure and
// ends with one summary line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const reports = path.join(root, '.artifacts');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };

function step(title, command, args) {
  console.log(`\n▶ ${title}`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
  console.log(
    `  ${title}: ${result.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return result.status === 0;
}

function vitest(title, name, extraArgs) {
  const report = path.join(reports, `${name}.json`);
  const ok = step(title, 'npx', [
    'vitest',
    'run',
    ...extraArgs,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
  ]);
  if (existsSync(report)) {
    const summary = JSON.parse(readFileSync(report, 'utf8'));
    totals.passed += summary.numPassedTests;
    totals.failed += summary.numFailedTests;
    totals.skipped += summary.numPendingTests + summary.numTodoTests;
  } else if (!ok) {
    totals.failed += 1;
  }
  return ok;
}

const ok =
  step('type check', 'npx', ['tsc', '--noEmit']) &&
  step('formatting (prettier)', 'npx', ['prettier', '--check', '.']) &&
  vitest('unit tests', 'unit', []) &&
  step('build', 'node', ['build.mjs']) &&
  step('web-ext lint (Firefox build)', 'npx', ['web-ext', 'lint', '--source-dir', 'dist/firefox', '--self-hosted']) &&
  step('test build', 'node', ['build.mjs', '--test']) &&
  vitest('end-to-end tests (Chromium, Firefox)', 'e2e', ['--config', 'tests/e2e/vitest.config.ts']);

// In CI nothing may be skipped: a skipped end-to-end test hides a missing browser.
const skippedInCi = process.env.CI === 'true' && totals.skipped > 0;
if (skippedInCi) console.error(`\n${totals.skipped} tests were skipped; in CI every test must run.`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(ok && !skippedInCi && totals.failed === 0 ? 0 : 1);
