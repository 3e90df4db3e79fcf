import { defineConfig } from 'vitest/config';

export default defineConfig({
  // As build.mjs sets them; code for the other browser is reached by calling it directly.
  define: { __BROWSER__: JSON.stringify('chromium'), __TEST__: 'false', __TEST_STEPS__: 'false' },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    // The remux tests take 1.5–4.5 s on a quiet 2-core machine: room for a busy one.
    testTimeout: 20_000,
  },
});
