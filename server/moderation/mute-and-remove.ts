/** A moderator mutes someone's microphone, or removes them from the room and bans them from it. */
import { ApiError } from '../api-error.ts';
import { accountIdentity, viaLiveKit } from '../rooms/livekit-calls.ts';
import type { ModerationContext, Target } from './moderation-context.ts';

export function createMuteAndRemove({ deps, stores, outrankedTarget }: ModerationContext) {
  return {
    /** Mutes someone's microphone; they may unmute themselves unless moved off stage. */
    async mute(moderatorId: string, roomId: string, target: Target): Promise<void> {
      const { room, account } = await outrankedTarget(moderatorId, roomId, target, 'mute');
      const muted = await viaLiveKit(() => deps.livekit.muteMicrophone(room.id, accountIdentity(account.id)));
      if (!muted) throw new ApiError(404, 'participant_not_found', 'That account is not in the room');
    },

    /** Removes someone from the room and bans them from rejoining it. */
    async removeAndBan(moderatorId: string, roomId: string, target: Target): Promise<void> {
      const { room, account } = await outrankedTarget(moderatorId, roomId, target, 'remove');
      await stores.roles.ban(room.id, account.id, moderatorId);
      const identity = accountIdentity(account.id);
      await viaLiveKit(() => deps.livekit.remove(room.id, identity, deps.now()));
      await stores.rooms.removeParticipant(room.id, identity);
      await deps.events.publish({ type: 'room.counts', roomId: room.id, hostId: room.hostId });
    },
  };
}
