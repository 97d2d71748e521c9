/** Reads what the offscreen engine is receiving, through the extension's own messaging (as the popup would). */

import type { EngineStats } from '../../../utils/protocol/session-state';
import type { ExtensionBrowser } from './browser';
import type { ExtensionChrome } from './extension-chrome';

declare const chrome: ExtensionChrome;

export async function engineStats(browser: ExtensionBrowser): Promise<EngineStats | null> {
  return browser.inWorker(async () => {
    const reply = (await chrome.runtime
      .sendMessage({ target: 'engine', type: 'engine:stats' })
      .catch(() => null)) as { ok: boolean; value: unknown } | null;
    return reply?.ok ? reply.value : null;
  }, null) as Promise<EngineStats | null>;
}

export async function offscreenDocumentCount(browser: ExtensionBrowser): Promise<number> {
  return browser.inWorker(
    async () => (await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] })).length,
    null,
  );
}

/** Polls until audio is arriving: RTP bytes growing between two reads and a decoded level above `minLevel`. */
export async function waitForAudio(
  browser: ExtensionBrowser,
  options: { timeoutMs?: number; minLevel?: number } = {},
): Promise<{ before: EngineStats; after: EngineStats; waitedMs: number }> {
  return pollForAudio(() => engineStats(browser), options);
}

/** The same wait for any browser: `read` returns the engine's stats now (null while it has none). */
export async function pollForAudio(
  read: () => Promise<EngineStats | null>,
  { timeoutMs = 20_000, minLevel = 0.005 } = {},
): Promise<{ before: EngineStats; after: EngineStats; waitedMs: number }> {
  const start = Date.now();
  let last: EngineStats | null = null;
  while (Date.now() - start < timeoutMs) {
    const now = await read();
    if (now && last && now.bytesReceived > last.bytesReceived && now.audioLevel > minLevel) {
      return { before: last, after: now, waitedMs: Date.now() - start };
    }
    last = now;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no audio within ${timeoutMs} ms; last stats: ${JSON.stringify(last)}`);
}
