/** Set by build.mjs for each build. */
declare const __BROWSER__: 'chromium' | 'firefox';
/** True only in the test build (`node build.mjs --test`); test hooks check it. */
declare const __TEST__: boolean;

declare module 'web-ext';
