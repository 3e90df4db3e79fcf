/**
 * The recordings the background knows, each with its chain of storage writes, and the one
 * way their state changes: through the state machine, then a write of the record. A
 * background restarted mid-recording reads a recording back from storage on first use.
 */

import type { RecordingStore } from '../../platform/recording-store';
import type { RecordingRecord } from '../../shared/recording-record';
import { initialTimeline, isCapturing, transition, type RecordingEvent } from '../../shared/recording-state';

export interface Session {
  record: RecordingRecord;
  /** Storage writes of this recording, in arrival order; the file is built after the last. */
  writes: Promise<void>;
  /** 0–1 while its file is being built. */
  progress: number | undefined;
  /** Slices the page has sent so far (this session of the background): a page still storing after a Stop is alive. */
  slicesHeard?: number;
}

export interface SessionTableDeps {
  store: Pick<RecordingStore, 'getRecording' | 'saveRecording'>;
  now(): number;
  /** Told whenever a recording's record was written. */
  onChange?(record: RecordingRecord): void;
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
  /** Parts after a source change go into one file with this one. */
  joinParts: boolean;
  /** For a part after the first of a joined recording: the first part's id. */
  joinedTo?: string;
}

/** The record of a recording just asked for: starting, nothing stored yet. */
export function newRecord(
  params: NewRecording,
  deps: { newId(): string; now(): number },
): RecordingRecord & { sliceKey: string } {
  return {
    ...params,
    id: deps.newId(),
    mediaKind: 'video',
    mediaTitle: '',
    createdAt: deps.now(),
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
    sliceKey: deps.newId(),
    lastMessage: -1,
    updatedAt: deps.now(),
    recovered: false,
    slicesDeleted: false,
  };
}

export class SessionTable {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly deps: SessionTableDeps) {}

  /** The session of `record`: the one already known, or a new one for it. */
  track(record: RecordingRecord): Session {
    let session = this.sessions.get(record.id);
    if (!session) {
      session = { record, writes: Promise.resolve(), progress: undefined };
      this.sessions.set(record.id, session);
    }
    return session;
  }

  /** Only the sessions known in memory; see `load` for one that may be in storage. */
  get(id: string): Session | undefined {
    return this.sessions.get(id);
  }

  forget(id: string): void {
    this.sessions.delete(id);
  }

  all(): Session[] {
    return [...this.sessions.values()];
  }

  /** A recording from memory, or read back from storage (one from an earlier browser session). */
  async load(id: string): Promise<Session | undefined> {
    const known = this.sessions.get(id);
    if (known) return known;
    const record = await this.deps.store.getRecording(id).catch(() => undefined);
    // Another caller may have brought it back while we were reading: track() keeps theirs.
    return record && this.track(record);
  }

  /** The session of recording `id` if it is still capturing, from memory or storage. */
  async capturing(id: string): Promise<Session | undefined> {
    const session = await this.load(id);
    return session && isCapturing(session.record.timeline.state) ? session : undefined;
  }

  /** Feeds the state machine; false when the event did not apply. */
  apply(session: Session, event: RecordingEvent, persist = true): boolean {
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

  /** Writes the record after whatever this recording is still writing. */
  persist(session: Session): void {
    session.writes = session.writes.then(() => this.saveRecord(session.record));
  }

  /** Writes the record now; for callers already in the recording's chain of writes. */
  async saveRecord(record: RecordingRecord): Promise<void> {
    record.updatedAt = this.deps.now();
    try {
      await this.deps.store.saveRecording(record);
    } catch (error) {
      console.error('Media Recorder: could not store the recording record', error);
    }
    this.deps.onChange?.(record);
  }
}
