/**
 * Rooms LiveKit lost (it restarted or crashed): a live room LiveKit does not have is lost, not over.
 * It is marked (`media_lost_at`) and hidden; its host's or a cohost's rejoin recreates it in LiveKit
 * (LiveKit never creates rooms by itself here: `auto_create` is off), listeners are told
 * `room_reconnecting` meanwhile, and one nobody brings back within the grace period is ended.
 */
import { isModeratorRole, type RoomRole } from '../../wire/roles.ts';
import { ApiError, roomNotFound } from '../api-error.ts';
import { LiveKitUnavailableError, type RoomPresence } from '../livekit-rooms.ts';
import type { StoredRoom } from '../store/rooms-store.ts';
import { createListenerPresence, type ListenerPresence } from './listener-presence.ts';
import { viaLiveKit } from './livekit-calls.ts';
import { createHoldingBatch, type HoldingBatch } from './livekit-holding-batch.ts';
import { endRoom } from './room-ending.ts';
import type { RoomsContext } from './rooms-context.ts';

const MEDIA_LOSS_GRACE_MS = 2 * 60 * 1000;

interface Recovery extends RoomsContext {
  graceMs: number;
  listeners: ListenerPresence;
  /** Listeners' checks that LiveKit holds a room, several rooms per ListRooms call. */
  holding: HoldingBatch;
}

const sameCounts = (room: StoredRoom, counts: RoomPresence) =>
  room.listenerCount === counts.listenerCount && room.speakerCount === counts.speakerCount;

const graceOver = ({ deps, graceMs }: Recovery, lostAt: Date, now = deps.now()) =>
  now.getTime() - lostAt.getTime() >= graceMs;

/**
 * Presence of `rooms` in LiveKit. Lost rooms are missing from the map; one lost for longer than the
 * grace period is ended here. Undefined when LiveKit cannot tell right now.
 */
async function presenceOf(
  recovery: Recovery,
  rooms: StoredRoom[],
): Promise<Map<string, RoomPresence> | undefined> {
  let presence: Map<string, RoomPresence>;
  try {
    presence = await recovery.deps.livekit.presence(rooms.map((room) => room.id));
  } catch (error) {
    if (error instanceof LiveKitUnavailableError) return undefined;
    throw error;
  }
  for (const room of rooms) {
    const counts = presence.get(room.id);
    if (counts) {
      // Webhooks keep the counts too: most checks find them unchanged and need no write.
      if (!sameCounts(room, counts)) await recovery.stores.rooms.setCounts(room.id, counts);
      if (room.mediaLostAt) await mediaRestored(recovery, room);
    } else await noteMediaLost(recovery, room);
  }
  return presence;
}

/** LiveKit lacks this live room: start its grace period, or end it once the grace has run out. Ended → true. */
async function noteMediaLost(recovery: Recovery, room: StoredRoom): Promise<boolean> {
  recovery.listeners.forget(room.id);
  const now = recovery.deps.now();
  const lostAt = room.mediaLostAt ?? (await recovery.stores.rooms.markMediaLost(room.id, now));
  if (lostAt && !graceOver(recovery, lostAt, now)) return false;
  await endRoom(recovery, room);
  return true;
}

async function mediaRestored({ deps, stores }: Recovery, room: StoredRoom): Promise<void> {
  if (await stores.rooms.clearMediaLost(room.id)) {
    await deps.events.publish({ type: 'room.live', roomId: room.id, hostId: room.hostId });
  }
}

/**
 * A moderator (re)joins: make sure LiveKit has the room, recreating it after a LiveKit restart.
 *
 * It asks LiveKit directly rather than through `presenceOf`: a moderator's join fails with 503
 * `livekit_unavailable` when LiveKit cannot tell (instead of going ahead), stores no counts, and
 * needs to know whether noting the loss ended the room.
 */
async function restoreInLiveKit(recovery: Recovery, room: StoredRoom): Promise<void> {
  const { livekit } = recovery.deps;
  if (!room.mediaLostAt) {
    const presence = await viaLiveKit(() => livekit.presence([room.id]));
    if (presence.has(room.id)) return;
    if (await noteMediaLost(recovery, room)) throw roomNotFound(room.id);
  } else if (graceOver(recovery, room.mediaLostAt)) {
    await endRoom(recovery, room);
    throw roomNotFound(room.id);
  }
  await viaLiveKit(() => livekit.create(room.id));
  await mediaRestored(recovery, room);
}

/**
 * What a listener hears when LiveKit lacks the room (after `presenceOf` noted it): 503
 * `room_reconnecting` during the grace period (clients retry while the host brings it back), 404 once
 * it has been ended.
 */
async function missingFromLiveKit({ stores }: Recovery, roomId: string): Promise<ApiError> {
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
 * `missingFromLiveKit` says while it is lost. Listeners' joins trust a check of the last second on
 * this instance (listener-presence.ts), and their check asks LiveKit only whether it holds the room.
 * Returns the room's stored counts for the others' joins; undefined for a moderator's join and when
 * LiveKit cannot tell right now (the join goes ahead then).
 */
async function requireInLiveKit(
  recovery: Recovery,
  room: StoredRoom,
  role: RoomRole,
): Promise<RoomPresence | undefined> {
  if (isModeratorRole(role)) {
    await restoreInLiveKit(recovery, room);
    return undefined;
  }
  const answer = await recovery.listeners.lookup(room.id, room.mediaLostAt !== null, () =>
    listenerCheck(recovery, room),
  );
  if (answer === 'missing') throw await missingFromLiveKit(recovery, room.id);
  return answer;
}

/**
 * A listener's check: whether LiveKit holds the room, in a batched ListRooms call (no ListParticipants, no
 * counts written: the counts returned are the stored ones, which LiveKit's webhooks keep). A room whose
 * loss is known gets the full check, which also notes that it came back.
 */
async function listenerCheck(
  recovery: Recovery,
  room: StoredRoom,
): Promise<RoomPresence | 'missing' | undefined> {
  if (room.mediaLostAt) {
    const presence = await presenceOf(recovery, [room]);
    return presence && (presence.get(room.id) ?? 'missing');
  }
  let held: boolean;
  try {
    held = await recovery.holding.holds(room.id);
  } catch (error) {
    if (error instanceof LiveKitUnavailableError) return undefined;
    throw error;
  }
  if (held) return { speakerCount: room.speakerCount, listenerCount: room.listenerCount };
  await noteMediaLost(recovery, room);
  return 'missing';
}

/** Ends the rooms LiveKit has been missing for longer than the grace period. Returns how many were ended. */
async function sweepLostRooms(recovery: Recovery): Promise<number> {
  const { deps, stores, graceMs } = recovery;
  const overdue = await stores.rooms.mediaLostBefore(new Date(deps.now().getTime() - graceMs));
  if (overdue.length === 0) return 0;
  const presence = await presenceOf(recovery, overdue);
  return presence ? overdue.filter((room) => !presence.has(room.id)).length : 0;
}

export function createLiveKitRecovery(context: RoomsContext) {
  const recovery: Recovery = {
    ...context,
    graceMs: context.deps.mediaLossGraceMs ?? MEDIA_LOSS_GRACE_MS,
    listeners: createListenerPresence(),
    holding: createHoldingBatch((roomIds) => context.deps.livekit.holding(roomIds)),
  };
  return {
    presenceOf: (rooms: StoredRoom[]) => presenceOf(recovery, rooms),
    requireInLiveKit: (room: StoredRoom, role: RoomRole) => requireInLiveKit(recovery, room, role),
    /** Run periodically: the rooms whose host did not bring them back in time are ended. */
    sweepLostRooms: () => sweepLostRooms(recovery),
  };
}

export type LiveKitRecovery = ReturnType<typeof createLiveKitRecovery>;
