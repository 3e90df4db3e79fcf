/**
 * Test builds only: writes the popup's reports into the page as JSON on
 * `<html data-media-recorder-popup>` (the last report) and `data-media-recorder-events`
 * (every event so far), the settings and library pages' on `data-media-recorder-options`
 * and `data-media-recorder-library`, and the toolbar badge on `data-media-recorder-badge`, for tests
 * that cannot see the popup or the toolbar themselves (Firefox).
 */

import {
  showExtensionPageReportsForTest,
  showPopupReportsForTest,
  type PopupReport,
} from '../platform/messaging/test-relay';

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
  // The settings and library pages, each on an attribute of its own; their events are
  // marked with the page's name, apart from the popup's.
  showExtensionPageReportsForTest((page, report) => {
    document.documentElement.setAttribute(`data-media-recorder-${page}`, JSON.stringify(report));
    reportEventForTest(`${page}/${report.event}:${report.detail}:${report.focused}`);
  });
}
