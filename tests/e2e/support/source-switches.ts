/** A player switching sources while it is recorded (issue #18): the same steps in both browsers. */

/** From the 640×360 clip to a 320×240 one after 6 s, and back after 6 s more (a part needs 5 s). */
export const SWITCHES = [
  { source: '/media/other-size.webm', afterMs: 6000 },
  { source: '/media/clip.webm', afterMs: 6000 },
];

/** The seconds lost at each switch, as the popup or the library shows them ("0.4 s, 0.6 s lost…"). */
export function lostSeconds(shown: string): number[] {
  const line = /sources in one file · (.*) lost while the page switched/.exec(shown)?.[1];
  if (!line) return [];
  return line.split(/,\s+(?=\d)/).map((part) => Number(part.replace(/\s*s$/, '').replace(',', '.')));
}
