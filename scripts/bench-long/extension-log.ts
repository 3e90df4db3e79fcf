/**
 * Chromium: what the extension's own contexts (the service worker, the offscreen document
 * that finishes the file) log, each line with the time it came (Date.now()), so a run can
 * say where its time after Stop went ("finished by index only in … ms"). Firefox gives
 * test drivers no access to its extension contexts: there the lines are read from the
 * browser's output (its console printed there, tests/e2e/support/firefox.ts), each with the
 * time it came, which can be later than when it was logged.
 */

import type { Browser, CDPSession, Page, Target } from 'puppeteer-core';
import type { FirefoxSession } from '../../tests/e2e/support/firefox';

export interface LoggedLine {
  at: number;
  text: string;
}

export class ExtensionLog {
  readonly lines: LoggedLine[] = [];
  private readonly sessions: CDPSession[] = [];
  private readonly attached = new Set<Target>();

  constructor(private readonly browser: Browser) {}

  start(): void {
    const attach = async (target: Target) => {
      if (!target.url().startsWith('chrome-extension://')) return;
      if (target.type() === 'page') return; // the popup: driven and read by the bench itself
      if (this.attached.has(target)) return;
      this.attached.add(target);
      try {
        const session = await target.createCDPSession();
        this.sessions.push(session);
        this.listen(session);
        await session.send('Runtime.enable');
        // The workers the offscreen document starts (the packing worker): logged too, and let
        // run at once. Left to puppeteer, a worker of a session opened here waits for a
        // debugger that never comes: no pack was made in a bench run with this log on.
        session.on('Target.attachedToTarget', (event) => {
          const child = session.connection()?.session(event.sessionId);
          if (!child) return;
          // The service worker comes here too, and is listened to on its own already.
          if (event.targetInfo.type === 'worker') this.listen(child);
          void child.send('Runtime.enable').catch(() => undefined);
          void child.send('Runtime.runIfWaitingForDebugger').catch(() => undefined);
        });
        await session.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: true });
      } catch {
        // A context gone before it was attached logs nothing more.
      }
    };
    this.browser.on('targetcreated', (target: Target) => void attach(target));
    // A document's address can come after the target (the offscreen document's does).
    this.browser.on('targetchanged', (target: Target) => void attach(target));
    for (const target of this.browser.targets()) void attach(target);
  }

  /** The content script's lines too (it logs into the page's console), marked as the page's. */
  async listenToPage(page: Page): Promise<void> {
    const session = await page.createCDPSession();
    this.sessions.push(session);
    this.listen(session, 'page: ');
    await session.send('Runtime.enable');
  }

  /** Firefox: every context's lines, the content script's included, from the browser's output. */
  listenToFirefox(session: FirefoxSession): void {
    session.onConsoleLine((line) => {
      const at = line.indexOf('Media Recorder');
      if (at >= 0) this.lines.push({ at: Date.now(), text: line.slice(at).replace(/"$/, '') });
    });
  }

  private listen(session: CDPSession, mark = ''): void {
    session.on('Runtime.consoleAPICalled', (event) => {
      const text = event.args.map((arg) => String(arg.value ?? arg.description ?? '')).join(' ');
      // When the line was logged (ms since the epoch), not when it reached the bench: a
      // busy context's lines can come in late, and together.
      if (text.startsWith('Media Recorder')) this.lines.push({ at: Math.round(event.timestamp), text: mark + text });
    });
  }

  /** The lines logged from `from` on, each with its time in ms from `zero`. */
  since(from: number, zero = from): { ms: number; text: string }[] {
    return this.lines
      .filter((line) => line.at >= from)
      .sort((a, b) => a.at - b.at)
      .map((line) => ({ ms: line.at - zero, text: line.text }));
  }

  async stop(): Promise<void> {
    await Promise.all(this.sessions.map((session) => session.detach().catch(() => undefined)));
  }
}
