/** Names the test build and the end-to-end tests share (see platform/unhandled-for-test.ts). */

/** Storage key of the unhandled rejections the test build noted. */
export const UNHANDLED_FOR_TEST_KEY = 'testUnhandledRejections';

/** Starts each line the test build prints about an unhandled rejection. */
export const UNHANDLED_FOR_TEST_MARK = 'MEDIA-RECORDER-UNHANDLED-REJECTION';

/**
 * Attribute on the page indicator's host that the test build sets to the marker's text:
 * the marker sits in a closed shadow root, which Firefox's test driver cannot see into.
 */
export const INDICATOR_TEXT_FOR_TEST = 'data-test-indicator-text';
