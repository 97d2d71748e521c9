/** Who sent a runtime message. Only the extension's own pages (not content scripts in web pages) may drive the engine. */
import { browser } from 'wxt/browser';

export interface MessageSender {
  id?: string;
  url?: string;
}

export function isExtensionPage(
  sender: MessageSender,
  extensionOrigin = browser.runtime.getURL('/'),
): boolean {
  return (
    sender.id === browser.runtime.id &&
    typeof sender.url === 'string' &&
    sender.url.startsWith(extensionOrigin)
  );
}
