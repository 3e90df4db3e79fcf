/**
 * Page titles that used to give no file at all (Chromium refused the names), and how the
 * saved file's name is judged: by the rules of tests/support/file-name-rules.ts, and by
 * what of the title it should keep.
 */

import path from 'node:path';
import { expect } from 'vitest';
import { fileNameProblems } from '../../support/file-name-rules';
import { probeFile } from './media-file';

/** A title holding this has its name refused by the downloads API (test builds only). */
export const REFUSED_TITLE = 'Name refused refuse-name-for-test';

export const HOSTILE_TITLES: { label: string; title: string; nameStart: RegExp }[] = [
  {
    label: 'soft hyphen, zero-width space and bidi override',
    title: 'Soft\u00adhyphen zero\u200bwidth \u202eevil\u202c mp4.exe',
    nameStart: /^Softhyphen zerowidth evil mp4\.exe /,
  },
  { label: '300 Japanese characters', title: '日本語の動画タイトル'.repeat(30), nameStart: /^(日本語の動画タイトル)+/ },
  {
    label: 'LRO, RLO and isolates',
    title: '\u202dLeft\u202c \u202eright\u202c \u2066isolated\u2069 \u200f',
    nameStart: /^Left right isolated /,
  },
  { label: 'a Windows device name', title: 'CON.mp4', nameStart: /^CON_\.mp4 / },
  { label: 'emoji sequences', title: 'Family 👨‍👩‍👧‍👦 🇫🇷 👍🏽', nameStart: /^Family 👨👩👧👦 🇫🇷 👍🏽 / },
];

export const titledPage = (title: string) => `/titled-video.html?title=${encodeURIComponent(title)}`;

/** The saved file's name follows every rule, starts as `nameStart` says, and the file plays. */
export function expectSaneFile(file: string, nameStart: RegExp, label: string): void {
  const name = path.basename(file);
  const extension = name.slice(name.lastIndexOf('.') + 1);
  expect(['mp4', 'webm'], `${label}: ${name}`).toContain(extension);
  expect(fileNameProblems(name, extension), `${label}: ${name}`).toEqual([]);
  expect(name, label).toMatch(nameStart);
  expect(name, label).toMatch(/ \d{4}-\d\d-\d\d \d\d-\d\d-\d\d\.(mp4|webm)$/);
  const probed = probeFile(file);
  expect(probed.streams.map((stream) => stream.codec_type).sort(), label).toEqual(['audio', 'video']);
  expect(probed.containerDuration, label).toBeGreaterThan(1);
}

/** The plain name saved when the downloads API refused the title's. */
export const FALLBACK_NAME = /^Recording \d{4}-\d\d-\d\d \d\d-\d\d-\d\d\.(mp4|webm)$/;
