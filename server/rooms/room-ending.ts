/** Ending a room: by its host or a cohost, or by the service when LiveKit lost it for good. */
import { isModeratorRole } from '../../wire/roles.ts';
import { ApiError, roomNotFound } from '../api-error.ts';
import type { StoredRoom } from '../store/rooms-store.ts';
import { viaLiveKit } from './livekit-calls.ts';
import type { RoomsContext } from './rooms-context.ts';

/** Marks the room ended (once) and tells its followers. */
export async function endRoom({ deps, stores }: RoomsContext, room: StoredRoom): Promise<void> {
  if (await stores.rooms.markEnded(room.id, deps.now())) {
    await deps.events.publish({ type: 'room.ended', roomId: room.id, hostId: room.hostId });
  }
}

export function createRoomEnding(context: RoomsContext) {
  return {
    /** Ends a live or scheduled room for everyone (host or cohost). */
    async end(accountId: string, roomId: string): Promise<void> {
      const room = await context.existingRoom(roomId);
      if (room.state === 'ended') throw roomNotFound(roomId);
      const role = await context.stores.roles.roleOf(room.id, room.hostId, accountId);
      if (!isModeratorRole(role)) {
        throw new ApiError(403, 'not_a_moderator', 'Only the host or a cohost can end the room');
      }
      await viaLiveKit(() => context.deps.livekit.delete(room.id));
      await endRoom(context, room);
    },
  };
}
