/** The audio engine's host in Chrome and Edge: an offscreen document, through Chrome's own `offscreen` API. */
import type { browser } from 'wxt/browser';
import type { EngineHost } from './engine-host';
import { createOffscreenEngineHost } from './engine-host-offscreen';

/** Chrome's own namespace: the offscreen API and `runtime.getContexts` are used as Chrome ships them. */
declare const chrome: typeof browser;

export function chromeOffscreenEngineHost(): EngineHost {
  return createOffscreenEngineHost({
    createDocument: (parameters) =>
      chrome.offscreen.createDocument({
        ...parameters,
        reasons: parameters.reasons as `${Browser.offscreen.Reason}`[],
      }),
    closeDocument: () => chrome.offscreen.closeDocument(),
    hasDocument: async () =>
      (
        await chrome.runtime.getContexts({
          contextTypes: ['OFFSCREEN_DOCUMENT' as Browser.runtime.ContextType],
        })
      ).length > 0,
    sendMessage: (message) => chrome.runtime.sendMessage(message),
  });
}

/**
 * Extension storage is readable by content scripts unless closed. `session` storage is closed by default; Chrome
 * can close `local` too (where it cannot, the call fails and the defaults stay).
 */
export async function closeStorageToContentScripts(): Promise<void> {
  for (const area of [chrome.storage.local, chrome.storage.session]) {
    await (area as { setAccessLevel?: (o: { accessLevel: string }) => Promise<void> })
      .setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' })
      .catch(() => undefined);
  }
}
