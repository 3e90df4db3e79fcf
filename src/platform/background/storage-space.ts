/** Room left in the extension's storage, as the browser estimates it. */

export async function freeSpace(): Promise<number> {
  try {
    const { quota, usage } = await navigator.storage.estimate();
    return quota === undefined || usage === undefined ? Infinity : quota - usage;
  } catch {
    // No estimate: do not stop a recording on a guess.
    return Infinity;
  }
}
