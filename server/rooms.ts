/** What the API does with rooms, independent of HTTP: create, start, list, listen, join, end. */

import { isModeratorRole, type RoomRole } from '../wire/roles.ts';
import type { RoomSummary } from '../wire/room-summary.ts';
import { ApiError, rateLimited, roomNotFound } from './api-error.ts';
import type { RateLimiter } from './auth/rate-limiter.ts';
import type { Database } from './db/database.ts';
import type { RoomEventBus } from './events/room-events.ts';
import { type LiveKitRooms, LiveKitUnavailableError, type RoomPresence } from './livekit-rooms.ts';
import { newParticipantIdentity, newRoomId, roomIdPattern } from './random-id.ts';
import { summarizeRoom } from './room-summary.ts';
import type { StoredRoom } from './store/rooms-store.ts';
import { createStores } from './store/stores.ts';
import type { TokenIssuer } from './tokens.ts';

export { isModeratorRole };

/** What a client needs to join a room in LiveKit. */
export interface JoinGrant {
  /** LiveKit WebSocket URL */
  url: string;
  token: string;
  identity: string;
}

export interface CreatedRoom {
  room: RoomSummary;
  /** The host's grant, for a room that started now (absent for a scheduled room). */
  host?: JoinGrant;
}

export interface StartedRoom {
  room: RoomSummary;
  host: JoinGrant;
}

export interface ListenerGrant extends JoinGrant {
  room: RoomSummary;
}

export interface RoomGrant extends JoinGrant {
  role: RoomRole;
  room: RoomSummary;
}

export interface NewRoomInput {
  title: string;
  description?: string;
  language?: string;
  scheduledFor?: Date;
}

export interface RoomsDeps {
  db: Database;
  livekit: LiveKitRooms;
  tokens: TokenIssuer;
  events: RoomEventBus;
  /** The LiveKit URL given to clients. */
  livekitUrl: string;
  /** This service's public base URL, for share links. */
  publicUrl: string;
  /** Room creations per account. */
  roomCreationLimiter: RateLimiter;
  now: () => Date;
  /**
   * How long a live room LiveKit no longer has (LiveKit restarted or crashed) stays live for its host
   * to bring it back, before it is ended. Default 2 minutes.
   */
  mediaLossGraceMs?: number;
}

const DEFAULT_LISTENER_NAME = 'Listener';
const nobody: RoomPresence = { speakerCount: 0, listenerCount: 0 };
/** A scheduled room may be announced at most this far ahead. */
const MAX_SCHEDULE_AHEAD_MS = 366 * 24 * 60 * 60 * 1000;
const MEDIA_LOSS_GRACE_MS = 2 * 60 * 1000;

/** The stable LiveKit identity of an account, so moderation can find them in any room. */
export const accountIdentity = (accountId: string) => `u-${accountId}`;

/** LiveKit's own error text stays in the logs' reach only: it may name internal addresses. */
export const livekitUnavailable = () =>
  new ApiError(503, 'livekit_unavailable', 'The media server is unavailable; try again shortly');

/** Runs a LiveKit call, turning "LiveKit is down" into a 503. */
export async function viaLiveKit<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof LiveKitUnavailableError) throw livekitUnavailable();
    throw error;
  }
}

export function createRooms(deps: RoomsDeps) {
  const stores = createStores(deps.db);
  const summarize = (room: StoredRoom) => summarizeRoom(room, deps.publicUrl);

  /** The room, in any state; 404 for unknown or malformed ids. */
  async function existingRoom(roomId: string): Promise<StoredRoom> {
    const room = roomIdPattern.test(roomId) ? await stores.rooms.get(roomId) : undefined;
    if (!room) throw roomNotFound(roomId);
    return room;
  }

  /** The room if it is live: 404 when unknown or ended, 409 when not started yet. */
  async function liveRoom(roomId: string): Promise<StoredRoom> {
    const room = await existingRoom(roomId);
    if (room.state === 'ended') throw roomNotFound(roomId);
    if (room.state === 'scheduled') throw new ApiError(409, 'room_not_live', 'The room has not started yet');
    return room;
  }

  const mediaLossGraceMs = deps.mediaLossGraceMs ?? MEDIA_LOSS_GRACE_MS;

  /**
   * Presence of `rooms` in LiveKit. A live room LiveKit does not have is lost, not over: LiveKit may
   * have restarted, and the room's host comes back to it (`join` recreates it for them). Lost rooms
   * are missing from the map; one lost for longer than the grace period is ended here. Undefined when
   * LiveKit cannot tell right now.
   */
  async function presenceOf(rooms: StoredRoom[]): Promise<Map<string, RoomPresence> | undefined> {
    let presence: Map<string, RoomPresence>;
    try {
      presence = await deps.livekit.presence(rooms.map((room) => room.id));
    } catch (error) {
      if (error instanceof LiveKitUnavailableError) return undefined;
      throw error;
    }
    for (const room of rooms) {
      const counts = presence.get(room.id);
      if (counts) {
        await stores.rooms.setCounts(room.id, counts);
        if (room.mediaLostAt) await mediaRestored(room);
      } else await noteMediaLost(room);
    }
    return presence;
  }

  /** LiveKit lacks this live room: start its grace period, or end it once the grace has run out. Ended → true. */
  async function noteMediaLost(room: StoredRoom): Promise<boolean> {
    const now = deps.now();
    const lostAt = room.mediaLostAt ?? (await stores.rooms.markMediaLost(room.id, now));
    if (lostAt && now.getTime() - lostAt.getTime() < mediaLossGraceMs) return false;
    await endRoom(room);
    return true;
  }

  /**
   * A moderator (re)joins: make sure LiveKit has the room, recreating it after a LiveKit restart
   * (LiveKit never creates rooms by itself here: `auto_create` is off).
   *
   * It asks LiveKit directly rather than through `presenceOf`: a moderator's join fails with 503
   * `livekit_unavailable` when LiveKit cannot tell (instead of going ahead), stores no counts, and
   * needs to know whether noting the loss ended the room.
   */
  async function restoreInLiveKit(room: StoredRoom): Promise<void> {
    if (!room.mediaLostAt) {
      const presence = await viaLiveKit(() => deps.livekit.presence([room.id]));
      if (presence.has(room.id)) return;
      if (await noteMediaLost(room)) throw roomNotFound(room.id);
    } else if (deps.now().getTime() - room.mediaLostAt.getTime() >= mediaLossGraceMs) {
      await endRoom(room);
      throw roomNotFound(room.id);
    }
    await viaLiveKit(() => deps.livekit.create(room.id));
    await mediaRestored(room);
  }

  async function mediaRestored(room: StoredRoom): Promise<void> {
    if (await stores.rooms.clearMediaLost(room.id)) {
      await deps.events.publish({ type: 'room.live', roomId: room.id, hostId: room.hostId });
    }
  }

  /**
   * What a listener hears when LiveKit lacks the room (after `presenceOf` noted it): 503
   * `room_reconnecting` during the grace period (clients retry while the host brings it back), 404 once
   * it has been ended.
   */
  async function missingFromLiveKit(roomId: string): Promise<ApiError> {
    const room = await stores.rooms.get(roomId);
    if (room?.state !== 'live') return roomNotFound(roomId);
    return new ApiError(
      503,
      'room_reconnecting',
      'The room is reconnecting to the media server; try again shortly',
      { 'retry-after': '2' },
    );
  }

  /**
   * Someone in `role` is about to join this live room, so LiveKit must have it. A host's or cohost's
   * join brings a lost room back (`restoreInLiveKit`); anyone else's is refused with what
   * `missingFromLiveKit` says while it is lost. Returns the room's counts as LiveKit reported them for
   * the others' joins; undefined for a moderator's join and when LiveKit cannot tell right now (the join
   * goes ahead then).
   */
  async function requireInLiveKit(room: StoredRoom, role: RoomRole): Promise<RoomPresence | undefined> {
    if (isModeratorRole(role)) {
      await restoreInLiveKit(room);
      return undefined;
    }
    const presence = await presenceOf([room]);
    if (presence && !presence.has(room.id)) throw await missingFromLiveKit(room.id);
    return presence?.get(room.id);
  }

  async function endRoom(room: StoredRoom): Promise<void> {
    if (await stores.rooms.markEnded(room.id, deps.now())) {
      await deps.events.publish({ type: 'room.ended', roomId: room.id, hostId: room.hostId });
    }
  }

  async function hostGrant(room: StoredRoom): Promise<JoinGrant> {
    const identity = accountIdentity(room.hostId);
    const token = await deps.tokens.issue({ role: 'host', roomId: room.id, identity, name: room.hostName });
    return { url: deps.livekitUrl, token, identity };
  }

  /** A guest listener token (no account needed). */
  async function listen(roomId: string, input: { name?: string }): Promise<ListenerGrant> {
    const room = await liveRoom(roomId);
    const counts = await requireInLiveKit(room, 'listener');
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
      room: { ...summarize(room), ...(counts ?? nobody) },
    };
  }

  return {
    existingRoom,
    liveRoom,

    /**
     * Ends the rooms LiveKit has been missing for longer than the grace period (their host did not
     * bring them back); run periodically. Returns how many were ended.
     */
    async sweepLostRooms(): Promise<number> {
      const overdue = await stores.rooms.mediaLostBefore(new Date(deps.now().getTime() - mediaLossGraceMs));
      if (overdue.length === 0) return 0;
      const presence = await presenceOf(overdue);
      return presence ? overdue.filter((room) => !presence.has(room.id)).length : 0;
    },

    /** Live rooms, most listeners first, with counts read from LiveKit. */
    async listLive(): Promise<RoomSummary[]> {
      const rooms = await stores.rooms.listLive();
      if (rooms.length === 0) return [];
      const presence = await presenceOf(rooms);
      return rooms
        .filter((room) => !presence || presence.has(room.id))
        .map((room) => ({ ...summarize(room), ...(presence ? presence.get(room.id) : {}) }))
        .sort(
          (a, b) => b.listenerCount - a.listenerCount || (b.startedAt ?? '').localeCompare(a.startedAt ?? ''),
        );
    },

    async get(roomId: string): Promise<RoomSummary> {
      return summarize(await existingRoom(roomId));
    },

    async create(hostId: string, input: NewRoomInput): Promise<CreatedRoom> {
      const wait = deps.roomCreationLimiter.take(hostId);
      if (wait > 0) throw rateLimited(wait);
      const now = deps.now();
      if (input.scheduledFor) {
        const ahead = input.scheduledFor.getTime() - now.getTime();
        if (ahead <= 0 || ahead > MAX_SCHEDULE_AHEAD_MS) {
          throw new ApiError(400, 'invalid_body', 'scheduledFor must be in the future, at most a year ahead');
        }
      }
      const id = newRoomId();
      const scheduled = input.scheduledFor !== undefined;
      if (!scheduled) await viaLiveKit(() => deps.livekit.create(id));
      await stores.rooms.insert({
        id,
        hostId,
        title: input.title,
        description: input.description ?? '',
        language: input.language ?? null,
        state: scheduled ? 'scheduled' : 'live',
        scheduledFor: input.scheduledFor ?? null,
        startedAt: scheduled ? null : now,
      });
      const room = (await stores.rooms.get(id))!;
      if (scheduled) return { room: summarize(room) };
      await deps.events.publish({ type: 'room.live', roomId: id, hostId });
      return { room: summarize(room), host: await hostGrant(room) };
    },

    /** Starts a scheduled room (host only). */
    async start(accountId: string, roomId: string): Promise<StartedRoom> {
      const room = await existingRoom(roomId);
      if (room.hostId !== accountId)
        throw new ApiError(403, 'not_the_host', 'Only the host can start the room');
      if (room.state !== 'scheduled') {
        throw new ApiError(409, 'room_not_scheduled', `The room is ${room.state}, not scheduled`);
      }
      await viaLiveKit(() => deps.livekit.create(room.id));
      if (await stores.rooms.markLive(room.id, deps.now())) {
        await deps.events.publish({ type: 'room.live', roomId: room.id, hostId: room.hostId });
      }
      const started = (await stores.rooms.get(room.id))!;
      return { room: summarize(started), host: await hostGrant(started) };
    },

    /** Ends a live or scheduled room for everyone (host or cohost). */
    async end(accountId: string, roomId: string): Promise<void> {
      const room = await existingRoom(roomId);
      if (room.state === 'ended') throw roomNotFound(roomId);
      const role = await stores.roles.roleOf(room.id, room.hostId, accountId);
      if (!isModeratorRole(role)) {
        throw new ApiError(403, 'not_a_moderator', 'Only the host or a cohost can end the room');
      }
      await viaLiveKit(() => deps.livekit.delete(room.id));
      await endRoom(room);
    },

    listen,

    /** A token for the caller's role in the room; anonymous callers join as guest listeners. */
    async join(roomId: string, accountId: string | undefined, input: { name?: string }): Promise<RoomGrant> {
      const room = await liveRoom(roomId);
      if (!accountId) {
        const grant = await listen(roomId, input);
        return { ...grant, role: 'listener' };
      }
      const joiner = await stores.roles.joinerIn(room.id, room.hostId, accountId);
      if (!joiner) throw new ApiError(401, 'unauthenticated', 'The account no longer exists');
      if (joiner.banned) throw new ApiError(403, 'banned', 'You were removed from this room');
      const { role } = joiner;
      await requireInLiveKit(room, role);
      const identity = accountIdentity(accountId);
      const token = await deps.tokens.issue({ role, roomId: room.id, identity, name: joiner.displayName });
      return { url: deps.livekitUrl, token, identity, role, room: summarize(room) };
    },
  };
}

export type Rooms = ReturnType<typeof createRooms>;
