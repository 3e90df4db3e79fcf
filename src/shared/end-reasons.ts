/** What to tell the user about why a recording ended, when it was not their own Stop. */

import type { EndReason } from './recording-state';

const MESSAGE_KEYS: Record<EndReason, string | undefined> = {
  user: undefined,
  // Errors are told through the recording's error code instead.
  error: undefined,
  'media-ended': 'end_media_ended',
  'max-length': 'end_max_length',
  'source-changed': 'end_source_changed',
  'parts-limit': 'end_parts_limit',
  'track-ended': 'end_track_ended',
  'element-removed': 'end_element_removed',
  'cut-short': 'end_cut_short',
};

/** The `_locales` message explaining the end, or undefined when there is nothing to explain. */
export function endReasonMessageKey(reason: EndReason | undefined): string | undefined {
  return MESSAGE_KEYS[reason ?? 'user'];
}
