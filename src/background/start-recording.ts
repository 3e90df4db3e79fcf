/** Starting a recording: settings, room to store it, the tab's title, then the page's capture. */

import { tabPage } from '../platform/background/tabs';
import { sendToFrame, type ActionResult, type CaptureOptions } from '../platform/messaging/protocol';
import { loadSettings } from '../platform/settings-store';
import { freeSpace } from '../platform/background/storage-space';
import { QUALITY_PRESETS } from '../shared/settings';
import type { RecordingRegistry } from './recording-registry';
import { headOf } from '../shared/parts';
import type { RecordingRecord } from '../shared/recording-record';

const MIN_FREE_TO_START_BYTES = 64 * 1024 * 1024;

export interface RecordingRequest {
  tabId: number;
  frameId: number;
  mediaId: string;
  audioOnly: boolean;
  part: number;
  /** Continuing a recording after a source change: its previous part. */
  previous?: RecordingRecord;
}

/** Starts recording one element with the user's current settings, or says why it cannot. */
export function recordingStarter(registry: RecordingRegistry) {
  return async function startRecording({
    tabId,
    frameId,
    mediaId,
    audioOnly,
    part,
    previous,
  }: RecordingRequest): Promise<ActionResult> {
    if (registry.isRecordingMedia(tabId, frameId, mediaId)) return { ok: false, error: 'already-recording' };
    // Not even a minute of high quality fits: say so now rather than stop at once.
    if ((await freeSpace()) < MIN_FREE_TO_START_BYTES) return { ok: false, error: 'storage-full' };
    const tab = await tabPage(tabId);
    if (!tab) return { ok: false, error: 'tab-unavailable' };
    const settings = await loadSettings();
    const record = registry.create({
      tabId,
      frameId,
      mediaId,
      pageTitle: tab.title,
      pageUrl: tab.url,
      fileNameTemplate: settings.fileNameTemplate,
      askWhereToSave: settings.askWhereToSave,
      audioOnly,
      part,
      // A later part keeps the choice made when Record was pressed.
      joinParts: previous ? !!previous.joinParts : settings.sourceChange === 'one-file',
      joinedTo: previous?.joinParts ? headOf(previous) : undefined,
    });
    const options: CaptureOptions = {
      format: settings.format,
      bitrates: QUALITY_PRESETS[settings.quality],
      audioOnly,
      stopWhenMediaEnds: settings.stopWhenMediaEnds,
      maxLengthMs: settings.maxLengthMinutes * 60_000,
      showPageIndicator: settings.showPageIndicator,
    };
    const result = await sendToFrame(tabId, frameId, 'start-capture', {
      recordingId: record.id,
      sliceKey: record.sliceKey,
      mediaId,
      part,
      options,
    }).catch(() => ({ ok: false, error: 'tab-unavailable' }) as const);
    if (!result.ok) {
      registry.discard(record.id);
      return result;
    }
    registry.captureStarted(record.id, result.format, result.mediaKind, result.mediaTitle);
    if (record.joinedTo) await registry.addPart(record.joinedTo, record.id);
    return { ok: true };
  };
}
