import { defineConfig } from 'vitest/config';

// Real browsers on a 2-core machine: two files at once, each in a worker with a virtual
// display of its own (support/xvfb.ts); one at a time on a display the user gave (DISPLAY),
// where their windows would take each other's keys. Generous timeouts.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    fileParallelism: !process.env.DISPLAY,
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // expect.poll waits for what a person would wait for (a video playing, a badge, a
    // notification): 1 s, vitest's default, failed a test whose page took longer to play.
    expect: { poll: { timeout: 10_000 } },
    globalSetup: ['tests/e2e/support/global-setup.ts'],
    setupFiles: ['tests/e2e/support/display-per-file.ts', 'tests/e2e/support/keep-failed-run.ts'],
  },
});
