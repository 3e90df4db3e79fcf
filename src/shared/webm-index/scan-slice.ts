/**
 * Indexes a WebM recording as its slices arrive: where each Cluster starts, its time, the
 * frames players may start from, and where the file may end. Only element headers and the
 * first bytes of each block are read; payloads are passed over, so the work per slice is
 * that slice's, whatever came before. An element cut by a slice boundary waits in the
 * state's `carry`. Never throws: what it cannot index, it refuses (and finishing remuxes).
 */

import { ID, MAX_BLOCK_HEAD_BYTES, MAX_HEADER_BYTES, readBlockHead, readElementHeader, readUint } from './ebml';
import type { ElementHeader } from './ebml';
import { cueTrackOf, ebmlHeaderProblem, readTracks, timestampScale } from './head';
import { closeCluster, commitFrame } from './frames';
import { copyScan, emptyIndex, newWebmScan, ScanWindow, type WebmScan } from './scan-state';
import type { WebmSliceIndex } from './types';

export { newWebmScan, type WebmScan };

/** Header elements larger than this are not what a MediaRecorder writes: refuse, not buffer. */
const MAX_CAPTURE_BYTES = 1024 * 1024;

/** Elements a Cluster may hold; any other ID ends a Cluster of unknown size. */
const CLUSTER_CHILDREN = new Set([
  ID.Timestamp,
  ID.SimpleBlock,
  ID.BlockGroup,
  ID.Void,
  0xbf,
  0xa7,
  0xab,
  0x5854,
  0xaf,
]);
/** Segment children passed over: the new header replaces SeekHead and Cues, MediaRecorder writes no others. */
const SEGMENT_SKIPPED = new Set([ID.SeekHead, ID.Void, ID.Cues, ID.Tags, ID.Chapters, ID.Attachments, 0xbf]);

interface Step {
  scan: WebmScan;
  window: ScanWindow;
  out: WebmSliceIndex;
  header: ElementHeader;
}

/** Reading stops here until more bytes arrive. */
const MORE = false;
const READ = true;

/** The state after one more slice, and that slice's index. */
export function scanWebmSlice(previous: WebmScan, slice: Uint8Array): { scan: WebmScan; index: WebmSliceIndex } {
  const scan = copyScan(previous);
  const window = new ScanWindow(scan.carry, scan.at, slice);
  const out = emptyIndex(window.start, window.end);
  while (!scan.refused) {
    if (scan.skip > 0) {
      const passed = Math.min(scan.skip, window.end - scan.at);
      scan.at += passed;
      scan.skip -= passed;
      if (scan.skip > 0) break;
    }
    settle(scan, out);
    if (scan.at >= window.end || !readNext(scan, window, out)) break;
  }
  // A copy: a view would keep (and a structured clone would store) the whole slice.
  scan.carry = scan.skip > 0 || scan.refused ? new Uint8Array(0) : window.bytes(scan.at, window.end - scan.at).slice();
  return { scan, index: finishIndex(scan, out) };
}

function finishIndex(scan: WebmScan, out: WebmSliceIndex): WebmSliceIndex {
  const index: WebmSliceIndex = { ...out, wholeTo: scan.wholeTo, endTime: scan.endTime };
  if (scan.sizedClusters) index.sizedClusters = true;
  if (scan.refused) index.refused = scan.refused;
  return index;
}

/** Closes what ends where reading stands: the frame being passed over, then sized elements. */
function settle(scan: WebmScan, out: WebmSliceIndex): void {
  if (scan.frame && scan.frame.end === scan.at) commitFrame(scan, out);
  for (let top = scan.open.at(-1); top?.end === scan.at; top = scan.open.at(-1)) {
    scan.open.pop();
    if (top.id === ID.Cluster) closeCluster(scan);
  }
}

function readNext(scan: WebmScan, window: ScanWindow, out: WebmSliceIndex): boolean {
  const header = readElementHeader(window.bytes(scan.at, MAX_HEADER_BYTES));
  if (header === 'more') return MORE;
  if (header === 'bad') return refuse(scan, scan.open.length ? `damaged at byte ${scan.at}` : 'not WebM');
  const parent = scan.open.at(-1);
  if (header.size === undefined && header.id !== ID.Segment && header.id !== ID.Cluster) {
    return refuse(scan, `an element of unknown size at byte ${scan.at}`);
  }
  const end = header.size === undefined ? undefined : scan.at + header.headerSize + header.size;
  if (parent?.end !== undefined && (end === undefined || end > parent.end)) {
    return refuse(scan, `an element larger than its parent at byte ${scan.at}`);
  }
  const step = { scan, window, out, header };
  if (!parent) return inTop(step);
  if (parent.id === ID.Segment) return inSegment(step);
  if (parent.id === ID.Cluster) return inCluster(step);
  return inBlockGroup(step);
}

function refuse(scan: WebmScan, reason: string): boolean {
  scan.refused = reason;
  return MORE;
}

function enter({ scan, header }: Step): boolean {
  const { id, headerSize, size } = header;
  scan.open.push({ id, at: scan.at, end: size === undefined ? undefined : scan.at + headerSize + size });
  scan.at += headerSize;
  return READ;
}

/** Passes over the element's payload (its size is known: readNext refused any other). */
function pass({ scan, header }: Step): boolean {
  scan.at += header.headerSize;
  scan.skip = header.size!;
  return READ;
}

/** The whole element, once received (else undefined, and reading waits). */
function capture({ scan, window, header }: Step): Uint8Array | undefined {
  const total = header.headerSize + header.size!;
  if (total > MAX_CAPTURE_BYTES) return void refuse(scan, `an element too large to read at byte ${scan.at}`);
  if (window.end - scan.at < total) return undefined;
  const bytes = window.bytes(scan.at, total).slice();
  scan.at += total;
  return bytes;
}

function inTop(step: Step): boolean {
  const { scan, header } = step;
  if (header.id === ID.EBML && !scan.head.ebml) {
    const ebml = capture(step);
    if (!ebml) return MORE;
    const problem = ebmlHeaderProblem(ebml);
    if (problem) return refuse(scan, problem);
    scan.head.ebml = ebml;
    return READ;
  }
  if (header.id === ID.Segment && scan.head.ebml && !scan.clustersStarted) return enter(step);
  return refuse(scan, scan.head.ebml ? `an unexpected element at byte ${scan.at}` : 'not WebM');
}

function inSegment(step: Step): boolean {
  const { scan, header } = step;
  if (header.id === ID.Cluster) return openCluster(step);
  if (SEGMENT_SKIPPED.has(header.id)) return pass(step);
  if ((header.id !== ID.Info && header.id !== ID.Tracks) || scan.clustersStarted) {
    return refuse(scan, `an unexpected element at byte ${scan.at}`);
  }
  const bytes = capture(step);
  if (!bytes) return MORE;
  if (header.id === ID.Info) {
    if (timestampScale(bytes) === undefined) return refuse(scan, 'damaged Info');
    scan.head.info = bytes;
    return READ;
  }
  const tracks = readTracks(bytes);
  if (!tracks) return refuse(scan, 'damaged Tracks');
  scan.head.tracks = bytes;
  scan.cueTrack = cueTrackOf(tracks);
  return READ;
}

function openCluster(step: Step): boolean {
  const { scan, header, out } = step;
  if (!scan.clustersStarted) {
    const { ebml, info, tracks } = scan.head;
    if (!ebml || !info || !tracks) return refuse(scan, 'no Info or Tracks before the first Cluster');
    out.head = { ebml, info, tracks, clustersStart: scan.at };
    scan.head = {};
    scan.clustersStarted = true;
  }
  const sized = header.size !== undefined;
  scan.sizedClusters ||= sized;
  scan.cluster = { at: scan.at, time: undefined, sized, frames: 0, cueTaken: false, endTime: 0 };
  out.clusters.push(sized ? { at: scan.at } : { at: scan.at, unsizedHead: header.headerSize });
  return enter(step);
}

function inCluster(step: Step): boolean {
  const { scan, header } = step;
  const cluster = scan.cluster!;
  if (!CLUSTER_CHILDREN.has(header.id)) {
    // MediaRecorder's Clusters have no size: the next Cluster ends one. Anything else there
    // would have to end the Cluster the writer gives a size to: not a stream it can index.
    if (cluster.sized || header.id !== ID.Cluster) return refuse(scan, `an unexpected element at byte ${scan.at}`);
    scan.open.pop();
    closeCluster(scan);
    return inSegment(step);
  }
  if (header.id === ID.Timestamp) {
    const at = scan.at;
    const bytes = capture(step);
    if (!bytes) return MORE;
    cluster.time = readUint(bytes.subarray(header.headerSize));
    step.out.clusterTimes!.push(cluster.at, cluster.time, at, scan.at);
    return READ;
  }
  if (header.id === ID.BlockGroup) {
    scan.groupReferences = false;
    return enter(step);
  }
  if (header.id === ID.SimpleBlock) return readBlock(step, scan.at, header.size! + header.headerSize);
  return pass(step);
}

function inBlockGroup(step: Step): boolean {
  const { scan, header } = step;
  const group = scan.open.at(-1)!;
  if (header.id === ID.Block) return readBlock(step, group.at, group.end! - group.at);
  if (header.id === ID.ReferenceBlock) scan.groupReferences = true;
  return pass(step);
}

/** Notes a frame from its block's head and passes over its payload; `at`/`length` span the frame. */
function readBlock(step: Step, at: number, length: number): boolean {
  const { scan, window, header } = step;
  const cluster = scan.cluster!;
  if (cluster.time === undefined) return refuse(scan, `a block before its Cluster's Timestamp at byte ${scan.at}`);
  const wanted = Math.min(header.headerSize + MAX_BLOCK_HEAD_BYTES, header.headerSize + header.size!);
  const bytes = window.bytes(scan.at, wanted);
  const head = readBlockHead(bytes.subarray(header.headerSize));
  if (head === 'bad') return refuse(scan, `a damaged block at byte ${scan.at}`);
  if (head === 'more') return bytes.length < wanted ? MORE : refuse(scan, `a damaged block at byte ${scan.at}`);
  const simple = header.id === ID.SimpleBlock;
  const time = cluster.time + head.time;
  const key = !simple || (head.flags & 0x80) !== 0;
  scan.frame = { at, end: at + length, track: head.track, time, key, grouped: !simple };
  return pass(step);
}
