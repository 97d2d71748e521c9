/**
 * Tabs whose content scripts want session changes. Extension pages hear `runtime.sendMessage`; content
 * scripts only hear `tabs.sendMessage`, so the background remembers which tabs asked (in session storage,
 * so a restarted service worker still knows) and forgets a tab as soon as a message to it fails.
 */
import { storage } from 'wxt/utils/storage';

const watcherTabsItem = storage.defineItem<number[]>('session:watcherTabs', { fallback: [] });

export interface SessionWatchers {
  add(tabId: number): Promise<void>;
  /** Sends `message` to every watching tab; tabs that cannot be reached are dropped. */
  notify(message: unknown): Promise<void>;
}

export function createSessionWatchers(
  sendToTab: (tabId: number, message: unknown) => Promise<unknown>,
): SessionWatchers {
  return {
    async add(tabId) {
      const tabs = await watcherTabsItem.getValue();
      if (!tabs.includes(tabId)) await watcherTabsItem.setValue([...tabs, tabId]);
    },
    async notify(message) {
      const tabs = await watcherTabsItem.getValue();
      const results = await Promise.allSettled(tabs.map((tabId) => sendToTab(tabId, message)));
      const gone = tabs.filter((_, i) => results[i]?.status === 'rejected');
      if (gone.length > 0) {
        const now = await watcherTabsItem.getValue();
        await watcherTabsItem.setValue(now.filter((tabId) => !gone.includes(tabId)));
      }
    },
  };
}
