/**
 * A live HLS stream made from the VOD one (stream-fixtures.ts): under /media/hls/live/ the
 * variant playlists lose their end marker and list only the segments "broadcast" so far,
 * one more every segment's length of real time since the master playlist was fetched. A
 * player sees what a live channel gives it: no end, a playlist that grows on each reload.
 */

const LIVE_PREFIX = '/media/hls/live/';
const SEGMENTS_AT_START = 4;
const SEGMENT_MS = 2000;

let broadcastSince = Date.now();

/** The VOD file a live URL stands for (same folder, same name), or undefined if not live. */
export function liveSourcePath(urlPath: string): string | undefined {
  return urlPath.startsWith(LIVE_PREFIX) ? `/media/hls/${urlPath.slice(LIVE_PREFIX.length)}` : undefined;
}

/** The playlist as it reads now: the master restarts the broadcast, a variant shows its part. */
export function livePlaylist(vodText: string): string {
  if (vodText.includes('#EXT-X-STREAM-INF')) {
    broadcastSince = Date.now();
    return vodText;
  }
  const available = SEGMENTS_AT_START + Math.floor((Date.now() - broadcastSince) / SEGMENT_MS);
  const lines = vodText.split('\n').filter((line) => !/^#EXT-X-(ENDLIST|PLAYLIST-TYPE)/.test(line));
  const firstSegment = lines.findIndex((line) => line.startsWith('#EXTINF'));
  const header = lines.slice(0, firstSegment);
  const segments = lines.slice(firstSegment).filter((line) => line.trim() !== '');
  return [...header, ...segments.slice(0, available * 2), ''].join('\n');
}
