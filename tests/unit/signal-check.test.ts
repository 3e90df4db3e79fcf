import { describe, expect, it } from 'vitest';
import { isSignal, SIGNAL_GRACE_MS, SignalCheck, type SignalSample } from '../../src/shared/signal-check';

const silentBlack: SignalSample = { soundPeak: 0, pictureLuma: 0, playedMs: 500 };
const loudBright: SignalSample = { soundPeak: 0.3, pictureLuma: 200, playedMs: 500 };

function feed(check: SignalCheck, sample: SignalSample, times: number) {
  let missing = check.missing();
  for (let i = 0; i < times; i++) missing = check.add(sample);
  return missing;
}

describe('SignalCheck', () => {
  it('says nothing during the grace time, then names what is missing', () => {
    const check = new SignalCheck(['sound', 'picture']);
    expect(feed(check, silentBlack, SIGNAL_GRACE_MS / 500 - 1)).toEqual([]);
    expect(feed(check, silentBlack, 1)).toEqual(['sound', 'picture']);
  });

  it('never flags a recording that has sound and picture', () => {
    const check = new SignalCheck(['sound', 'picture']);
    expect(feed(check, loudBright, 40)).toEqual([]);
  });

  it('clears a signal for good once it was there, even if the media goes quiet and dark later', () => {
    const check = new SignalCheck(['sound', 'picture']);
    expect(feed(check, silentBlack, 10)).toEqual(['sound', 'picture']);
    expect(check.add({ soundPeak: 0.2, pictureLuma: 5, playedMs: 500 })).toEqual(['picture']);
    expect(feed(check, silentBlack, 10)).toEqual(['picture']);
  });

  it('only counts time the media played: a paused source is rightly silent and still', () => {
    const check = new SignalCheck(['sound']);
    expect(feed(check, { soundPeak: 0, playedMs: 0 }, 100)).toEqual([]);
  });

  it('treats a measurement the browser refused as no measurement, not as silence', () => {
    const check = new SignalCheck(['sound', 'picture']);
    expect(feed(check, { playedMs: 500 }, 100)).toEqual([]);
  });

  it('judges only what the media has: a video without sound is not "silent"', () => {
    const check = new SignalCheck(['picture']);
    expect(feed(check, { soundPeak: 0, pictureLuma: 120, playedMs: 500 }, 20)).toEqual([]);
  });

  it('tells a dark scene or quiet sound from nothing at all', () => {
    const check = new SignalCheck(['sound', 'picture']);
    expect(feed(check, { soundPeak: 0.001, pictureLuma: 40, playedMs: 500 }, 20)).toEqual([]);
  });

  it('accepts only known signals from the page', () => {
    expect(['sound', 'picture', 'smell', 3].filter(isSignal)).toEqual(['sound', 'picture']);
  });
});
