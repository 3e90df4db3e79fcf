import { describe, expect, it } from 'vitest';
import { chooseRecordingFormat, recordableContainers } from '../../src/shared/recording-format';

// What each browser said to MediaRecorder.isTypeSupported on these machines (PLATFORM-NOTES).
const chromium = new Set([
  'video/webm;codecs=vp8,opus',
  'video/webm;codecs=vp9,opus',
  'video/webm;codecs=vp8',
  'video/webm;codecs=vp9',
  'video/mp4;codecs=avc1,opus',
  'video/mp4;codecs=avc1',
  'audio/webm;codecs=opus',
  'audio/mp4;codecs=opus',
]);
const firefox = new Set([
  'video/webm;codecs=vp8,opus',
  'video/webm;codecs=vp8',
  'audio/webm;codecs=opus',
  'audio/ogg;codecs=opus',
]);
const withAac = new Set([...chromium, 'video/mp4;codecs=avc1.42E01E,mp4a.40.2', 'audio/mp4;codecs=mp4a.40.2']);
const supports = (set: Set<string>) => (type: string) => set.has(type);

describe('chooseRecordingFormat', () => {
  it('prefers MP4 with H.264 where the browser records it', () => {
    expect(chooseRecordingFormat({ hasVideo: true, hasAudio: true }, supports(chromium))).toEqual({
      mimeType: 'video/mp4;codecs=avc1,opus',
      container: 'mp4',
      extension: 'mp4',
      hasVideo: true,
      hasAudio: true,
    });
  });

  it('takes H.264 as avc3 (sizes may change mid-stream) over avc1 when the browser records it', () => {
    const withAvc3 = new Set([...chromium, 'video/mp4;codecs=avc3,opus', 'video/mp4;codecs=avc3']);
    expect(chooseRecordingFormat({ hasVideo: true, hasAudio: true }, supports(withAvc3))?.mimeType).toBe(
      'video/mp4;codecs=avc3,opus',
    );
    expect(chooseRecordingFormat({ hasVideo: true, hasAudio: false }, supports(withAvc3))?.mimeType).toBe(
      'video/mp4;codecs=avc3',
    );
  });

  it('takes AAC over Opus in MP4 when there is an AAC encoder', () => {
    expect(chooseRecordingFormat({ hasVideo: true, hasAudio: true }, supports(withAac))?.mimeType).toBe(
      'video/mp4;codecs=avc1.42E01E,mp4a.40.2',
    );
  });

  it('falls back to WebM VP9, then VP8', () => {
    const noMp4 = new Set([...chromium].filter((type) => !type.includes('mp4')));
    expect(chooseRecordingFormat({ hasVideo: true, hasAudio: true }, supports(noMp4))?.mimeType).toBe(
      'video/webm;codecs=vp9,opus',
    );
    expect(chooseRecordingFormat({ hasVideo: true, hasAudio: true }, supports(firefox))).toMatchObject({
      mimeType: 'video/webm;codecs=vp8,opus',
      container: 'webm',
      extension: 'webm',
    });
  });

  it('asks for no audio codec when there is no sound', () => {
    expect(chooseRecordingFormat({ hasVideo: true, hasAudio: false }, supports(chromium))?.mimeType).toBe(
      'video/mp4;codecs=avc1',
    );
    expect(chooseRecordingFormat({ hasVideo: true, hasAudio: false }, supports(firefox))?.mimeType).toBe(
      'video/webm;codecs=vp8',
    );
  });

  it('records audio alone into an audio file named for its container', () => {
    expect(chooseRecordingFormat({ hasVideo: false, hasAudio: true }, supports(chromium))).toMatchObject({
      mimeType: 'audio/mp4;codecs=opus',
      extension: 'm4a',
      hasVideo: false,
    });
    expect(chooseRecordingFormat({ hasVideo: false, hasAudio: true }, supports(firefox))).toMatchObject({
      mimeType: 'audio/webm;codecs=opus',
      extension: 'webm',
    });
    expect(
      chooseRecordingFormat({ hasVideo: false, hasAudio: true }, supports(new Set(['audio/ogg;codecs=opus']))),
    ).toMatchObject({
      container: 'ogg',
      extension: 'ogg',
    });
  });

  it('gives up when nothing fits or there is nothing to record', () => {
    expect(chooseRecordingFormat({ hasVideo: true, hasAudio: true }, () => false)).toBeUndefined();
    expect(chooseRecordingFormat({ hasVideo: false, hasAudio: false }, () => true)).toBeUndefined();
  });

  it('follows the preferred container where the browser records it, and falls back where not', () => {
    const av = { hasVideo: true, hasAudio: true };
    expect(chooseRecordingFormat(av, supports(chromium), 'webm')?.mimeType).toBe('video/webm;codecs=vp9,opus');
    expect(chooseRecordingFormat(av, supports(chromium), 'mp4')?.mimeType).toBe('video/mp4;codecs=avc1,opus');
    expect(chooseRecordingFormat(av, supports(firefox), 'mp4')?.mimeType).toBe('video/webm;codecs=vp8,opus');
    expect(chooseRecordingFormat({ hasVideo: false, hasAudio: true }, supports(chromium), 'webm')?.mimeType).toBe(
      'audio/webm;codecs=opus',
    );
  });

  it('lists the containers a browser can record video into', () => {
    expect(recordableContainers(supports(chromium))).toEqual(['mp4', 'webm']);
    expect(recordableContainers(supports(firefox))).toEqual(['webm']);
  });
});
