/**
 * Listening: joining and leaving a room, following the engine's news, getting back in after LiveKit or the
 * browser dropped the room, and the microphone.
 */
import type { RoomSummary } from '@/wire/room-summary';
import {
  type EngineSnapshot,
  IDLE_SESSION,
  joiningSession,
  type SessionRoom,
  type SessionState,
} from '../../protocol/session-state';
import type { JoinGrant } from '../rooms-api';
import { type HandlerMap, type HubContext, messageOf } from './context';
import { warmEngine } from './engine-warmup';
import { inRoom, withSnapshot } from './session';

/** Reasons the engine left a room after which getting back in is worth trying. */
const RECOVERABLE = new Set(['connection_lost', 'server_shutdown']);

/** What the session keeps of a room the service let us join. */
function sessionRoom(room: RoomSummary): SessionRoom {
  return {
    id: room.id,
    title: room.title,
    hostName: room.hostName,
    ...(room.hostUsername ? { hostUsername: room.hostUsername } : {}),
    ...(room.shareUrl ? { shareUrl: room.shareUrl } : {}),
  };
}

/** The engine's news about its room. */
export function applySnapshot(hub: HubContext, snapshot: EngineSnapshot): SessionState {
  const state = hub.session.current;
  if (!state.room) return state;
  if (snapshot.status === 'idle') return engineLeft(hub, snapshot);
  if (snapshot.roomId !== state.room.id) return state; // stale news about another room
  // Invited on stage: the raised hand has been answered.
  const handRaised = state.handRaised && !snapshot.local?.canPublish;
  // Getting back in after a drop reads as Reconnecting until it is done, not as a new join.
  const status =
    state.status === 'reconnecting' && snapshot.status === 'joining' ? 'reconnecting' : snapshot.status;
  return hub.session.set({ ...withSnapshot(state, snapshot), status, handRaised, error: null });
}

/** The engine left on its own (room ended, removed, connection lost), or reports a room we already left. */
function engineLeft(hub: HubContext, snapshot: EngineSnapshot): SessionState {
  const state = hub.session.current;
  if (!snapshot.endedReason || !inRoom(state) || !state.room) return state;
  if (RECOVERABLE.has(snapshot.endedReason)) {
    void rejoinAfterDrop(hub, state.room.id, snapshot.endedReason);
    return hub.session.set({ ...state, status: 'reconnecting' });
  }
  void hub.deps.engine.close().catch(() => undefined);
  return hub.session.set({ ...IDLE_SESSION, endedReason: snapshot.endedReason });
}

/** Asks the service for a token for the caller's role in `roomId` (`deps.api.join`); awaited by `connect`. */
function requestGrant(hub: HubContext, roomId: string): Promise<JoinGrant> {
  const request = hub.deps.api.join(roomId);
  request.catch(() => undefined); // awaited by connect
  return request;
}

/** Gets a token for the caller's role (unless already asked for) and connects the engine. Throws on failure. */
async function connect(
  hub: HubContext,
  roomId: string,
  grantRequest = requestGrant(hub, roomId),
): Promise<SessionState> {
  const { deps, session } = hub;
  // The offscreen document (and livekit-client in it) loads while the service answers. If the service
  // refuses, the caller closes the engine, which waits for this creation first.
  let engineUp = false;
  const engineReady = deps.engine.ensure().then(() => {
    engineUp = true;
  });
  engineReady.catch(() => undefined); // awaited below, after the grant
  const grant = await grantRequest;
  const room = sessionRoom(grant.room);
  const tellViews = () => session.set({ ...session.current, room });
  // Telling the views (storage, messages) goes after the engine's command when the engine is up already.
  const toldViews = !engineUp;
  if (toldViews) tellViews();
  await engineReady;
  const connected = deps.engine.send({
    target: 'engine',
    type: 'engine:connect',
    roomId,
    url: grant.url,
    token: grant.token,
  });
  if (!toldViews) tellViews();
  void deps.lastLiveKitUrl?.save(grant.url).catch(() => undefined);
  const snapshot = await connected;
  return session.set({ ...withSnapshot(session.current, snapshot), room, error: null });
}

export async function join(hub: HubContext, roomId: string, { rejoin = false } = {}): Promise<SessionState> {
  const { session } = hub;
  const state = session.current;
  if (!rejoin && state.room?.id === roomId && inRoom(state)) return state;
  const unknownRoom = { id: roomId, title: '', hostName: '' };
  // The request leaves before the views are told: a join waits for the service, not for them.
  const grantRequest = requestGrant(hub, roomId);
  session.set(rejoin ? { ...state, status: 'reconnecting' } : joiningSession(unknownRoom));
  try {
    return await connect(hub, roomId, grantRequest);
  } catch (error) {
    await hub.deps.engine.close().catch(() => undefined);
    const room = session.current.room ?? unknownRoom;
    return session.set({ ...IDLE_SESSION, status: 'error', room, error: messageOf(error) });
  }
}

/**
 * LiveKit dropped us (network, server restart) after its own reconnection attempts: keep trying to get
 * back into the room the user chose, with growing pauses, showing Reconnecting. A room that no longer
 * exists, or one we may not enter, ends the attempts at once.
 */
async function rejoinAfterDrop(hub: HubContext, roomId: string, reason: string): Promise<void> {
  const { session } = hub;
  const stillReconnecting = () =>
    session.current.room?.id === roomId && session.current.status === 'reconnecting';
  for (const delay of hub.retryDelaysMs) {
    await new Promise((resolve) => setTimeout(resolve, delay));
    // false once back in, or once the user moved on
    const stillWanted = await session.serial(async () => stillReconnecting() && tryRejoin(hub, roomId));
    if (!stillWanted) return;
  }
  await session.serial(async () => {
    if (!stillReconnecting()) return;
    await hub.deps.engine.close().catch(() => undefined);
    session.set({ ...IDLE_SESSION, endedReason: reason });
  });
}

/**
 * One attempt to get back in; true when it is worth trying again. The engine stays open between attempts
 * (a failed connect leaves it out of any room), so the next attempt does not wait for a new document.
 */
async function tryRejoin(hub: HubContext, roomId: string): Promise<boolean> {
  const { session } = hub;
  try {
    await connect(hub, roomId);
    return false;
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 403 || status === 404) {
      await hub.deps.engine.close().catch(() => undefined);
      session.set({ ...IDLE_SESSION, endedReason: status === 404 ? 'room_ended' : 'removed' });
      return false;
    }
    session.set({ ...session.current, status: 'reconnecting', error: messageOf(error) });
    return true;
  }
}

export async function leave(hub: HubContext): Promise<SessionState> {
  const { engine } = hub.deps;
  if (await engine.exists()) {
    await engine.send({ target: 'engine', type: 'engine:disconnect' }).catch(() => undefined);
    await engine.close();
  }
  return hub.session.set(IDLE_SESSION);
}

async function setMicrophone(hub: HubContext, enabled: boolean): Promise<SessionState> {
  const { deps, session } = hub;
  if (!inRoom(session.current)) throw new Error('Not in a room');
  hub.microphone.unmuteAfterGrant = false;
  try {
    const deviceId = enabled ? await deps.preferredMicrophone() : undefined;
    const snapshot = await deps.engine.send({
      target: 'engine',
      type: 'engine:microphone',
      enabled,
      ...(deviceId ? { deviceId } : {}),
    });
    return session.set({ ...withSnapshot(session.current, snapshot), error: null });
  } catch (error) {
    if (messageOf(error) === 'microphone_blocked') {
      hub.microphone.unmuteAfterGrant = true;
      await deps.openMicrophonePage();
    }
    throw error;
  }
}

/**
 * The engine is gone while the user is in a room: the browser closed or crashed the offscreen document.
 * Rejoin the room the user chose; if that fails, say that audio stopped instead of showing a dead player.
 */
export async function recover(hub: HubContext): Promise<SessionState> {
  const { room } = hub.session.current;
  if (!room || !inRoom(hub.session.current) || (await hub.deps.engine.exists().catch(() => false)))
    return hub.session.current;
  const result = await join(hub, room.id, { rejoin: true });
  if (result.status === 'connected') return result;
  return hub.session.set({ ...IDLE_SESSION, endedReason: 'audio_stopped', error: result.error });
}

/** The session now. After the service worker slept, the engine is the truth: reconcile with it. */
export async function reconcile(hub: HubContext): Promise<SessionState> {
  const { deps, session } = hub;
  await session.restored;
  const state = session.current;
  if (state.status === 'idle' || state.status === 'error') return state;
  if (!(await deps.engine.exists().catch(() => false))) return session.serial(() => recover(hub));
  try {
    const snapshot = await deps.engine.send({ target: 'engine', type: 'engine:snapshot' });
    if (snapshot.status !== 'idle') return applySnapshot(hub, snapshot);
    if (session.current.status === 'reconnecting') return session.current; // getting back in already
    if (snapshot.endedReason) return applySnapshot(hub, snapshot);
    return session.set({ ...IDLE_SESSION, endedReason: 'audio_stopped' });
  } catch {
    return session.current;
  }
}

export const listeningHandlers = {
  // The popup asks on opening: a Join click is likely, so the engine starts now (engine-warmup.ts).
  'session:get': async (_request, hub) => {
    const state = await reconcile(hub);
    warmEngine(hub);
    return state;
  },
  'session:watch': (_request, hub) => reconcile(hub),
  'room:join': (request, hub) => hub.session.serial(() => join(hub, request.roomId)),
  'room:leave': (_request, hub) => hub.session.serial(() => leave(hub)),
  'engine:changed': async (request, hub) => applySnapshot(hub, request.snapshot),
  'room:microphone': (request, hub) => hub.session.serial(() => setMicrophone(hub, request.enabled)),
  'microphone:granted': async (_request, hub) =>
    hub.microphone.unmuteAfterGrant
      ? hub.session.serial(() => setMicrophone(hub, true))
      : hub.session.current,
  'engine:reaction': async (request, hub) => {
    if (request.roomId === hub.session.current.room?.id)
      hub.deps.announceReaction(request.roomId, request.reaction);
    return null;
  },
} satisfies Partial<HandlerMap>;
