/** A host creates a room (live now, or scheduled) and starts a scheduled one. */
import type { RoomSummary } from '../../wire/room-summary.ts';
import { ApiError, rateLimited } from '../api-error.ts';
import { newRoomId } from '../random-id.ts';
import type { StoredRoom } from '../store/rooms-store.ts';
import { accountIdentity, viaLiveKit } from './livekit-calls.ts';
import { createRoomCreationKeys } from './room-creation-keys.ts';
import type { JoinGrant } from './room-joins.ts';
import type { RoomsContext } from './rooms-context.ts';

export interface NewRoomInput {
  title: string;
  description?: string;
  language?: string;
  scheduledFor?: Date;
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

/** A scheduled room may be announced at most this far ahead. */
const MAX_SCHEDULE_AHEAD_MS = 366 * 24 * 60 * 60 * 1000;

function checkSchedule(scheduledFor: Date | undefined, now: Date): void {
  if (!scheduledFor) return;
  const ahead = scheduledFor.getTime() - now.getTime();
  if (ahead <= 0 || ahead > MAX_SCHEDULE_AHEAD_MS) {
    throw new ApiError(400, 'invalid_body', 'scheduledFor must be in the future, at most a year ahead');
  }
}

export function createRoomStarts(context: RoomsContext) {
  const { deps, stores, summarize } = context;
  const keys = createRoomCreationKeys(deps.db);

  async function hostGrant(room: StoredRoom): Promise<JoinGrant> {
    const identity = accountIdentity(room.hostId);
    const token = await deps.tokens.issue({ role: 'host', roomId: room.id, identity, name: room.hostName });
    return { url: deps.livekitUrl, token, identity };
  }

  /** What the request that made this room answered (its state now: it may have started or ended since). */
  async function createdRoom(roomId: string): Promise<CreatedRoom | undefined> {
    const room = await stores.rooms.get(roomId);
    if (!room) return undefined;
    if (room.state !== 'live') return { room: summarize(room) };
    return { room: summarize(room), host: await hostGrant(room) };
  }

  async function make(hostId: string, input: NewRoomInput, id: string): Promise<CreatedRoom> {
    const now = deps.now();
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
  }

  return {
    /**
     * A new room. With an idempotency key, a retry of a request that made (or is making) its room
     * answers with that room, not a second one (room-creation-keys.ts).
     */
    async create(hostId: string, input: NewRoomInput, idempotencyKey?: string): Promise<CreatedRoom> {
      const earlier = idempotencyKey && (await keys.claimedRoom(hostId, idempotencyKey));
      if (earlier) return keys.awaitRoom(() => createdRoom(earlier));
      const wait = await deps.roomCreationLimiter.take(hostId);
      if (wait > 0) throw rateLimited(wait);
      checkSchedule(input.scheduledFor, deps.now());
      const id = newRoomId();
      if (!idempotencyKey) return make(hostId, input, id);
      const holder = await keys.claim(hostId, idempotencyKey, id);
      if (holder) return keys.awaitRoom(() => createdRoom(holder));
      try {
        return await make(hostId, input, id);
      } catch (error) {
        if (!(await stores.rooms.get(id))) await keys.release(hostId, idempotencyKey, id);
        throw error;
      }
    },

    /** Starts a scheduled room (host only). */
    async start(accountId: string, roomId: string): Promise<StartedRoom> {
      const room = await context.existingRoom(roomId);
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
  };
}
