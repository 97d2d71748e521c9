/**
 * The session as the popup hears it from the background: subscribed to its `session:changed` events first, then
 * asked once (`session:get`, which also starts the audio engine: a Join click is likely). main.tsx opens it
 * before the first render, so the popup asks once, not once there and again when it mounts. An answer that
 * comes after an event is older than that event and is dropped.
 */
import { ask, onSessionChanged } from '@/utils/protocol/ask';
import type { SessionState } from '@/utils/protocol/session-state';

export interface SessionSource {
  /** Calls `listener` with the latest state at once (when one came yet), then on every change. */
  subscribe(listener: (state: SessionState) => void): () => void;
  /** Stops listening to the background. */
  close(): void;
}

export function openSessionSource(): SessionSource {
  const listeners = new Set<(state: SessionState) => void>();
  let latest: SessionState | null = null;
  let heardEvent = false;
  const receive = (state: SessionState) => {
    latest = state;
    for (const listener of listeners) listener(state);
  };
  const stop = onSessionChanged((state) => {
    heardEvent = true;
    receive(state);
  });
  ask('session:get')
    .then((state) => {
      if (!heardEvent) receive(state);
    })
    .catch(() => undefined);
  return {
    subscribe(listener) {
      listeners.add(listener);
      if (latest) listener(latest);
      return () => listeners.delete(listener);
    },
    close: stop,
  };
}
