/**
 * Test builds only: calls `report` whenever an extension page (the popup, the settings, the
 * library) may show something new: a key, a focus change, a change of its `<main>`, and
 * once at once. Each page's test reporter says what is reported and to whom.
 */
export function reportChangesForTest(main: HTMLElement | null, report: (event: string, detail?: string) => void): void {
  document.addEventListener('keydown', (event) => report('keydown', event.key), true);
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
