import { describe, expect, it } from 'vitest';
import { changedForDisplay, parseFrameMedia, tabMediaOf, type FrameMedia } from '../../src/shared/media-report';
import type { MediaDescriptor } from '../../src/shared/media';

function media(id: string, overrides: Partial<MediaDescriptor> = {}): MediaDescriptor {
  return {
    id,
    kind: 'video',
    displayWidth: 640,
    displayHeight: 360,
    visible: true,
    videoWidth: 640,
    videoHeight: 360,
    duration: 10,
    live: false,
    paused: false,
    ended: false,
    currentTime: 1.5,
    hasAudio: true,
    hasVideo: true,
    blocker: null,
    label: 'clip.webm',
    ...overrides,
  };
}

function report(items: MediaDescriptor[], overrides: Partial<FrameMedia> = {}): FrameMedia {
  return { media: items, origin: 'https://example.com', frameOrigins: [], frameChanges: 0, ...overrides };
}

describe('changedForDisplay', () => {
  it('says a first report is new', () => {
    expect(changedForDisplay(undefined, report([]))).toBe(true);
  });

  it('ignores the playing position, which moves on and is not shown', () => {
    expect(changedForDisplay(report([media('m1')]), report([media('m1', { currentTime: 7 })]))).toBe(false);
  });

  it('sees an element added, removed or changed, and a change of child frames', () => {
    const before = report([media('m1')]);
    expect(changedForDisplay(before, report([media('m1'), media('m2')]))).toBe(true);
    expect(changedForDisplay(before, report([]))).toBe(true);
    expect(changedForDisplay(before, report([media('m1', { paused: true })]))).toBe(true);
    expect(changedForDisplay(before, report([media('m1')], { frameChanges: 1 }))).toBe(true);
  });
});

describe('parseFrameMedia', () => {
  it('takes a well-formed report, keeping only the known fields', () => {
    const sent = report([{ ...media('m1'), extra: '<script>' } as MediaDescriptor], {
      frameOrigins: ['https://player.example'],
    });
    const parsed = parseFrameMedia(sent)!;
    expect(parsed.media[0]).toEqual(media('m1'));
    expect(parsed.media[0]).not.toHaveProperty('extra');
    expect(parsed.frameOrigins).toEqual(['https://player.example']);
  });

  it('refuses a report with any wrong field', () => {
    expect(parseFrameMedia(null)).toBeUndefined();
    expect(parseFrameMedia({ ...report([]), media: 'x' })).toBeUndefined();
    expect(parseFrameMedia({ ...report([]), frameChanges: -1 })).toBeUndefined();
    expect(parseFrameMedia({ ...report([]), frameOrigins: [42] })).toBeUndefined();
    expect(parseFrameMedia(report([media('m1', { kind: 'image' as 'video' })]))).toBeUndefined();
    expect(parseFrameMedia(report([media('m1', { blocker: 'hacked' as 'drm' })]))).toBeUndefined();
    expect(parseFrameMedia(report([media('m1', { displayWidth: NaN })]))).toBeUndefined();
    expect(parseFrameMedia(report([media('')]))).toBeUndefined();
    expect(parseFrameMedia(report([media('m1', { label: 'x'.repeat(5000) })]))).toBeUndefined();
  });

  it('refuses more media than any page holds', () => {
    expect(parseFrameMedia(report(Array.from({ length: 501 }, (_, i) => media(`m${i}`))))).toBeUndefined();
  });
});

describe('tabMediaOf', () => {
  it('lists every frame’s media with its frame, and the sites of frames no report came from', () => {
    const frames = new Map<number, FrameMedia>([
      [3, report([media('m1')], { origin: 'https://same.example' })],
      [0, report([media('m1'), media('m2')], { frameOrigins: ['https://same.example', 'https://player.example'] })],
    ]);
    const { media: listed, originsToAsk } = tabMediaOf(frames);
    expect(listed.map((item) => `${item.frameId}:${item.id}`)).toEqual(['0:m1', '0:m2', '3:m1']);
    expect(originsToAsk).toEqual(['https://player.example']);
  });
});
