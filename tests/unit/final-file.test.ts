import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { buildFinalFile as buildAny, type FinalFile } from '../../src/finishing/final-file';

/** A recording of one part is always built into a file. */
const buildFinalFile = async (...args: Parameters<typeof buildAny>): Promise<FinalFile> => {
  const built = await buildAny(...args);
  if ('cannotShare' in built) throw new Error('one part cannot be apart');
  return built;
};
import { RecordingStore } from '../../src/platform/recording-store';
import { type FragmentTally } from '../../src/shared/fragment-tally';
import type { RecordingRecord } from '../../src/shared/recording-record';
import { recordedSlices } from './support/recorded-slices';
import { SliceIntake } from '../../src/background/recordings/slice-intake';
import { MP4, recording } from './support/records';
import { newFragmentTally, tallySlice } from './support/fragment-tally';

let databases = 0;

/** A stored Chromium MP4 recording (no OPFS here: the file is built in memory). */
async function storedRecording(packetTally: FragmentTally | undefined) {
  const store = new RecordingStore(`final-file-${databases++}`);
  for (const [seq, slice] of recordedSlices('chromium-mp4').entries())
    await store.appendSlice('r1', seq, new Blob([slice]));
  const record = {
    id: 'r1',
    format: { mimeType: 'video/mp4', container: 'mp4', extension: 'mp4', hasVideo: true, hasAudio: true },
    timeline: { activeMs: 500 },
    finalized: false,
    slicesDeleted: false,
    packetTally,
  } as unknown as RecordingRecord;
  return { store, record };
}

describe('buildFinalFile', () => {
  it('finishes an MP4 with the packets tallied while recording', async () => {
    const tally = recordedSlices('chromium-mp4').reduce(tallySlice, newFragmentTally());
    const { store, record } = await storedRecording(tally);
    const built = await buildFinalFile(store, record, () => undefined);
    expect(built.finalized).toBe(true);
    expect(built.durationSeconds).toBeGreaterThan(0.3);
  });

  it('counts again, and still finishes the file, when the tally falls short', async () => {
    const tally = recordedSlices('chromium-mp4').reduce(tallySlice, newFragmentTally());
    const short = { ...tally, counts: new Map([...tally.counts].map(([track, n]) => [track, n - 1])) };
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { store, record } = await storedRecording(short);
    const built = await buildFinalFile(store, record, () => undefined);
    expect(built.finalized).toBe(true);
    // Once for the tally (node has no private files either, which is said apart).
    const tallyWarnings = warn.mock.calls.filter(([text]) => String(text).includes('packets tallied while recording'));
    expect(tallyWarnings).toHaveLength(1);
  });

  it('finishes by index only when the recording was indexed: no byte of media copied', async () => {
    const store = new RecordingStore(`final-file-${databases++}`);
    const record = recording({ id: 'r2', format: MP4, timeline: { ...recording().timeline, activeMs: 500 } });
    const intake = new SliceIntake({ store, freeSpace: async () => Infinity, stopCapture: () => undefined });
    for (const [seq, slice] of recordedSlices('chromium-mp4').entries()) await intake.store(record, seq, slice.buffer);
    const built = await buildFinalFile(store, record, () => undefined);
    expect(built).toMatchObject({ finalized: true, composed: true });
    expect(built.size).toBeGreaterThan(record.bytes);
    expect(built.size - record.bytes).toBeLessThan(64 * 1024);
  });

  it('remuxes, saying why, when the index refuses, counting packets from the index', async () => {
    const store = new RecordingStore(`final-file-${databases++}`);
    const record = recording({ id: 'r3', format: MP4, timeline: { ...recording().timeline, activeMs: 500 } });
    const intake = new SliceIntake({ store, freeSpace: async () => Infinity, stopCapture: () => undefined });
    for (const [seq, slice] of recordedSlices('chromium-mp4').entries()) await intake.store(record, seq, slice.buffer);
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    // A slice's index lost: the header cannot be written.
    const rows = await store.slices(record.id);
    await store.appendSlice(record.id, rows[1]!.seq, rows[1]!.data);
    const built = await buildFinalFile(store, record, () => undefined);
    expect(built.finalized).toBe(true);
    expect(built.composed).toBeUndefined();
    expect(info).toHaveBeenCalledWith('Media Recorder: finishing by remux:', "a slice's record is missing");
  });
});
