/** Listeners raise and lower their hand; the host and cohosts read the requests to speak. */
import { ApiError } from '../api-error.ts';
import type { RaisedHand } from '../store/room-roles-store.ts';
import type { ModerationContext } from './moderation-context.ts';

export function createRaisedHands({ deps, stores, asModerator }: ModerationContext) {
  return {
    async raiseHand(accountId: string, roomId: string): Promise<void> {
      const room = await deps.rooms.liveRoom(roomId);
      if (await stores.roles.isBanned(room.id, accountId)) {
        throw new ApiError(403, 'banned', 'You were removed from this room');
      }
      await stores.roles.raiseHand(room.id, accountId);
    },

    async lowerHand(accountId: string, roomId: string): Promise<void> {
      const room = await deps.rooms.liveRoom(roomId);
      await stores.roles.lowerHand(room.id, accountId);
    },

    async requests(accountId: string, roomId: string): Promise<RaisedHand[]> {
      const { room } = await asModerator(accountId, roomId);
      return stores.roles.raisedHands(room.id);
    },
  };
}
