/** What every moderation action needs: its dependencies, the stores, and who may act on whom. */
import { isModeratorRole, type RoomRole } from '../../wire/roles.ts';
import { ApiError, accountNotFound } from '../api-error.ts';
import type { Database } from '../db/database.ts';
import type { RoomEventBus } from '../events/room-events.ts';
import type { LiveKitRooms } from '../livekit-rooms.ts';
import type { Rooms } from '../rooms.ts';
import type { Account } from '../store/accounts-store.ts';
import type { StoredRoom } from '../store/rooms-store.ts';
import { createStores, type Stores } from '../store/stores.ts';

/** Someone to act on: by account id or by username. */
export type Target = { accountId?: string; username?: string };

export interface ModerationDeps {
  db: Database;
  livekit: LiveKitRooms;
  events: RoomEventBus;
  rooms: Rooms;
  now: () => Date;
}

export const cannotModerate = (why: string) => new ApiError(403, 'cannot_moderate', why);
const notAModerator = () =>
  new ApiError(403, 'not_a_moderator', 'Only the host or a cohost can do this in this room');

export function createModerationContext(deps: ModerationDeps) {
  const stores: Stores = createStores(deps.db);

  async function targetAccount(target: Target): Promise<Account> {
    const account = target.accountId
      ? await stores.accounts.byId(target.accountId)
      : await stores.accounts.byUsername(target.username ?? '');
    if (!account) throw accountNotFound();
    return account;
  }

  /** The live room and the caller's role in it, which must be host or cohost. */
  async function asModerator(
    accountId: string,
    roomId: string,
  ): Promise<{ room: StoredRoom; role: RoomRole }> {
    const room = await deps.rooms.liveRoom(roomId);
    const role = await stores.roles.roleOf(room.id, room.hostId, accountId);
    if (!isModeratorRole(role)) throw notAModerator();
    return { room, role };
  }

  /**
   * The room and the target of a moderator's action that needs to outrank them: nobody may `action` the
   * host, and only the host a cohost.
   */
  async function outrankedTarget(
    moderatorId: string,
    roomId: string,
    target: Target,
    action: 'mute' | 'remove',
  ): Promise<{ room: StoredRoom; account: Account }> {
    const { room, role } = await asModerator(moderatorId, roomId);
    const account = await targetAccount(target);
    const targetRole = await stores.roles.roleOf(room.id, room.hostId, account.id);
    if (targetRole === 'host' || (targetRole === 'cohost' && role !== 'host')) {
      throw cannotModerate(`Only the host can ${action} a cohost, and nobody can ${action} the host`);
    }
    return { room, account };
  }

  /** Refuses an action on someone banned from the room. */
  async function refuseBanned(room: StoredRoom, accountId: string): Promise<void> {
    if (await stores.roles.isBanned(room.id, accountId)) {
      throw new ApiError(403, 'banned', 'That account was removed from this room');
    }
  }

  return { deps, stores, targetAccount, asModerator, outrankedTarget, refuseBanned };
}

export type ModerationContext = ReturnType<typeof createModerationContext>;
