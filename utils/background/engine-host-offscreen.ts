/**
 * Chrome / Edge: the engine lives in an MV3 offscreen document, so audio survives the popup closing,
 * tab changes and the service worker going to sleep.
 */

import type { EngineAnswerOf, EngineCommandOf, EngineCommandType } from '../protocol/engine-protocol';
import { type Reply, unwrap } from '../protocol/reply';
import type { EngineHost } from './engine-host';

/** The slice of `chrome.offscreen` and `chrome.runtime` the host needs; passed in so tests can supply it. */
export interface OffscreenApi {
  createDocument(parameters: { url: string; reasons: string[]; justification: string }): Promise<void>;
  closeDocument(): Promise<void>;
  /** Whether this extension has an offscreen document open (via `runtime.getContexts`). */
  hasDocument(): Promise<boolean>;
  sendMessage(message: unknown): Promise<unknown>;
}

export const OFFSCREEN_PATH = '/offscreen.html';
/**
 * `WEB_RTC` keeps the document alive through silence; a document opened for `AUDIO_PLAYBACK` alone is closed
 * after 30 s without audible sound, which would drop a quiet room. `USER_MEDIA` is declared from the start
 * because a listener invited on stage must publish the microphone without the document (and the room) being
 * recreated.
 */
export const OFFSCREEN_REASONS = ['WEB_RTC', 'AUDIO_PLAYBACK', 'USER_MEDIA'];

const NOT_READY = /Receiving end does not exist|Could not establish connection/i;

export function createOffscreenEngineHost(api: OffscreenApi, retryDelayMs = 50): EngineHost {
  let creating: Promise<void> | null = null;

  /** The check and the creation are one step, so a close() that comes meanwhile waits for both. */
  async function openUnlessOpen(): Promise<void> {
    if (await api.hasDocument()) return;
    await api.createDocument({
      url: OFFSCREEN_PATH,
      reasons: OFFSCREEN_REASONS,
      justification: 'Plays the live audio room you joined while you keep browsing.',
    });
  }

  function ensure(): Promise<void> {
    creating ??= openUnlessOpen().finally(() => {
      creating = null;
    });
    return creating;
  }

  async function send<T extends EngineCommandType>(command: EngineCommandOf<T>): Promise<EngineAnswerOf<T>> {
    // A just-created document may not have registered its listener yet: retry briefly on "no receiver".
    for (let attempt = 0; ; attempt++) {
      try {
        return unwrap((await api.sendMessage(command)) as Reply<EngineAnswerOf<T>> | undefined, command.type);
      } catch (error) {
        if (attempt >= 40 || !(error instanceof Error) || !NOT_READY.test(error.message)) throw error;
        await new Promise((resolve) => setTimeout(resolve, retryDelayMs));
      }
    }
  }

  async function close(): Promise<void> {
    if (creating) await creating.catch(() => undefined);
    if (await api.hasDocument()) await api.closeDocument();
  }

  return { ensure, exists: () => api.hasDocument(), send, close };
}
