/** Waiting on media elements and streams, which announce what they do with events. */

/**
 * Resolves once `done()` holds, checked now and after each of `events` on `target`, or
 * after `timeoutMs`; tells which.
 */
export function waitFor(
  target: EventTarget,
  events: string[],
  done: () => boolean,
  timeoutMs: number,
): Promise<boolean> {
  if (done()) return Promise.resolve(true);
  return new Promise((resolve) => {
    const controller = new AbortController();
    const finish = () => {
      controller.abort();
      resolve(done());
    };
    for (const type of events) {
      target.addEventListener(type, () => done() && finish(), { signal: controller.signal });
    }
    setTimeout(finish, timeoutMs);
  });
}
