/**
 * Wake-ups that outlive the background: an idle service worker (Chromium) or event page
 * (Firefox) is stopped with its timers, but an alarm starts it again and is delivered.
 */

import browser from 'webextension-polyfill';

export interface WakeUps {
  /** Wakes the background at `when` (ms since the epoch) with `name`, replacing one of that name. */
  set(name: string, when: number): void;
  clear(name: string): void;
}

export const wakeUps: WakeUps = {
  set: (name, when) => void browser.alarms.create(name, { when }),
  clear: (name) => void browser.alarms.clear(name),
};

/** Listens at the top level of the background, so a wake-up that started it is delivered. */
export function onWakeUp(listener: (name: string) => void): void {
  browser.alarms.onAlarm.addListener((alarm) => listener(alarm.name));
}
