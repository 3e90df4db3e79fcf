/**
 * Chromium: what the extension's own contexts (the service worker, the offscreen document
 * that finishes the file) log, each line with the time it came (Date.now()), so a run can
 * say where its time after Stop went ("finished by index only in … ms"). Firefox gives
 * test drivers no access to its extension contexts; there the log stays empty.
 */

import type { Browser, CDPSession, Target } from 'puppeteer-core';

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
        session.on('Runtime.consoleAPICalled', (event) => {
          const text = event.args.map((arg) => String(arg.value ?? arg.description ?? '')).join(' ');
          if (text.startsWith('Media Recorder')) this.lines.push({ at: Date.now(), text });
        });
        await session.send('Runtime.enable');
      } catch {
        // A context gone before it was attached logs nothing more.
      }
    };
    this.browser.on('targetcreated', (target: Target) => void attach(target));
    // A document's address can come after the target (the offscreen document's does).
    this.browser.on('targetchanged', (target: Target) => void attach(target));
    for (const target of this.browser.targets()) void attach(target);
  }

  /** The lines logged from `from` on, each with its time in ms from `zero`. */
  since(from: number, zero = from): { ms: number; text: string }[] {
    return this.lines.filter((line) => line.at >= from).map((line) => ({ ms: line.at - zero, text: line.text }));
  }

  async stop(): Promise<void> {
    await Promise.all(this.sessions.map((session) => session.detach().catch(() => undefined)));
  }
}
