/** Rooms, their state and counts, and the queries that list them (directory, lookups): one store over the parts. */
import type { Queryable } from '../db/database.ts';
import { createLiveHostQueries } from './live-host-queries.ts';
import { createRoomLifecycle } from './room-lifecycle.ts';
import { createRoomParticipants } from './room-participants.ts';
import { createRoomQueries } from './room-queries.ts';

export type { NewRoom } from './room-lifecycle.ts';
export type { RoomCounts, StoredRoom } from './room-rows.ts';

export function createRoomsStore(db: Queryable) {
  return {
    ...createRoomQueries(db),
    ...createLiveHostQueries(db),
    ...createRoomLifecycle(db),
    ...createRoomParticipants(db),
  };
}

export type RoomsStore = ReturnType<typeof createRoomsStore>;
