/** What is known of a recording's finished file, wherever it is held: a Blob, a URL, a download. */
export interface FinalFileFacts {
  /** False when the raw recording is given because it could not be made seekable. */
  finalized: boolean;
  durationSeconds: number | undefined;
  size: number;
}
