/**
 * The background's record of every recording of this browser session: creates them, feeds
 * their state machine with what the content script reports on the recording's port, writes
 * each slice to the recording store as it arrives, and saves the file when the recording ends,
 * however it ends. Browser calls are passed in, so the logic runs in unit tests.
 */

import type { RecordingStore } from '../platform/recording-store';
import { isSignal } from '../shared/signal-check';
import { newFragmentTally, tallySlice } from '../shared/fragment-tally';
import type { ErrorCode } from '../shared/errors';
import type { RecordingFormat } from '../shared/recording-format';
import type { MediaKind, RecordingRecord } from '../shared/recording-record';
import {
  elapsedMs,
  initialTimeline,
  isCapturing,
  isFinal,
  transition,
  type EndReason,
  type RecordingEvent,
} from '../shared/recording-state';
import type { RecordingPortMessage, RecordingSnapshot } from '../platform/messaging/protocol';
import type { RecordingPortEvents } from '../platform/messaging/recording-port';
import type { SavedFile } from './file-saver';
import { mayContinue, waitBeforeNextPart } from '../shared/parts';

/** What an earlier save left in `error`, cleared when a save goes well. */
const SAVE_NOTICES: readonly ErrorCode[] = ['download-failed', 'finalize-failed', 'file-name-refused'];

export interface RegistryDeps {
  store: RecordingStore;
  saveFile(record: RecordingRecord, onProgress: (fraction: number) => void): Promise<SavedFile>;
  /** Asks the page to stop recording, when the background has to (storage full or failed). */
  stopCapture(record: RecordingRecord): void;
  /** Bytes the extension may still store. */
  freeSpace(): Promise<number>;
  now(): number;
  newId(): string;
  /** Told whenever a recording changes (badge later). */
  onChange?(record: RecordingRecord): void;
  /** Told once when a recording is saved or has failed for good. */
  onFinished?(record: RecordingRecord): void;
}

/** Why the background started: see `recoverInterrupted`. */
export type BackgroundStart = 'browser-start' | 'extension-update' | 'background-restart';

/** Room kept free beyond a second copy of the recording (see watchSpace). */
export const STORAGE_MARGIN_BYTES = 16 * 1024 * 1024;

/**
 * How long a page may take to confirm a Stop. A page that never does (its script stuck or
 * gone without closing the port) must not leave the recording "stopping" for ever: it ends
 * there, from what was stored.
 */
export const STOP_ANSWER_TIMEOUT_MS = 15_000;

interface Session {
  record: RecordingRecord;
  /** Storage writes of this recording, in arrival order; the file is built after the last. */
  writes: Promise<void>;
  /** 0–1 while its file is being built. */
  progress: number | undefined;
}

export interface NewRecording {
  tabId: number;
  frameId: number;
  mediaId: string;
  pageTitle: string;
  pageUrl: string;
  fileNameTemplate: string;
  askWhereToSave: boolean;
  audioOnly: boolean;
  part: number;
}

export class RecordingRegistry {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly deps: RegistryDeps) {}

  /** The session of `record`: the one already known, or a new one for it. */
  private track(record: RecordingRecord): Session {
    let session = this.sessions.get(record.id);
    if (!session) {
      session = { record, writes: Promise.resolve(), progress: undefined };
      this.sessions.set(record.id, session);
    }
    return session;
  }

  create(params: NewRecording): RecordingRecord & { sliceKey: string } {
    const record: RecordingRecord & { sliceKey: string } = {
      ...params,
      id: this.deps.newId(),
      mediaKind: 'video',
      mediaTitle: '',
      createdAt: this.deps.now(),
      format: undefined,
      timeline: transition(initialTimeline, { type: 'start' }),
      bytes: 0,
      sliceCount: 0,
      fileName: undefined,
      downloadId: undefined,
      finalized: false,
      durationMs: 0,
      fileSize: 0,
      error: undefined,
      missingSignals: [],
      sliceKey: this.deps.newId(),
      lastMessage: -1,
      updatedAt: this.deps.now(),
      recovered: false,
      slicesDeleted: false,
    };
    this.track(record);
    return record;
  }

  get(id: string): RecordingRecord | undefined {
    return this.sessions.get(id)?.record;
  }

  /** The capture started in the page: now we know what is being recorded. */
  captureStarted(id: string, format: RecordingFormat, mediaKind: MediaKind, mediaTitle: string): void {
    const session = this.sessions.get(id);
    if (!session) return;
    session.record.format = format;
    session.record.mediaKind = mediaKind;
    session.record.mediaTitle = mediaTitle;
    this.persist(session);
  }

  /** The capture never started: nothing was recorded, so nothing is kept. */
  discard(id: string): void {
    this.sessions.delete(id);
  }

  isRecordingMedia(tabId: number, frameId: number, mediaId: string): boolean {
    return this.recordingOf(tabId, frameId, mediaId) !== undefined;
  }

  /** The recording still capturing this element, if any. */
  recordingOf(tabId: number, frameId: number, mediaId: string): RecordingRecord | undefined {
    return this.capturingInTab(tabId).find((record) => record.frameId === frameId && record.mediaId === mediaId);
  }

  /** Recordings of the tab whose recorder may still produce data (paused ones included). */
  capturingInTab(tabId: number): RecordingRecord[] {
    return [...this.sessions.values()]
      .map(({ record }) => record)
      .filter((record) => record.tabId === tabId && isCapturing(record.timeline.state));
  }

  /** The browser's download id of a saved recording, for "Show in folder". */
  async downloadIdOf(id: string): Promise<number | undefined> {
    return (await this.load(id))?.record.downloadId;
  }

  /**
   * Marks a recording as stopping on the user's word; the content script confirms with
   * `ended`. Without that answer in time, it ends from what was stored.
   */
  requestStop(id: string): boolean {
    const session = this.sessions.get(id);
    const state = session?.record.timeline.state;
    if (!session || (state !== 'recording' && state !== 'paused')) return false;
    this.apply(session, { type: 'stop' });
    setTimeout(() => this.stopUnanswered(id), STOP_ANSWER_TIMEOUT_MS);
    return true;
  }

  /**
   * The page refused or never answered a Stop: the recording ends here, and what was stored
   * is saved. Slices the page may still send are no longer taken (see `handle`).
   */
  stopUnanswered(id: string): void {
    const session = this.sessions.get(id);
    if (session?.record.timeline.state !== 'stopping') return;
    session.record.error ??= 'stop-unanswered';
    session.writes = session.writes.then(() => this.end(session, 'error'));
  }

  /**
   * Whether recording `previousId`, ended because its element switched to another source,
   * may go on as its next part in that tab and frame: once, within the parts cap, spaced.
   * Claims it, so a second request for the same part is refused.
   */
  async claimNextPart(previousId: string, tabId: number, frameId: number): Promise<RecordingRecord | undefined> {
    const session = await this.load(previousId);
    const record = session?.record;
    if (!session || !record || record.tabId !== tabId || record.frameId !== frameId) return undefined;
    if (record.timeline.endReason !== 'source-changed' || record.nextPartClaimed || !mayContinue(record.part)) {
      return undefined;
    }
    if (waitBeforeNextPart(record.createdAt, this.deps.now()) > 0) return undefined;
    record.nextPartClaimed = true;
    this.persist(session);
    return record;
  }

  snapshotsForTab(tabId: number): RecordingSnapshot[] {
    const now = this.deps.now();
    return [...this.sessions.values()]
      .filter(({ record }) => record.tabId === tabId)
      .map(({ record, progress }) => ({
        id: record.id,
        frameId: record.frameId,
        mediaId: record.mediaId,
        mediaKind: record.mediaKind,
        state: record.timeline.state,
        elapsedMs: elapsedMs(record.timeline, now),
        bytes: record.bytes,
        fileName: record.fileName,
        progress,
        durationMs: record.durationMs,
        fileSize: record.fileSize,
        canShow: record.downloadId !== undefined,
        endReason: record.timeline.endReason,
        error: record.error,
        missingSignals: record.missingSignals ?? [],
      }));
  }

  /**
   * The listeners for a recording's port, if it is one we started in that tab and frame.
   * A background that was restarted mid-recording reads the recording back from storage,
   * so the page carries on where it was.
   */
  async attachPort(id: string, tabId: number, frameId: number): Promise<RecordingPortEvents | undefined> {
    const session = await this.capturingSession(id);
    if (!session || session.record.tabId !== tabId || session.record.frameId !== frameId) return undefined;
    return {
      message: (n, message) => this.onPortMessage(session, n, message),
      // No `ended` before the port closed: the page navigated, closed or crashed. What was
      // stored is all there is; save it (after whatever is still being written).
      disconnect: () => {
        session.writes = session.writes.then(() => {
          if (isCapturing(session.record.timeline.state)) this.end(session, 'cut-short');
        });
      },
    };
  }

  /**
   * Whether a slice-writer frame in `tabId` may store slices of recording `id`: it knows
   * the recording's key, and the recording is still capturing in that tab.
   */
  async acceptsSliceWriter(id: string, key: string, tabId: number | undefined): Promise<boolean> {
    const record = (await this.capturingSession(id))?.record;
    return !!record?.sliceKey && record.sliceKey === key && record.tabId === tabId;
  }

  /**
   * The session of recording `id` if it is still capturing: the one known, or read back
   * from storage by a restarted background.
   */
  private async capturingSession(id: string): Promise<Session | undefined> {
    const session = await this.load(id);
    return session && isCapturing(session.record.timeline.state) ? session : undefined;
  }

  /**
   * Finishes the recordings a crash or restart left unfinished, from what was stored: those
   * still recording that no page came back for, and those that were being finalized.
   * `cause` is why this background started, which is why a recording was left: the browser
   * started again (it had closed or crashed), the extension was updated or reloaded (its
   * pages' scripts lost contact for good), or only the background restarted (the page went
   * away meanwhile).
   */
  async recoverInterrupted(cause: BackgroundStart): Promise<number> {
    let recovered = 0;
    for (const record of await this.deps.store.listRecordings()) {
      const state = record.timeline.state;
      if (this.sessions.has(record.id) || (!isCapturing(state) && state !== 'finalizing')) continue;
      const session = this.track(record);
      recovered++;
      if (!isCapturing(state)) {
        record.recovered = true;
        void this.finalize(session);
        continue;
      }
      record.recovered = cause === 'browser-start';
      if (cause === 'extension-update') record.error ??= 'extension-unreachable';
      // The last moment we know it was recording is when its record was last written.
      this.end(session, cause === 'extension-update' ? 'error' : 'cut-short', record.updatedAt);
    }
    return recovered;
  }

  /** Handles one numbered message from the page, in order; resolves once it is stored. */
  private onPortMessage(session: Session, n: number, message: RecordingPortMessage): Promise<void> {
    const handled = session.writes.then(() => this.handle(session, n, message));
    session.writes = handled.catch((error) => console.error('Media Recorder: could not handle', message.type, error));
    return session.writes;
  }

  private async handle(session: Session, n: number, message: RecordingPortMessage): Promise<void> {
    const { record } = session;
    // Sent again after a reconnection, and already handled.
    if (n <= record.lastMessage) return;
    // Ended here already (a Stop the page never answered): its file is being made from
    // what was stored, and nothing more joins it.
    if (!isCapturing(record.timeline.state)) return;
    switch (message.type) {
      case 'started':
      case 'paused':
      case 'resumed':
        this.apply(session, message, false);
        break;
      case 'slice':
        await this.storeSlice(session, message.seq, message.data);
        await this.watchSpace(session);
        break;
      case 'slice-stored':
        this.countStoredSlice(session, message.size);
        await this.watchSpace(session);
        break;
      case 'signal':
        record.missingSignals = Array.isArray(message.missing) ? message.missing.filter(isSignal) : [];
        break;
      case 'ended':
        if (message.error) record.error = message.error;
        // After this message's own write, which finalize waits for.
        if (this.apply(session, { type: 'ended', at: message.at, reason: message.reason }, false)) {
          queueMicrotask(() => void this.finalize(session));
        }
        break;
    }
    record.lastMessage = n;
    await this.saveRecord(record);
  }

  /**
   * Stops in time when storage runs low: finishing a recording writes a second copy of it,
   * so the room left must cover what was recorded so far, plus a margin.
   */
  private async watchSpace(session: Session): Promise<void> {
    const { record } = session;
    if (record.error === 'storage-full' || record.error === 'storage-failed') return;
    if ((await this.deps.freeSpace()) < record.bytes + STORAGE_MARGIN_BYTES) {
      record.error = 'storage-full';
      this.deps.stopCapture(record);
    }
  }

  private async storeSlice(session: Session, seq: number, data: ArrayBuffer): Promise<void> {
    const { record } = session;
    if (record.error === 'storage-failed') return;
    const blob = new Blob([data], { type: record.format?.mimeType ?? '' });
    try {
      await this.deps.store.appendSlice(record.id, seq, blob);
      if (record.format?.container === 'mp4' && (record.packetTally || record.sliceCount === 0)) {
        record.packetTally = tallySlice(record.packetTally ?? newFragmentTally(), new Uint8Array(data));
      }
      record.bytes += blob.size;
      record.sliceCount++;
    } catch (error) {
      // Storage is full or broken: stop cleanly and keep what was written.
      console.error('Media Recorder: could not store a slice', error);
      record.error = 'storage-failed';
      this.deps.stopCapture(record);
    }
  }

  /** A slice the page's slice-writer frame stored itself: count it. */
  private countStoredSlice(session: Session, size: number): void {
    const { record } = session;
    if (!Number.isSafeInteger(size) || size < 0) return;
    record.bytes += size;
    record.sliceCount++;
    // Its bytes were not seen here, so a tally would fall short: count when finishing.
    record.packetTally = undefined;
  }

  private end(session: Session, reason: EndReason, at = this.deps.now()): void {
    if (!isCapturing(session.record.timeline.state)) return;
    this.apply(session, { type: 'ended', at, reason });
    void this.finalize(session);
  }

  private async finalize(session: Session): Promise<void> {
    await session.writes;
    const { record } = session;
    await this.countUnannouncedSlices(session);
    if (record.sliceCount === 0) {
      record.error ??= 'empty-recording';
      this.apply(session, { type: 'failed', at: this.deps.now() });
      this.deps.onFinished?.(record);
      return;
    }
    try {
      this.recordSaved(session, await this.save(session));
      this.apply(session, { type: 'saved' });
      if (record.finalized) await this.freeSlices(session);
    } catch (error) {
      console.error('Media Recorder: could not save the file', error);
      // The slices stay in storage: the user can try the download again.
      record.error = 'download-failed';
      this.apply(session, { type: 'failed', at: this.deps.now() });
    }
    this.deps.onFinished?.(record);
  }

  /**
   * A slice-writer frame may have stored a slice whose news never came (the tab closed, or
   * the browser was killed, in between). It is part of the file all the same; count it.
   */
  private async countUnannouncedSlices(session: Session): Promise<void> {
    const { record } = session;
    if (record.slicesDeleted) return;
    try {
      if ((await this.deps.store.countSlices(record.id)) === record.sliceCount) return;
      const stored = await this.deps.store.slices(record.id);
      record.sliceCount = stored.length;
      record.bytes = stored.reduce((sum, slice) => sum + slice.size, 0);
      record.packetTally = undefined;
    } catch (error) {
      console.warn('Media Recorder: could not count the stored slices', error);
    }
  }

  /**
   * The finished file (kept for Download again) holds every packet of the slices, so
   * keeping both would store each recording twice.
   */
  private async freeSlices(session: Session): Promise<void> {
    await session.writes;
    try {
      await this.deps.store.deleteSlices(session.record.id);
      session.record.slicesDeleted = true;
      this.persist(session);
    } catch (error) {
      console.warn('Media Recorder: could not free the slices of a saved recording', error);
    }
  }

  private async save(session: Session): Promise<SavedFile> {
    session.progress = 0;
    try {
      return await this.deps.saveFile(session.record, (fraction) => {
        session.progress = fraction;
      });
    } finally {
      session.progress = undefined;
    }
  }

  private recordSaved(session: Session, saved: SavedFile): void {
    const { record } = session;
    record.fileName = saved.fileName;
    record.downloadId = saved.downloadId;
    record.finalized = saved.finalized;
    record.fileSize = saved.size;
    if (saved.durationSeconds !== undefined) record.durationMs = Math.round(saved.durationSeconds * 1000);
    if (!saved.finalized) record.error = 'finalize-failed';
    else if (saved.nameRefused) record.error = 'file-name-refused';
    else if (record.error && SAVE_NOTICES.includes(record.error)) record.error = undefined;
  }

  /** A recording from memory, or read back from storage (one from an earlier browser session). */
  private async load(id: string): Promise<Session | undefined> {
    const known = this.sessions.get(id);
    if (known) return known;
    const record = await this.deps.store.getRecording(id).catch(() => undefined);
    // Another caller may have brought it back while we were reading: track() keeps theirs.
    return record && this.track(record);
  }

  /** Deletes a finished recording: its record, its slices and, through `deleteFile`, its file. */
  async delete(id: string, deleteFile: (record: RecordingRecord) => Promise<void>): Promise<ErrorCode | undefined> {
    const session = await this.load(id);
    if (!session) return 'media-gone';
    if (!isFinal(session.record.timeline.state)) return 'already-recording';
    await session.writes;
    this.sessions.delete(id);
    await deleteFile(session.record);
    await this.deps.store.deleteRecording(id);
    return undefined;
  }

  /** Saves a finished recording again, from what is stored. */
  async downloadAgain(id: string): Promise<ErrorCode | undefined> {
    const session = await this.load(id);
    if (!session || session.record.sliceCount === 0) return 'media-gone';
    if (!isFinal(session.record.timeline.state)) return 'already-recording';
    if (session.record.timeline.state === 'failed' && session.record.slicesDeleted) return 'media-gone';
    try {
      this.recordSaved(session, await this.save(session));
      if (session.record.timeline.state === 'failed') this.apply(session, { type: 'saved' });
      else this.persist(session);
      return undefined;
    } catch (error) {
      console.error('Media Recorder: could not save the file', error);
      return 'download-failed';
    }
  }

  /** Feeds the state machine; false when the event did not apply. */
  private apply(session: Session, event: RecordingEvent, persist = true): boolean {
    try {
      session.record.timeline = transition(session.record.timeline, event);
    } catch (error) {
      // A late or repeated event (e.g. a pause racing a stop) changes nothing.
      console.warn('Media Recorder:', error);
      return false;
    }
    if (persist) this.persist(session);
    return true;
  }

  private persist(session: Session): void {
    session.writes = session.writes.then(() => this.saveRecord(session.record));
  }

  private async saveRecord(record: RecordingRecord): Promise<void> {
    record.updatedAt = this.deps.now();
    try {
      await this.deps.store.saveRecording(record);
    } catch (error) {
      console.error('Media Recorder: could not store the recording record', error);
    }
    this.deps.onChange?.(record);
  }
}
