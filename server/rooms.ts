/**
 * What the API does with rooms, independent of HTTP: create, start, list, listen, join, end. Each
 * concern has its module in rooms/; LiveKit-loss recovery is rooms/livekit-recovery.ts.
 */
import { createLiveKitRecovery } from './rooms/livekit-recovery.ts';
import { createRoomEnding } from './rooms/room-ending.ts';
import { createRoomJoins } from './rooms/room-joins.ts';
import { createRoomListing } from './rooms/room-listing.ts';
import { createRoomStarts } from './rooms/room-starts.ts';
import { createRoomsContext, type RoomsDeps } from './rooms/rooms-context.ts';

export type { JoinGrant, ListenerGrant, RoomGrant } from './rooms/room-joins.ts';
export type { CreatedRoom, NewRoomInput, StartedRoom } from './rooms/room-starts.ts';
export type { RoomsDeps } from './rooms/rooms-context.ts';

export function createRooms(deps: RoomsDeps) {
  const context = createRoomsContext(deps);
  const recovery = createLiveKitRecovery(context);
  return {
    existingRoom: context.existingRoom,
    liveRoom: context.liveRoom,
    sweepLostRooms: recovery.sweepLostRooms,
    ...createRoomListing(context, recovery),
    ...createRoomStarts(context),
    ...createRoomEnding(context),
    ...createRoomJoins(context, recovery),
  };
}

export type Rooms = ReturnType<typeof createRooms>;
