/**
 * The rooms service URL as the content script learns it. Extension storage is closed to content scripts (it
 * holds the session token), so the background tells: once on request, then on every change to the tabs that
 * watch the session.
 */
import { browser } from 'wxt/browser';
import type { ConfigChangedEvent } from '@/utils/protocol/messages';
import { ask } from './feed-client';

export const DEFAULT_SERVICE_URL = 'http://127.0.0.1:8787';

const valid = (value: unknown): string => (typeof value === 'string' && value ? value : DEFAULT_SERVICE_URL);

export async function readServiceUrl(): Promise<string> {
  try {
    return valid((await ask({ target: 'background', type: 'feed:config' })).serviceUrl);
  } catch {
    return DEFAULT_SERVICE_URL;
  }
}

/** Calls `listener` with the new URL whenever it changes. Returns an unsubscribe function. */
export function watchServiceUrl(listener: (url: string) => void): () => void {
  const handler = (raw: unknown) => {
    const event = raw as Partial<ConfigChangedEvent> | null;
    if (event?.target === 'views' && event.type === 'config:changed') listener(valid(event.serviceUrl));
    return undefined;
  };
  browser.runtime.onMessage.addListener(handler);
  return () => browser.runtime.onMessage.removeListener(handler);
}
