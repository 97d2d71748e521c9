/**
 * The rooms service URL as the content script learns it. Extension storage is closed to content scripts (it
 * holds the session token), so the background tells: once on request, then on every change to the tabs that
 * watch the session.
 */
import { browser } from 'wxt/browser';
import { ask } from '@/utils/protocol/ask';
import { DEFAULT_SERVICE_URL } from '@/utils/protocol/default-service-url';
import type { ConfigChangedEvent } from '@/utils/protocol/events';
import { isFor } from '@/utils/protocol/reply';

const valid = (value: unknown): string => (typeof value === 'string' && value ? value : DEFAULT_SERVICE_URL);

export async function readServiceUrl(): Promise<string> {
  try {
    return valid((await ask('feed:config')).serviceUrl);
  } catch {
    return DEFAULT_SERVICE_URL;
  }
}

/** Calls `listener` with the new URL whenever it changes, until `signal` aborts. */
export function watchServiceUrl(listener: (url: string) => void, signal: AbortSignal): void {
  const handler = (raw: unknown) => {
    const event = raw as Partial<ConfigChangedEvent> | null;
    if (isFor(raw, 'views') && event?.type === 'config:changed') listener(valid(event.serviceUrl));
    return undefined;
  };
  browser.runtime.onMessage.addListener(handler);
  signal.addEventListener('abort', () => browser.runtime.onMessage.removeListener(handler), { once: true });
}
