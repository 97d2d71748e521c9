/**
 * The session as the feed shows it: the background's, followed from the start, and on a Join click the
 * joining state at once (joiningSession) until the background answers.
 */
import { type Signal, untracked } from '@preact/signals';
import { watch } from '@/utils/feed/abortable';
import { watchSession } from '@/utils/protocol/ask';
import {
  type ConnectionStatus,
  IDLE_SESSION,
  joiningSession,
  type SessionState,
} from '@/utils/protocol/session-state';
import type { RoomSummary } from '@/wire/room-summary';
import type { FeedContext } from './feed-context';

/** Keeps `session` as the background tells it, until `signal` aborts. */
export function followSession(session: Signal<SessionState>, signal: AbortSignal): void {
  const stop = watchSession((state) => {
    session.value = state;
  });
  signal.addEventListener('abort', stop, { once: true });
}

/** The room the user is in or joining, if any. */
export function currentRoomId(session: SessionState): string | null {
  return session.status === 'idle' || session.status === 'error' ? null : (session.room?.id ?? null);
}

/** A room as the feed shows it: for the room the user is in, the engine's own listener count. */
export function withOwnCount(session: SessionState, room: RoomSummary): RoomSummary {
  return session.status === 'connected' && session.room?.id === room.id
    ? { ...room, listenerCount: session.listenerCount }
    : room;
}

/** Joins `room` (unless already in it), showing the joining state until the background answers. */
export function joinRoom({ ask, state }: FeedContext, room: RoomSummary): void {
  if (currentRoomId(state.session.value) === room.id) return;
  state.session.value = joiningSession(room);
  ask('room:join', { roomId: room.id })
    .then((answer) => {
      state.session.value = answer;
    })
    .catch(() => {
      state.session.value = IDLE_SESSION;
    });
}

/** Shows the session a request answers with (none for a request that answers null); a failure changes nothing. */
export function showAnswer(session: Signal<SessionState>, request: Promise<SessionState | null>): void {
  request
    .then((answer) => {
      if (answer) session.value = answer;
    })
    .catch(() => undefined);
}

/** Calls `listener` each time the session's status changes (not for the status it has now), until `signal` aborts. */
export function onStatusChange(
  session: Signal<SessionState>,
  listener: (status: ConnectionStatus) => void,
  signal: AbortSignal,
): void {
  let status = session.peek().status;
  watch(() => {
    const next = session.value.status;
    if (next === status) return;
    status = next;
    untracked(() => listener(next));
  }, signal);
}
