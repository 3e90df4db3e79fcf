/**
 * Index-only finishing of WebM recordings, pure code: scan each slice as it is stored
 * (scanWebmSlice, keeping the small state between slices), keep each slice's index beside
 * it, and at the end fold the indexes into a header (finishWebm) and compose the file from
 * it and the stored slices (filePartsOf). Any refusal means: remux instead.
 */

export { newWebmScan, scanWebmSlice, type WebmScan } from './scan-slice';
export { scannedBytes } from './scan-state';
export {
  addSliceIndex,
  filePartsOf,
  finishWebm,
  newWebmIndexFold,
  type WebmFilePart,
  type WebmFinishOptions,
  type WebmIndexFold,
} from './finish';
export { foldIndexes, foldPrefix, type WebmFoldPrefix } from './fold-prefix';
export type * from './types';
export { clusterSizes, type ClusterSizes, type OpenCluster, type StreamPatch } from './cluster-sizes';
export { isWebmScan, joinFieldsProblem } from './scan-check';
export { writeWebmParts, type WebmPartInput, type WriteWebmPartsOptions } from './write-parts';
