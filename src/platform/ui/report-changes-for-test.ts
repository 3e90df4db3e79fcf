/**
 * Test builds only: calls `report` whenever an extension page (the popup, the settings, the
 * library) may show something new: a key (once it has acted), a focus change, a change
 * of its `<main>`, and once at once. Each page's test reporter says what is reported and to whom.
 */
let keys = 0;
let lastKeyAt = 0;

/** How many keys this page has reported, each once it had acted: every report says it. */
export const keysReportedForTest = (): number => keys;

/**
 * When (Date.now()) the page got its last key: the press as the browser delivered it,
 * which a loaded machine can make seconds later than the test sent it.
 */
export const lastKeyAtForTest = (): number => lastKeyAt;

export function reportChangesForTest(main: HTMLElement | null, report: (event: string, detail?: string) => void): void {
  // A key is told once it has done what it does (a Tab moved the focus, an arrow moved a
  // slider), and counted, so a test can wait for each key's report instead of sleeping.
  document.addEventListener(
    'keydown',
    (event) => {
      const at = Date.now();
      setTimeout(() => {
        keys++;
        lastKeyAt = at;
        report('keydown', event.key);
      });
    },
    true,
  );
  document.addEventListener('focusin', () => report('focus'));
  if (main)
    new MutationObserver(() => report('render')).observe(main, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
    });
  report('opened');
}
