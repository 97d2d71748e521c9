/**
 * One join as a user makes it, timed inside the popup (run with `popup.evaluate(joinFromPopup, roomId)`): click
 * Join, then read the engine's own account of the join. The first audio bytes are timed where they arrive, in
 * the engine, the way the bare livekit-client page times its own (getStats every 5 ms once `connect()`
 * resolved; utils/engine/first-audio.ts), on the clock every extension context shares
 * (`performance.timeOrigin + performance.now()`). The popup asks nothing of the engine while it connects
 * (the floor's page does nothing else either); it asks every 25 ms once it shows the room connected, until
 * the engine reports its first audio.
 */
import type { ExtensionBrowser } from '../../tests/e2e/harness/browser.ts';
import { offscreenDocumentCount } from '../../tests/e2e/harness/engine-probe.ts';
import type { ExtensionChrome } from '../../tests/e2e/harness/extension-chrome.ts';

declare const chrome: ExtensionChrome;

/** Ms from the click at which each stage was reached; `firstBytes` is the result. */
export type Stages = Record<string, number>;

interface EngineJoinTiming {
  commandAt: number;
  signalConnectedAt?: number;
  connectedAt?: number;
  firstAudioAt?: number;
}

/**
 * Stages: grant = the service's answer reached the session (the room's title is known), engine = the engine
 * got the connect command, signal = LiveKit's signalling answered, connected = `connect()` resolved in the
 * engine, shown = the popup shows the room connected, firstBytes = the engine saw the first audio bytes.
 */
export async function joinFromPopup(roomId: string): Promise<Stages> {
  const button = document.querySelector<HTMLButtonElement>(`[data-room-id="${roomId}"] button.join`);
  if (!button) throw new Error('no Join button');
  const now = () => performance.timeOrigin + performance.now();
  const stages: Stages = {};
  const start = now();
  const reached = (stage: string, at = now()) => {
    stages[stage] ??= at - start;
  };
  const onSession = (message: { type?: string; state?: { room?: { title?: string } | null } }) => {
    if (message.type === 'session:changed' && message.state?.room?.title) reached('grant');
  };
  type Listener = typeof onSession;
  const events = (
    chrome.runtime as unknown as {
      onMessage: Record<'addListener' | 'removeListener', (l: Listener) => void>;
    }
  ).onMessage;
  events.addListener(onSession);
  button.click();
  try {
    for (; ; await new Promise((resolve) => setTimeout(resolve, 5))) {
      if (now() - start > 20_000) throw new Error('no audio within 20 s');
      if (!document.querySelector('.now-playing[data-status="connected"]')) continue;
      reached('shown');
      const reply = (await chrome.runtime
        .sendMessage({ target: 'engine', type: 'engine:stats' })
        .catch(() => null)) as { ok: boolean; value: { join?: EngineJoinTiming } } | null;
      const join = reply?.ok ? reply.value.join : undefined;
      if (join?.firstAudioAt === undefined) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        continue;
      }
      reached('engine', join.commandAt);
      if (join.signalConnectedAt !== undefined) reached('signal', join.signalConnectedAt);
      if (join.connectedAt !== undefined) reached('connected', join.connectedAt);
      reached('firstBytes', join.firstAudioAt);
      return stages;
    }
  } finally {
    events.removeListener(onSession);
  }
}

/**
 * One extension join: open the popup, click Join as soon as the room's button shows (the popup starts the
 * engine when it opens) → first audio bytes in the offscreen engine (`joinFromPopup`); then Leave,
 * close the popup and wait until the engine document is gone, so the next join starts a new one as a user's
 * next listening session does.
 */
export async function extensionJoin(browser: ExtensionBrowser, roomId: string): Promise<Stages> {
  const popup = await browser.openPage('popup.html');
  let stages: Stages;
  try {
    // tsx keeps function names with a __name helper that does not exist inside the page.
    await popup.evaluate('globalThis.__name = (fn) => fn');
    const join = popup.locator(`[data-room-id="${roomId}"] button.join`);
    await join.waitFor({ timeout: 20_000 });
    stages = await popup.evaluate(joinFromPopup, roomId);
    await popup.getByRole('button', { name: 'Leave' }).click();
    await join.waitFor();
  } finally {
    await popup.close();
  }
  for (let t = 0; (await offscreenDocumentCount(browser)) > 0; t++) {
    if (t > 200) throw new Error('offscreen document did not close');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return stages;
}
