import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, errorMessageKey } from '../../src/shared/errors';
import { missingSignalMessageKey, type Signal } from '../../src/shared/signal-check';

const root = path.resolve(import.meta.dirname, '../..');
const load = (locale: string): Record<string, { message: string }> =>
  JSON.parse(readFileSync(path.join(root, 'src/_locales', locale, 'messages.json'), 'utf8'));
const en = load('en');
const fr = load('fr');

/** Every source file, so a string added anywhere is checked. */
function filesUnder(folder: string): string[] {
  return readdirSync(path.join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(ts|html)$/.test(file))
    .map((file) => path.join(folder, file));
}
const sourceFiles = [...filesUnder('src'), 'manifest.json'].map((file) => readFileSync(path.join(root, file), 'utf8'));

describe('locales', () => {
  it('has the same messages in English and French, none empty', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    for (const messages of [en, fr])
      for (const entry of Object.values(messages)) expect(entry.message.trim()).not.toBe('');
  });

  it('explains every error code', () => {
    for (const code of ERROR_CODES) expect(en[errorMessageKey(code)], code).toBeDefined();
  });

  it('says when sound or picture is missing, while recording and in the file', () => {
    for (const signal of ['sound', 'picture'] satisfies Signal[])
      for (const finished of [false, true])
        expect(en[missingSignalMessageKey(signal, finished)], `${signal} ${finished}`).toBeDefined();
  });

  it('defines every key the markup and code ask for', () => {
    const asked = new Set<string>();
    for (const text of sourceFiles) {
      for (const match of text.matchAll(/data-i18n(?:-[a-z-]+)?="([^"]+)"/g)) asked.add(match[1]!);
      for (const match of text.matchAll(/\bt\('([a-zA-Z_]+)'/g)) asked.add(match[1]!);
      for (const match of text.matchAll(/__MSG_([a-zA-Z_]+)__/g)) asked.add(match[1]!);
      for (const match of text.matchAll(
        /'((?:end|error|state|kind|media|popup|options|notify|library|menu|badge|indicator|command)_[a-zA-Z_]+)'/g,
      ))
        asked.add(match[1]!);
    }
    // Each way of asking is read: a t() call, markup, the manifest, a key in a table.
    for (const key of ['popup_record', 'options_stopWhenMediaEnds', 'extensionName', 'end_parts_limit'])
      expect(asked, key).toContain(key);
    for (const key of asked) expect(en[key], key).toBeDefined();
  });

  it('names every recording state and media kind the popup can show', () => {
    const states = ['idle', 'starting', 'recording', 'paused', 'stopping', 'finalizing', 'saved', 'failed'];
    const presets = ['standard', 'high', 'source'].map((preset) => `options_quality_${preset}`);
    for (const key of [...states.map((state) => `state_${state}`), 'kind_video', 'kind_audio', ...presets])
      expect(en[key], key).toBeDefined();
  });

  it('translates every message, but for the few that read the same in French', () => {
    const sameInFrench = [
      'extensionName',
      'popup_pause',
      'kind_audio',
      'media_fallbackLabel',
      'options_quality_standard',
      'indicator_recording',
      'options_accessHeading',
    ];
    const untranslated = Object.keys(en).filter((key) => en[key]!.message === fr[key]?.message);
    expect(untranslated.sort()).toEqual(sameInFrench.sort());
  });

  it('fills the same placeholders in both languages, each one defined', () => {
    const used = (message: string) => [...message.matchAll(/\$([A-Z_]+)\$/g)].map((match) => match[1]!.toLowerCase());
    for (const [key, entry] of Object.entries(en)) {
      const inEnglish = used(entry.message).sort();
      expect(used(fr[key]!.message).sort(), key).toEqual(inEnglish);
      for (const locale of [en, fr]) {
        const defined = Object.keys((locale[key] as { placeholders?: object }).placeholders ?? {});
        for (const name of inEnglish) expect(defined, `${key}: $${name.toUpperCase()}$`).toContain(name);
      }
    }
  });
});
