/** Getting into a live room: a guest listener's token, or a token for the caller's role in it. */

import type { RoomRole } from '../../wire/roles.ts';
import type { RoomSummary } from '../../wire/room-summary.ts';
import { ApiError } from '../api-error.ts';
import { hashSessionToken, sameDigest } from '../auth/session-tokens.ts';
import type { RoomPresence } from '../livekit-rooms.ts';
import { newParticipantIdentity, roomIdPattern } from '../random-id.ts';
import type { StoredRoom } from '../store/rooms-store.ts';
import { accountIdentity } from './livekit-calls.ts';
import type { LiveKitRecovery } from './livekit-recovery.ts';
import type { RoomsContext } from './rooms-context.ts';

/** What a client needs to join a room in LiveKit. */
export interface JoinGrant {
  /** LiveKit WebSocket URL */
  url: string;
  token: string;
  identity: string;
}

export interface ListenerGrant extends JoinGrant {
  room: RoomSummary;
}

export interface RoomGrant extends JoinGrant {
  role: RoomRole;
  room: RoomSummary;
}

const DEFAULT_LISTENER_NAME = 'Listener';
const nobody: RoomPresence = { speakerCount: 0, listenerCount: 0 };

export function createRoomJoins(context: RoomsContext, recovery: LiveKitRecovery) {
  const { deps, stores } = context;

  /** A guest listener token for a live room already read. */
  async function listenTo(room: StoredRoom, input: { name?: string }): Promise<ListenerGrant> {
    const counts = await recovery.requireInLiveKit(room, 'listener');
    const identity = newParticipantIdentity('guest');
    const token = await deps.tokens.issue({
      role: 'listener',
      roomId: room.id,
      identity,
      name: input.name ?? DEFAULT_LISTENER_NAME,
    });
    return {
      url: deps.livekitUrl,
      token,
      identity,
      room: { ...context.summarize(room), ...(counts ?? nobody) },
    };
  }

  /** A guest listener token (no account needed). */
  async function listen(roomId: string, input: { name?: string }): Promise<ListenerGrant> {
    return listenTo(await context.liveRoom(roomId), input);
  }

  /**
   * A token for the caller's role in the room; anonymous callers (no session token) join as guest
   * listeners. The session, the room and the caller's role and ban come from one statement.
   */
  async function join(
    roomId: string,
    sessionToken: string | undefined,
    input: { name?: string },
  ): Promise<RoomGrant> {
    const tokenHash = sessionToken === undefined ? null : hashSessionToken(sessionToken);
    const found = await stores.joins.lookup(
      roomIdPattern.test(roomId) ? roomId : null,
      tokenHash,
      deps.now(),
    );
    const session = found.session;
    if (tokenHash !== null && !(session && sameDigest(session.tokenHash, tokenHash))) {
      throw new ApiError(401, 'unauthenticated', 'The session has expired or was signed out');
    }
    const room = context.requireLive(roomId, found.room);
    if (!session) {
      const grant = await listenTo(room, input);
      return { ...grant, role: 'listener' };
    }
    const { joiner } = found;
    if (!joiner) throw new ApiError(401, 'unauthenticated', 'The account no longer exists');
    if (joiner.banned) throw new ApiError(403, 'banned', 'You were removed from this room');
    const role: RoomRole = session.accountId === room.hostId ? 'host' : (joiner.stageRole ?? 'listener');
    await recovery.requireInLiveKit(room, role);
    const identity = accountIdentity(session.accountId);
    const token = await deps.tokens.issue({ role, roomId: room.id, identity, name: joiner.displayName });
    return { url: deps.livekitUrl, token, identity, role, room: context.summarize(room) };
  }

  return { listen, join };
}
