/** How views (popup, content scripts) talk to the background: typed requests and session-change events. */
import { browser } from 'wxt/browser';
import { type BackgroundRequest, isFor, type Reply, type SessionChangedEvent, unwrap } from './messages';
import type { Directory, FeedLookupResult, RoomSummary, SessionState } from './session-state';

type Answer<T extends BackgroundRequest['type']> = T extends 'rooms:list'
  ? RoomSummary[]
  : T extends 'directory:get'
    ? Directory
    : T extends 'feed:lookup'
      ? FeedLookupResult
      : SessionState;

export async function askBackground<R extends BackgroundRequest>(request: R): Promise<Answer<R['type']>> {
  const reply = (await browser.runtime.sendMessage(request)) as Reply<Answer<R['type']>> | undefined;
  return unwrap(reply, request.type);
}

/** Calls `listener` whenever the background announces a new session state. Returns an unsubscribe function. */
export function onSessionChanged(listener: (state: SessionState) => void): () => void {
  const handler = (raw: unknown) => {
    if (isFor(raw, 'views') && (raw as SessionChangedEvent).type === 'session:changed') {
      listener((raw as SessionChangedEvent).state);
    }
    return undefined;
  };
  browser.runtime.onMessage.addListener(handler);
  return () => browser.runtime.onMessage.removeListener(handler);
}

/**
 * For content scripts: gets the session now and on every change. The background only messages tabs that
 * asked, so this asks (`session:watch`) and then listens. Returns an unsubscribe function.
 */
export function watchSession(listener: (state: SessionState) => void): () => void {
  const unsubscribe = onSessionChanged(listener);
  askBackground({ target: 'background', type: 'session:watch' })
    .then(listener)
    .catch(() => undefined);
  return unsubscribe;
}
