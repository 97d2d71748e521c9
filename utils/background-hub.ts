/**
 * The background's brain: answers views, drives the audio engine and keeps the one session state every view
 * renders. Its browser dependencies are passed in, so it runs unchanged in Chrome, Firefox and unit tests.
 */
import type { EngineHost } from './engine-host';
import { BackgroundRequest, fail, ok, parseMessage, type Reply } from './messages';
import type { RoomsApi } from './rooms-api';
import {
  type Directory,
  type EngineSnapshot,
  type FeedLookupResult,
  IDLE_SESSION,
  type Reaction,
  type SessionState,
} from './session-state';

export interface SessionStore {
  load(): Promise<SessionState | null>;
  save(state: SessionState): Promise<void>;
}

export interface BackgroundHubDeps {
  engine: EngineHost;
  api: RoomsApi;
  store: SessionStore;
  /** Tells open views that the session changed. */
  broadcast(state: SessionState): void;
  /** Tells open views that someone in the current room reacted. */
  announceReaction(roomId: string, reaction: Reaction): void;
  /** Opens the page that asks for the microphone (an offscreen document cannot show the prompt). */
  openMicrophonePage(): Promise<void>;
  /** The input device the user chose in the options, if any. */
  preferredMicrophone(): Promise<string | undefined>;
  /** Runs {@link BackgroundHub.checkEngine} periodically while in a room (alarms in the extension). */
  watchdog?: { start(): void; stop(): void };
}

export interface BackgroundHub {
  /** Validates and answers one message addressed to the background. */
  handle(raw: unknown): Promise<Reply<unknown>>;
  /** The current session (after restoring it from storage). */
  session(): Promise<SessionState>;
  /** If the engine died while we should be in a room (the browser closed the document), rejoin or say so. */
  checkEngine(): Promise<SessionState>;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function createBackgroundHub(deps: BackgroundHubDeps): BackgroundHub {
  let state: SessionState = IDLE_SESSION;
  const restored = deps.store
    .load()
    .then((saved) => {
      if (saved) state = saved;
    })
    .catch(() => undefined);
  /** Joins and leaves run one at a time, in order: two quick clicks never race. */
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };

  const inRoom = (s: SessionState) => s.status === 'connected' || s.status === 'reconnecting';

  function set(next: SessionState): SessionState {
    if (JSON.stringify(next) === JSON.stringify(state)) return state; // nothing new to tell the views
    if (inRoom(next) && !inRoom(state)) deps.watchdog?.start();
    if (!inRoom(next) && next.status !== 'joining' && inRoom(state)) deps.watchdog?.stop();
    state = next;
    void deps.store.save(next).catch(() => undefined);
    deps.broadcast(next);
    return next;
  }

  function applySnapshot(snapshot: EngineSnapshot): SessionState {
    if (!state.room) return state;
    if (snapshot.status === 'idle') {
      // The engine left on its own (room ended, removed, connection lost), or reports a room we already left.
      if (snapshot.endedReason && (state.status === 'connected' || state.status === 'reconnecting')) {
        void deps.engine.close().catch(() => undefined);
        return set({ ...IDLE_SESSION, endedReason: snapshot.endedReason });
      }
      return state;
    }
    if (snapshot.roomId !== state.room.id) return state; // stale news about another room
    return set({ ...state, ...snapshot, error: null });
  }

  async function join(roomId: string, { rejoin = false } = {}): Promise<SessionState> {
    if (!rejoin && state.room?.id === roomId && inRoom(state)) return state;
    set(
      rejoin
        ? { ...state, status: 'reconnecting' }
        : { ...IDLE_SESSION, status: 'joining', roomId, room: { id: roomId, title: '', hostName: '' } },
    );
    try {
      const grant = await deps.api.listen(roomId);
      const room = { id: grant.room.id, title: grant.room.title, hostName: grant.room.hostName };
      set({ ...state, room });
      await deps.engine.ensure();
      const snapshot = await deps.engine.send<EngineSnapshot>({
        target: 'engine',
        type: 'engine:connect',
        roomId,
        url: grant.url,
        token: grant.token,
      });
      return set({ ...state, ...snapshot, room, error: null });
    } catch (error) {
      await deps.engine.close().catch(() => undefined);
      return set({ ...IDLE_SESSION, status: 'error', room: state.room, roomId, error: message(error) });
    }
  }

  async function leave(): Promise<SessionState> {
    if (await deps.engine.exists()) {
      await deps.engine.send({ target: 'engine', type: 'engine:disconnect' }).catch(() => undefined);
      await deps.engine.close();
    }
    return set(IDLE_SESSION);
  }

  /** Whether the user asked to unmute and we are waiting for the permission page. */
  let unmuteAfterGrant = false;

  async function setMicrophone(enabled: boolean): Promise<SessionState> {
    if (state.status !== 'connected' && state.status !== 'reconnecting') throw new Error('Not in a room');
    unmuteAfterGrant = false;
    try {
      const deviceId = enabled ? await deps.preferredMicrophone() : undefined;
      const snapshot = await deps.engine.send<EngineSnapshot>({
        target: 'engine',
        type: 'engine:microphone',
        enabled,
        ...(deviceId ? { deviceId } : {}),
      });
      return set({ ...state, ...snapshot, error: null });
    } catch (error) {
      if (message(error) === 'microphone_blocked') {
        unmuteAfterGrant = true;
        await deps.openMicrophonePage();
      }
      throw error;
    }
  }

  /**
   * The engine is gone while the user is in a room: the browser closed or crashed the offscreen document.
   * Rejoin the room the user chose; if that fails, say that audio stopped instead of showing a dead player.
   */
  async function recover(): Promise<SessionState> {
    const room = state.room;
    if (!room || !inRoom(state) || (await deps.engine.exists().catch(() => false))) return state;
    const result = await join(room.id, { rejoin: true });
    if (result.status === 'connected') return result;
    return set({ ...IDLE_SESSION, endedReason: 'audio_stopped', error: result.error });
  }

  /** After the service worker slept, the engine is the truth: reconcile with it. */
  async function session(): Promise<SessionState> {
    await restored;
    if (state.status === 'idle' || state.status === 'error') return state;
    if (!(await deps.engine.exists().catch(() => false))) return serial(recover);
    try {
      const snapshot = await deps.engine.send<EngineSnapshot>({ target: 'engine', type: 'engine:snapshot' });
      if (snapshot.status === 'idle') return set({ ...IDLE_SESSION, endedReason: snapshot.endedReason });
      return applySnapshot(snapshot);
    } catch {
      return state;
    }
  }

  async function handle(raw: unknown): Promise<Reply<unknown>> {
    const parsed = parseMessage(BackgroundRequest, raw);
    if (!parsed.ok) return parsed.reply;
    const request = parsed.message;
    await restored;
    try {
      switch (request.type) {
        case 'session:get':
        case 'session:watch':
          return ok(await session());
        case 'rooms:list':
          return ok(await deps.api.listRooms());
        case 'directory:get':
          // Until sign-in exists the directory is every live room the service lists.
          return ok({ live: await deps.api.listRooms(), upcoming: [] } satisfies Directory);
        case 'feed:lookup': {
          const [rooms, liveHosts] = await Promise.all([
            deps.api.lookupRooms(request.roomIds),
            deps.api.liveLookup(request.hosts),
          ]);
          return ok({ rooms, liveHosts } satisfies FeedLookupResult);
        }
        case 'room:join':
          return ok(await serial(() => join(request.roomId)));
        case 'room:leave':
          return ok(await serial(leave));
        case 'engine:changed':
          return ok(applySnapshot(request.snapshot));
        case 'room:microphone':
          return ok(await serial(() => setMicrophone(request.enabled)));
        case 'microphone:granted':
          if (unmuteAfterGrant) return ok(await serial(() => setMicrophone(true)));
          return ok(state);
        case 'engine:reaction':
          if (request.roomId === state.room?.id) deps.announceReaction(request.roomId, request.reaction);
          return ok(null);
      }
    } catch (error) {
      return fail('failed', message(error));
    }
  }

  return {
    handle,
    session,
    async checkEngine() {
      await restored;
      return serial(recover);
    },
  };
}
