/**
 * The file made of one or more recorded parts of a WebM recording, whole or a section of
 * it (issue #18), as pieces: a new header (EBML header, Segment of known size, SeekHead,
 * Info with the Duration, one Tracks, Cues over all parts) and each kept Cluster's new
 * header and Timestamp, between ranges of the stored slices. Only the index is read.
 *
 * One whole part is finished as before (finishWebm), which also takes rows stored before
 * joining existed. Anything else needs each Cluster's Timestamp and each frame from the
 * rows; what cannot be done is refused, `cannotShare` when the parts' tracks differ.
 */

import type { FilePiece, PiecedFileResult, SectionRange } from '../file-pieces';
import { addSliceIndex, filePartsOf, finishWebm, newWebmIndexFold } from './finish';
import { infoWithDuration, timestampScale } from './head';
import { layOutHeader } from './layout';
import { summarizePart, type PartSummary, type WebmPartInput } from './part-summary';
import { buildBody } from './parts-body';
import { planSection, planWhole, type KeptPart } from './parts-plan';
import { chooseTracks } from './tracks';

export type { WebmPartInput };

export interface WriteWebmPartsOptions {
  /** Keep only this section, in ms on the joined timeline. */
  section?: SectionRange;
}

interface Tally {
  packetCounts: Record<number, number>;
  /** Each track's last frame end, in ticks on the file's timeline. */
  trackEnds: Record<number, number>;
}

/** Frames kept per track, and where each track ends (its last frame plus its spacing). */
function tally(kept: readonly Pick<KeptPart, 'summary' | 'from' | 'to' | 'shift'>[]): Tally {
  const packetCounts: Record<number, number> = {};
  const trackEnds: Record<number, number> = {};
  for (const { summary, from, to, shift } of kept) {
    const last: Record<number, { time: number; gap: number }> = {};
    for (const index of summary.input.sliceIndexes) {
      // A frame is listed in the slice its end reaches, and no kept frame ends past `to` (a cut).
      if (index.end <= from) continue;
      if (index.start > to) break;
      const frames = index.frames ?? [];
      for (let i = 0; i < frames.length; i += 3) {
        const [at, time, track] = [frames[i]!, frames[i + 1]!, frames[i + 2]!];
        if (at < from || at >= to) continue;
        packetCounts[track] = (packetCounts[track] ?? 0) + 1;
        const previous = last[track];
        last[track] = { time, gap: previous && time > previous.time ? time - previous.time : (previous?.gap ?? 0) };
      }
    }
    for (const [track, { time, gap }] of Object.entries(last)) trackEnds[Number(track)] = time + gap + shift;
  }
  return { packetCounts, trackEnds };
}

const toMs = (ticks: number, scale: number) => (ticks * scale) / 1e6;

function msRecord(ticks: Record<number, number>, scale: number): Record<number, number> {
  return Object.fromEntries(Object.entries(ticks).map(([track, value]) => [track, toMs(value, scale)]));
}

/** One whole part: today's finishing, unchanged, its pieces named by part 0. */
function writeWholePart(part: WebmPartInput): PiecedFileResult {
  const fold = newWebmIndexFold({ endAtMs: part.endAtMs });
  for (const [i, index] of part.sliceIndexes.entries()) {
    if (index.end - index.start !== part.sliceSizes[i]) {
      return { refusal: `the index of slice ${i} does not cover its ${part.sliceSizes[i]} bytes` };
    }
    addSliceIndex(fold, index);
  }
  const finished = finishWebm(fold);
  if ('refused' in finished) return { refusal: finished.refused };
  const pieces: FilePiece[] = filePartsOf(finished, part.sliceSizes).map((piece) =>
    piece instanceof Uint8Array ? piece : { part: 0, ...piece },
  );
  const head = fold.head!;
  const scale = timestampScale(head.info)!;
  // Counts only from rows that list their frames (stored since #18); the body ends where finishWebm ends it.
  const counted = part.sliceIndexes.every((index) => index.frames);
  const kept = { summary: { input: part } as PartSummary, from: head.clustersStart, shift: 0 };
  const { packetCounts, trackEnds } = counted
    ? tally([{ ...kept, to: Math.min(fold.wholeTo, fold.cut ?? Infinity) }])
    : { packetCounts: {}, trackEnds: undefined };
  return {
    pieces,
    durationMs: finished.durationMs,
    newBytes: finished.newBytes,
    partStartsMs: [0],
    packetCounts,
    ...(trackEnds ? { trackEndsMs: msRecord(trackEnds, scale) } : {}),
    ...(finished.note ? { note: finished.note } : {}),
  };
}

export function writeWebmParts(parts: WebmPartInput[], options: WriteWebmPartsOptions = {}): PiecedFileResult {
  if (parts.length === 0) return { refusal: 'no part to write' };
  const { section } = options;
  if (parts.length === 1 && !section) return writeWholePart(parts[0]!);
  if (section && !(section.startMs >= 0 && section.endMs > section.startMs)) return { refusal: 'an empty section' };
  const summaries: PartSummary[] = [];
  for (const [i, part] of parts.entries()) {
    const summary = summarizePart(part, i + 1);
    if (typeof summary === 'string') return { refusal: summary };
    summaries.push(summary);
  }
  const chosen = chooseTracks(summaries.map((summary) => summary.head.tracks));
  if ('problem' in chosen) return { refusal: chosen.problem, ...(chosen.cannotShare ? { cannotShare: true } : {}) };
  const scale = summaries[0]!.scale;
  if (summaries.some((summary) => summary.scale !== scale)) return { refusal: 'parts of other TimestampScales' };

  const toTicks = (ms: number) => (ms * 1e6) / scale;
  const plan = section
    ? planSection(summaries, toTicks(section.startMs), toTicks(section.endMs))
    : planWhole(summaries);
  if (typeof plan === 'string') return { refusal: plan };
  const body = buildBody(plan.kept);
  if (typeof body === 'string') return { refusal: body };
  if (body.cues.length === 0) return { refusal: 'no key frame to index' };

  const first = summaries[0]!.head;
  const info = infoWithDuration(first.info, plan.durationTicks);
  const header = layOutHeader({
    head: { ...first, tracks: chosen.tracks, clustersStart: 0 },
    info,
    cues: body.cues,
    clustersLength: body.length,
  });
  const { packetCounts, trackEnds } = tally(plan.kept);
  return {
    pieces: [header, ...body.pieces],
    durationMs: toMs(plan.durationTicks, scale),
    newBytes: header.length + body.newBytes,
    partStartsMs: plan.partStarts.map((start) => toMs(start, scale)),
    packetCounts,
    trackEndsMs: msRecord(trackEnds, scale),
    ...(plan.section
      ? { section: { startMs: toMs(plan.section.startTicks, scale), endMs: toMs(plan.section.endTicks, scale) } }
      : {}),
  };
}
