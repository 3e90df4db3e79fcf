/**
 * Tells the user when a recording ended without their Stop (the page closed, the media
 * ended, the browser crashed…) or could not be saved, and when the context menu or the
 * shortcut could not do what was asked: they may not be looking at the popup. Clicking a
 * recording's notification shows the file in its folder.
 */

import { errorMessageKey, type ErrorCode } from '../shared/errors';
import type { RecordingRecord } from '../shared/recording-record';
import { endReasonMessageKey } from '../shared/end-reasons';
import { missingSignalMessageKey } from '../shared/signal-check';
import { t } from '../platform/i18n';
import { onNotificationClicked as onClicked, showNotification } from '../platform/background/notifications';

const NOTIFICATION_PREFIX = 'recording:';

/** Whether this finished recording deserves a notification, and what it says. */
function message(record: RecordingRecord): { title: string; body: string } | undefined {
  const state = record.timeline.state;
  if (state === 'failed') {
    return { title: t('notify_notSaved'), body: t(errorMessageKey(record.error ?? 'unknown')) };
  }
  if (state !== 'saved') return undefined;
  const reason = record.recovered ? 'notify_recovered' : endReasonMessageKey(record.timeline.endReason);
  const missing = (record.missingSignals ?? []).map((signal) => t(missingSignalMessageKey(signal, true)));
  if (!reason && !record.error && missing.length === 0) return undefined;
  const details = [reason && t(reason), record.error && t(errorMessageKey(record.error)), ...missing]
    .filter(Boolean)
    .join(' ');
  return { title: t('notify_saved', record.fileName ?? ''), body: details };
}

export function notifyEnd(record: RecordingRecord): void {
  const content = message(record);
  if (content) showNotification(NOTIFICATION_PREFIX + record.id, content.title, content.body);
}

/** A context menu click or the shortcut could not be carried out; one notice at a time. */
export function notifyProblem(error: ErrorCode): void {
  showNotification('problem', t('notify_cannotRecord'), t(errorMessageKey(error)));
}

/** `showFile`: opens the folder of the recording the notification is about. */
export function onNotificationClicked(showFile: (recordingId: string) => Promise<void>): void {
  onClicked((notificationId) => {
    if (notificationId.startsWith(NOTIFICATION_PREFIX)) void showFile(notificationId.slice(NOTIFICATION_PREFIX.length));
  });
}
