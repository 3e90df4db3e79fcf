/**
 * The extension's requests: each declared here with its payload and reply, and who may ask
 * it. Handlers are registered per context through the `handle…` functions, which check who
 * is asking before answering. Recorded bytes do not travel here: each recording has its own
 * port (recording-port.ts). This folder is the only code that sends or receives messages.
 */

import browser from 'webextension-polyfill';
import {
  envelope,
  extensionPageOf,
  isFromExtensionPage,
  isFromThisExtension,
  LIBRARY,
  listen,
  POPUP,
  type Handlers,
} from './channel';
import type { ErrorCode } from '../../shared/errors';
import type { FinalFileFacts } from '../../shared/final-file';
import type { WebmScan } from '../../shared/webm-index';
import { parseFrameMedia, type FrameMedia } from '../../shared/media-report';
import type { RecordingFormat } from '../../shared/recording-format';
import type { MediaKind, RecordingRecord } from '../../shared/recording-record';
import type { EndReason, RecordingState } from '../../shared/recording-state';
import type { PartsSummary } from '../../shared/parts';
import type { SectionRange } from '../../shared/file-pieces';
import type { Signal } from '../../shared/signal-check';
import type { Bitrates, FormatPreference } from '../../shared/settings';

export type ControlAction = 'pause' | 'resume' | 'stop';

export type Failure = { ok: false; error: ErrorCode };
export type ActionResult = { ok: true } | Failure;

/** What the popup shows of one recording. */
export interface RecordingSnapshot {
  id: string;
  frameId: number;
  mediaId: string;
  mediaKind: MediaKind;
  state: RecordingState;
  elapsedMs: number;
  bytes: number;
  fileName: string | undefined;
  /** 0–1 while the file is being built. */
  progress: number | undefined;
  /** The saved file's own length and size, once saved. */
  durationMs: number;
  fileSize: number;
  canShow: boolean;
  endReason: EndReason | undefined;
  error: ErrorCode | undefined;
  missingSignals: Signal[];
  /** A recording joined across source changes: its parts, and whether it waits for the next source. */
  parts?: PartsSummary & { waiting: boolean };
}

/** How to record, from the user's settings at the moment Record is pressed. */
export interface CaptureOptions {
  format: FormatPreference;
  bitrates: Bitrates;
  audioOnly: boolean;
  stopWhenMediaEnds: boolean;
  /** 0: no limit. */
  maxLengthMs: number;
  /** Show the page indicator over the element while it is recorded. */
  showPageIndicator: boolean;
}

export interface CaptureStarted {
  ok: true;
  format: RecordingFormat;
  mediaKind: MediaKind;
  /** The element's own title, when the page gives it one. */
  mediaTitle: string;
}

/** Extension pages (popup) → background. */
export interface ExtensionPageRequests {
  'start-recording': {
    request: { tabId: number; frameId: number; mediaId: string; audioOnly: boolean };
    response: ActionResult;
  };
  'control-recording': { request: { recordingId: string; action: ControlAction }; response: ActionResult };
  'download-recording': { request: { recordingId: string }; response: ActionResult };
  'show-file': { request: { recordingId: string }; response: ActionResult };
  'delete-recording': { request: { recordingId: string }; response: ActionResult };
  /**
   * Saves [startMs, endMs) of a recording as a new file, the recording kept (issue #18). The
   * background checks the numbers (shared/section-edit.ts); `section` is where the file
   * really starts (the key frame at or before startMs) and ends.
   */
  'save-section': {
    request: { recordingId: string; startMs: number; endMs: number };
    response: { ok: true; fileName: string; section: SectionRange } | Failure;
  };
  /** From a page's slice-writer frame (Firefox): may it store this recording's slices? */
  'open-slice-writer': {
    request: { recordingId: string; key: string };
    /** With the WebM index's scan to go on from, when it matches the bytes stored. */
    response: ActionResult & { webmScan?: WebmScan };
  };
  /** From the offscreen document while it builds a file. */
  'finalize-progress': { request: { recordingId: string; fraction: number }; response: { ok: true } };
}

/** Content script → background. */
export interface ContentScriptRequests {
  /** The recorded element switched to a new source and plays it: record it as the next part. */
  'continue-recording': { request: { previousId: string }; response: ActionResult };
  /** The frame's media changed while a popup watches its tab; `watching: false` says stop. */
  'media-changed': { request: FrameMedia; response: { watching: boolean } };
}

/** Background → content script of one frame. */
export interface ContentRequests {
  /** The frame's media, its own origin, and the origins of the frames it holds. */
  'list-media': { request: Record<string, never>; response: FrameMedia };
  /** Tell each change of the frame's media from now on ('media-changed'); answers the media now. */
  'watch-media': { request: Record<string, never>; response: FrameMedia };
  /** No popup watches the tab any more. */
  'unwatch-media': { request: Record<string, never>; response: { ok: true } };
  'start-capture': {
    /** `sliceKey`: the recording's secret, for its slice-writer frame (platform/slice-channel.ts). */
    request: { recordingId: string; sliceKey: string; mediaId: string; part: number; options: CaptureOptions };
    response: CaptureStarted | Failure;
  };
  /** `because`: the background stops the recording for this reason (storage), not the user. */
  'control-capture': {
    request: { recordingId: string; action: ControlAction; because?: ErrorCode };
    response: ActionResult;
  };
  /**
   * Which element of this frame a context menu click was on: Firefox names it
   * (`targetElementId`), Chromium gives only its source URL.
   */
  'find-menu-target': {
    request: { targetElementId: number | undefined; srcUrl: string | undefined };
    response: { ok: true; mediaId: string } | Failure;
  };
}

/** Background → offscreen document (Chromium only: the service worker cannot make blob URLs). */
/** A finished file, lent as a blob URL until it is revoked. */
export interface PreparedFile extends FinalFileFacts {
  url: string;
}

export interface OffscreenRequests {
  /** The file of a recording, or of a section of it; a joined recording's parts may not share one. */
  'prepare-file': {
    request: { record: RecordingRecord; section?: SectionRange };
    response: PreparedFile | { cannotShare: string };
  };
  'revoke-object-url': { request: { url: string }; response: { ok: true } };
  /** A recording is about to end: start reading its stored slices (platform/slice-prefetch.ts). */
  'read-ahead': { request: { recordingId: string; pack: boolean }; response: { ok: true } };
}

export type { RecordingPortMessage } from '../../shared/recording-port-message';
/**
 * Which of the extension's pages may ask for what. The slice-writer frame lives inside web
 * pages, so it may ask for one thing only, and the offscreen document only reports progress.
 */
const ASKED_BY: { [K in keyof ExtensionPageRequests]: readonly string[] } = {
  'start-recording': [POPUP],
  'control-recording': [POPUP],
  'download-recording': [POPUP, LIBRARY],
  'show-file': [POPUP, LIBRARY],
  'delete-recording': [LIBRARY],
  'save-section': [LIBRARY],
  'open-slice-writer': ['pages/slice-writer/slice-writer.html'],
  'finalize-progress': ['pages/offscreen/offscreen.html'],
};

export function sendToBackground<K extends keyof ExtensionPageRequests>(
  type: K,
  payload: ExtensionPageRequests[K]['request'],
): Promise<ExtensionPageRequests[K]['response']> {
  return browser.runtime.sendMessage(envelope('background', type, payload));
}

export function handleExtensionPageRequests(handlers: Handlers<ExtensionPageRequests>): void {
  listen('background', handlers, (sender, type) => {
    const page = extensionPageOf(sender);
    return page !== undefined && (ASKED_BY[type as keyof ExtensionPageRequests] ?? []).includes(page);
  });
}

export function sendFromContentScript<K extends keyof ContentScriptRequests>(
  type: K,
  payload: ContentScriptRequests[K]['request'],
): Promise<ContentScriptRequests[K]['response']> {
  return browser.runtime.sendMessage(envelope('background', type, payload));
}

/** Requests from this extension's content scripts; the handler is given the sending tab and frame. */
export function handleContentScriptRequests(handlers: {
  [K in keyof ContentScriptRequests]: (
    payload: ContentScriptRequests[K]['request'],
    from: { tabId: number; frameId: number },
  ) => Promise<ContentScriptRequests[K]['response']>;
}): void {
  listen<ContentScriptRequests>(
    'background',
    {
      'continue-recording': async (payload, sender) =>
        typeof payload?.previousId === 'string'
          ? handlers['continue-recording'](payload, { tabId: sender.tab!.id!, frameId: sender.frameId ?? 0 })
          : { ok: false, error: 'media-gone' },
      'media-changed': async (payload, sender) => {
        const report = parseFrameMedia(payload);
        if (!report) return { watching: false };
        return handlers['media-changed'](report, { tabId: sender.tab!.id!, frameId: sender.frameId ?? 0 });
      },
    },
    // A content script: this extension's, in a tab, and not one of its own pages.
    (sender) => isFromThisExtension(sender) && sender.tab?.id !== undefined && !isFromExtensionPage(sender),
  );
}

export function sendToFrame<K extends keyof ContentRequests>(
  tabId: number,
  frameId: number,
  type: K,
  payload: ContentRequests[K]['request'],
): Promise<ContentRequests[K]['response']> {
  return browser.tabs.sendMessage(tabId, envelope('content', type, payload), { frameId });
}

export function handleContentRequests(handlers: Handlers<ContentRequests>): void {
  // Only the background talks to content scripts; a page cannot reach runtime.onMessage.
  listen('content', handlers, isFromThisExtension);
}

export function sendToOffscreen<K extends keyof OffscreenRequests>(
  type: K,
  payload: OffscreenRequests[K]['request'],
): Promise<OffscreenRequests[K]['response']> {
  return browser.runtime.sendMessage(envelope('offscreen', type, payload));
}

export function handleOffscreenRequests(handlers: Handlers<OffscreenRequests>): void {
  listen('offscreen', handlers, (sender) => isFromThisExtension(sender) && !sender.tab);
}
export type { Handlers } from './channel';
