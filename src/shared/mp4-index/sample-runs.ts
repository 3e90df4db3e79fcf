/**
 * The samples of a fragmented MP4 as runs (one `trun` each: samples laid end to end from
 * one offset), in typed arrays so a slice's record is small and structured-clonable. A run
 * becomes one chunk of the finished file's sample tables, so its offset is all `co64` needs.
 */

export interface SampleRuns {
  /** Per run. */
  trackIds: Uint32Array;
  descriptions: Uint32Array;
  counts: Uint32Array;
  /** Of the run's first byte, in the concatenation of the recording's slices. */
  offsets: Float64Array;
  /** Of the run's first sample, in its track's timescale. */
  decodeTimes: Float64Array;
  /** Per sample, the runs' samples in run order. */
  sizes: Uint32Array;
  durations: Uint32Array;
  /** 1 for a sync sample (a key frame). */
  sync: Uint8Array;
  /** Absent when every offset is 0 (no B-frames), which saves 4 bytes a sample. */
  compositionOffsets?: Int32Array;
}

export interface SampleFields {
  size: number;
  duration: number;
  sync: boolean;
  compositionOffset: number;
}

export interface RunStart {
  trackId: number;
  description: number;
  offset: number;
  decodeTime: number;
}

/** Collects runs in plain arrays, then packs them once. */
export class RunsBuilder {
  private readonly runs: RunStart[] = [];
  private readonly counts: number[] = [];
  private readonly samples: SampleFields[] = [];

  startRun(run: RunStart): void {
    this.runs.push(run);
    this.counts.push(0);
  }

  addSample(sample: SampleFields): void {
    this.samples.push(sample);
    this.counts[this.counts.length - 1]! += 1;
  }

  /** Appends every run of `from` (already packed). */
  addRuns(from: SampleRuns): void {
    let sample = 0;
    for (let run = 0; run < from.counts.length; run++) {
      this.startRun({
        trackId: from.trackIds[run]!,
        description: from.descriptions[run]!,
        offset: from.offsets[run]!,
        decodeTime: from.decodeTimes[run]!,
      });
      for (const end = sample + from.counts[run]!; sample < end; sample++) {
        this.addSample({
          size: from.sizes[sample]!,
          duration: from.durations[sample]!,
          sync: from.sync[sample] === 1,
          compositionOffset: from.compositionOffsets?.[sample] ?? 0,
        });
      }
    }
  }

  get sampleCount(): number {
    return this.samples.length;
  }

  build(): SampleRuns {
    const samples = this.samples;
    const packed: SampleRuns = {
      trackIds: Uint32Array.from(this.runs, (run) => run.trackId),
      descriptions: Uint32Array.from(this.runs, (run) => run.description),
      counts: Uint32Array.from(this.counts),
      offsets: Float64Array.from(this.runs, (run) => run.offset),
      decodeTimes: Float64Array.from(this.runs, (run) => run.decodeTime),
      sizes: Uint32Array.from(samples, (sample) => sample.size),
      durations: Uint32Array.from(samples, (sample) => sample.duration),
      sync: Uint8Array.from(samples, (sample) => (sample.sync ? 1 : 0)),
    };
    if (samples.some((sample) => sample.compositionOffset !== 0)) {
      packed.compositionOffsets = Int32Array.from(samples, (sample) => sample.compositionOffset);
    }
    return packed;
  }
}

export function emptyRuns(): SampleRuns {
  return new RunsBuilder().build();
}

/** The end of the last byte of each run, for checks against what was stored. */
export function runEnds(runs: SampleRuns): number[] {
  const ends: number[] = [];
  let sample = 0;
  for (let run = 0; run < runs.counts.length; run++) {
    let end = runs.offsets[run]!;
    for (const last = sample + runs.counts[run]!; sample < last; sample++) end += runs.sizes[sample]!;
    ends.push(end);
  }
  return ends;
}
