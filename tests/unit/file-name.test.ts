import { describe, expect, it } from 'vitest';
import { cleanTitle, formatTimestamp, recordingFileName } from '../../src/shared/file-name';

const date = new Date(2026, 10, 24, 9, 5, 7);

describe('recordingFileName', () => {
  it('is the title, then the local date and time, then the extension', () => {
    expect(recordingFileName('My video', date, 'mp4')).toBe('My video 2026-11-24 09-05-07.mp4');
    expect(formatTimestamp(date)).toBe('2026-11-24 09-05-07');
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
    expect(cleanTitle('lpt1.txt')).toBe('lpt1.txt_');
    expect(cleanTitle('Console')).toBe('Console');
  });

  it('falls back to a plain word when nothing is left', () => {
    expect(cleanTitle('')).toBe('Recording');
    expect(cleanTitle('///')).toBe('Recording');
  });

  it('caps long titles without splitting an emoji', () => {
    const long = '🎬'.repeat(150);
    const cleaned = cleanTitle(long);
    expect(Array.from(cleaned)).toHaveLength(100);
    expect(cleaned).toBe('🎬'.repeat(100));
    expect(cleanTitle('x'.repeat(1000))).toHaveLength(100);
  });
});
