/** Every store over one database (or one transaction). */
import type { Queryable } from '../db/database.ts';
import { createAccountsStore } from './accounts-store.ts';
import { createFollowsStore } from './follows-store.ts';
import { createRoomJoinLookup } from './room-join-lookup.ts';
import { createRoomRolesStore } from './room-roles-store.ts';
import { createRoomsStore } from './rooms-store.ts';
import { createSessionsStore } from './sessions-store.ts';

export function createStores(db: Queryable) {
  return {
    accounts: createAccountsStore(db),
    sessions: createSessionsStore(db),
    follows: createFollowsStore(db),
    rooms: createRoomsStore(db),
    roles: createRoomRolesStore(db),
    joins: createRoomJoinLookup(db),
  };
}

export type Stores = ReturnType<typeof createStores>;
