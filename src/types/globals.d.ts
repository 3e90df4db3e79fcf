/** Set by build.mjs for each build. */
declare const __BROWSER__: 'chromium' | 'firefox';
/** True only in the test build (`node build.mjs --test`); test hooks check it. */
declare const __TEST__: boolean;
/**
 * True in test builds but the long bench's: a long recording's steps (reading along, runs of
 * slices) come every few slices, so the end-to-end tests' short recordings take that path.
 */
declare const __TEST_STEPS__: boolean;

declare module 'web-ext';
