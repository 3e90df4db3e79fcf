/**
 * Which sites' frames the extension could not reach: frames the page holds, from origins
 * none of the reached frames is from. Each is a site to ask the user access to.
 */
export function originsToAsk(reportedFrameOrigins: readonly string[], reachedOrigins: readonly string[]): string[] {
  const reached = new Set(reachedOrigins);
  return [...new Set(reportedFrameOrigins)].filter((origin) => !reached.has(origin)).sort();
}

/**
 * The match pattern that grants access to one origin's pages. Without its port: Firefox
 * accepts a pattern with one but then matches no page with it (seen in Firefox ESR 153).
 */
export function originPattern(origin: string): string {
  const url = new URL(origin);
  return `${url.protocol}//${url.hostname}/*`;
}

/** The site's name shown to people ("player.example.com"): what the pattern grants. */
export function originHost(origin: string): string {
  try {
    return new URL(origin).hostname;
  } catch {
    return origin;
  }
}

/**
 * The origin of a frame to ask access to before reaching into it: a web frame from another
 * origin than its page (the page's own origin comes with the user's click, `activeTab`).
 * Undefined for the page itself, same-origin frames and frames that are no web page.
 */
export function foreignFrameOrigin(frameUrl: string | undefined, pageUrl: string | undefined): string | undefined {
  if (!frameUrl || !pageUrl) return undefined;
  try {
    const frame = new URL(frameUrl);
    if (frame.protocol !== 'http:' && frame.protocol !== 'https:') return undefined;
    return frame.origin === new URL(pageUrl).origin ? undefined : frame.origin;
  } catch {
    return undefined;
  }
}
