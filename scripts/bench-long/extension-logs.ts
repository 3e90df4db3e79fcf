/**
 * `--logs`: what the extension's own contexts log (Chromium's service worker and offscreen
 * document), each line with its time from Stop, to see where the time between the press
 * and the download goes. Chromium only: Firefox's background page is not a target here.
 */

import type { Browser, ConsoleMessage, Target } from 'puppeteer-core';

export class ExtensionLogs {
  private readonly lines: { at: number; where: string; text: string }[] = [];
  private stopAt = 0;

  constructor(private readonly browser: Browser) {}

  async start(): Promise<void> {
    const attach = async (target: Target) => {
      const url = target.url();
      if (!url.startsWith('chrome-extension://')) return;
      const where = url.includes('offscreen') ? 'offscreen' : target.type() === 'service_worker' ? 'worker' : '';
      if (!where) return;
      const log = (message: ConsoleMessage) => this.lines.push({ at: Date.now(), where, text: message.text() });
      if (target.type() === 'service_worker') (await target.worker())?.on('console', log);
      else (await target.asPage()).on('console', log);
    };
    this.browser.on('targetcreated', (target: Target) => void attach(target).catch(() => undefined));
    await Promise.all(this.browser.targets().map((target) => attach(target).catch(() => undefined)));
  }

  stopPressed(at: number): void {
    this.stopAt = at;
  }

  /** The lines logged from a second before Stop on, with their time from it. */
  print(): void {
    for (const line of this.lines.filter((logged) => logged.at >= this.stopAt - 1000)) {
      console.log(`  ${((line.at - this.stopAt) / 1000).toFixed(3)} s ${line.where}: ${line.text}`);
    }
  }
}
