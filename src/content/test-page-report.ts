/**
 * Test builds only: writes the popup's reports into the page as JSON on
 * `<html data-media-recorder-popup>` (the last report) and `data-media-recorder-events`
 * (every event so far), for tests that cannot see the popup itself (Firefox).
 */

import { showPopupReportsForTest, type PopupReport } from '../platform/messages';

export function startPageReport(): void {
  const events: string[] = [];
  showPopupReportsForTest((report: PopupReport) => {
    events.push(`${report.event}:${report.detail}:${report.focused}`);
    const root = document.documentElement;
    root.dataset.mediaRecorderPopup = JSON.stringify(report);
    root.dataset.mediaRecorderEvents = JSON.stringify(events.slice(-200));
  });
}
