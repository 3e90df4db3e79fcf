/**
 * Saves a section of a recording as a new file (issue #18). Placeholder until the
 * registry's saveSection lands: the index writers that cut sections are not there yet, so
 * every recording is refused with the reason a user can act on.
 */

import type { ErrorCode } from '../../shared/errors';
import type { SectionRange } from '../../shared/file-pieces';

export type SectionSaveResult = { fileName: string; section: SectionRange } | { error: ErrorCode };

export async function saveSection(_id: string, _section: SectionRange): Promise<SectionSaveResult> {
  return { error: 'cut-no-index' };
}
