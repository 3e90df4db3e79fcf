/**
 * Test builds only (`__TEST__`): every caller sits under `if (__TEST__)`, so none of this
 * ships. Relays what the extension's pages show and the badge to the web page the tests
 * read, and collects unhandled rejections.
 */

import browser from 'webextension-polyfill';
import { envelope, extensionPageOf, isFromThisExtension, LIBRARY, listen, POPUP } from './channel';

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
  /** How many keys the page has had so far (platform/ui/report-changes-for-test.ts). */
  keys: number;
  /** How many of them have done what they do (a Tab moved the focus): see keyStateForTest. */
  settled: number;
  /** When (Date.now()) the page got its last key. */
  keyAt: number;
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
export type ReportingExtensionPage = 'options' | 'library';

interface TestExtensionPageRelayRequests {
  'test-page-report': { request: { page: ReportingExtensionPage; report: PopupReport }; response: { ok: boolean } };
}
interface TestExtensionPageReportRequests {
  'test-page-report': { request: { page: ReportingExtensionPage; report: PopupReport }; response: { ok: boolean } };
}

/**
 * The settings and library pages open in tabs of their own, tied to no web page: their
 * reports go to every tab's top frame, and the test reads them in the page it works from.
 */
export function reportExtensionPageForTest(page: ReportingExtensionPage, report: PopupReport): Promise<unknown> {
  return browser.runtime.sendMessage(envelope('background', 'test-page-report', { page, report }));
}

export function relayExtensionPageReportsForTest(): void {
  const pages: Record<string, ReportingExtensionPage> = {
    [LIBRARY]: 'library',
    'pages/options/options.html': 'options',
  };
  listen<TestExtensionPageRelayRequests>(
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

export function showExtensionPageReportsForTest(
  show: (page: ReportingExtensionPage, report: PopupReport) => void,
): void {
  listen<TestExtensionPageReportRequests>(
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
