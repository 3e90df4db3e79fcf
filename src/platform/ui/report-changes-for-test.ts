/**
 * Test builds only: calls `report` whenever an extension page (the popup, the settings, the
 * library) may show something new: a key, a focus change, a change of its `<main>`, and
 * once at once. Each page's test reporter says what is reported and to whom.
 */
let keys = 0;
let settledKeys = 0;
let lastKeyAt = 0;

/**
 * What every report says about keys and focus:
 * - `focused`: the focused control's name, as `name` gives it, or '' when the focus is not
 *   in this page (it is in the browser's bars);
 * - `keys`: how many keys this page has had;
 * - `settled`: how many of those keys have done what they do: all of them once the last was
 *   released here, or once the page lost the focus. Firefox moves the focus for a Tab (and
 *   a slider for an arrow) after the page has seen the key's `keydown`, in a separate
 *   message from its parent process, so what a report made at `keydown` says is focused
 *   can be the control the key is leaving. A test reads where a key left the focus from a
 *   report in which `settled` has caught up with `keys`;
 * - `keyAt`: when (Date.now()) the page got its last key: the press as the browser
 *   delivered it, which a loaded machine can make seconds later than the test sent it.
 */
export function keyStateForTest(name: (focused: Element | null) => string): {
  focused: string;
  keys: number;
  settled: number;
  keyAt: number;
} {
  return {
    focused: document.hasFocus() ? name(document.activeElement) : '',
    keys,
    settled: settledKeys,
    keyAt: lastKeyAt,
  };
}

export function reportChangesForTest(main: HTMLElement | null, report: (event: string, detail?: string) => void): void {
  // Told at once, since a Return that opens another page closes the popup before its release.
  document.addEventListener(
    'keydown',
    (event) => {
      keys++;
      lastKeyAt = Date.now();
      report('keydown', event.key);
    },
    true,
  );
  const settle = (event: string, detail?: string) => {
    settledKeys = keys;
    report(event, detail);
  };
  document.addEventListener('keyup', (event) => settle('keyup', event.key), true);
  window.addEventListener('blur', () => settle('blur'));
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
