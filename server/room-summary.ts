/** How a stored room is shown to clients: the wire contract's `RoomSummary`. */
import { type RoomSummary, shareUrlOf } from '../wire/room-summary.ts';
import type { StoredRoom } from './store/rooms-store.ts';

export function summarizeRoom(room: StoredRoom, publicUrl: string): RoomSummary {
  return {
    id: room.id,
    title: room.title,
    description: room.description,
    language: room.language,
    hostName: room.hostName,
    hostUsername: room.hostUsername,
    state: room.state,
    listenerCount: room.listenerCount,
    speakerCount: room.speakerCount,
    startedAt: room.startedAt?.toISOString() ?? null,
    scheduledFor: room.scheduledFor?.toISOString() ?? null,
    shareUrl: shareUrlOf(publicUrl, room.id),
  };
}
