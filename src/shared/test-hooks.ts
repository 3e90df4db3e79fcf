/** Names the test build and the end-to-end tests share (see platform/unhandled-for-test.ts). */

/** Storage key of the unhandled rejections the test build noted. */
export const UNHANDLED_FOR_TEST_KEY = 'testUnhandledRejections';

/** Starts each line the test build prints about an unhandled rejection. */
export const UNHANDLED_FOR_TEST_MARK = 'MEDIA-RECORDER-UNHANDLED-REJECTION';

/** Starts each line a Firefox test build prints about what its background did (platform/test-note.ts). */
export const NOTE_FOR_TEST_MARK = 'MEDIA-RECORDER-TEST-NOTE';

/**
 * Attribute on the page indicator's host that the test build sets to the marker's text:
 * the marker sits in a closed shadow root, which Firefox's test driver cannot see into.
 */
export const INDICATOR_TEXT_FOR_TEST = 'data-test-indicator-text';

/**
 * Attribute a benchmark page puts on a `<video>` (npm run bench:long): the URL of a feed
 * of slices cut from a real recording. A test build's capture of that element stores those
 * slices, in bounded batches and faster than real time, instead of what its MediaRecorder
 * would record (content/fed-recorder-for-test.ts); everything after the recorder is the
 * real path.
 */
export const FEED_SLICES_FOR_TEST = 'data-feed-slices-for-test';

/** Set on the fed element once every slice of the feed was handed over and acknowledged: its count. */
export const FEED_DONE_FOR_TEST = 'data-feed-done-for-test';

/** What the feed's URL serves (JSON): the recording to cut, and where each slice ends in it. */
export interface SliceFeedForTest {
  /** URL of the recording, read by Range requests, a batch of slices at a time. */
  file: string;
  /** Byte length of each slice, in order; the first holds the recording's header. */
  sizes: number[];
  /** The recording's length on its own timeline: where the user's Stop falls. */
  durationMs: number;
}
