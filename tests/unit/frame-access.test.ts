import { describe, expect, it } from 'vitest';
import { foreignFrameOrigin, originHost, originPattern, originsToAsk } from '../../src/shared/frame-access';

describe('frame access', () => {
  it('asks for the sites of frames none of the reached frames is from, once each, in order', () => {
    expect(
      originsToAsk(
        ['https://player.example.com', 'https://ads.example.net', 'https://player.example.com', 'https://news.example'],
        ['https://news.example', 'https://ads.example.net'],
      ),
    ).toEqual(['https://player.example.com']);
    expect(originsToAsk([], ['https://news.example'])).toEqual([]);
  });

  it('names a site by its host name, and grants it by a match pattern without the port', () => {
    expect(originHost('https://player.example.com:8443')).toBe('player.example.com');
    expect(originPattern('http://localhost:4000')).toBe('http://localhost/*');
    expect(originPattern('https://player.example.com')).toBe('https://player.example.com/*');
  });

  it('asks access to the frame of a menu click only when it is a web page of another origin than its page', () => {
    const page = 'http://127.0.0.1:4000/embedded-player.html';
    expect(foreignFrameOrigin('http://localhost:4001/framed-video.html', page)).toBe('http://localhost:4001');
    expect(foreignFrameOrigin('http://127.0.0.1:4000/framed-video.html', page)).toBeUndefined();
    expect(foreignFrameOrigin('about:blank', page)).toBeUndefined();
    expect(foreignFrameOrigin(undefined, page)).toBeUndefined();
    expect(foreignFrameOrigin('https://player.example.com/embed/1', undefined)).toBeUndefined();
  });
});
