/**
 * An unhandled rejection in the extension's background or content scripts is a bug: the
 * test build notes each (src/platform/unhandled-for-test.ts), and a session that had one
 * fails its test file when it closes.
 */

export function failOnUnhandled(unhandled: string[]): void {
  if (unhandled.length > 0) {
    throw new Error(`The extension had ${unhandled.length} unhandled rejection(s):\n${unhandled.join('\n')}`);
  }
}

/** A page address that makes the test build reject once in its content script and once in its background. */
export const REJECT_FOR_TEST_QUERY = '?unhandled-rejection-for-test';
