/** Reading rooms: the live ones with counts from LiveKit, and one room by id. */
import type { RoomSummary } from '../../wire/room-summary.ts';
import type { LiveKitRecovery } from './livekit-recovery.ts';
import type { RoomsContext } from './rooms-context.ts';

export function createRoomListing(context: RoomsContext, recovery: LiveKitRecovery) {
  const { stores, summarize } = context;
  return {
    /** Live rooms, most listeners first, with counts read from LiveKit (rooms LiveKit lost are left out). */
    async listLive(): Promise<RoomSummary[]> {
      const rooms = await stores.rooms.listLive();
      if (rooms.length === 0) return [];
      const presence = await recovery.presenceOf(rooms);
      return rooms
        .filter((room) => !presence || presence.has(room.id))
        .map((room) => ({ ...summarize(room), ...(presence ? presence.get(room.id) : {}) }))
        .sort(
          (a, b) => b.listenerCount - a.listenerCount || (b.startedAt ?? '').localeCompare(a.startedAt ?? ''),
        );
    },

    async get(roomId: string): Promise<RoomSummary> {
      return summarize(await context.existingRoom(roomId));
    },
  };
}
