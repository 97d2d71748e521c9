/** What every part of the rooms domain works with: its dependencies, the stores, and finding and showing a room. */
import type { RoomSummary } from '../../wire/room-summary.ts';
import { ApiError, roomNotFound } from '../api-error.ts';
import type { RateLimiter } from '../auth/rate-limiter.ts';
import type { Database } from '../db/database.ts';
import type { RoomEventBus } from '../events/room-events.ts';
import type { LiveKitRooms } from '../livekit-rooms.ts';
import { roomIdPattern } from '../random-id.ts';
import { summarizeRoom } from '../room-summary.ts';
import type { StoredRoom } from '../store/rooms-store.ts';
import { createStores, type Stores } from '../store/stores.ts';
import type { TokenIssuer } from '../tokens.ts';

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

export interface RoomsContext {
  deps: RoomsDeps;
  stores: Stores;
  /** The room as clients see it. */
  summarize(room: StoredRoom): RoomSummary;
  /** The room, in any state; 404 for unknown or malformed ids. */
  existingRoom(roomId: string): Promise<StoredRoom>;
  /** The room if it is live: 404 when unknown or ended, 409 when not started yet. */
  liveRoom(roomId: string): Promise<StoredRoom>;
  /** The same checks as `liveRoom`, on a room already read (undefined: unknown). */
  requireLive(roomId: string, room: StoredRoom | undefined): StoredRoom;
}

export function createRoomsContext(deps: RoomsDeps): RoomsContext {
  const stores = createStores(deps.db);

  async function existingRoom(roomId: string): Promise<StoredRoom> {
    const room = roomIdPattern.test(roomId) ? await stores.rooms.get(roomId) : undefined;
    if (!room) throw roomNotFound(roomId);
    return room;
  }

  function requireLive(roomId: string, room: StoredRoom | undefined): StoredRoom {
    if (!room || room.state === 'ended') throw roomNotFound(roomId);
    if (room.state === 'scheduled') throw new ApiError(409, 'room_not_live', 'The room has not started yet');
    return room;
  }

  async function liveRoom(roomId: string): Promise<StoredRoom> {
    return requireLive(roomId, await existingRoom(roomId));
  }

  return {
    deps,
    stores,
    summarize: (room) => summarizeRoom(room, deps.publicUrl),
    existingRoom,
    liveRoom,
    requireLive,
  };
}
