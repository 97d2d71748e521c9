/**
 * Reactions: a listener or speaker reacts, the service checks and rate-limits it, and LiveKit carries it to
 * everyone in the room as a data message sent by the server. Participants never publish data themselves, so
 * listeners keep tokens without data grants and nobody can speak for someone else.
 */
import { REACTION_EMOJI, REACTION_TOPIC } from '../wire/reactions.ts';
import { ApiError, rateLimited } from './api-error.ts';
import type { RateLimiter } from './auth/rate-limiter.ts';
import type { Database } from './db/database.ts';
import type { LiveKitRooms } from './livekit-rooms.ts';
import { accountIdentity, viaLiveKit } from './rooms/livekit-calls.ts';
import type { Rooms } from './rooms.ts';
import { createStores } from './store/stores.ts';

export { REACTION_EMOJI };

export interface ReactionsDeps {
  db: Database;
  livekit: LiveKitRooms;
  rooms: Rooms;
  limiter: RateLimiter;
}

/** What each participant's engine receives (validated again there). */
export interface ReactionMessage {
  identity: string;
  name: string;
  emoji: string;
}

export function createReactions(deps: ReactionsDeps) {
  const stores = createStores(deps.db);
  return {
    async react(accountId: string, roomId: string, emoji: string): Promise<ReactionMessage> {
      const room = await deps.rooms.liveRoom(roomId);
      if (await stores.roles.isBanned(room.id, accountId)) {
        throw new ApiError(403, 'banned', 'You were removed from this room');
      }
      const wait = await deps.limiter.take(`${accountId}|${room.id}`);
      if (wait > 0) throw rateLimited(wait);
      const account = await stores.accounts.byId(accountId);
      const message: ReactionMessage = {
        identity: accountIdentity(accountId),
        name: account?.displayName ?? 'Someone',
        emoji,
      };
      await viaLiveKit(() => deps.livekit.broadcast(room.id, REACTION_TOPIC, message));
      return message;
    },
  };
}

export type Reactions = ReturnType<typeof createReactions>;
