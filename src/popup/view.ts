/** Builds the popup's list items from what the background reports. No state lives here. */

import { errorMessageKey } from '../shared/errors';
import { formatBytes, formatElapsed } from '../shared/format';
import type { LocatedMedia } from '../shared/media';
import { endReasonMessageKey } from '../shared/end-reasons';
import { isCapturing, isFinal } from '../shared/recording-state';
import { missingSignalMessageKey } from '../shared/signal-check';
import type { ControlAction, RecordingSnapshot } from '../platform/messaging/protocol';
import { partsText } from '../platform/ui/parts-text';
import { t } from '../platform/i18n';
import { button, h } from '../platform/ui/dom';
import { originHost } from '../shared/frame-access';

export interface ViewActions {
  record(media: LocatedMedia, audioOnly: boolean): void;
  /** Asks the user for access to a site whose frames the extension cannot reach. */
  allowSite(origin: string): void;
  control(recording: RecordingSnapshot, action: ControlAction): void;
  download(recording: RecordingSnapshot): void;
  show(recording: RecordingSnapshot): void;
}

export const mediaKey = (media: { frameId: number; id: string }) => `${media.frameId}:${media.id}`;

function mediaTitle(media: LocatedMedia, index: number): string {
  return media.label || t('media_fallbackLabel', [t(`kind_${media.kind}`), String(index + 1)]);
}

function mediaDetails(media: LocatedMedia): string {
  const parts = [t(`kind_${media.kind}`)];
  if (media.videoWidth > 0) parts.push(`${media.videoWidth}×${media.videoHeight}`);
  if (media.kind === 'video' && media.hasAudio === false) parts.push(t('media_noSound'));
  if (media.live) parts.push(t('media_live'));
  else if (media.duration !== null) parts.push(formatElapsed(media.duration * 1000));
  parts.push(t(media.ended ? 'media_ended' : media.paused ? 'media_paused' : 'media_playing'));
  return parts.join(' · ');
}

function recordingStatus(recording: RecordingSnapshot): HTMLElement {
  const live = recording.state === 'recording';
  const saved = recording.state === 'saved' && recording.fileSize > 0;
  // Once saved, the figures are the file's own, read back from it.
  const duration = saved && recording.durationMs > 0 ? recording.durationMs : recording.elapsedMs;
  const size = saved ? recording.fileSize : recording.bytes;
  const state = recording.parts?.waiting
    ? t('parts_waiting')
    : recording.state === 'finalizing' && recording.progress !== undefined
      ? t('state_finalizingProgress', String(Math.round(recording.progress * 100)))
      : t(`state_${recording.state}`);
  return h(
    'p',
    { class: 'recording-status' },
    live && h('span', { class: 'dot', 'aria-hidden': 'true' }, '● '),
    `${state} · `,
    h('time', {}, formatElapsed(duration)),
    ` · ${formatBytes(size)}`,
  );
}

function recordingControls(recording: RecordingSnapshot, describedBy: string, actions: ViewActions): HTMLElement {
  const controls = h('div', { class: 'actions' });
  if (recording.state === 'recording') {
    controls.append(
      button(t('popup_pause'), `pause:${recording.id}`, () => actions.control(recording, 'pause'), { describedBy }),
    );
  } else if (recording.state === 'paused') {
    controls.append(
      button(t('popup_resume'), `resume:${recording.id}`, () => actions.control(recording, 'resume'), { describedBy }),
    );
  }
  // Stop also while a joined recording waits for the page's next source: it is saved as it is.
  if (recording.state === 'recording' || recording.state === 'paused' || recording.parts?.waiting) {
    controls.append(
      button(t('popup_stop'), `stop:${recording.id}`, () => actions.control(recording, 'stop'), {
        primary: true,
        describedBy,
      }),
    );
  }
  return controls;
}

export function mediaItem(
  media: LocatedMedia,
  index: number,
  active: RecordingSnapshot | undefined,
  actions: ViewActions,
): HTMLLIElement {
  const key = mediaKey(media);
  const titleId = `title-${key}`;
  const item = h(
    'li',
    { class: 'item', 'data-media': key },
    h('div', { class: 'item-title', id: titleId }, mediaTitle(media, index)),
    h('div', { class: 'item-details' }, mediaDetails(media)),
  );
  if (active) {
    item.append(
      recordingStatus(active),
      ...partsNote(active),
      ...signalWarnings(active),
      recordingControls(active, titleId, actions),
    );
    return item;
  }
  if (media.blocker) item.append(h('p', { class: 'warning' }, t(errorMessageKey(media.blocker))));
  item.append(
    h(
      'div',
      { class: 'actions' },
      button(t('popup_record'), `record:${key}`, () => actions.record(media, false), {
        primary: true,
        describedBy: titleId,
      }),
      media.kind === 'video' &&
        media.hasAudio !== false &&
        button(t('popup_recordAudioOnly'), `audio:${key}`, () => actions.record(media, true), { describedBy: titleId }),
    ),
  );
  return item;
}

/** A site whose frames may hold media the extension may not look into yet. */
export function frameAccessItem(origin: string, actions: ViewActions): HTMLLIElement {
  const titleId = `site-${origin}`;
  const host = originHost(origin);
  return h(
    'li',
    { class: 'item', 'data-site': origin },
    h('div', { class: 'item-title', id: titleId }, host),
    h('p', { class: 'item-details' }, t('popup_frameNeedsAccess')),
    h(
      'div',
      { class: 'actions' },
      button(t('popup_allowSite', host), `allow:${origin}`, () => actions.allowSite(origin), {
        primary: true,
        describedBy: titleId,
      }),
    ),
  );
}

/** Sound or picture the media has and the recording does not get: never a silent or black file unannounced. */
function signalWarnings(recording: RecordingSnapshot): HTMLElement[] {
  const finished = isFinal(recording.state);
  return recording.missingSignals.map((signal) =>
    h('p', { class: 'warning' }, t(missingSignalMessageKey(signal, finished))),
  );
}

/** Recording, paused, or between two sources of a recording joined across them. */
export function isLive(recording: RecordingSnapshot): boolean {
  return isCapturing(recording.state) || !!recording.parts?.waiting;
}

function partsNote(recording: RecordingSnapshot): HTMLElement[] {
  const text = partsText(recording.parts);
  return text ? [h('p', { class: 'item-details', 'data-parts': String(recording.parts!.count) }, text)] : [];
}

/** A recording that is not shown under its media: finished, or its element is gone. */
export function recordingItem(recording: RecordingSnapshot, actions: ViewActions): HTMLLIElement {
  const titleId = `recording-${recording.id}`;
  const title = recording.fileName ?? t(`kind_${recording.mediaKind}`);
  const item = h(
    'li',
    { class: 'item', 'data-recording': recording.id, 'data-state': recording.state },
    h('div', { class: 'item-title', id: titleId }, title),
    recordingStatus(recording),
  );
  item.append(...partsNote(recording));
  const endNote = recording.state === 'failed' ? undefined : endReasonMessageKey(recording.endReason);
  if (endNote) item.append(h('p', { class: 'item-details' }, t(endNote)));
  if (recording.error) item.append(h('p', { class: 'warning' }, t(errorMessageKey(recording.error))));
  item.append(...signalWarnings(recording));
  if (isLive(recording)) {
    item.append(recordingControls(recording, titleId, actions));
  } else if (recording.state === 'saved' || (recording.state === 'failed' && recording.bytes > 0)) {
    item.append(
      h(
        'div',
        { class: 'actions' },
        button(t('popup_download'), `download:${recording.id}`, () => actions.download(recording), {
          describedBy: titleId,
        }),
        recording.canShow &&
          button(t('popup_showInFolder'), `show:${recording.id}`, () => actions.show(recording), {
            describedBy: titleId,
          }),
      ),
    );
  }
  return item;
}
