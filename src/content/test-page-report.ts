/**
 * Test builds only: writes the popup's reports into the page as JSON on
 * `<html data-media-recorder-popup>` (the last report) and `data-media-recorder-events`
 * (every event so far), and the toolbar badge on `data-media-recorder-badge`, for tests
 * that cannot see the popup or the toolbar themselves (Firefox).
 */

import { showPopupReportsForTest, type PopupReport } from '../platform/messages';

const events: string[] = [];

/** Adds an event of this page's own (the recording link reconnecting, say) to the list. */
export function reportEventForTest(event: string): void {
  events.push(event);
  document.documentElement.dataset.mediaRecorderEvents = JSON.stringify(events.slice(-200));
}

export function startPageReport(): void {
  showPopupReportsForTest(
    (report: PopupReport) => {
      document.documentElement.dataset.mediaRecorderPopup = JSON.stringify(report);
      reportEventForTest(`${report.event}:${report.detail}:${report.focused}`);
    },
    ({ text, title }) => {
      document.documentElement.dataset.mediaRecorderBadge = text;
      document.documentElement.dataset.mediaRecorderBadgeTitle = title;
    },
  );
}
