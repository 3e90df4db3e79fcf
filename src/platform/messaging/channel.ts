/**
 * The runtime-message envelope and the sender checks shared by the protocol, the recording
 * port and the test relay: the only code that touches runtime.onMessage and sendMessage.
 */

import browser, { type Runtime } from 'webextension-polyfill';

export type Destination = 'background' | 'content' | 'offscreen';

interface Envelope {
  channel: typeof CHANNEL;
  to: Destination;
  type: string;
  payload: unknown;
}

const CHANNEL = 'media-recorder';

export type RequestMap<Map> = { [K in keyof Map]: { request: unknown; response: unknown } };

export type Handlers<Map extends RequestMap<Map>> = {
  [K in keyof Map]: (payload: Map[K]['request'], sender: Runtime.MessageSender) => Promise<Map[K]['response']>;
};

export function envelope(to: Destination, type: string, payload: unknown): Envelope {
  return { channel: CHANNEL, to, type, payload };
}

export function isEnvelope(message: unknown, to: Destination): message is Envelope {
  const candidate = message as Partial<Envelope> | null;
  return candidate?.channel === CHANNEL && candidate.to === to && typeof candidate.type === 'string';
}

const extensionOrigin = () => browser.runtime.getURL('');

/** A message from one of this extension's own pages (popup, offscreen, library). */
export function isFromExtensionPage(sender: Runtime.MessageSender): boolean {
  return sender.id === browser.runtime.id && (sender.url ?? '').startsWith(extensionOrigin());
}

/** The path of the extension page that sent a message (`popup/popup.html`), or undefined. */
export function extensionPageOf(sender: Runtime.MessageSender): string | undefined {
  if (!isFromExtensionPage(sender)) return undefined;
  return new URL(sender.url!).pathname.replace(/^\//, '');
}

export const POPUP = 'popup/popup.html';
export const LIBRARY = 'pages/library/library.html';

/** A message from this extension at all (its pages, its background, its content scripts). */
export function isFromThisExtension(sender: Runtime.MessageSender): boolean {
  return sender.id === browser.runtime.id;
}

export function listen<Map extends RequestMap<Map>>(
  to: Destination,
  handlers: Handlers<Map>,
  accept: (sender: Runtime.MessageSender, type: string) => boolean,
): void {
  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
    // Returning undefined leaves the message to the context it is meant for.
    if (!isEnvelope(message, to) || !accept(sender, message.type)) return undefined;
    const handler = (handlers as Record<string, (payload: unknown, sender: Runtime.MessageSender) => Promise<unknown>>)[
      message.type
    ];
    if (!handler) return undefined;
    return handler(message.payload, sender);
  });
}
