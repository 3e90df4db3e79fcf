/**
 * What the index keeps of each frame once its block is whole: where the file may end before
 * it, the cue it makes (a key frame of the cue track), and the end of the stream's last frame.
 */

import type { WebmScan } from './scan-state';
import type { WebmSliceIndex } from './types';

export function closeCluster(scan: WebmScan): void {
  const cluster = scan.cluster;
  scan.cluster = undefined;
  if (!cluster?.sized) return;
  scan.wholeTo = scan.at;
  scan.endTime = Math.max(scan.endTime, cluster.endTime);
}

export function commitFrame(scan: WebmScan, out: WebmSliceIndex): void {
  const frame = scan.frame!;
  const cluster = scan.cluster!;
  scan.frame = undefined;
  // A Block in a BlockGroup is a key frame unless the group references another frame.
  if (frame.grouped && scan.groupReferences) frame.key = false;
  const ends = frameEnd(scan, frame.track, frame.time);
  if (cluster.sized) {
    cluster.endTime = Math.max(cluster.endTime, ends);
    if (cluster.frames === 0) out.cuts.push(cluster.at, frame.time);
  } else {
    scan.wholeTo = frame.end;
    scan.endTime = Math.max(scan.endTime, ends);
    out.cuts.push(cluster.frames === 0 ? cluster.at : frame.at, frame.time);
  }
  cluster.frames++;
  out.frames!.push(frame.at, frame.time, frame.track);
  noteCue(scan, out, frame);
}

function noteCue(
  scan: WebmScan,
  out: WebmSliceIndex,
  frame: { at: number; track: number; time: number; key: boolean },
) {
  const cluster = scan.cluster!;
  const cueTrack = scan.cueTrack;
  // A cue's time is unsigned: a frame before the Segment's start cannot be one.
  if (!cueTrack || frame.track !== cueTrack.number || frame.time < 0) return;
  // Sound alone: every frame is a key frame, one cue per Cluster is enough to seek.
  if (cueTrack.video ? !frame.key : cluster.cueTaken) return;
  cluster.cueTaken = true;
  out.cues.push({ cluster: cluster.at, at: frame.at, time: frame.time, track: frame.track });
}

/** The end of a frame: its time plus its track's last spacing (blocks carry no duration). */
function frameEnd(scan: WebmScan, track: number, time: number): number {
  let last = scan.lastFrames.find((entry) => entry.track === track);
  if (!last) scan.lastFrames.push((last = { track, time, gap: 0 }));
  if (time > last.time) last.gap = time - last.time;
  last.time = time;
  return time + last.gap;
}
