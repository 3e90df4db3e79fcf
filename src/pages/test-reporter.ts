/**
 * Test builds only: tells the web pages open in the browser (through the background) what
 * the settings or library page shows, which control has focus and how its media element
 * stands, after every render, key and focus change. Firefox gives test drivers no access to
 * extension pages, so this is how its tests see these pages (the popup has its own, in
 * src/popup/test-reporter.ts).
 */

import { reportExtensionPageForTest, type ReportingExtensionPage } from '../platform/messaging/test-relay';
import { keyStateForTest, reportChangesForTest } from '../platform/ui/report-changes-for-test';

/** The focused control as a screen reader would name it, with its state. */
function describeFocus(focused: Element | null): string {
  if (focused instanceof HTMLButtonElement) return focused.textContent ?? '';
  if (focused instanceof HTMLInputElement) {
    const label = (focused.labels?.[0]?.textContent ?? '').replace(/\s+/g, ' ').trim();
    if (focused.type === 'checkbox' || focused.type === 'radio') return `${focused.checked ? '[x]' : '[ ]'} ${label}`;
    return `${label}: ${focused.value}`;
  }
  // A slider of our own (the library's section handles): its name and the time it reads out.
  if (focused?.getAttribute('role') === 'slider')
    return `${focused.getAttribute('aria-label') ?? ''}: ${focused.getAttribute('aria-valuetext') ?? ''}`;
  return focused instanceof HTMLMediaElement ? focused.localName : '';
}

/** Each media element of the page: "video ready=4 duration=5.1 time=0.3 playing". */
function describeMedia(): string {
  return [...document.querySelectorAll<HTMLMediaElement>('video, audio')]
    .map(
      (media) =>
        `${media.localName} ready=${media.readyState} duration=${media.duration} ` +
        `time=${media.currentTime.toFixed(1)} ${media.paused ? 'paused' : 'playing'}`,
    )
    .join('\n');
}

export function startPageTestReporter(page: ReportingExtensionPage): void {
  const main = document.querySelector('main');
  const report = (event: string, detail = '') => {
    void reportExtensionPageForTest(page, {
      event,
      detail,
      text: main?.innerText ?? '',
      ...keyStateForTest(describeFocus),
      media: describeMedia(),
    }).catch(() => undefined);
  };
  for (const type of ['loadedmetadata', 'playing', 'seeked', 'pause']) {
    document.addEventListener(type, () => report(type), true);
  }
  reportChangesForTest(main, report);
}
