/** Hosting and the stage: rooms the user creates, starts and ends, raised hands, and the host's stage actions. */
import { IDLE_SESSION } from '../../protocol/session-state';
import type { HandlerMap, HubContext } from './context';
import { join, leave } from './listening';
import { inRoom } from './session';

/** The room the user is in, for stage actions. */
function currentRoomId(hub: HubContext): string {
  const state = hub.session.current;
  if (!state.room || !inRoom(state)) throw new Error('Not in a room');
  return state.room.id;
}

export const hostingHandlers = {
  'room:create': (request, hub) => {
    const { title, description, scheduledFor } = request;
    return hub.session.serial(async () => {
      const room = await hub.deps.api.createRoom({ title, description, scheduledFor });
      // A room that starts now: the host goes straight on stage.
      const session = room.state === 'scheduled' ? hub.session.current : await join(hub, room.id);
      return { room, session };
    });
  },
  'room:start': async (request, hub) => {
    await hub.deps.api.startRoom(request.roomId);
    return hub.session.serial(() => join(hub, request.roomId));
  },
  /** The feed's "Start a room" (a content script cannot open the popup). */
  'popup:start-room': async (_request, hub) => (await hub.deps.openStartRoom?.()) ?? null,
  'room:end': (_request, hub) =>
    hub.session.serial(async () => {
      await hub.deps.api.endRoom(currentRoomId(hub));
      await leave(hub);
      return hub.session.set({ ...IDLE_SESSION, endedReason: 'room_ended' });
    }),
  'room:hand': async (request, hub) => {
    await hub.deps.api.setHandRaised(currentRoomId(hub), request.raised);
    return hub.session.set({ ...hub.session.current, handRaised: request.raised });
  },
  'room:requests': async (_request, hub) => hub.deps.api.handRaises(currentRoomId(hub)),
  'room:stage': async (request, hub) => {
    await hub.deps.api.setOnStage(currentRoomId(hub), request.accountId, request.onStage);
    return null;
  },
  'room:cohost': async (request, hub) => {
    await hub.deps.api.setCohost(currentRoomId(hub), request.accountId, request.on);
    return null;
  },
  'room:mute-speaker': async (request, hub) => {
    await hub.deps.api.muteSpeaker(currentRoomId(hub), request.accountId);
    return null;
  },
  'room:remove': async (request, hub) => {
    await hub.deps.api.removeParticipant(currentRoomId(hub), request.accountId);
    return null;
  },
  'room:react': async (request, hub) => {
    await hub.deps.api.react(currentRoomId(hub), request.emoji);
    return null;
  },
} satisfies Partial<HandlerMap>;
