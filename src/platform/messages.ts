/**
 * The one place that sends and receives runtime messages. Every request is declared here
 * with its payload and reply; handlers are registered per context through the `handle…`
 * functions, which check who is asking before answering. Recorded bytes do not travel
 * here as requests: each recording has its own port (see `openRecordingPort`).
 */

import browser, { type Runtime } from 'webextension-polyfill';
import type { ErrorCode } from '../shared/errors';
import type { LocatedMedia, MediaDescriptor } from '../shared/media';
import type { RecordingFormat } from '../shared/recording-format';
import type { MediaKind, RecordingRecord } from '../shared/recording-record';
import type { EndReason, RecordingState } from '../shared/recording-state';
import type { Signal } from '../shared/signal-check';
import { parsePortMessage, type RecordingPortMessage } from '../shared/recording-port-message';
import type { Bitrates, FormatPreference } from '../shared/settings';

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
}

export type TabInspection =
  | {
      ok: true;
      media: LocatedMedia[];
      recordings: RecordingSnapshot[];
      /** Origins of frames the extension may not reach yet: sites to ask access to. */
      originsToAsk: string[];
    }
  | { ok: false; error: ErrorCode; recordings: RecordingSnapshot[] };

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
export interface BackgroundRequests {
  'inspect-tab': { request: { tabId: number }; response: TabInspection };
  'start-recording': {
    request: { tabId: number; frameId: number; mediaId: string; audioOnly: boolean };
    response: ActionResult;
  };
  'control-recording': { request: { recordingId: string; action: ControlAction }; response: ActionResult };
  'download-recording': { request: { recordingId: string }; response: ActionResult };
  'show-file': { request: { recordingId: string }; response: ActionResult };
  'delete-recording': { request: { recordingId: string }; response: ActionResult };
  /** From a page's slice-writer frame (Firefox): may it store this recording's slices? */
  'open-slice-writer': { request: { recordingId: string; key: string }; response: ActionResult };
  /** From the offscreen document while it builds a file. */
  'finalize-progress': { request: { recordingId: string; fraction: number }; response: { ok: true } };
}

/** Content script → background. */
export interface PageRequests {
  /** The recorded element switched to a new source and plays it: record it as the next part. */
  'continue-recording': { request: { previousId: string }; response: ActionResult };
}

/** Background → content script of one frame. */
export interface ContentRequests {
  /** The frame's media, its own origin, and the origins of the frames it holds. */
  'list-media': {
    request: Record<string, never>;
    response: { media: MediaDescriptor[]; origin: string; frameOrigins: string[] };
  };
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
export interface PreparedFile {
  url: string;
  finalized: boolean;
  durationSeconds: number | undefined;
  size: number;
}

export interface OffscreenRequests {
  'prepare-file': { request: { record: RecordingRecord }; response: PreparedFile };
  'revoke-object-url': { request: { url: string }; response: { ok: true } };
}

export type { RecordingPortMessage } from '../shared/recording-port-message';

type Destination = 'background' | 'content' | 'offscreen';

interface Envelope {
  channel: typeof CHANNEL;
  to: Destination;
  type: string;
  payload: unknown;
}

const CHANNEL = 'media-recorder';
const RECORDING_PORT_PREFIX = 'recording:';

type RequestMap<Map> = { [K in keyof Map]: { request: unknown; response: unknown } };

export type Handlers<Map extends RequestMap<Map>> = {
  [K in keyof Map]: (payload: Map[K]['request'], sender: Runtime.MessageSender) => Promise<Map[K]['response']>;
};

function envelope(to: Destination, type: string, payload: unknown): Envelope {
  return { channel: CHANNEL, to, type, payload };
}

function isEnvelope(message: unknown, to: Destination): message is Envelope {
  const candidate = message as Partial<Envelope> | null;
  return candidate?.channel === CHANNEL && candidate.to === to && typeof candidate.type === 'string';
}

const extensionOrigin = () => browser.runtime.getURL('');

/** A message from one of this extension's own pages (popup, offscreen, library). */
function isFromExtensionPage(sender: Runtime.MessageSender): boolean {
  return sender.id === browser.runtime.id && (sender.url ?? '').startsWith(extensionOrigin());
}

/** The path of the extension page that sent a message (`popup/popup.html`), or undefined. */
function extensionPageOf(sender: Runtime.MessageSender): string | undefined {
  if (!isFromExtensionPage(sender)) return undefined;
  return new URL(sender.url!).pathname.replace(/^\//, '');
}

const POPUP = 'popup/popup.html';
const LIBRARY = 'pages/library/library.html';

/**
 * Which of the extension's pages may ask for what. The slice-writer frame lives inside web
 * pages, so it may ask for one thing only, and the offscreen document only reports progress.
 */
const ASKED_BY: { [K in keyof BackgroundRequests]: readonly string[] } = {
  'inspect-tab': [POPUP],
  'start-recording': [POPUP],
  'control-recording': [POPUP],
  'download-recording': [POPUP, LIBRARY],
  'show-file': [POPUP, LIBRARY],
  'delete-recording': [LIBRARY],
  'open-slice-writer': ['pages/slice-writer/slice-writer.html'],
  'finalize-progress': ['pages/offscreen/offscreen.html'],
};

/** A message from this extension at all (its pages, its background, its content scripts). */
function isFromThisExtension(sender: Runtime.MessageSender): boolean {
  return sender.id === browser.runtime.id;
}

function listen<Map extends RequestMap<Map>>(
  to: Destination,
  handlers: Handlers<Map>,
  accept: (sender: Runtime.MessageSender, type: string) => boolean,
): void {
  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
    // Returning undefined leaves the message to the context it is meant for.
    if (!isEnvelope(message, to) || !accept(sender, message.type)) return undefined;
    const handler = (handlers as Record<string, (payload: unknown, sender: Runtime.MessageSender) => Promise<unknown>>)[
      message.type
    ];
    if (!handler) return undefined;
    return handler(message.payload, sender);
  });
}

export function sendToBackground<K extends keyof BackgroundRequests>(
  type: K,
  payload: BackgroundRequests[K]['request'],
): Promise<BackgroundRequests[K]['response']> {
  return browser.runtime.sendMessage(envelope('background', type, payload));
}

export function handleBackgroundRequests(handlers: Handlers<BackgroundRequests>): void {
  listen('background', handlers, (sender, type) => {
    const page = extensionPageOf(sender);
    return page !== undefined && (ASKED_BY[type as keyof BackgroundRequests] ?? []).includes(page);
  });
}

export function sendFromPage<K extends keyof PageRequests>(
  type: K,
  payload: PageRequests[K]['request'],
): Promise<PageRequests[K]['response']> {
  return browser.runtime.sendMessage(envelope('background', type, payload));
}

/** Requests from this extension's content scripts; the handler is given the sending tab and frame. */
export function handlePageRequests(handlers: {
  [K in keyof PageRequests]: (
    payload: PageRequests[K]['request'],
    from: { tabId: number; frameId: number },
  ) => Promise<PageRequests[K]['response']>;
}): void {
  listen<PageRequests>(
    'background',
    {
      'continue-recording': async (payload, sender) =>
        typeof payload?.previousId === 'string'
          ? handlers['continue-recording'](payload, { tabId: sender.tab!.id!, frameId: sender.frameId ?? 0 })
          : { ok: false, error: 'media-gone' },
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

/** The content script's end of a recording's port. */
export interface RecordingPortSender {
  /** `n` numbers the message; the background acknowledges it once it is safely handled. */
  post(n: number, message: RecordingPortMessage): void;
  close(): void;
  /** Called when the background's end goes away (not when we close it). */
  onLost(listener: () => void): void;
}

/** Content script → background: a numbered message. Background → content: an acknowledgement. */
interface PortEnvelope {
  n: number;
  message: RecordingPortMessage;
}
interface PortAck {
  ack: number;
}

export function openRecordingPort(recordingId: string, onAck: (n: number) => void): RecordingPortSender {
  const port = browser.runtime.connect({ name: RECORDING_PORT_PREFIX + recordingId });
  let open = true;
  port.onDisconnect.addListener(() => {
    open = false;
  });
  port.onMessage.addListener((reply: unknown) => {
    const ack = (reply as Partial<PortAck> | null)?.ack;
    if (typeof ack === 'number') onAck(ack);
  });
  return {
    post: (n, message) => {
      if (!open) return;
      try {
        port.postMessage({ n, message } satisfies PortEnvelope);
      } catch {
        // Disconnected under us; onDisconnect follows and the message is sent again.
        open = false;
      }
    },
    close: () => {
      open = false;
      port.disconnect();
    },
    onLost: (listener) => port.onDisconnect.addListener(listener),
  };
}

export interface RecordingPortEvents {
  /** Resolves once the message is safely handled (a slice: written to storage). */
  message(n: number, message: RecordingPortMessage): Promise<void>;
  /** The content script went away: page navigated or closed, frame removed, or it was done. */
  disconnect(): void;
}

/**
 * Background side: `accept` is given the recording id and the sending tab and frame, and
 * returns the listeners for that recording, or undefined to refuse the port. It may take
 * its time (a restarted background reads the recording back from storage): messages wait.
 */
export function onRecordingPort(
  accept: (recordingId: string, tabId: number, frameId: number) => Promise<RecordingPortEvents | undefined>,
): void {
  browser.runtime.onConnect.addListener((port) => {
    if (!port.name.startsWith(RECORDING_PORT_PREFIX)) return;
    const sender = port.sender;
    const tabId = sender?.tab?.id;
    if (!sender || !isFromThisExtension(sender) || tabId === undefined || sender.frameId === undefined) {
      port.disconnect();
      return;
    }
    let connected = true;
    const early: PortEnvelope[] = [];
    let events: RecordingPortEvents | undefined;
    const handle = (envelope: PortEnvelope) => {
      void events!.message(envelope.n, envelope.message).then(() => {
        if (connected) port.postMessage({ ack: envelope.n } satisfies PortAck);
      });
    };
    port.onMessage.addListener((received: unknown) => {
      const n = (received as Partial<PortEnvelope> | null)?.n;
      const message = parsePortMessage((received as Partial<PortEnvelope> | null)?.message);
      // Not one of ours, or not well formed: dropped before it reaches storage or a timeline.
      if (!Number.isSafeInteger(n) || !message) return;
      const envelope: PortEnvelope = { n: n!, message };
      if (events) handle(envelope);
      else early.push(envelope);
    });
    port.onDisconnect.addListener(() => {
      connected = false;
      events?.disconnect();
    });
    void accept(port.name.slice(RECORDING_PORT_PREFIX.length), tabId, sender.frameId).then((accepted) => {
      if (!connected) return accepted?.disconnect();
      if (!accepted) return port.disconnect();
      events = accepted;
      for (const envelope of early.splice(0)) handle(envelope);
    });
  });
}

/*
 * Test builds only (`__TEST__`): Firefox shows no extension page to test drivers, so the
 * popup reports what it shows through the background to the page's content script, where
 * the test reads it. Called only under `if (__TEST__)`, so none of this ships.
 */

export interface PopupReport {
  event: string;
  detail: string;
  /** The popup's visible text. */
  text: string;
  /** Text of the focused control, empty when none. */
  focused: string;
  /** The settings and library pages: their media elements' state, one a line. */
  media?: string;
}

interface TestRelayRequests {
  'test-popup-report': { request: { tabId: number; report: PopupReport }; response: { ok: boolean } };
}
interface TestPageRequests {
  'test-popup-report': { request: { report: PopupReport }; response: { ok: boolean } };
  'test-badge': { request: { text: string; title: string }; response: { ok: boolean } };
}

export function reportPopupForTest(tabId: number, report: PopupReport): Promise<unknown> {
  return browser.runtime.sendMessage(envelope('background', 'test-popup-report', { tabId, report }));
}

export function relayPopupReportsForTest(): void {
  listen<TestRelayRequests>(
    'background',
    {
      'test-popup-report': ({ tabId, report }) =>
        browser.tabs.sendMessage(tabId, envelope('content', 'test-popup-report', { report }), { frameId: 0 }).then(
          () => ({ ok: true }),
          () => ({ ok: false }),
        ),
    },
    (sender) => extensionPageOf(sender) === POPUP,
  );
}

/** The extension's own tabs that report what they show in test builds. */
export type ReportingPage = 'options' | 'library';

interface TestPageRelayRequests {
  'test-page-report': { request: { page: ReportingPage; report: PopupReport }; response: { ok: boolean } };
}
interface TestPageReportRequests {
  'test-page-report': { request: { page: ReportingPage; report: PopupReport }; response: { ok: boolean } };
}

/**
 * The settings and library pages open in tabs of their own, tied to no web page: their
 * reports go to every tab's top frame, and the test reads them in the page it works from.
 */
export function reportPageForTest(page: ReportingPage, report: PopupReport): Promise<unknown> {
  return browser.runtime.sendMessage(envelope('background', 'test-page-report', { page, report }));
}

export function relayPageReportsForTest(): void {
  const pages: Record<string, ReportingPage> = { [LIBRARY]: 'library', 'pages/options/options.html': 'options' };
  listen<TestPageRelayRequests>(
    'background',
    {
      'test-page-report': async ({ page, report }) => {
        const tabs = await browser.tabs.query({});
        await Promise.all(
          tabs.map((tab) =>
            tab.id === undefined
              ? undefined
              : browser.tabs
                  .sendMessage(tab.id, envelope('content', 'test-page-report', { page, report }), { frameId: 0 })
                  .catch(() => undefined),
          ),
        );
        return { ok: true };
      },
    },
    (sender) => pages[extensionPageOf(sender) ?? ''] !== undefined,
  );
}

export function showPageReportsForTest(show: (page: ReportingPage, report: PopupReport) => void): void {
  listen<TestPageReportRequests>(
    'content',
    { 'test-page-report': async ({ page, report }) => (show(page, report), { ok: true }) },
    isFromThisExtension,
  );
}

/** The toolbar badge just set for the tab, for tests that cannot read it (Firefox). */
export function reportBadgeForTest(tabId: number, text: string, title: string): void {
  void browser.tabs
    .sendMessage(tabId, envelope('content', 'test-badge', { text, title }), { frameId: 0 })
    .catch(() => undefined);
}

export function showPopupReportsForTest(
  show: (report: PopupReport) => void,
  showBadge: (badge: { text: string; title: string }) => void,
): void {
  listen<TestPageRequests>(
    'content',
    {
      'test-popup-report': async ({ report }) => (show(report), { ok: true }),
      'test-badge': async (badge) => (showBadge(badge), { ok: true }),
    },
    isFromThisExtension,
  );
}

/*
 * Test builds only: an unhandled rejection anywhere in the background or a content script
 * is a bug, and the end-to-end tests fail on it (platform/unhandled-for-test.ts). Content
 * scripts tell the background, which notes them all.
 */

interface UnhandledToBackground {
  'test-unhandled': { request: { text: string }; response: { ok: boolean } };
  /** A deliberate rejection in the background, so the tests can show that they catch them. */
  'test-reject': { request: Record<string, never>; response: { ok: boolean } };
}

export function reportUnhandledForTest(text: string): void {
  void browser.runtime.sendMessage(envelope('background', 'test-unhandled', { text })).catch(() => undefined);
}

export function askBackgroundToRejectForTest(): void {
  void browser.runtime.sendMessage(envelope('background', 'test-reject', {})).catch(() => undefined);
}

export function collectUnhandledForTest(note: (text: string) => Promise<void>, reject: () => void): void {
  listen<UnhandledToBackground>(
    'background',
    {
      'test-unhandled': async ({ text }) => (await note(text), { ok: true }),
      'test-reject': async () => (reject(), { ok: true }),
    },
    isFromThisExtension,
  );
}
