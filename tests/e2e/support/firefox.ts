/**
 * Firefox ESR, headful under Xvfb, with the built extension installed. Firefox shows
 * extension pages to no test driver, so a test works the popup as a person with a keyboard
 * does: the shortcut that opens it (Alt+Shift+M), Tab and Return sent with xdotool. It sees
 * what the popup shows through the test build's reports, which the content script writes
 * into the page (see src/popup/test-reporter.ts).
 */

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { sleep } from './media-file';
import { onLines } from './output-lines';
import { waitUntil } from './wait-until';
import { ensureDisplay } from './xvfb';
import { failOnUnhandled } from './unhandled';
import { NOTE_FOR_TEST_MARK, UNHANDLED_FOR_TEST_MARK } from '../../../src/shared/test-hooks';

export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const FIREFOX_BUILD = path.resolve(import.meta.dirname, '../../../dist/test/firefox');
/** How many of the browser console's lines a failed test prints. */
const CONSOLE_LINES_KEPT = 60;
/** How long a key may take to reach an extension page and be reported (the report goes through the background). */
const KEY_REPORT_WAIT_MS = 20_000;

export interface FirefoxSession {
  browser: Browser;
  downloads: string;
  display: string;
  /** Set when the extension is installed into the profile (see `persistent`). */
  profile: string | undefined;
  /** The extension's unhandled rejections printed so far by the test build; forgets them. */
  takeUnhandledRejections(): string[];
  /** What the test build's background noted so far (src/platform/test-note.ts); forgets it. */
  takeNotes(): string[];
  /** What a failed test prints: the popup's last report read, and the browser console's last lines. */
  failureReport(): string;
  /** Calls `listener` with each console line the browser prints from now on, as it comes (the bench's log). */
  onConsoleLine(listener: (line: string) => void): void;
  /** Closes the browser; fails if the extension had an unhandled rejection meanwhile. */
  close(): Promise<void>;
}

/**
 * Installs the build into `profile` as an unsigned add-on (Firefox ESR allows it with the
 * prefs below), so it is still there when the browser starts again on that profile. An
 * add-on installed over WebDriver BiDi is temporary and gone after a restart.
 */
async function installIntoProfile(profile: string, build: string): Promise<void> {
  const { default: webExt } = await import('web-ext');
  const manifest = JSON.parse(readFileSync(path.join(build, 'manifest.json'), 'utf8')) as {
    browser_specific_settings: { gecko: { id: string } };
  };
  const extensions = path.join(profile, 'extensions');
  mkdirSync(extensions, { recursive: true });
  const { extensionPath } = await webExt.cmd.build(
    { sourceDir: build, artifactsDir: extensions, overwriteDest: true },
    { shouldExitProgram: false },
  );
  // Firefox looks for exactly `<add-on id>.xpi`; web-ext's own file name drops the '@'.
  renameSync(extensionPath, path.join(extensions, `${manifest.browser_specific_settings.gecko.id}.xpi`));
}

/** Lets Firefox ESR load an unsigned add-on found in the profile, at every start. */
const ADDON_IN_PROFILE_PREFS = {
  'xpinstall.signatures.required': false,
  'extensions.autoDisableScopes': 0,
  'extensions.enabledScopes': 15,
};

/**
 * `persistent`: install the extension into a profile of its own, which survives a kill;
 * `profile` (with `downloads`): start again on the profile of an earlier session;
 * `prefs`: more Firefox preferences; `build`: the unpacked extension (the test build by default).
 */
export async function launchFirefox(
  options: {
    persistent?: boolean;
    profile?: string;
    downloads?: string;
    prefs?: Record<string, unknown>;
    build?: string;
  } = {},
): Promise<FirefoxSession> {
  const build = options.build ?? FIREFOX_BUILD;
  const display = await ensureDisplay();
  const downloads = options.downloads ?? mkdtempSync(path.join(os.tmpdir(), 'mr-firefox-downloads-'));
  mkdirSync(downloads, { recursive: true });
  const profile =
    options.profile ?? (options.persistent ? mkdtempSync(path.join(os.tmpdir(), 'mr-firefox-profile-')) : undefined);
  if (profile && !options.profile) await installIntoProfile(profile, build);
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: false,
    defaultViewport: null,
    env: { ...process.env, DISPLAY: display },
    ...(profile ? { userDataDir: profile } : {}),
    extraPrefsFirefox: {
      ...(profile ? ADDON_IN_PROFILE_PREFS : {}),
      'browser.download.dir': downloads,
      // The extension's console, on the browser's output: what a failed test prints (failureReport).
      'devtools.console.stdout.chrome': true,
      'devtools.console.stdout.content': true,
      'browser.download.folderList': 2,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
      // The downloads panel would take keyboard focus from the next popup.
      'browser.download.alwaysOpenPanel': false,
      'browser.download.panel.shown': true,
      'media.autoplay.default': 0,
      'media.autoplay.blocking_policy': 0,
      // Lets the test build print its unhandled rejections (src/platform/unhandled-for-test.ts).
      'browser.dom.window.dump.enabled': true,
      ...options.prefs,
    },
  });
  if (!profile) await browser.installExtension(build);
  // The test build prints each unhandled rejection of the extension (Firefox's `dump()`).
  const unhandled: string[] = [];
  const notes: string[] = [];
  const consoleLines: string[] = [];
  const consoleListeners: ((line: string) => void)[] = [];
  onLines(browser.process()?.stdout, (line) => {
    if (line.includes(UNHANDLED_FOR_TEST_MARK)) unhandled.push(line);
    if (/^console\.(error|warn|info|log)|JavaScript (error|warning)/.test(line)) {
      consoleLines.push(line.slice(0, 500));
      consoleLines.splice(0, consoleLines.length - CONSOLE_LINES_KEPT);
      for (const listener of consoleListeners) listener(line);
    }
    const at = line.indexOf(NOTE_FOR_TEST_MARK);
    if (at >= 0) notes.push(line.slice(at + NOTE_FOR_TEST_MARK.length).trim());
  });
  return {
    browser,
    downloads,
    display,
    profile,
    takeUnhandledRejections: () => unhandled.splice(0),
    takeNotes: () => notes.splice(0),
    failureReport: () =>
      [`Firefox's last popup report: ${lastPopupReport}`, "Firefox's console, last lines:", ...consoleLines].join('\n'),
    onConsoleLine: (listener) => consoleListeners.push(listener),
    close: async () => {
      await browser.close();
      failOnUnhandled(unhandled);
    },
  };
}

interface PopupReport {
  event: string;
  detail: string;
  text: string;
  focused: string;
  /** Keys the page has had (src/platform/ui/report-changes-for-test.ts). */
  keys: number;
  /** How many of them have acted: where a key left the focus is known once this is `keys`. */
  settled: number;
  /** When (Date.now()) the page got its last key. */
  keyAt: number;
}

/** Sends keys or pointer actions to the virtual display. */
function xdotool(display: string, ...args: string[]): void {
  execFileSync('xdotool', args, { env: { ...process.env, DISPLAY: display } });
}

async function events(page: Page): Promise<string[]> {
  return page.evaluate(() => JSON.parse(document.documentElement.dataset.mediaRecorderEvents ?? '[]') as string[]);
}

/** Where the extension page's reports are read: the popup's or a page's last report. */
type ReadReport = () => Promise<PopupReport | undefined>;

/**
 * Sends a key (xdotool's arguments) and waits until the extension page reports it, for at
 * most `timeoutMs`: keys can land in the browser's own bars, or in a dialog, and are then
 * not reported. The page counts its keys (see src/platform/ui/report-changes-for-test.ts),
 * so the first report with another count is this key's. With `settled`, the wait goes on
 * until the key has also done what it does: only then does the report say where it left
 * the focus (Firefox moves the focus after the page has seen the key). Returns that
 * report, or undefined.
 */
async function sendKey(
  display: string,
  readReport: ReadReport,
  key: string[],
  timeoutMs: number,
  settled = false,
): Promise<PopupReport | undefined> {
  const before = (await readReport())?.keys;
  xdotool(display, 'key', ...key);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const report = await readReport();
    if (report && report.keys !== before && (!settled || report.settled === report.keys)) {
      return report;
    }
    if (Date.now() > deadline) return undefined;
    await sleep(50);
  }
}

/** Where the focus is, from a report made once every key the page had has acted; else undefined. */
function settledFocus(report: PopupReport | undefined): string | undefined {
  return report && report.settled === report.keys ? report.focused : undefined;
}

/**
 * Tabs until the name of the control the extension page reports focused matches, and
 * returns that name (or the last one seen). The first Tabs can land in the browser's own
 * bars: up to `probes` of them, until the page reports one; then one Tab at a time, each
 * waited for until the page reports where it left the focus. A Tab the page did not report
 * may only have been late: a match found after one is read again a second later, from the
 * page's latest report, before it is believed.
 */
async function tabUntil(
  display: string,
  readReport: ReadReport,
  matches: (focused: string) => boolean,
  probes: number,
  maxTabs: number,
): Promise<string | undefined> {
  let unreported = false;
  const tab = async (waitMs: number) => {
    const report = await sendKey(display, readReport, ['Tab'], waitMs, true);
    if (!report) unreported = true;
    return report?.focused;
  };
  let focused: string | undefined;
  for (let tries = 0; tries < probes && focused === undefined; tries++) focused = await tab(400);
  for (let tabs = 0; tabs < maxTabs; tabs++) {
    if (focused !== undefined && matches(focused)) {
      if (!unreported) break;
      await sleep(1000);
      unreported = false;
      focused = settledFocus(await readReport());
      if (focused !== undefined && matches(focused)) break;
    }
    // Unreported: the focus left the page for the browser's bars; Tab on until it is back.
    focused = await tab(2000);
  }
  return focused;
}

/**
 * Sends a key the extension page must report, and returns when the page got it. On a
 * loaded machine Firefox can take seconds to deliver a key, and its report longer still:
 * tests time what they do from when the page got the key (a Stop two seconds late made a
 * file two seconds longer than "recorded"). A key is never sent again, since one merely
 * late would then act twice (a second Return on a Stop went to the Download that replaced
 * it): one the page never reports fails the test, saying so.
 */
async function sendReportedKey(display: string, readReport: ReadReport, key: string, where: string): Promise<number> {
  const report = await sendKey(display, readReport, ['--clearmodifiers', key], KEY_REPORT_WAIT_MS);
  if (report) return report.keyAt;
  throw new Error(
    `${where} never reported the key ${key} in ${KEY_REPORT_WAIT_MS / 1000} s; it shows:\n${(await readReport())?.text ?? ''}`,
  );
}

/** The popup's last report a test read, for a failed test's report. */
let lastPopupReport: string | undefined;

async function lastReport(page: Page): Promise<PopupReport | undefined> {
  const json = await page.evaluate(() => document.documentElement.dataset.mediaRecorderPopup);
  lastPopupReport = json;
  return json ? (JSON.parse(json) as PopupReport) : undefined;
}

export class FirefoxPopup {
  /** The button `focus` last moved the keyboard focus to. */
  private focusedByKeyboard: string | undefined;

  constructor(
    private readonly session: FirefoxSession,
    private readonly page: Page,
  ) {}

  /** What the popup shows now. */
  async text(): Promise<string> {
    return (await lastReport(this.page))?.text ?? '';
  }

  async waitForText(pattern: RegExp, timeoutMs = 15_000): Promise<string> {
    // What it showed meanwhile, each time it changed, for the error.
    const shown: string[] = [];
    const startedAt = Date.now();
    let last: string | undefined;
    try {
      return await waitUntil(
        async () => {
          const text = await this.text();
          if (text !== last) shown.push(`+${((Date.now() - startedAt) / 1000).toFixed(1)} s: ${JSON.stringify(text)}`);
          last = text;
          return pattern.test(text) && text;
        },
        `the popup to show ${pattern}`,
        { timeoutMs },
      );
    } catch (error) {
      throw new Error(`${(error as Error).message}; it showed:\n${shown.join('\n')}`);
    }
  }

  /**
   * Moves the keyboard focus to the button with this label. The first keys after the popup
   * opens can land in the browser's toolbar, so Tab until the popup itself reports a key,
   * then until the button has focus; each Tab is waited for until the popup reports it.
   */
  async focus(label: string): Promise<void> {
    this.focusedByKeyboard = undefined;
    const focused = await tabUntil(
      this.session.display,
      () => lastReport(this.page),
      (name) => name === label,
      6,
      40,
    );
    if (focused !== label) {
      throw new Error(`could not reach the "${label}" button by keyboard; popup shows:\n${await this.text()}`);
    }
    this.focusedByKeyboard = label;
  }

  /**
   * Presses the button with this label, by keyboard (`focus`, unless `focus` gave it the
   * focus and it still has it). Returns when the popup got the Return, to time recordings from.
   */
  async press(label: string): Promise<number> {
    if (this.focusedByKeyboard !== label || settledFocus(await lastReport(this.page)) !== label)
      await this.focus(label);
    return sendReportedKey(this.session.display, () => lastReport(this.page), 'Return', `the popup's "${label}"`);
  }

  async close(): Promise<void> {
    xdotool(this.session.display, 'key', 'Escape');
    await sleep(500);
  }
}

/**
 * Opens `url` in a fresh tab, closing the others, and waits until its media plays (unless
 * `playing` is false). A popup that lists fewer tabs' worth of items stays short to walk
 * by keyboard.
 */
export async function openAlone(session: FirefoxSession, url: string, playing = true): Promise<Page> {
  const earlier = await session.browser.pages();
  const page = await session.browser.newPage();
  for (const old of earlier) await old.close();
  await page.goto(url);
  if (playing) {
    await page.waitForFunction(() => {
      const media = document.querySelector('video, audio') as HTMLMediaElement | null;
      return media !== null && media.currentTime > 0.3;
    });
  }
  return page;
}

/** Opens the toolbar popup for `page` with its keyboard shortcut, as a person would. */
export async function openPopup(session: FirefoxSession, page: Page): Promise<FirefoxPopup> {
  await page.bringToFront();
  // Give the page keyboard focus: with no window manager, a click does it. The heading is
  // a safe spot (a click on a video would pause it).
  const point = await page.evaluate(() => {
    const heading = document.querySelector('h1')!.getBoundingClientRect();
    const screen = window as unknown as { mozInnerScreenX: number; mozInnerScreenY: number };
    return {
      x: Math.round(screen.mozInnerScreenX + heading.left + 5),
      y: Math.round(screen.mozInnerScreenY + heading.top + heading.height / 2),
    };
  });
  xdotool(session.display, 'mousemove', String(point.x), String(point.y), 'click', '1');
  // The shortcut goes to whichever window has the keyboard: on a busy machine the click
  // can take a while to give it to the page, and a shortcut sent before is lost.
  await waitUntil(() => page.evaluate(() => document.hasFocus()), 'the page to have the keyboard focus');
  const opened = async () => (await events(page)).filter((event) => event.startsWith('opened:')).length;
  const before = await opened();
  xdotool(session.display, 'key', '--clearmodifiers', 'alt+shift+m');
  // The popup reports once it has looked at the tab (the content script injected): slow
  // on a loaded machine.
  await waitUntil(async () => (await opened()) > before, 'the popup to open', { timeoutMs: 30_000 });
  await sleep(500);
  return new FirefoxPopup(session, page);
}

type ReportingExtensionPage = 'options' | 'library';

interface PageReport extends PopupReport {
  media?: string;
}

/**
 * The settings or library page, open in a tab of its own and worked by keyboard. The test
 * build reports what it shows into the web pages open in the browser; `page` is the one
 * read from (it stays open behind the extension's tab).
 */
export class FirefoxExtensionPage {
  constructor(
    private readonly session: FirefoxSession,
    private readonly page: Page,
    readonly name: ReportingExtensionPage,
  ) {}

  async report(): Promise<PageReport | undefined> {
    const json = await this.page.evaluate(
      (attribute) => document.documentElement.getAttribute(attribute),
      `data-media-recorder-${this.name}`,
    );
    return json ? (JSON.parse(json) as PageReport) : undefined;
  }

  async text(): Promise<string> {
    return (await this.report())?.text ?? '';
  }

  async waitFor(what: 'text' | 'focused' | 'media', pattern: RegExp, timeoutMs = 15_000): Promise<string> {
    return waitUntil(
      async () => {
        const value = (await this.report())?.[what] ?? '';
        return pattern.test(value) && value;
      },
      `the ${this.name} page's ${what} to show ${pattern}`,
      { timeoutMs },
    );
  }

  waitForText(pattern: RegExp, timeoutMs?: number): Promise<string> {
    return this.waitFor('text', pattern, timeoutMs);
  }

  async focused(): Promise<string> {
    return (await this.report())?.focused ?? '';
  }

  /**
   * Tabs until the focused control's name (see src/pages/test-reporter.ts: a button's
   * text, "[x] label" for a checked box, "label: value" for a text field) matches.
   */
  async focus(pattern: RegExp, maxTabs = 40): Promise<string> {
    const focused = await tabUntil(
      this.session.display,
      () => this.report(),
      (name) => pattern.test(name),
      8,
      maxTabs,
    );
    if (focused === undefined || !pattern.test(focused)) {
      throw new Error(
        `could not reach ${pattern} by keyboard on the ${this.name} page; it shows:\n${await this.text()}`,
      );
    }
    return focused;
  }

  /**
   * Sends keys (xdotool names: "space", "Down", "ctrl+a") to the focused control, each once
   * the page reported the one before; returns when the page got the last. Keys for the
   * browser's dialogs: keyForDialog.
   */
  async key(...keys: string[]): Promise<number> {
    let gotAt = Date.now();
    for (const key of keys) {
      gotAt = await sendReportedKey(this.session.display, () => this.report(), key, `the ${this.name} page`);
    }
    return gotAt;
  }

  /**
   * Sends a key that opens or answers one of the browser's own dialogs (confirm()), which
   * tell the page nothing: there is no report to wait for, so a moment is left after it.
   */
  async keyForDialog(key: string): Promise<void> {
    xdotool(this.session.display, 'key', '--clearmodifiers', key);
    await sleep(300);
  }

  async type(text: string): Promise<void> {
    xdotool(this.session.display, 'type', '--delay', '60', text);
    await sleep(300);
  }

  /** Closes the extension's tab (Ctrl+W); the web page behind it comes back to the front. */
  async close(): Promise<void> {
    xdotool(this.session.display, 'key', '--clearmodifiers', 'ctrl+w');
    await sleep(800);
  }
}

/**
 * Opens the settings or library page as a person does: the popup's Settings or Library
 * button, by keyboard. The page opens in a tab of its own, in front.
 */
export async function openExtensionPage(
  session: FirefoxSession,
  page: Page,
  name: ReportingExtensionPage,
): Promise<FirefoxExtensionPage> {
  const opened = async () => (await events(page)).filter((event) => event.startsWith(`${name}/opened:`)).length;
  const before = await opened();
  const popup = await openPopup(session, page);
  await popup.press(name === 'options' ? 'Settings' : 'Library');
  await waitUntil(async () => (await opened()) > before, `the ${name} page to open`);
  await sleep(500);
  return new FirefoxExtensionPage(session, page, name);
}
