/**
 * Which bytes of which part a joined (and maybe cut) file keeps, and where each part sits
 * on its timeline. Parts follow one another: part k+1's own time 0 is placed where part k
 * ends (its last frame's end, or its end cut), so there is never an overlap; a part that
 * starts a little after its 0 leaves a short gap. Times are in ticks.
 */

import { cutBefore, type PartSummary } from './part-summary';
import type { WebmCue } from './types';

export interface KeptPart {
  part: number;
  summary: PartSummary;
  /** Bytes of the part's stream kept: [from, to). */
  from: number;
  to: number;
  /** Added to the part's own times to place them on the file's timeline. */
  shift: number;
}

export interface Plan {
  kept: KeptPart[];
  /** The file's Duration, in ticks. */
  durationTicks: number;
  /** Each part's start on the file's timeline, in ticks (negative for parts cut away before). */
  partStarts: number[];
  /** With a section: where it really starts (its first key frame) and ends, on the joined timeline. */
  section?: { startTicks: number; endTicks: number };
}

/** Where each part starts on the joined timeline: whole ticks, as Cluster Timestamps are. */
function partOffsets(parts: readonly PartSummary[]): number[] {
  const offsets: number[] = [];
  let at = 0;
  for (const part of parts) {
    offsets.push(at);
    at += Math.ceil(part.endTicks);
  }
  return offsets;
}

function endOf(part: PartSummary, ownEnd: number): number {
  const cut = ownEnd < part.endTime ? cutBefore(part.input, ownEnd) : undefined;
  return Math.min(part.wholeTo, cut ?? Infinity);
}

export function planWhole(parts: readonly PartSummary[]): Plan | string {
  const offsets = partOffsets(parts);
  const kept = parts.map((summary, part) => ({
    part,
    summary,
    from: summary.head.clustersStart,
    to: endOf(summary, summary.endAtTicks ?? Infinity),
    shift: offsets[part]!,
  }));
  const emptyPart = kept.find((part) => part.to <= part.from);
  if (emptyPart) return `part ${emptyPart.part + 1} has no whole frame before its end`;
  const lastPart = parts.length - 1;
  return { kept, durationTicks: offsets[lastPart]! + parts[lastPart]!.endTicks, partStarts: offsets };
}

/** The cue to start from: the last at or before `startTicks`, else the first (only cues of kept bytes). */
function startCue(parts: readonly PartSummary[], offsets: number[], startTicks: number) {
  let found: { part: number; cue: WebmCue } | undefined;
  for (const [part, summary] of parts.entries()) {
    const end = endOf(summary, summary.endAtTicks ?? Infinity);
    for (const cue of summary.cues) {
      if (cue.at >= end) break;
      if (found && offsets[part]! + cue.time > startTicks) return found;
      found = { part, cue };
    }
  }
  return found;
}

/**
 * A section [startTicks, endTicks) of the joined timeline: from the key frame at or before
 * its start (for sound alone, the Cluster's first frame: its cue), to the first frame at or
 * after its end. The file's 0 is the start Cluster's time, which is the key frame's unless
 * other frames came first in that Cluster (then the key frame is a few ms in).
 */
export function planSection(parts: readonly PartSummary[], startTicks: number, endTicks: number): Plan | string {
  const offsets = partOffsets(parts);
  const start = startCue(parts, offsets, startTicks);
  if (!start) return 'no key frame to start from';
  const first = parts[start.part]!;
  const cluster = first.clusters.find((candidate) => candidate.at === start.cue.cluster);
  if (!cluster || cluster.time < 0) return 'the start Cluster has no Timestamp';
  const origin = offsets[start.part]! + cluster.time;
  const keyTicks = offsets[start.part]! + start.cue.time;
  const lastPart = parts.length - 1;
  const end = Math.min(endTicks, offsets[lastPart]! + parts[lastPart]!.endTicks);
  if (end <= keyTicks) return 'the section ends before its first key frame';
  const kept: KeptPart[] = [];
  let durationTicks = 0;
  for (let part = start.part; part < parts.length && offsets[part]! < end; part++) {
    const summary = parts[part]!;
    const ownEnd = Math.min(summary.endAtTicks ?? Infinity, end - offsets[part]!);
    const from = part === start.part ? start.cue.at : summary.head.clustersStart;
    const to = endOf(summary, ownEnd);
    if (to <= from) continue;
    kept.push({ part, summary, from, to, shift: offsets[part]! - origin });
    durationTicks = offsets[part]! + Math.min(summary.endTime, ownEnd) - origin;
  }
  if (kept.length === 0) return 'no whole frame in the section';
  return {
    kept,
    durationTicks,
    partStarts: offsets.map((offset) => offset - origin),
    section: { startTicks: keyTicks, endTicks: origin + durationTicks },
  };
}
