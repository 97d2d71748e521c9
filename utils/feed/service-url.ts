/**
 * The rooms service URL as the content script reads it. Same key and default as `serviceUrlItem` in
 * utils/settings.ts, read without that module: it also defines a `session:` storage item, and WXT reads every
 * defined item once at load, which in a content script (no access to storage.session) is an uncaught
 * rejection on the page's console.
 */
import { browser } from 'wxt/browser';

export const SERVICE_URL_KEY = 'serviceUrl';
export const DEFAULT_SERVICE_URL = 'http://127.0.0.1:8787';

const valid = (value: unknown): string => (typeof value === 'string' && value ? value : DEFAULT_SERVICE_URL);

export async function readServiceUrl(): Promise<string> {
  try {
    return valid((await browser.storage.local.get(SERVICE_URL_KEY))[SERVICE_URL_KEY]);
  } catch {
    return DEFAULT_SERVICE_URL;
  }
}

/** Calls `listener` with the new URL whenever it changes. Returns an unsubscribe function. */
export function watchServiceUrl(listener: (url: string) => void): () => void {
  const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'local' && SERVICE_URL_KEY in changes) listener(valid(changes[SERVICE_URL_KEY]?.newValue));
  };
  browser.storage.onChanged.addListener(onChanged);
  return () => browser.storage.onChanged.removeListener(onChanged);
}
