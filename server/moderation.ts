/**
 * Running a room's stage: hands raised by listeners, and what the host and cohosts may do to others
 * (invite to the stage and back, mute, remove and ban, appoint cohosts). Every change is stored and
 * then enforced in LiveKit without making anyone reconnect.
 */
import type { RoomRole } from '../wire/roles.ts';
import { ApiError, accountNotFound } from './api-error.ts';
import type { Database } from './db/database.ts';
import type { RoomEventBus } from './events/room-events.ts';
import type { LiveKitRooms } from './livekit-rooms.ts';
import { accountIdentity, isModeratorRole, type Rooms, viaLiveKit } from './rooms.ts';
import type { Account } from './store/accounts-store.ts';
import type { RaisedHand, StageRole } from './store/room-roles-store.ts';
import type { StoredRoom } from './store/rooms-store.ts';
import { createStores, type Stores } from './store/stores.ts';

/** The most people on stage at once (host, cohosts and speakers), as on X Spaces. */
export const STAGE_CAPACITY = 13;
export const MAX_COHOSTS = 2;

export type Target = { accountId?: string; username?: string };

export interface ModerationDeps {
  db: Database;
  livekit: LiveKitRooms;
  events: RoomEventBus;
  rooms: Rooms;
  now: () => Date;
}

export interface StageChange {
  accountId: string;
  role: RoomRole;
  /** Whether they were in the room, so the change applied at once. */
  applied: boolean;
}

const notAModerator = () =>
  new ApiError(403, 'not_a_moderator', 'Only the host or a cohost can do this in this room');
const cannotModerate = (why: string) => new ApiError(403, 'cannot_moderate', why);

export function createModeration(deps: ModerationDeps) {
  const stores = createStores(deps.db);

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

  /** Applies `role` in LiveKit and in the counts; false when they are not in the room now. */
  async function enforce(room: StoredRoom, accountId: string, role: RoomRole): Promise<boolean> {
    const identity = accountIdentity(accountId);
    const applied = await viaLiveKit(() => deps.livekit.setGrant(room.id, identity, { role }));
    if (applied) {
      await stores.rooms.setParticipantSpeaker(room.id, identity, role !== 'listener');
      await deps.events.publish({ type: 'room.counts', roomId: room.id, hostId: room.hostId });
    }
    return applied;
  }

  /** In one transaction with the room locked: checks the stage has room, then sets the role. */
  async function grantStageRole(room: StoredRoom, accountId: string, role: StageRole): Promise<void> {
    await deps.db.transaction(async (tx) => {
      const txStores: Stores = createStores(tx);
      await txStores.roles.lockRoom(room.id);
      const current = await txStores.roles.roleOf(room.id, room.hostId, accountId);
      const counts = await txStores.roles.stageCounts(room.id);
      if (role === 'cohost' && current !== 'cohost' && counts.cohosts >= MAX_COHOSTS) {
        throw new ApiError(409, 'cohost_limit', `A room has at most ${MAX_COHOSTS} cohosts`);
      }
      const onStage = 1 + counts.cohosts + counts.speakers;
      if (current === 'listener' && onStage >= STAGE_CAPACITY) {
        throw new ApiError(409, 'stage_full', `At most ${STAGE_CAPACITY} people can be on stage`);
      }
      await txStores.roles.setRole(room.id, accountId, role);
      await txStores.roles.lowerHand(room.id, accountId);
    });
  }

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

    /** Invites someone to speak, or moves a speaker back to the listeners. */
    async setOnStage(
      moderatorId: string,
      roomId: string,
      target: Target,
      onStage: boolean,
    ): Promise<StageChange> {
      const { room } = await asModerator(moderatorId, roomId);
      const account = await targetAccount(target);
      const current = await stores.roles.roleOf(room.id, room.hostId, account.id);
      if (current === 'host' || current === 'cohost') {
        throw cannotModerate('The host and cohosts are always on stage');
      }
      if (await stores.roles.isBanned(room.id, account.id)) {
        throw new ApiError(403, 'banned', 'That account was removed from this room');
      }
      if (onStage) await grantStageRole(room, account.id, 'speaker');
      else await stores.roles.setRole(room.id, account.id, undefined);
      const role: RoomRole = onStage ? 'speaker' : 'listener';
      return { accountId: account.id, role, applied: await enforce(room, account.id, role) };
    },

    /** Mutes someone's microphone; they may unmute themselves unless moved off stage. */
    async mute(moderatorId: string, roomId: string, target: Target): Promise<void> {
      const { room, role } = await asModerator(moderatorId, roomId);
      const account = await targetAccount(target);
      const targetRole = await stores.roles.roleOf(room.id, room.hostId, account.id);
      if (targetRole === 'host' || (targetRole === 'cohost' && role !== 'host')) {
        throw cannotModerate('Only the host can mute a cohost, and nobody can mute the host');
      }
      const muted = await viaLiveKit(() => deps.livekit.muteMicrophone(room.id, accountIdentity(account.id)));
      if (!muted) throw new ApiError(404, 'participant_not_found', 'That account is not in the room');
    },

    /** Removes someone from the room and bans them from rejoining it. */
    async removeAndBan(moderatorId: string, roomId: string, target: Target): Promise<void> {
      const { room, role } = await asModerator(moderatorId, roomId);
      const account = await targetAccount(target);
      const targetRole = await stores.roles.roleOf(room.id, room.hostId, account.id);
      if (targetRole === 'host' || (targetRole === 'cohost' && role !== 'host')) {
        throw cannotModerate('Only the host can remove a cohost, and nobody can remove the host');
      }
      await stores.roles.ban(room.id, account.id, moderatorId);
      const identity = accountIdentity(account.id);
      await viaLiveKit(() => deps.livekit.remove(room.id, identity, deps.now()));
      await stores.rooms.removeParticipant(room.id, identity);
      await deps.events.publish({ type: 'room.counts', roomId: room.id, hostId: room.hostId });
    },

    /** The host appoints a cohost (at most 2) or takes the role back (they become a listener). */
    async setCohost(hostId: string, roomId: string, target: Target, cohost: boolean): Promise<StageChange> {
      const room = await deps.rooms.liveRoom(roomId);
      if (room.hostId !== hostId)
        throw new ApiError(403, 'not_the_host', 'Only the host can appoint cohosts');
      const account = await targetAccount(target);
      if (account.id === hostId) throw cannotModerate('The host is already the host');
      if (await stores.roles.isBanned(room.id, account.id)) {
        throw new ApiError(403, 'banned', 'That account was removed from this room');
      }
      if (cohost) await grantStageRole(room, account.id, 'cohost');
      else {
        const current = await stores.roles.roleOf(room.id, hostId, account.id);
        if (current !== 'cohost') return { accountId: account.id, role: current, applied: false };
        await stores.roles.setRole(room.id, account.id, undefined);
      }
      const role: RoomRole = cohost ? 'cohost' : 'listener';
      return { accountId: account.id, role, applied: await enforce(room, account.id, role) };
    },
  };
}

export type Moderation = ReturnType<typeof createModeration>;
