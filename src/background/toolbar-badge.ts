/**
 * Shows on the toolbar button, per tab, that a recording runs there (see
 * src/shared/toolbar-badge.ts for what it shows), with a tooltip naming what is recorded.
 * Called on every change of a recording, so it only talks to the browser when the badge
 * would look different.
 */

import { onTabClosed, setButtonLook } from '../platform/background/action';
import { reportBadgeForTest } from '../platform/messaging/test-relay';
import { t } from '../platform/i18n';
import { toolbarBadge } from '../shared/toolbar-badge';
import type { RecordingRegistry } from './recording-registry';

export function toolbarBadgeUpdater(registry: RecordingRegistry): (tabId: number) => void {
  const shown = new Map<number, string>();
  onTabClosed((tabId) => shown.delete(tabId));

  return function updateBadge(tabId: number): void {
    const badge = toolbarBadge(registry.snapshotsForTab(tabId));
    const what = registry
      .capturingInTab(tabId)
      .map((record) => record.mediaTitle || record.pageTitle)
      .join(', ');
    const title = badge ? t(badge.paused ? 'badge_paused' : 'badge_recording', what) : t('actionTitle');
    const text = badge?.text ?? '';
    const look = `${text}|${badge?.color}|${title}`;
    if (shown.get(tabId) === look) return;
    shown.set(tabId, look);
    void setButtonLook(tabId, { text, title, color: badge?.color }).catch(() => shown.delete(tabId)); // The tab is gone.
    if (__TEST__) reportBadgeForTest(tabId, text, title);
  };
}
