/**
 * Who is on stage: a moderator invites someone to speak or moves them back, the host appoints
 * cohosts. Every change is stored, then enforced in LiveKit without making anyone reconnect.
 */
import type { RoomRole } from '../../wire/roles.ts';
import { ApiError } from '../api-error.ts';
import { accountIdentity, viaLiveKit } from '../rooms/livekit-calls.ts';
import type { StageRole } from '../store/room-roles-store.ts';
import type { StoredRoom } from '../store/rooms-store.ts';
import { createStores } from '../store/stores.ts';
import { cannotModerate, type ModerationContext, type Target } from './moderation-context.ts';

/** The most people on stage at once (host, cohosts and speakers), as on X Spaces. */
export const STAGE_CAPACITY = 13;
export const MAX_COHOSTS = 2;

export interface StageChange {
  accountId: string;
  role: RoomRole;
  /** Whether they were in the room, so the change applied at once. */
  applied: boolean;
}

/** In one transaction with the room locked: checks the stage has room, then sets the role. */
async function grantStageRole(
  { deps }: ModerationContext,
  room: StoredRoom,
  accountId: string,
  role: StageRole,
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const roles = createStores(tx).roles;
    await roles.lockRoom(room.id);
    const current = await roles.roleOf(room.id, room.hostId, accountId);
    const counts = await roles.stageCounts(room.id);
    if (role === 'cohost' && current !== 'cohost' && counts.cohosts >= MAX_COHOSTS) {
      throw new ApiError(409, 'cohost_limit', `A room has at most ${MAX_COHOSTS} cohosts`);
    }
    const onStage = 1 + counts.cohosts + counts.speakers;
    if (current === 'listener' && onStage >= STAGE_CAPACITY) {
      throw new ApiError(409, 'stage_full', `At most ${STAGE_CAPACITY} people can be on stage`);
    }
    await roles.setRole(room.id, accountId, role);
    await roles.lowerHand(room.id, accountId);
  });
}

/** Applies `role` in LiveKit and in the counts; false when they are not in the room now. */
async function enforce(
  { deps, stores }: ModerationContext,
  room: StoredRoom,
  accountId: string,
  role: RoomRole,
): Promise<boolean> {
  const identity = accountIdentity(accountId);
  const applied = await viaLiveKit(() => deps.livekit.setGrant(room.id, identity, { role }));
  if (applied) {
    await stores.rooms.setParticipantSpeaker(room.id, identity, role !== 'listener');
    await deps.events.publish({ type: 'room.counts', roomId: room.id, hostId: room.hostId });
  }
  return applied;
}

export function createStageRoles(context: ModerationContext) {
  const { deps, stores } = context;
  return {
    /** Invites someone to speak, or moves a speaker back to the listeners. */
    async setOnStage(
      moderatorId: string,
      roomId: string,
      target: Target,
      onStage: boolean,
    ): Promise<StageChange> {
      const { room } = await context.asModerator(moderatorId, roomId);
      const account = await context.targetAccount(target);
      const current = await stores.roles.roleOf(room.id, room.hostId, account.id);
      if (current === 'host' || current === 'cohost') {
        throw cannotModerate('The host and cohosts are always on stage');
      }
      await context.refuseBanned(room, account.id);
      if (onStage) await grantStageRole(context, room, account.id, 'speaker');
      else await stores.roles.setRole(room.id, account.id, undefined);
      const role: RoomRole = onStage ? 'speaker' : 'listener';
      return { accountId: account.id, role, applied: await enforce(context, room, account.id, role) };
    },

    /** The host appoints a cohost (at most 2) or takes the role back (they become a listener). */
    async setCohost(hostId: string, roomId: string, target: Target, cohost: boolean): Promise<StageChange> {
      const room = await deps.rooms.liveRoom(roomId);
      if (room.hostId !== hostId)
        throw new ApiError(403, 'not_the_host', 'Only the host can appoint cohosts');
      const account = await context.targetAccount(target);
      if (account.id === hostId) throw cannotModerate('The host is already the host');
      await context.refuseBanned(room, account.id);
      if (cohost) await grantStageRole(context, room, account.id, 'cohost');
      else {
        const current = await stores.roles.roleOf(room.id, hostId, account.id);
        if (current !== 'cohost') return { accountId: account.id, role: current, applied: false };
        await stores.roles.setRole(room.id, account.id, undefined);
      }
      const role: RoomRole = cohost ? 'cohost' : 'listener';
      return { accountId: account.id, role, applied: await enforce(context, room, account.id, role) };
    },
  };
}
