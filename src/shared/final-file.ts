/** What is known of a recording's finished file, wherever it is held: a Blob, a URL, a download. */
import type { SectionRange } from './file-pieces';

export interface FinalFileFacts {
  /** False when the raw recording is given because it could not be made seekable. */
  finalized: boolean;
  durationSeconds: number | undefined;
  size: number;
  /** Composed of a new header and the stored slices (issue #17): they must stay stored. */
  composed?: boolean;
  /** A section: where it really starts (the key frame at or before the asked start) and ends. */
  section?: SectionRange;
}
