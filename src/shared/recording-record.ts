/** What is stored about one recording, besides its bytes. */

import type { RecordingTimeline } from './recording-state';
import type { RecordingFormat } from './recording-format';
import type { ErrorCode } from './errors';
import type { FragmentTally } from './fragment-tally';
import type { Mp4IndexState } from './mp4-index';
import type { WebmScan } from './webm-index';
import type { Signal } from './signal-check';

export type MediaKind = 'video' | 'audio';

export interface RecordingRecord {
  id: string;
  tabId: number;
  frameId: number;
  mediaId: string;
  mediaKind: MediaKind;
  pageTitle: string;
  pageUrl: string;
  /** The element's own title, when the page gives it one (for file names). */
  mediaTitle: string;
  /** From the settings when recording started. */
  fileNameTemplate: string;
  askWhereToSave: boolean;
  /** The user asked for the sound of a video only. */
  audioOnly: boolean;
  /** 1, or the number of the part when the element's source changed mid-recording. */
  part: number;
  /** Its next part was asked for and granted (a part goes on only once), or Stop said no part may follow. */
  nextPartClaimed?: boolean;
  /**
   * Parts after a source change go into one file with this one (Settings, at Record);
   * absent in older records, whose parts were saved one file each.
   */
  joinParts?: boolean;
  /** On parts 2 and later of a joined recording: the id of its first part, which holds the file. */
  joinedTo?: string;
  /** On the first part of a joined recording: every part's id in order, its own first. */
  partIds?: string[];
  createdAt: number;
  format: RecordingFormat | undefined;
  timeline: RecordingTimeline;
  /** Bytes and slices safely written to storage. */
  bytes: number;
  sliceCount: number;
  fileName: string | undefined;
  downloadId: number | undefined;
  /** The saved file is remuxed (seekable, with its duration), not the raw recording. */
  finalized: boolean;
  /** Length and size of the saved file, as read back from it. */
  durationMs: number;
  fileSize: number;
  error: ErrorCode | undefined;
  /** Sound or picture the media has but the recording got none of (absent in older records). */
  missingSignals?: Signal[];
  /** Records before the MP4 index kept this tally of packets (read by the remux fallback only). */
  packetTally?: FragmentTally;
  /** An MP4's index, carried from slice to slice as they are stored (shared/mp4-index). */
  mp4Index?: Mp4IndexState;
  /** The MP4's init segment, once the index has read it whole. */
  mp4Init?: Uint8Array;
  /** A WebM's scan, carried from slice to slice as they are stored (shared/webm-index). */
  webmScan?: WebmScan;
  /** The press of Stop, in ms of recorded time: finishing cuts every track there. */
  endAtMs?: number;
  /** The saved file is composed of a new header and the stored slices, which therefore stay. */
  composed?: boolean;
  /**
   * The secret a page's slice-writer frame shows to store this recording's slices
   * (platform/slice-channel.ts); absent in older records.
   */
  sliceKey?: string;
  /** Number of the last message from the page that was handled (see content/recording-link.ts). */
  lastMessage: number;
  /** When this record was last written: after a crash, the last moment it was recording. */
  updatedAt: number;
  /** Finished after a crash or restart rather than by its page. */
  recovered: boolean;
  /** The slices were freed because the finished file holds everything. */
  slicesDeleted: boolean;
}
