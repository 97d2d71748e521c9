/** How views (popup, content scripts) talk to the background: typed requests and session-change events. */
import { browser } from 'wxt/browser';
import type { AccountState } from '../background/account-service';
import type { HandRaise, Profile } from '../background/rooms-api';
import {
  type BackgroundRequest,
  type ErrorCode,
  isFor,
  type ReactionEvent,
  type Reply,
  type SessionChangedEvent,
} from '../protocol/messages';
import type {
  Directory,
  FeedLookupResult,
  LiveHosts,
  Reaction,
  RoomSummary,
  SessionState,
} from '../protocol/session-state';

/** What the background answers to each request. */
interface Answers {
  'rooms:list': RoomSummary[];
  'directory:get': Directory;
  'feed:lookup': FeedLookupResult;
  'feed:live-hosts': LiveHosts;
  'account:get': AccountState;
  'account:sign-in': AccountState;
  'account:sign-up': AccountState;
  'account:sign-out': AccountState;
  'accounts:search': Profile[];
  'follows:list': string[];
  'follow:set': null;
  'room:create': { room: RoomSummary; session: SessionState };
  'room:requests': HandRaise[];
  'room:stage': null;
  'room:mute-speaker': null;
  'room:cohost': null;
  'room:remove': null;
  'room:react': null;
  'engine:reaction': null;
  'room:remind': Record<string, string>;
  'reminders:list': Record<string, string>;
}
type Answer<T extends BackgroundRequest['type']> = T extends keyof Answers ? Answers[T] : SessionState;

/** The background's refusal of a request, with its code (e.g. `unreachable` when the service is down). */
export class BackgroundError extends Error {
  constructor(
    message: string,
    readonly code: ErrorCode | 'no_answer',
  ) {
    super(message);
    this.name = 'BackgroundError';
  }
}

/** True when the request failed because the rooms service could not be reached (offline, or it is down). */
export const isUnreachable = (error: unknown): boolean =>
  error instanceof BackgroundError && error.code === 'unreachable';

export async function askBackground<R extends BackgroundRequest>(request: R): Promise<Answer<R['type']>> {
  const reply = (await browser.runtime.sendMessage(request)) as Reply<Answer<R['type']>> | undefined;
  if (!reply) throw new BackgroundError(`${request.type}: no answer`, 'no_answer');
  if (!reply.ok) throw new BackgroundError(reply.error.message, reply.error.code);
  return reply.value;
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

/** Calls `listener` for each reaction in the current room. Returns an unsubscribe function. */
export function onReaction(listener: (reaction: Reaction) => void): () => void {
  const handler = (raw: unknown) => {
    if (isFor(raw, 'views') && (raw as ReactionEvent).type === 'room:reaction')
      listener((raw as ReactionEvent).reaction);
    return undefined;
  };
  browser.runtime.onMessage.addListener(handler);
  return () => browser.runtime.onMessage.removeListener(handler);
}
