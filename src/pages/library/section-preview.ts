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
  // Only the header is written: a joined recording's parts are read from the store with it.
  const composition = await composeFinishedFile(store, stored, { section });
  if ('refusal' in composition) {
    // Saving says why, if it fails too; here the start is only not known.
    console.info('Media Recorder: where the section starts is not known:', composition.refusal);
    return {};
  }
  return { section: composition.section };
}
