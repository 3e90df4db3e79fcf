/**
 * Index-only finishing of Chromium's fragmented MP4 (issue #17), pure code: index each
 * slice as it is stored (`indexSlice`), then write the header of a regular MP4 whose
 * `mdat` is the stored slices themselves (`writeMp4Header`); or, for parts joined into one
 * file or a section of it (issue #18), the header and the slice ranges (`writeMp4Parts`).
 */

export { indexedPacketCounts, indexSlice, newMp4IndexState, type Mp4IndexState, type SliceIndex } from './slice-index';
export { writeMp4Header, type Mp4Header, type Mp4HeaderOptions, type Mp4HeaderResult } from './header-writer';
export type { SampleRuns } from './sample-runs';
export { writeMp4Parts, type Mp4PartInput } from './parts-writer';
export { gatherPrefix, type TablePrefix } from './table-prefix';
export { aheadBytes } from './entries-ahead';
