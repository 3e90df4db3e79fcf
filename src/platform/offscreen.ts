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

let creating: Promise<void> | undefined;

function chromeApi(): ChromeOffscreen {
  return (globalThis as unknown as { chrome: ChromeOffscreen }).chrome;
}

export async function ensureOffscreenDocument(): Promise<void> {
  const chrome = chromeApi();
  const url = chrome.runtime.getURL(OFFSCREEN_PATH);
  const existing = await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'], documentUrls: [url] });
  if (existing.length > 0) return;
  // Two saves at once must not both try to create it: the second call would throw.
  creating ??= chrome.offscreen
    .createDocument({
      url: OFFSCREEN_PATH,
      reasons: ['BLOBS'],
      justification: 'Make a blob URL of a finished recording for the downloads API.',
    })
    .finally(() => {
      creating = undefined;
    });
  await creating;
}

export async function closeOffscreenDocument(): Promise<void> {
  try {
    await chromeApi().offscreen.closeDocument();
  } catch {
    // Already closed.
  }
}
