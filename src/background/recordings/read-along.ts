/**
 * When a recording's stored slices are read along while it runs (issue #17), so that its
 * Stop reads only the last minute's rows however long it is: a step each minute, from the
 * second minute on (a shorter recording is read in full as Stop is pressed, within the
 * 100–200 ms the recorder runs on). Slices are about a second each.
 */

export const READ_ALONG_FROM_SLICES = 120;
export const READ_ALONG_EVERY_SLICES = 60;
/** Test builds: every 4 slices from the 4th, so the end-to-end tests' recordings are read along. */
const TEST_EVERY_SLICES = 4;

/** Whether the slice that made the count `sliceCount` is the one to read along at. */
export function readsAlongAt(sliceCount: number): boolean {
  const [from, every] = __TEST_STEPS__
    ? [TEST_EVERY_SLICES, TEST_EVERY_SLICES]
    : [READ_ALONG_FROM_SLICES, READ_ALONG_EVERY_SLICES];
  return sliceCount >= from && sliceCount % every === 0;
}
