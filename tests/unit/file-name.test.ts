import { describe, expect, it } from 'vitest';
import { cleanTitle, fallbackFileName, renderFileName, type FileNameFields } from '../../src/shared/file-name';
import { DEFAULT_FILE_NAME_TEMPLATE } from '../../src/shared/settings';

const date = new Date(2026, 10, 24, 9, 5, 7);

const fields = (overrides: Partial<FileNameFields> = {}): FileNameFields => ({
  title: 'My video',
  pageUrl: 'https://www.example.org/watch?v=1',
  mediaTitle: '',
  startedAt: date,
  ...overrides,
});

describe('renderFileName', () => {
  it('is by default the title, then the local date and time, then the extension', () => {
    expect(renderFileName(DEFAULT_FILE_NAME_TEMPLATE, fields(), 'mp4')).toBe('My video 2026-11-24 09-05-07.mp4');
  });

  it('fills every field of a template', () => {
    expect(renderFileName('{site} - {media} ({date} at {time})', fields({ mediaTitle: 'Clip 3' }), 'webm')).toBe(
      'example.org - Clip 3 (2026-11-24 at 09-05-07).webm',
    );
  });

  it('puts a part suffix after the name, cleaned like the rest', () => {
    expect(renderFileName(DEFAULT_FILE_NAME_TEMPLATE, fields(), 'mp4', 'part 2')).toBe(
      'My video 2026-11-24 09-05-07 part 2.mp4',
    );
    expect(renderFileName('{title}', fields(), 'webm', 'partie/3')).toBe('My video partie 3.webm');
  });

  it('keeps unknown fields visible and drops empty ones cleanly', () => {
    expect(renderFileName('{title} {oops}', fields(), 'mp4')).toBe('My video {oops}.mp4');
    expect(renderFileName('{media} {title}', fields(), 'mp4')).toBe('My video.mp4');
    expect(renderFileName('{media}', fields(), 'm4a')).toBe('Recording.m4a');
  });

  it('never lets a hostile title become a path, a hidden file or a reserved name', () => {
    for (const title of [
      '../../etc/passwd',
      '..',
      'a/b\\c',
      'CON',
      '🎬'.repeat(500),
      'x'.repeat(1000),
      '\u0000\u0007',
    ]) {
      const name = renderFileName('{title}', fields({ title }), 'mp4');
      // eslint-disable-next-line no-control-regex -- control characters are what this looks for
      expect(name).not.toMatch(/[/\\:*?"<>|\u0000-\u001f]/);
      expect(name.startsWith('.')).toBe(false);
      expect(name.replace(/\.mp4$/, '')).not.toMatch(/^(con|prn|aux|nul|com\d|lpt\d)$/i);
      expect(new TextEncoder().encode(name).length).toBeLessThanOrEqual(200);
      expect(name.endsWith('.mp4')).toBe(true);
    }
  });

  it('removes characters file systems or the downloads API refuse', () => {
    expect(cleanTitle('a/b\\c:d*e?f"g<h>i|j~k')).toBe('a b c d e f g h i j k');
    expect(cleanTitle('tab\there\nnew\u0000line')).toBe('tab here new line');
  });

  it('never makes a hidden file, a path or a name Windows drops', () => {
    expect(cleanTitle('../../etc/passwd')).toBe('etc passwd');
    expect(cleanTitle('...dots...')).toBe('dots');
    expect(cleanTitle('  spaced  out  ')).toBe('spaced out');
  });

  it('keeps reserved Windows device names from being the whole name', () => {
    expect(cleanTitle('CON')).toBe('CON_');
    expect(cleanTitle('lpt1.txt')).toBe('lpt1_.txt');
    expect(cleanTitle('con .txt')).toBe('con_ .txt');
    expect(cleanTitle('Console')).toBe('Console');
  });

  it('falls back to a plain word when nothing is left', () => {
    expect(cleanTitle('')).toBe('Recording');
    expect(cleanTitle('///')).toBe('Recording');
  });

  it('caps long titles in bytes of UTF-8 without splitting an emoji', () => {
    expect(cleanTitle('🎬'.repeat(150), 100)).toBe('🎬'.repeat(25));
    expect(cleanTitle('x'.repeat(1000), 100)).toHaveLength(100);
    expect(cleanTitle('日本'.repeat(100), 100)).toBe('日本'.repeat(16) + '日');
  });

  it('keeps the date and time when the title is long, and the part suffix', () => {
    const name = renderFileName(DEFAULT_FILE_NAME_TEMPLATE, fields({ title: 'あ'.repeat(300) }), 'mp4', 'part 2');
    expect(name).toMatch(/^あ+ 2026-11-24 09-05-07 part 2\.mp4$/);
    expect(new TextEncoder().encode(name).length).toBeLessThanOrEqual(200);
    expect(new TextEncoder().encode(name).length).toBeGreaterThan(195);
  });

  it('gives the fallback word, localized by the caller, when nothing is left', () => {
    expect(renderFileName('{title}', fields({ title: '\u200b\u00ad' }), 'webm', '', 'Enregistrement')).toBe(
      'Enregistrement.webm',
    );
    expect(fallbackFileName('Enregistrement', date, 'webm', 'partie 2')).toBe(
      'Enregistrement 2026-11-24 09-05-07 partie 2.webm',
    );
    expect(fallbackFileName('\u202e', date, 'mp4')).toBe('Recording 2026-11-24 09-05-07.mp4');
  });
});
