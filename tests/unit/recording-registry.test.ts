import type { SectionRange } from '../../src/shared/file-pieces';
import 'fake-indexeddb/auto';
import { NEW_RECORDING } from './support/records';
import { describe, expect, it, vi } from 'vitest';
import {
  RecordingRegistry,
  STOP_ANSWER_TIMEOUT_MS,
  STORAGE_MARGIN_BYTES,
  type RegistryDeps,
} from '../../src/background/recording-registry';
import { MAX_PARTS, MIN_PART_INTERVAL_MS } from '../../src/shared/parts';
import type { SavedFile } from '../../src/background/file-saver';
import { RecordingStore } from '../../src/platform/recording-store';
import { indexedPacketCounts } from '../../src/shared/mp4-index';
import { countFragmentedMp4Packets } from '../../src/shared/mp4-packet-count';
import type { RecordingFormat } from '../../src/shared/recording-format';
import type { RecordingRecord } from '../../src/shared/recording-record';
import type { RecordingPortMessage } from '../../src/platform/messaging/protocol';
import type { RecordingPortEvents } from '../../src/platform/messaging/recording-port';
import { recordedSlices } from './support/recorded-slices';

const MP4: RecordingFormat = {
  mimeType: 'video/mp4;codecs=avc3,opus',
  container: 'mp4',
  extension: 'mp4',
  hasVideo: true,
  hasAudio: true,
};

const WEBM: RecordingFormat = {
  mimeType: 'video/webm;codecs=vp8,opus',
  container: 'webm',
  extension: 'webm',
  hasVideo: true,
  hasAudio: true,
};

let databases = 0;

function dependencies(
  store: RecordingStore,
  saveFile: RegistryDeps['saveFile'],
  clock: { now: number },
  space = { free: Infinity },
) {
  let ids = 0;
  return {
    store,
    saveFile: vi.fn(saveFile),
    saveSection: vi.fn(async (record: RecordingRecord, section: SectionRange) => ({ ...savedFile(record), section })),
    stopCapture: vi.fn(),
    freeSpace: async () => space.free,
    now: () => clock.now,
    newId: () => `rec-${++ids}`,
  };
}

/** A page's end of the port: numbers its messages as the content script does. */
function pageEnd(events: RecordingPortEvents) {
  let n = 0;
  return {
    send: (message: RecordingPortMessage) => events.message(n++, message),
    resend: (number: number, message: RecordingPortMessage) => events.message(number, message),
    disconnect: () => events.disconnect(),
  };
}

async function setup(
  saveFile: RegistryDeps['saveFile'] = async (record) => savedFile(record),
  format: RecordingFormat = WEBM,
) {
  const clock = { now: 1_000 };
  const space = { free: Infinity };
  const store = new RecordingStore(`registry-${databases++}`);
  const deps = dependencies(store, saveFile, clock, space);
  const registry = new RecordingRegistry(deps);
  const record = registry.create(NEW_RECORDING);
  registry.captureStarted(record.id, format, 'video', '');
  const port = pageEnd((await registry.attachPort(record.id, 7, 0))!);
  return { registry, record, port, deps, store, clock, space, advance: (ms: number) => (clock.now += ms) };
}

function savedFile(record: RecordingRecord, overrides: Partial<SavedFile> = {}): SavedFile {
  return {
    fileName: 'Page.webm',
    downloadId: 42,
    finalized: true,
    durationSeconds: record.timeline.activeMs / 1000,
    size: record.bytes,
    ...overrides,
  };
}

const bytes = (n: number) => new Uint8Array(n).buffer;

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(check()).toBe(true);
}

describe('RecordingRegistry', () => {
  it('refuses ports from another tab or frame, and unknown recordings', async () => {
    const { registry, record } = await setup();
    expect(await registry.attachPort(record.id, 8, 0)).toBeUndefined();
    expect(await registry.attachPort(record.id, 7, 3)).toBeUndefined();
    expect(await registry.attachPort('nope', 7, 0)).toBeUndefined();
  });

  it('stores every slice, then saves the file once all of them are written', async () => {
    const { registry, record, port, deps, store, advance } = await setup();
    void port.send({ type: 'started', at: 1_000 });
    for (let seq = 0; seq < 5; seq++) void port.send({ type: 'slice', seq, data: bytes(100 + seq) });
    await until(() => registry.get(record.id)?.timeline.state === 'recording');
    advance(5_000);
    expect(registry.requestStop(record.id)).toBe(true);
    void port.send({ type: 'ended', at: 6_000, reason: 'user' });
    await until(() => registry.get(record.id)?.timeline.state === 'saved');

    expect(deps.saveFile).toHaveBeenCalledTimes(1);
    const saved = registry.get(record.id)!;
    expect(saved).toMatchObject({
      bytes: 510,
      sliceCount: 5,
      fileName: 'Page.webm',
      downloadId: 42,
      finalized: true,
      durationMs: 5000,
    });
    // The finished file holds everything: the slices are freed rather than stored twice.
    await until(() => registry.get(record.id)?.slicesDeleted === true);
    expect(await store.slices(record.id)).toEqual([]);
    expect((await store.getRecording(record.id))?.timeline.state).toBe('saved');
    const [snapshot] = registry.snapshotsForTab(7);
    expect(snapshot).toMatchObject({ state: 'saved', elapsedMs: 5000, canShow: true, endReason: 'user' });
  });

  it("tallies an MP4's packets as its slices are stored, and stores the tally with the record", async () => {
    const { registry, record, port, store } = await setup(undefined, MP4);
    const slices = recordedSlices('chromium-mp4');
    void port.send({ type: 'started', at: 1_000 });
    slices.forEach((slice, seq) => void port.send({ type: 'slice', seq, data: slice.buffer }));
    await until(() => registry.get(record.id)?.sliceCount === slices.length);
    const expected = await countFragmentedMp4Packets(new Blob(slices));
    expect(indexedPacketCounts(registry.get(record.id)!.mp4Index)).toEqual(expected);
    await until(() => registry.get(record.id)?.lastMessage === slices.length);
    expect(indexedPacketCounts((await store.getRecording(record.id))!.mp4Index)).toEqual(expected);
  });

  it('tallies nothing for WebM', async () => {
    const { registry, record, port } = await setup();
    void port.send({ type: 'slice', seq: 0, data: recordedSlices('chromium-webm')[0]!.buffer });
    await until(() => registry.get(record.id)?.sliceCount === 1);
    expect(registry.get(record.id)!.packetTally).toBeUndefined();
  });

  it("counts the slices a page's slice-writer frame stored itself, and leaves the MP4 count for the end", async () => {
    const { registry, record, port, store } = await setup(undefined, MP4);
    const slices = recordedSlices('chromium-mp4');
    void port.send({ type: 'started', at: 1_000 });
    void port.send({ type: 'slice', seq: 0, data: slices[0]!.buffer });
    // What the frame does: the bytes go straight to storage, the port carries their size.
    await store.appendSlice(record.id, 1, new Blob([slices[1]!]));
    void port.send({ type: 'slice-stored', seq: 1, size: slices[1]!.byteLength });
    void port.send({ type: 'slice-stored', seq: 2, size: -1 });
    await until(() => registry.get(record.id)?.lastMessage === 3);
    expect(registry.get(record.id)).toMatchObject({
      sliceCount: 2,
      bytes: slices[0]!.byteLength + slices[1]!.byteLength,
      packetTally: undefined,
    });
  });

  it('counts a slice the frame stored whose news never came, when the page went away in between', async () => {
    const { registry, record, port, store, deps } = await setup();
    void port.send({ type: 'started', at: 1_000 });
    await store.appendSlice(record.id, 0, new Blob([bytes(10)]));
    void port.send({ type: 'slice-stored', seq: 0, size: 10 });
    await store.appendSlice(record.id, 1, new Blob([bytes(20)]));
    port.disconnect();
    await until(() => registry.get(record.id)?.timeline.state === 'saved');
    expect(registry.get(record.id)).toMatchObject({ sliceCount: 2, bytes: 30 });
    expect(deps.saveFile).toHaveBeenCalledTimes(1);
  });

  it("takes the page's own end as telling of every slice it stored: no count between Stop and the file", async () => {
    const { registry, record, port, store } = await setup();
    const count = vi.spyOn(store, 'countSlicesAfter');
    void port.send({ type: 'started', at: 1_000 });
    await store.appendSlice(record.id, 0, new Blob([bytes(10)]));
    void port.send({ type: 'slice-stored', seq: 0, size: 10 });
    void port.send({ type: 'ended', at: 2_000, reason: 'user' });
    await until(() => registry.get(record.id)?.timeline.state === 'saved');
    expect(count).not.toHaveBeenCalled();
    expect(registry.get(record.id)).toMatchObject({ sliceCount: 1, bytes: 10 });
  });

  it('counts a slice stored without its news when the page ends saying a slice failed', async () => {
    const { registry, record, port, store } = await setup();
    void port.send({ type: 'started', at: 1_000 });
    await store.appendSlice(record.id, 0, new Blob([bytes(10)]));
    void port.send({ type: 'slice-stored', seq: 0, size: 10 });
    // Stored by the frame, then the page's way to tell of it failed.
    await store.appendSlice(record.id, 1, new Blob([bytes(20)]));
    void port.send({ type: 'ended', at: 2_000, reason: 'error', error: 'storage-failed' });
    await until(() => ['saved', 'failed'].includes(registry.get(record.id)?.timeline.state ?? ''));
    expect(registry.get(record.id)).toMatchObject({ sliceCount: 2, bytes: 30 });
  });

  it('lets a slice-writer frame store slices only with the key, from the tab, while recording', async () => {
    const { registry, record, port, deps } = await setup();
    expect(record.sliceKey).toBe('rec-2');
    expect(await registry.acceptsSliceWriter(record.id, record.sliceKey, 7)).toBe(true);
    expect(await registry.acceptsSliceWriter(record.id, 'guess', 7)).toBe(false);
    expect(await registry.acceptsSliceWriter(record.id, record.sliceKey, 8)).toBe(false);
    expect(await registry.acceptsSliceWriter(record.id, record.sliceKey, undefined)).toBe(false);
    expect(await registry.acceptsSliceWriter('nope', record.sliceKey, 7)).toBe(false);
    void port.send({ type: 'started', at: 1_000 });
    void port.send({ type: 'slice', seq: 0, data: bytes(10) });
    await until(() => registry.get(record.id)?.lastMessage === 1);
    // A background restarted mid-recording reads the key back from storage.
    expect(await new RecordingRegistry(deps).acceptsSliceWriter(record.id, record.sliceKey, 7)).toBe(true);
    void port.send({ type: 'ended', at: 2_000, reason: 'user' });
    await until(() => registry.get(record.id)?.timeline.state === 'saved');
    expect(await registry.acceptsSliceWriter(record.id, record.sliceKey, 7)).toBe(false);
  });

  it('keeps what the page says is missing (silence, black), stores it, and drops unknown values', async () => {
    const { registry, record, port, store } = await setup();
    void port.send({ type: 'started', at: 1_000 });
    void port.send({ type: 'signal', missing: ['sound', 'smell' as never] });
    await until(() => registry.snapshotsForTab(7)[0]?.missingSignals.length === 1);
    expect(registry.snapshotsForTab(7)[0]?.missingSignals).toEqual(['sound']);
    void port.send({ type: 'signal', missing: [] });
    await until(() => registry.snapshotsForTab(7)[0]?.missingSignals.length === 0);
    expect((await store.getRecording(record.id))?.missingSignals).toEqual([]);
  });

  it('saves what was stored when the page goes away without saying goodbye', async () => {
    const { registry, record, port } = await setup();
    void port.send({ type: 'started', at: 1_000 });
    void port.send({ type: 'slice', seq: 0, data: bytes(10) });
    port.disconnect();
    await until(() => registry.get(record.id)?.timeline.state === 'saved');
    expect(registry.get(record.id)?.timeline.endReason).toBe('cut-short');
  });

  it('stops the capture and keeps what was written when storage fails', async () => {
    const { registry, record, port, deps, store } = await setup();
    void port.send({ type: 'started', at: 1_000 });
    void port.send({ type: 'slice', seq: 0, data: bytes(10) });
    await until(() => registry.get(record.id)?.sliceCount === 1);
    vi.spyOn(store, 'appendSlice').mockRejectedValueOnce(new DOMException('Quota exceeded', 'QuotaExceededError'));
    void port.send({ type: 'slice', seq: 1, data: bytes(10) });
    await until(() => deps.stopCapture.mock.calls.length === 1);
    void port.send({ type: 'ended', at: 3_000, reason: 'user' });
    await until(() => registry.get(record.id)?.timeline.state === 'saved');
    expect(registry.get(record.id)).toMatchObject({ error: 'storage-failed', sliceCount: 1 });
  });

  it('fails clearly when nothing at all was recorded', async () => {
    const { registry, record, port, deps } = await setup();
    void port.send({ type: 'started', at: 1_000 });
    void port.send({ type: 'ended', at: 1_500, reason: 'error', error: 'recorder-failed' });
    await until(() => registry.get(record.id)?.timeline.state === 'failed');
    expect(registry.get(record.id)?.error).toBe('recorder-failed');
    expect(deps.saveFile).not.toHaveBeenCalled();
  });

  it('tells the user when the file was saved as recorded because remuxing failed', async () => {
    const { registry, record, port } = await setup(async (record) =>
      savedFile(record, { finalized: false, durationSeconds: undefined }),
    );
    void port.send({ type: 'started', at: 1_000 });
    void port.send({ type: 'slice', seq: 0, data: bytes(10) });
    void port.send({ type: 'ended', at: 2_000, reason: 'media-ended' });
    await until(() => registry.get(record.id)?.timeline.state === 'saved');
    expect(registry.get(record.id)).toMatchObject({ error: 'finalize-failed', finalized: false });
  });

  it('says when the file was saved under the plain name because its name was refused, until a save keeps its name', async () => {
    let attempts = 0;
    const { registry, record, port } = await setup(async (record) =>
      ++attempts === 1
        ? savedFile(record, { fileName: 'Recording 2026-11-24 09-05-07.webm', nameRefused: true })
        : savedFile(record),
    );
    void port.send({ type: 'started', at: 1_000 });
    void port.send({ type: 'slice', seq: 0, data: bytes(10) });
    void port.send({ type: 'ended', at: 2_000, reason: 'user' });
    await until(() => registry.get(record.id)?.timeline.state === 'saved');
    expect(registry.get(record.id)).toMatchObject({
      error: 'file-name-refused',
      fileName: 'Recording 2026-11-24 09-05-07.webm',
    });
    expect(await registry.downloadAgain(record.id)).toBeUndefined();
    expect(registry.get(record.id)).toMatchObject({ error: undefined, fileName: 'Page.webm' });
  });

  it('keeps the recording when the download fails, and saves it on a retry', async () => {
    let attempts = 0;
    const { registry, record, port } = await setup(async (record) => {
      if (++attempts === 1) throw new Error('disk full');
      return savedFile(record);
    });
    void port.send({ type: 'started', at: 1_000 });
    void port.send({ type: 'slice', seq: 0, data: bytes(10) });
    void port.send({ type: 'ended', at: 2_000, reason: 'user' });
    await until(() => registry.get(record.id)?.timeline.state === 'failed');
    expect(registry.get(record.id)?.error).toBe('download-failed');
    expect(await registry.downloadAgain(record.id)).toBeUndefined();
    expect(registry.get(record.id)).toMatchObject({ error: undefined, fileName: 'Page.webm' });
    expect(registry.get(record.id)?.timeline.state).toBe('saved');
  });

  it('knows which media is being recorded, so it is not recorded twice', async () => {
    const { registry, record } = await setup();
    expect(registry.isRecordingMedia(7, 0, 'm1')).toBe(true);
    expect(registry.isRecordingMedia(7, 0, 'm2')).toBe(false);
    registry.discard(record.id);
    expect(registry.isRecordingMedia(7, 0, 'm1')).toBe(false);
  });

  it('skips messages sent again after a reconnection', async () => {
    const { registry, record, port } = await setup();
    await port.send({ type: 'started', at: 1_000 });
    await port.send({ type: 'slice', seq: 0, data: bytes(10) });
    await port.send({ type: 'slice', seq: 1, data: bytes(20) });
    // The page did not see the acknowledgements and sends both slices again.
    await port.resend(1, { type: 'slice', seq: 0, data: bytes(10) });
    await port.resend(2, { type: 'slice', seq: 1, data: bytes(20) });
    await port.send({ type: 'slice', seq: 2, data: bytes(30) });
    expect(registry.get(record.id)).toMatchObject({ bytes: 60, sliceCount: 3, lastMessage: 3 });
  });

  it('carries on when the background restarts mid-recording: the page reconnects to a new one', async () => {
    const { record, port, store, deps, clock } = await setup();
    await port.send({ type: 'started', at: 1_000 });
    await port.send({ type: 'slice', seq: 0, data: bytes(10) });

    // A new background (a restarted service worker) knows nothing but what was stored.
    const restarted = new RecordingRegistry(dependencies(store, deps.saveFile, clock));
    const events = (await restarted.attachPort(record.id, 7, 0))!;
    expect(events).toBeDefined();
    await events.message(1, { type: 'slice', seq: 0, data: bytes(10) }); // already stored
    await events.message(2, { type: 'slice', seq: 1, data: bytes(15) });
    await events.message(3, { type: 'ended', at: 3_000, reason: 'user' });
    await until(() => restarted.get(record.id)?.timeline.state === 'saved');
    expect(restarted.get(record.id)).toMatchObject({ bytes: 25, sliceCount: 2, recovered: false });
    expect(restarted.get(record.id)?.timeline.activeMs).toBe(2_000);
  });

  it('after a crash, finishes the recordings no page came back for, up to their last stored slice', async () => {
    const { record, port, store, deps, clock, advance } = await setup();
    await port.send({ type: 'started', at: 1_000 });
    advance(4_000);
    await port.send({ type: 'slice', seq: 0, data: bytes(10) });
    advance(60_000); // the browser was dead for a minute

    const afterCrash = new RecordingRegistry(dependencies(store, deps.saveFile, clock));
    expect(await afterCrash.recoverInterrupted('browser-start')).toBe(1);
    await until(() => afterCrash.get(record.id)?.timeline.state === 'saved');
    expect(afterCrash.get(record.id)).toMatchObject({ recovered: true, sliceCount: 1 });
    expect(afterCrash.get(record.id)?.timeline).toMatchObject({ endReason: 'cut-short', activeMs: 4_000 });
    // Nothing left to recover the next time.
    expect(
      await new RecordingRegistry(dependencies(store, deps.saveFile, clock)).recoverInterrupted('browser-start'),
    ).toBe(0);
  });

  it('says why a recording was left: the extension updated, or only its page went away', async () => {
    for (const [cause, expected] of [
      ['extension-update', { recovered: false, error: 'extension-unreachable', endReason: 'error' }],
      ['background-restart', { recovered: false, error: undefined, endReason: 'cut-short' }],
    ] as const) {
      const { record, port, store, deps, clock } = await setup();
      await port.send({ type: 'started', at: 1_000 });
      await port.send({ type: 'slice', seq: 0, data: bytes(10) });
      const restarted = new RecordingRegistry(dependencies(store, deps.saveFile, clock));
      expect(await restarted.recoverInterrupted(cause)).toBe(1);
      await until(() => restarted.get(record.id)?.timeline.state === 'saved');
      const saved = restarted.get(record.id)!;
      expect({ recovered: saved.recovered, error: saved.error, endReason: saved.timeline.endReason }, cause).toEqual(
        expected,
      );
    }
  });

  it('stops in time when storage runs low, keeping room to finish the file', async () => {
    const { registry, record, port, deps, space } = await setup();
    await port.send({ type: 'started', at: 1_000 });
    await port.send({ type: 'slice', seq: 0, data: bytes(1_000) });
    expect(deps.stopCapture).not.toHaveBeenCalled();
    // Less room than a second copy of what was recorded, plus the margin.
    space.free = STORAGE_MARGIN_BYTES + 1_500;
    await port.send({ type: 'slice', seq: 1, data: bytes(1_000) });
    expect(deps.stopCapture).toHaveBeenCalledTimes(1);
    await port.send({ type: 'slice', seq: 2, data: bytes(1_000) });
    expect(deps.stopCapture).toHaveBeenCalledTimes(1);
    await port.send({ type: 'ended', at: 4_000, reason: 'user' });
    await until(() => registry.get(record.id)?.timeline.state === 'saved');
    expect(registry.get(record.id)).toMatchObject({ error: 'storage-full', sliceCount: 3 });
  });
});

describe('RecordingRegistry: pages that do not behave', () => {
  it('ends a Stop the page refused from what was stored, and takes nothing the page sends after', async () => {
    const { registry, record, port, deps, store } = await setup();
    await port.send({ type: 'started', at: 1_000 });
    await port.send({ type: 'slice', seq: 0, data: bytes(100) });
    expect(registry.requestStop(record.id)).toBe(true);
    registry.stopUnanswered(record.id);
    await until(() => registry.get(record.id)?.timeline.state === 'saved');
    const saved = registry.get(record.id)!;
    expect(saved.error).toBe('stop-unanswered');
    expect(saved.timeline.endReason).toBe('error');
    // A slice and an end that come after are not taken, and the file is not made twice.
    await port.send({ type: 'slice', seq: 1, data: bytes(50) });
    await port.send({ type: 'ended', at: 9_000, reason: 'user' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(registry.get(record.id)!.sliceCount).toBe(1);
    expect(deps.saveFile).toHaveBeenCalledTimes(1);
    expect((await store.getRecording(record.id))?.timeline.state).toBe('saved');
  });

  it('ends a Stop left unanswered after its time, and not one the page confirmed', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      const { registry, record, port } = await setup();
      await port.send({ type: 'started', at: 1_000 });
      await port.send({ type: 'slice', seq: 0, data: bytes(100) });
      registry.requestStop(record.id);
      vi.advanceTimersByTime(STOP_ANSWER_TIMEOUT_MS - 1);
      expect(registry.get(record.id)!.timeline.state).toBe('stopping');
      vi.advanceTimersByTime(1);
      vi.useRealTimers();
      await until(() => registry.get(record.id)?.timeline.state === 'saved');
      expect(registry.get(record.id)!.error).toBe('stop-unanswered');
    } finally {
      vi.useRealTimers();
    }
  });

  it('finishes a recording once however many times the page says it ended', async () => {
    const { registry, record, port, deps } = await setup();
    await port.send({ type: 'started', at: 1_000 });
    await port.send({ type: 'slice', seq: 0, data: bytes(100) });
    await port.send({ type: 'ended', at: 2_000, reason: 'user' });
    await port.send({ type: 'ended', at: 2_100, reason: 'user' });
    await until(() => registry.get(record.id)?.timeline.state === 'saved');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(deps.saveFile).toHaveBeenCalledTimes(1);
  });

  it('grants a next part once, only after a source change, spaced and within the cap', async () => {
    const { registry, record, port, advance } = await setup();
    await port.send({ type: 'started', at: 1_000 });
    await port.send({ type: 'slice', seq: 0, data: bytes(100) });
    // Not while it records, nor for another tab or frame.
    expect(await registry.claimNextPart(record.id, 7, 0)).toBeUndefined();
    await port.send({ type: 'ended', at: 2_000, reason: 'source-changed' });
    await until(() => registry.get(record.id)?.timeline.state === 'saved');
    expect(await registry.claimNextPart(record.id, 7, 0), 'too soon').toBeUndefined();
    advance(MIN_PART_INTERVAL_MS);
    expect(await registry.claimNextPart(record.id, 8, 0)).toBeUndefined();
    expect(await registry.claimNextPart(record.id, 7, 1)).toBeUndefined();
    expect((await registry.claimNextPart(record.id, 7, 0))?.id).toBe(record.id);
    expect(await registry.claimNextPart(record.id, 7, 0), 'a second time').toBeUndefined();

    const last = registry.create({ ...registry.get(record.id)!, joinParts: false, part: MAX_PARTS });
    registry.captureStarted(last.id, WEBM, 'video', '');
    const lastPort = pageEnd((await registry.attachPort(last.id, 7, 0))!);
    await lastPort.send({ type: 'started', at: 1_000 });
    await lastPort.send({ type: 'slice', seq: 0, data: bytes(100) });
    await lastPort.send({ type: 'ended', at: 2_000, reason: 'source-changed' });
    await until(() => registry.get(last.id)?.timeline.state === 'saved');
    advance(MIN_PART_INTERVAL_MS);
    expect(await registry.claimNextPart(last.id, 7, 0), 'past the cap').toBeUndefined();
  });
});
