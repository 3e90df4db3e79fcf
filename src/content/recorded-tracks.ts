/**
 * The tracks of an element's capture that a recording keeps: its sound, and its picture
 * unless only the sound is wanted. The element is captured as long as any track of it runs,
 * so the others are stopped at once rather than left capturing a picture for nothing.
 */

type Track = Pick<MediaStreamTrack, 'kind' | 'stop'>;

export function keepTracks<T extends Track>(stream: { getTracks(): T[] }, withPicture: boolean): T[] {
  const kept = stream.getTracks().filter((track) => withPicture || track.kind === 'audio');
  for (const track of stream.getTracks()) if (!kept.includes(track)) track.stop();
  return kept;
}
