/**
 * The background's brain: answers views, drives the audio engine and keeps the one session state every view
 * renders. Its browser dependencies are passed in, so it runs unchanged in Chrome, Firefox and unit tests.
 */

import {
  BackgroundRequest,
  type FeedConfig,
  type FeedSite,
  fail,
  ok,
  parseMessage,
  type Reply,
} from '../protocol/messages';
import {
  type Directory,
  type EngineSnapshot,
  type FeedLookupResult,
  IDLE_SESSION,
  type LiveHosts,
  type Reaction,
  type SessionState,
} from '../protocol/session-state';
import type { AccountService } from './account-service';
import type { EngineHost } from './engine-host';
import type { RoomsApi } from './rooms-api';

export interface SessionStore {
  load(): Promise<SessionState | null>;
  save(state: SessionState): Promise<void>;
}

export interface BackgroundHubDeps {
  engine: EngineHost;
  api: RoomsApi;
  account: AccountService;
  store: SessionStore;
  /** Tells open views that the session changed. */
  broadcast(state: SessionState): void;
  /** Tells open views that someone in the current room reacted. */
  announceReaction(roomId: string, reaction: Reaction): void;
  /** Opens the page that asks for the microphone (an offscreen document cannot show the prompt). */
  openMicrophonePage(): Promise<void>;
  /** The input device the user chose in the options, if any. */
  preferredMicrophone(): Promise<string | undefined>;
  /** Scheduled rooms the user wants to hear about when they start. */
  reminders?: {
    load(): Promise<Record<string, string>>;
    save(reminders: Record<string, string>): Promise<void>;
  };
  /** Called after sign-in and sign-out, so live notifications and the badge follow the account. */
  accountChanged?(): void;
  /** The rooms service URL from the settings. */
  serviceUrl?: () => Promise<string>;
  /** Shows the popup's Start-a-room form: the toolbar popup where the browser can open it, else a small window. */
  openStartRoom?(): Promise<'popup' | 'window'>;
  /** Pauses between attempts to rejoin after LiveKit dropped the room. Default: about a minute in all. */
  retryDelaysMs?: number[];
  /** Runs {@link BackgroundHub.checkEngine} periodically while in a room (alarms in the extension). */
  watchdog?: { start(): void; stop(): void };
  /** Milliseconds since the epoch (tests pass their own clock). Default Date.now. */
  now?: () => number;
}

export interface BackgroundHub {
  /** Validates and answers one message addressed to the background. */
  handle(raw: unknown): Promise<Reply<unknown>>;
  /** The current session (after restoring it from storage). */
  session(): Promise<SessionState>;
  /** If the engine died while we should be in a room (the browser closed the document), rejoin or say so. */
  checkEngine(): Promise<SessionState>;
}

/** Reasons the engine left a room after which getting back in is worth trying. */
const RECOVERABLE = new Set(['connection_lost', 'server_shutdown']);
/**
 * Pauses between attempts to get back into a room LiveKit dropped us from: quick at first (a LiveKit
 * restart takes a second or two, then the host brings the room back), about two minutes in all, which
 * is how long the rooms service keeps a room LiveKit lost waiting for its host.
 */
const RETRY_DELAYS_MS = [500, 1_000, 2_000, 3_000, 5_000, 8_000, 15_000, 30_000, 60_000];
/** How long a site's list of live hosts is answered from memory (every tab of a site polls it). */
export const LIVE_HOSTS_TTL_MS = 10_000;

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
/** The service could not be reached, or a proxy in front of it says it is down: the views show it and retry. */
const unreachable = (error: unknown) => {
  const { code, status } = (error ?? {}) as { code?: unknown; status?: unknown };
  return code === 'unreachable' || status === 502 || status === 503 || status === 504;
};

export function createBackgroundHub(deps: BackgroundHubDeps): BackgroundHub {
  let state: SessionState = IDLE_SESSION;
  const retryDelaysMs = deps.retryDelaysMs ?? RETRY_DELAYS_MS;
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

  const now = deps.now ?? Date.now;
  /** Per site: the last list of live hosts and when it arrived, and the request under way (shared). */
  const liveHostsCache = new Map<FeedSite, { at: number; value: LiveHosts }>();
  const liveHostsAsked = new Map<FeedSite, Promise<LiveHosts>>();
  function liveHostsOn(site: FeedSite): Promise<LiveHosts> {
    const cached = liveHostsCache.get(site);
    if (cached && now() - cached.at < LIVE_HOSTS_TTL_MS) return Promise.resolve(cached.value);
    const pending = liveHostsAsked.get(site);
    if (pending) return pending;
    const asking = deps.api
      .liveHosts(site)
      .then((value) => {
        liveHostsCache.set(site, { at: now(), value });
        return value;
      })
      .finally(() => liveHostsAsked.delete(site));
    liveHostsAsked.set(site, asking);
    return asking;
  }

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
        if (RECOVERABLE.has(snapshot.endedReason) && state.room) {
          void rejoinAfterDrop(state.room.id, snapshot.endedReason);
          return set({ ...state, status: 'reconnecting' });
        }
        void deps.engine.close().catch(() => undefined);
        return set({ ...IDLE_SESSION, endedReason: snapshot.endedReason });
      }
      return state;
    }
    if (snapshot.roomId !== state.room.id) return state; // stale news about another room
    // Invited on stage: the raised hand has been answered.
    const handRaised = state.handRaised && !snapshot.local?.canPublish;
    // Getting back in after a drop reads as Reconnecting until it is done, not as a new join.
    const status =
      state.status === 'reconnecting' && snapshot.status === 'joining' ? 'reconnecting' : snapshot.status;
    return set({ ...state, ...snapshot, status, handRaised, error: null });
  }

  /** Gets a token for the caller's role and connects the engine. Throws on failure. */
  async function connect(roomId: string): Promise<SessionState> {
    const grant = await deps.api.join(roomId);
    const room = {
      id: grant.room.id,
      title: grant.room.title,
      hostName: grant.room.hostName,
      ...(grant.room.hostUsername ? { hostUsername: grant.room.hostUsername } : {}),
      ...(grant.room.shareUrl ? { shareUrl: grant.room.shareUrl } : {}),
    };
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
  }

  async function join(roomId: string, { rejoin = false } = {}): Promise<SessionState> {
    if (!rejoin && state.room?.id === roomId && inRoom(state)) return state;
    set(
      rejoin
        ? { ...state, status: 'reconnecting' }
        : { ...IDLE_SESSION, status: 'joining', roomId, room: { id: roomId, title: '', hostName: '' } },
    );
    try {
      return await connect(roomId);
    } catch (error) {
      await deps.engine.close().catch(() => undefined);
      return set({ ...IDLE_SESSION, status: 'error', room: state.room, roomId, error: message(error) });
    }
  }

  /**
   * LiveKit dropped us (network, server restart) after its own reconnection attempts: keep trying to get
   * back into the room the user chose, with growing pauses, showing Reconnecting. A room that no longer
   * exists, or one we may not enter, ends the attempts at once.
   */
  async function rejoinAfterDrop(roomId: string, reason: string): Promise<void> {
    for (const delay of retryDelaysMs) {
      await new Promise((resolve) => setTimeout(resolve, delay));
      const stillWanted = await serial(async () => {
        if (state.room?.id !== roomId || state.status !== 'reconnecting') return false; // the user moved on
        try {
          await connect(roomId);
          return false;
        } catch (error) {
          await deps.engine.close().catch(() => undefined);
          const status = (error as { status?: number }).status;
          if (status === 403 || status === 404) {
            set({ ...IDLE_SESSION, endedReason: status === 404 ? 'room_ended' : 'removed' });
            return false;
          }
          set({ ...state, status: 'reconnecting', error: message(error) });
          return true;
        }
      });
      if (!stillWanted) return;
    }
    await serial(async () => {
      if (state.room?.id === roomId && state.status === 'reconnecting')
        set({ ...IDLE_SESSION, endedReason: reason });
    });
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

  /** The room the user is in, for stage actions. */
  function currentRoomId(): string {
    if (!state.room || !inRoom(state)) throw new Error('Not in a room');
    return state.room.id;
  }

  async function createRoom(input: { title: string; description?: string; scheduledFor?: string }) {
    const room = await deps.api.createRoom(input);
    // A room that starts now: the host goes straight on stage.
    const session = room.state === 'scheduled' ? state : await join(room.id);
    return { room, session };
  }

  async function endRoom(): Promise<SessionState> {
    await deps.api.endRoom(currentRoomId());
    await leave();
    return set({ ...IDLE_SESSION, endedReason: 'room_ended' });
  }

  async function setHandRaised(raised: boolean): Promise<SessionState> {
    await deps.api.setHandRaised(currentRoomId(), raised);
    return set({ ...state, handRaised: raised });
  }

  async function signedInDirectory(): Promise<Directory> {
    if (await deps.account.token()) return deps.api.directory();
    // Signed out: every live room the service lists.
    return { live: await deps.api.listRooms(), upcoming: [] };
  }

  /** After the service worker slept, the engine is the truth: reconcile with it. */
  async function session(): Promise<SessionState> {
    await restored;
    if (state.status === 'idle' || state.status === 'error') return state;
    if (!(await deps.engine.exists().catch(() => false))) return serial(recover);
    try {
      const snapshot = await deps.engine.send<EngineSnapshot>({ target: 'engine', type: 'engine:snapshot' });
      if (snapshot.status === 'idle') {
        if (state.status === 'reconnecting') return state; // getting back in already
        if (snapshot.endedReason) return applySnapshot(snapshot);
        return set({ ...IDLE_SESSION, endedReason: 'audio_stopped' });
      }
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
        case 'feed:config':
          return ok({ serviceUrl: (await deps.serviceUrl?.()) ?? '' } satisfies FeedConfig);
        case 'directory:get':
          return ok(await signedInDirectory());
        case 'feed:lookup': {
          const [rooms, liveHosts] = await Promise.all([
            deps.api.lookupRooms(request.roomIds),
            deps.api.liveLookup(request.hosts),
          ]);
          return ok({ rooms, liveHosts } satisfies FeedLookupResult);
        }
        case 'feed:live-hosts':
          return ok(await liveHostsOn(request.site));
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
        case 'account:get':
          return ok(await deps.account.state());
        case 'account:sign-in':
        case 'account:sign-up':
        case 'account:sign-out': {
          const account =
            request.type === 'account:sign-out'
              ? await deps.account.signOut()
              : request.type === 'account:sign-in'
                ? await deps.account.signIn({ username: request.username, password: request.password })
                : await deps.account.signUp({
                    username: request.username,
                    password: request.password,
                    ...(request.displayName ? { displayName: request.displayName } : {}),
                  });
          deps.accountChanged?.();
          return ok(account);
        }
        case 'room:remind': {
          const reminders = { ...((await deps.reminders?.load()) ?? {}) };
          if (request.on) reminders[request.roomId] = request.title;
          else delete reminders[request.roomId];
          await deps.reminders?.save(reminders);
          return ok(reminders);
        }
        case 'reminders:list':
          return ok((await deps.reminders?.load()) ?? {});
        case 'accounts:search':
          return ok(await deps.api.searchAccounts(request.prefix));
        case 'follows:list': {
          const me = (await deps.account.state()).profile;
          return ok(me ? (await deps.api.following(me.username)).map((a) => a.username) : []);
        }
        case 'follow:set':
          await deps.api.follow(request.username, request.following);
          return ok(null);
        case 'room:create': {
          const { title, description, scheduledFor } = request;
          return ok(await serial(() => createRoom({ title, description, scheduledFor })));
        }
        case 'popup:start-room':
          return ok((await deps.openStartRoom?.()) ?? null);
        case 'room:start':
          await deps.api.startRoom(request.roomId);
          return ok(await serial(() => join(request.roomId)));
        case 'room:end':
          return ok(await serial(endRoom));
        case 'room:hand':
          return ok(await setHandRaised(request.raised));
        case 'room:requests':
          return ok(await deps.api.handRaises(currentRoomId()));
        case 'room:stage':
          await deps.api.setOnStage(currentRoomId(), request.accountId, request.onStage);
          return ok(null);
        case 'room:cohost':
          await deps.api.setCohost(currentRoomId(), request.accountId, request.on);
          return ok(null);
        case 'room:mute-speaker':
          await deps.api.muteSpeaker(currentRoomId(), request.accountId);
          return ok(null);
        case 'room:remove':
          await deps.api.removeParticipant(currentRoomId(), request.accountId);
          return ok(null);
        case 'room:react':
          await deps.api.react(currentRoomId(), request.emoji);
          return ok(null);
      }
    } catch (error) {
      return fail(unreachable(error) ? 'unreachable' : 'failed', message(error));
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
