/**
 * How views (popup, options, microphone page, content scripts) talk to the background:
 * `ask('room:join', { roomId })` resolves with that request's answer type from the protocol map, or throws a
 * {@link BackgroundError}. Imports the protocol's types only, so valibot stays out of content scripts.
 */
import { browser } from 'wxt/browser';
import type { AnswerOf, BackgroundMessage, BackgroundRequestType, RequestOf } from './background-protocol';
import type { AccountChangedEvent, ReactionEvent, SessionChangedEvent, ViewEvent } from './events';
import { type ErrorCode, isFor, type Reply } from './reply';
import type { Reaction, SessionState } from './session-state';

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

/** Requests without fields may leave out the second argument. */
type Fields<T extends BackgroundRequestType> = keyof RequestOf<T> extends never
  ? [fields?: RequestOf<T>]
  : [fields: RequestOf<T>];

export async function ask<T extends BackgroundRequestType>(
  type: T,
  ...[fields]: Fields<T>
): Promise<AnswerOf<T>> {
  const request = { ...fields, target: 'background', type } as BackgroundMessage<T>;
  const reply = (await browser.runtime.sendMessage(request)) as Reply<AnswerOf<T>> | undefined;
  if (!reply) throw new BackgroundError(`${type}: no answer`, 'no_answer');
  if (!reply.ok) throw new BackgroundError(reply.error.message, reply.error.code);
  return reply.value;
}

/** Calls `listener` with `pick(event)` for each event of type `type` the background sends to views. */
function onViewEvent<E extends ViewEvent, V>(
  type: E['type'],
  pick: (event: Partial<E>) => V | undefined,
  listener: (value: V) => void,
): () => void {
  const handler = (raw: unknown) => {
    const event = raw as Partial<E> | null;
    const value = isFor(raw, 'views') && event?.type === type ? pick(event) : undefined;
    if (value) listener(value);
    return undefined;
  };
  browser.runtime.onMessage.addListener(handler);
  return () => browser.runtime.onMessage.removeListener(handler);
}

/** Calls `listener` whenever the background announces a new session state. Returns an unsubscribe function. */
export function onSessionChanged(listener: (state: SessionState) => void): () => void {
  return onViewEvent<SessionChangedEvent, SessionState>('session:changed', (event) => event.state, listener);
}

/**
 * The session now and on every change. Content scripts hear only tab messages, and the background messages
 * only tabs that asked, so this asks (`session:watch`) and then listens. Returns an unsubscribe function.
 */
export function watchSession(listener: (state: SessionState) => void): () => void {
  const unsubscribe = onSessionChanged(listener);
  ask('session:watch')
    .then(listener)
    .catch(() => undefined);
  return unsubscribe;
}

/**
 * Calls `listener` each time someone signs in or out (content scripts: in the tabs that watch the session).
 * Returns an unsubscribe function.
 */
export function onAccountChanged(listener: () => void): () => void {
  return onViewEvent<AccountChangedEvent, true>('account:changed', () => true, listener);
}

/** Calls `listener` for each reaction in the current room. Returns an unsubscribe function. */
export function onReaction(listener: (reaction: Reaction) => void): () => void {
  return onViewEvent<ReactionEvent, Reaction>('room:reaction', (event) => event.reaction, listener);
}
