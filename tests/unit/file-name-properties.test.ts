/**
 * File names from hostile titles, judged by a validator written here from the browsers'
 * and file systems' rules (see the comment in src/shared/file-name.ts for their sources),
 * not from the code under test.
 */
import { describe, expect, it } from 'vitest';
import { renderFileName, type FileNameFields } from '../../src/shared/file-name';
import { DEFAULT_FILE_NAME_TEMPLATE } from '../../src/shared/settings';
import { BUDGET, fileNameProblems as problems } from '../support/file-name-rules';

const date = new Date(2026, 10, 24, 9, 5, 7);
const fields = (title: string): FileNameFields => ({
  title,
  pageUrl: 'https://example.org/',
  mediaTitle: '',
  startedAt: date,
});

const utf8 = new TextEncoder();
const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
const graphemesOf = (text: string): string[] => Array.from(segmenter.segment(text), ({ segment }) => segment);

const expectValid = (name: string, extension: string, title: string) =>
  expect(problems(name, extension), `${JSON.stringify(title)} → ${JSON.stringify(name)}`).toEqual([]);

/** What the browsers drop, so a grapheme comparison is made on what is left. */
const withoutDropped = (text: string) => text.normalize('NFC').replace(/[\p{Cf}\p{Cn}\p{Co}\p{Cs}]/gu, '');

// A small deterministic generator, so a failure replays.
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const CATEGORIES = [
  'Cn',
  'Co',
  'Cs',
  'Cc',
  'Cf',
  'Lu',
  'Ll',
  'Lt',
  'Lm',
  'Lo',
  'Mn',
  'Mc',
  'Me',
  'Nd',
  'Nl',
  'No',
  'Pc',
  'Pd',
  'Ps',
  'Pe',
  'Pi',
  'Pf',
  'Po',
  'Sm',
  'Sc',
  'Sk',
  'So',
  'Zs',
  'Zl',
  'Zp',
] as const;

function codePointsByCategory(): Map<string, number[]> {
  const tests = CATEGORIES.map((name) => [name, new RegExp(`^\\p{gc=${name}}$`, 'u')] as const);
  const groups = new Map<string, number[]>(CATEGORIES.map((name) => [name, []]));
  for (let code = 0; code <= 0x10ffff; code++) {
    const char = String.fromCodePoint(code);
    const category = tests.find(([, test]) => test.test(char));
    groups.get(category![0])!.push(code);
  }
  return groups;
}

describe('file names from any title', () => {
  it('are valid for titles made of every Unicode general category', () => {
    const groups = codePointsByCategory();
    const next = random(14);
    for (const [category, codes] of groups) {
      expect(codes.length, category).toBeGreaterThan(0);
      const sample = Array.from(
        { length: Math.min(300, codes.length) },
        () => codes[Math.floor(next() * codes.length)]!,
      );
      const run = String.fromCodePoint(...sample);
      const titles = [
        run,
        run.slice(0, 40),
        `a${run.slice(0, 9)}b`,
        ...sample.slice(0, 60).map((code) => String.fromCodePoint(code)),
      ];
      for (const title of titles) {
        for (const [template, suffix] of [
          ['{title}', ''],
          [DEFAULT_FILE_NAME_TEMPLATE, 'part 2'],
        ] as const) {
          expectValid(renderFileName(template, fields(title), 'webm', suffix), 'webm', title);
        }
      }
    }
  });

  it('are valid for lone surrogates, controls and marks at the ends', () => {
    for (const title of [
      '\ud800',
      'a\udc00b',
      '\udfff\ud800',
      '\u0301abc',
      '\u00ad\u200b\u202eevil\u202c.exe',
      '\ufeff\u2066x\u2069',
    ]) {
      expectValid(renderFileName('{title}', fields(title), 'mp4'), 'mp4', title);
    }
  });

  it('are valid for reserved device names, whatever follows them', () => {
    const titles = [
      'con',
      'CON',
      'CON.mp4',
      'con .txt',
      'LPT1.tar.gz',
      'aux.',
      'nul...',
      'Com¹',
      'lpt³ .x',
      'conin$',
      'CLOCK$.x',
      'prn  ',
      ' NUL',
    ];
    for (const title of titles)
      for (const extension of ['mp4', 'webm'])
        for (const suffix of ['', 'part 2'])
          expectValid(renderFileName('{title}', fields(title), extension, suffix), extension, title);
    expect(renderFileName('{title}', fields('CON.mp4'), 'mp4')).toBe('CON_.mp4.mp4');
  });

  it('are valid for trailing dots and spaces, and never empty or dots only', () => {
    for (const title of [
      'name. . .',
      '   ',
      '. .',
      '...',
      '~~~',
      'a~',
      '.hidden',
      ' x ',
      '\u3000x\u3000',
      '\u00a0.\u00a0',
    ]) {
      const name = renderFileName('{title}', fields(title), 'mp4');
      expectValid(name, 'mp4', title);
    }
  });

  const words: Record<string, string[]> = {
    Japanese: ['日本語', 'の', 'タイトル', 'とても', '長い', '動画', 'ですね', 'ガ', 'パ'],
    Arabic: ['مَرْحَبًا', 'بِالْعَالَمِ', 'فيديو', 'طويل', 'جدًّا'],
    Hebrew: ['שָׁלוֹם', 'עוֹלָם', 'סרטון', 'ארוך'],
    Devanagari: ['नमस्ते', 'क्षत्रिय', 'हिन्दी', 'वीडियो', 'स्त्री'],
    Cyrillic: ['Привет', 'мир', 'очень', 'длинное', 'видео', 'й'],
    Thai: ['สวัสดี', 'ครับ', 'วิดีโอ', 'ที่', 'ยาวมาก', 'น้ำ'],
    Emoji: ['👨‍👩‍👧‍👦', '🇫🇷', '🇯🇵', '👍🏽', '🧑🏿‍🚀', '1️⃣', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '❤️‍🔥', 'é'],
  };

  for (const [script, pool] of Object.entries(words)) {
    it(`cut a 1,000-character ${script} title within the budget, between graphemes`, () => {
      const next = random(script.length);
      for (let round = 0; round < 20; round++) {
        let title = '';
        while (title.length < 1000) title += pool[Math.floor(next() * pool.length)]! + (next() < 0.7 ? ' ' : '');
        for (const [template, suffix, extension] of [
          ['{title}', '', 'mp4'],
          ['{title}', 'part 12', 'webm'],
          [DEFAULT_FILE_NAME_TEMPLATE, '', 'm4a'],
        ] as const) {
          const name = renderFileName(template, fields(title), extension, suffix);
          expectValid(name, extension, title);
          expect(utf8.encode(name).length).toBeGreaterThan(BUDGET - 30);
          // The kept part of the title is whole graphemes from its start.
          const kept =
            template === '{title}'
              ? name.slice(0, name.length - extension.length - 1 - (suffix ? suffix.length + 1 : 0))
              : name.replace(/ 2026-11-24 09-05-07\.m4a$/, '');
          const cleaned = graphemesOf(withoutDropped(title).trim());
          const keptGraphemes = graphemesOf(kept);
          expect(keptGraphemes.length).toBeGreaterThan(0);
          expect(keptGraphemes, `${script}: ${kept}`).toEqual(cleaned.slice(0, keptGraphemes.length));
        }
      }
    });
  }
});
