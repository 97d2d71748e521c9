/**
 * The one session state every view renders: changed only through `set`, which saves it (so a service worker
 * that slept gets it back), tells the views, and starts or stops the engine watchdog as the user enters or
 * leaves a room.
 */
import { type EngineSnapshot, IDLE_SESSION, type SessionState } from '../../protocol/session-state';
import type { BackgroundHubDeps } from './deps';

export interface Session {
  /** The state now. */
  readonly current: SessionState;
  /** Settles once the state saved before the service worker slept is back. */
  readonly restored: Promise<void>;
  /** Makes `next` the state (when it differs) and tells everyone; returns the state now. */
  set(next: SessionState): SessionState;
  /** Joins and leaves run one at a time, in order: two quick clicks never race. */
  serial<T>(task: () => Promise<T>): Promise<T>;
}

export const inRoom = (s: SessionState) => s.status === 'connected' || s.status === 'reconnecting';

/** The state with the engine's news; the engine's `roomId` is left out (the session's room is `room.id`). */
export function withSnapshot(state: SessionState, snapshot: EngineSnapshot): SessionState {
  const { roomId: _roomId, ...news } = snapshot;
  return { ...state, ...news };
}

export function createSession(deps: Pick<BackgroundHubDeps, 'store' | 'broadcast' | 'watchdog'>): Session {
  let state: SessionState = IDLE_SESSION;
  const restored = deps.store
    .load()
    .then((saved) => {
      if (saved) state = saved;
    })
    .catch(() => undefined);
  let queue: Promise<unknown> = Promise.resolve();

  return {
    get current() {
      return state;
    },
    restored,
    set(update) {
      // The server's access is hub/server.ts's to change: room transitions built from IDLE_SESSION keep it.
      const keep = state.serverAccess !== undefined && !('serverAccess' in update);
      const next = keep ? { ...update, serverAccess: state.serverAccess } : update;
      if (JSON.stringify(next) === JSON.stringify(state)) return state; // nothing new to tell the views
      if (inRoom(next) && !inRoom(state)) deps.watchdog?.start();
      if (!inRoom(next) && next.status !== 'joining' && inRoom(state)) deps.watchdog?.stop();
      state = next;
      void deps.store.save(next).catch(() => undefined);
      deps.broadcast(next);
      return next;
    },
    serial(task) {
      const run = queue.then(task, task);
      queue = run.catch(() => undefined);
      return run;
    },
  };
}
