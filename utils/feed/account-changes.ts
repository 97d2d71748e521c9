/**
 * Sign-ins and sign-outs, as the content script learns of them: the background tells the tabs that watch the
 * session (`account:changed`), so what the feed shows for the viewer (the bar's rooms, X's chips) is loaded
 * again at once rather than at its next refresh.
 */
import { browser } from 'wxt/browser';
import type { AccountChangedEvent } from '@/utils/protocol/events';
import { isFor } from '@/utils/protocol/reply';

/** Calls `listener` each time the account changes, until `signal` aborts. */
export function watchAccountChanges(listener: () => void, signal: AbortSignal): void {
  const handler = (raw: unknown) => {
    const event = raw as Partial<AccountChangedEvent> | null;
    if (isFor(raw, 'views') && event?.type === 'account:changed') listener();
    return undefined;
  };
  browser.runtime.onMessage.addListener(handler);
  signal.addEventListener('abort', () => browser.runtime.onMessage.removeListener(handler), { once: true });
}
