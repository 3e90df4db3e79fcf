/** Polls for a condition a person would wait for, in the end-to-end helpers. */

import { sleep } from './media-file';

/**
 * `probe`'s first truthy value, polled every `everyMs`; throws "timed out waiting for
 * `what`" after `timeoutMs`.
 */
export async function waitUntil<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  { timeoutMs = 15_000, everyMs = 150 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}
