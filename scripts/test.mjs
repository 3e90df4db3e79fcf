// Every check, in order of cost: types, lint, formatting, unit tests, the Firefox lint, then the end-to-end
// tests in real Chromium and Firefox against a test build. Stops at the first failure and
// ends with one summary line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The timeouts the unit and end-to-end configurations set (vitest.config.ts, tests/e2e/vitest.config.ts).
const UNIT_TIMEOUT_MS = 20_000;
const E2E_TIMEOUT_MS = 120_000;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const reports = path.join(root, '.artifacts');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
/** Wall time of each stage, and every test's own time, for the report at the end. */
const stages = [];
const timings = [];

function step(title, command, args) {
  console.log(`\n▶ ${title}`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
  const seconds = (Date.now() - started) / 1000;
  stages.push({ title, seconds, ok: result.status === 0 });
  console.log(`  ${title}: ${result.status === 0 ? 'ok' : 'FAILED'} in ${seconds.toFixed(1)} s`);
  return result.status === 0;
}

function vitest(title, name, extraArgs, timeoutMs) {
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
    for (const file of summary.testResults) {
      for (const test of file.assertionResults) {
        if (typeof test.duration !== 'number') continue;
        const where = path.relative(root, file.name);
        timings.push({ name: `${where} › ${test.fullName}`, ms: test.duration, timeoutMs });
      }
    }
  } else if (!ok) {
    totals.failed += 1;
  }
  return ok;
}

const ok =
  step('type check', 'npx', ['tsc', '--noEmit']) &&
  step('lint and context boundaries (ESLint)', 'npx', ['eslint', '.']) &&
  step('formatting (prettier)', 'npx', ['prettier', '--check', '.']) &&
  vitest('unit tests', 'unit', [], UNIT_TIMEOUT_MS) &&
  step('build', 'node', ['build.mjs']) &&
  step('web-ext lint (Firefox build)', 'npx', ['web-ext', 'lint', '--source-dir', 'dist/firefox', '--self-hosted']) &&
  step('test build', 'node', ['build.mjs', '--test']) &&
  vitest('end-to-end tests (Chromium, Firefox)', 'e2e', ['--config', 'tests/e2e/vitest.config.ts'], E2E_TIMEOUT_MS);

// Where the time went, so a slow test, or one close to its timeout, is seen before it fails.
console.log('\nTime by stage:');
for (const { title, seconds, ok: passed } of stages)
  console.log(`  ${seconds.toFixed(1).padStart(7)} s  ${title}${passed ? '' : ' (FAILED)'}`);
console.log(
  `  ${stages
    .reduce((sum, { seconds }) => sum + seconds, 0)
    .toFixed(1)
    .padStart(7)} s  in all`,
);
const slowest = [...timings].sort((a, b) => b.ms - a.ms).slice(0, 10);
if (slowest.length > 0) {
  console.log('Slowest tests:');
  for (const { name, ms } of slowest) console.log(`  ${(ms / 1000).toFixed(1).padStart(7)} s  ${name}`);
}
const close = timings.filter(({ ms, timeoutMs }) => ms > timeoutMs / 2);
if (close.length > 0) {
  console.log('Tests that took more than half of their timeout:');
  for (const { name, ms, timeoutMs } of close)
    console.log(`  ${(ms / 1000).toFixed(1).padStart(7)} s of ${timeoutMs / 1000} s  ${name}`);
} else if (timings.length > 0) {
  console.log('No test took more than half of its timeout.');
}

// In CI nothing may be skipped: a skipped end-to-end test hides a missing browser.
const skippedInCi = process.env.CI === 'true' && totals.skipped > 0;
if (skippedInCi) console.error(`\n${totals.skipped} tests were skipped; in CI every test must run.`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(ok && !skippedInCi && totals.failed === 0 ? 0 : 1);
