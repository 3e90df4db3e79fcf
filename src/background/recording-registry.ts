/**
 * The background's record of every recording of this browser session: creates them, feeds
 * their state machine with what the content script reports on the recording's port, writes
 * each slice to the recording store as it arrives, and saves the file when the recording ends,
 * however it ends. The work is done in recordings/; this is the one face the rest of the
 * background sees. Browser calls are passed in, so the logic runs in unit tests.
 */

import type { RecordingStore } from '../platform/recording-store';
import type { ErrorCode } from '../shared/errors';
import type { RecordingFormat } from '../shared/recording-format';
import type { MediaKind, RecordingRecord } from '../shared/recording-record';
import { isCapturing } from '../shared/recording-state';
import { headOf, mayClaimNextPart, partIdsOf } from '../shared/parts';
import type { RecordingSnapshot } from '../platform/messaging/protocol';
import type { RecordingPortEvents } from '../platform/messaging/recording-port';
import { Finishing, type FinishingDeps } from './recordings/finishing';
import { NEXT_PART_WAKE_UP } from './recordings/part-chain';
import { PortIntake } from './recordings/port-intake';
import { deleteRecording, recoverInterrupted, type BackgroundStart } from './recordings/recovery';
import { newRecord, SessionTable, type NewRecording, type SessionTableDeps } from './recordings/session-table';
import { SliceIntake, type SliceIntakeDeps } from './recordings/slice-intake';
import { snapshotsOf } from './recordings/snapshot';
import { saveSection, type SectionSaveDeps, type SectionSaveResult } from './recordings/section-save';
import type { SectionRange } from '../shared/file-pieces';
import { scanToGoOn } from './recordings/slice-index';
import type { WebmScan } from '../shared/webm-index';

export { STORAGE_MARGIN_BYTES } from './recordings/slice-intake';
export { STOP_ANSWER_TIMEOUT_MS } from './recordings/finishing';
export type { BackgroundStart } from './recordings/recovery';
export type { NewRecording } from './recordings/session-table';

export interface RegistryDeps extends SessionTableDeps, SliceIntakeDeps, FinishingDeps, SectionSaveDeps {
  store: RecordingStore;
  newId(): string;
}

export class RecordingRegistry {
  private readonly table: SessionTable;
  private readonly finishing: Finishing;
  private readonly intake: PortIntake;

  constructor(private readonly deps: RegistryDeps) {
    this.table = new SessionTable(deps);
    const slices = new SliceIntake(deps);
    this.finishing = new Finishing(deps, this.table, slices);
    this.intake = new PortIntake(
      this.table,
      slices,
      (session, allTold) => this.finishing.finalize(session, { allTold }),
      (record) => deps.readAlong?.(record),
    );
  }

  create(params: NewRecording): RecordingRecord & { sliceKey: string } {
    const record = newRecord(params, this.deps);
    this.table.track(record);
    return record;
  }

  get(id: string): RecordingRecord | undefined {
    return this.table.get(id)?.record;
  }

  /** The capture started in the page: now we know what is being recorded. */
  captureStarted(id: string, format: RecordingFormat, mediaKind: MediaKind, mediaTitle: string): void {
    const session = this.table.get(id);
    if (!session) return;
    session.record.format = format;
    session.record.mediaKind = mediaKind;
    session.record.mediaTitle = mediaTitle;
    this.table.persist(session);
  }

  /** The capture never started: nothing was recorded, so nothing is kept. */
  discard(id: string): void {
    this.table.forget(id);
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
    return this.table
      .all()
      .map(({ record }) => record)
      .filter((record) => record.tabId === tabId && isCapturing(record.timeline.state));
  }

  /** The browser's download id of a saved recording, for "Show in folder". */
  async downloadIdOf(id: string): Promise<number | undefined> {
    return (await this.table.load(id))?.record.downloadId;
  }

  /** See Finishing.requestStop: the page must confirm in time. */
  requestStop(id: string): boolean {
    return this.finishing.requestStop(id);
  }

  /** See Finishing.stopUnanswered. */
  stopUnanswered(id: string): void {
    this.finishing.stopUnanswered(id);
  }

  /**
   * Whether recording `previousId`, ended because its element switched to another source,
   * may go on as its next part in that tab and frame: once, within the parts cap, spaced.
   * Claims it, so a second request for the same part is refused.
   */
  async claimNextPart(previousId: string, tabId: number, frameId: number): Promise<RecordingRecord | undefined> {
    const session = await this.table.load(previousId);
    if (!session || !mayClaimNextPart(session.record, tabId, frameId, this.deps.now())) return undefined;
    session.record.nextPartClaimed = true;
    this.finishing.chain.cancelWait(previousId);
    this.table.persist(session);
    return session.record;
  }

  /** A joined recording's next part started: its first part lists it, to save them together. */
  async addPart(headId: string, partId: string): Promise<void> {
    const head = await this.table.load(headId);
    if (!head) return;
    head.record.partIds = [...partIdsOf(head.record), partId];
    this.table.persist(head);
  }

  /** The next part of `previousId` could not start: the recording is saved without it. */
  async nextPartFailed(previousId: string): Promise<void> {
    if ((await this.table.load(previousId))?.record.joinParts) await this.finishing.chain.finishNow(previousId);
  }

  /** A wake-up came: see recordings/part-chain.ts. */
  wokenUp(name: string): void {
    if (name.startsWith(NEXT_PART_WAKE_UP)) void this.finishing.chain.timeUp(name.slice(NEXT_PART_WAKE_UP.length));
  }

  /** The part a recording's controls act on: its latest part (the recording itself for one part). */
  currentPartOf(id: string): string {
    const record = this.table.get(id)?.record;
    return record ? partIdsOf(record).at(-1)! : id;
  }

  /**
   * Stop, while a joined recording waits for the page's next source: it is saved as it is.
   * False when the part does not wait.
   */
  async stopWaiting(partId: string): Promise<boolean> {
    const session = await this.table.load(partId);
    const record = session?.record;
    const ended = record?.timeline.state === 'finalizing' && record.timeline.endReason === 'source-changed';
    if (!session || !record?.joinParts || !ended || record.nextPartClaimed) return false;
    // No part may follow now; a part still writing its last slices is saved when they are done.
    record.nextPartClaimed = true;
    this.table.persist(session);
    if (this.finishing.chain.isWaiting(partId)) await this.finishing.chain.finishNow(partId);
    return true;
  }

  /** The tab's recordings as its popup shows them: a joined recording's parts as one. */
  snapshotsForTab(tabId: number): RecordingSnapshot[] {
    const sessions = this.table.all().filter(({ record }) => record.tabId === tabId);
    return snapshotsOf(sessions, (id) => this.table.get(id), this.finishing.chain, this.deps.now());
  }

  /** The records of a recording's parts known in memory, first part first (for the library's summary). */
  partsInMemory(record: RecordingRecord): RecordingRecord[] {
    const head = this.table.get(headOf(record))?.record ?? record;
    return partIdsOf(head).flatMap((id) => this.table.get(id)?.record ?? []);
  }

  /**
   * The listeners for a recording's port, if it is one we started in that tab and frame.
   * A background that was restarted mid-recording reads the recording back from storage,
   * so the page carries on where it was.
   */
  async attachPort(id: string, tabId: number, frameId: number): Promise<RecordingPortEvents | undefined> {
    const session = await this.table.capturing(id);
    if (!session || session.record.tabId !== tabId || session.record.frameId !== frameId) return undefined;
    return {
      message: (n, message) => this.intake.take(session, n, message),
      // No `ended` before the port closed: the page navigated, closed or crashed. What was
      // stored is all there is; save it (after whatever is still being written).
      disconnect: () => {
        session.writes = session.writes.then(() => this.finishing.end(session, 'cut-short'));
      },
    };
  }

  /**
   * Whether a slice-writer frame in `tabId` may store slices of recording `id`: it knows
   * the recording's key, and the recording is still capturing in that tab.
   */
  async acceptsSliceWriter(id: string, key: string, tabId: number | undefined): Promise<boolean> {
    const record = (await this.table.capturing(id))?.record;
    return !!record?.sliceKey && record.sliceKey === key && record.tabId === tabId;
  }

  /** The WebM scan a slice-writer frame goes on from (see recordings/slice-index.ts). */
  async webmScanToGoOn(id: string): Promise<WebmScan | undefined> {
    const record = (await this.table.capturing(id))?.record;
    return record && scanToGoOn(record);
  }

  /** See recordings/recovery.ts. */
  recoverInterrupted(cause: BackgroundStart): Promise<number> {
    return recoverInterrupted(cause, this.deps.store, this.table, this.finishing);
  }

  /** Deletes a finished recording: its record, its slices and, through `deleteFile`, its file. */
  delete(id: string, deleteFile: (record: RecordingRecord) => Promise<void>): Promise<ErrorCode | undefined> {
    return deleteRecording(id, deleteFile, this.deps.store, this.table);
  }

  /** Saves a finished recording again, from what is stored. */
  downloadAgain(id: string): Promise<ErrorCode | undefined> {
    return this.finishing.downloadAgain(id);
  }

  /** Saves a section of a finished recording as a new file: see recordings/section-save.ts. */
  saveSection(id: string, section: SectionRange): Promise<SectionSaveResult> {
    return saveSection(this.table, this.deps, id, section);
  }
}
