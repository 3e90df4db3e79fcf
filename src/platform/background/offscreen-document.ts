/**
 * Chromium's offscreen document, which the extension needs for one thing: an MV3 service
 * worker has no `URL.createObjectURL`, and the downloads API needs a URL for the file.
 */

interface ChromeOffscreen {
  offscreen: {
    createDocument(parameters: { url: string; reasons: string[]; justification: string }): Promise<void>;
    closeDocument(): Promise<void>;
  };
  runtime: {
    getURL(path: string): string;
    getContexts(filter: { contextTypes: string[]; documentUrls?: string[] }): Promise<unknown[]>;
  };
}

const OFFSCREEN_PATH = 'pages/offscreen/offscreen.html';

/** Settles once the document exists and listens; shared by every caller meanwhile. */
let ready: Promise<void> | undefined;
let closing: Promise<void> | undefined;

function chromeApi(): ChromeOffscreen {
  return (globalThis as unknown as { chrome: ChromeOffscreen }).chrome;
}

async function openDocument(): Promise<void> {
  // A document being closed still shows in getContexts but answers nothing: wait it out.
  await closing;
  const chrome = chromeApi();
  const url = chrome.runtime.getURL(OFFSCREEN_PATH);
  const existing = await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'], documentUrls: [url] });
  if (existing.length > 0) return;
  await chrome.offscreen.createDocument({
    url: OFFSCREEN_PATH,
    reasons: ['BLOBS'],
    justification: 'Build the finished file of a recording and make a blob URL of it for the downloads API.',
  });
}

/**
 * One opening at a time: a second caller that looked while the first was creating the
 * document would find it listed before its script listens ("Receiving end does not exist").
 */
export function ensureOffscreenDocument(): Promise<void> {
  ready ??= openDocument().catch((error: unknown) => {
    ready = undefined;
    throw error;
  });
  return ready;
}

export function closeOffscreenDocument(): Promise<void> {
  ready = undefined;
  closing ??= chromeApi()
    .offscreen.closeDocument()
    .catch(() => undefined) // Already closed.
    .finally(() => {
      closing = undefined;
    });
  return closing;
}
