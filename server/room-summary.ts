/** How a room is shown to clients. */
import type { RoomState, StoredRoom } from './store/rooms-store.ts';

export interface RoomSummary {
  /** 10 characters [A-Za-z0-9] */
  id: string;
  title: string;
  description: string;
  /** A language tag such as "en", or null when the host did not say. */
  language: string | null;
  /** The host's display name. */
  hostName: string;
  hostUsername: string;
  state: RoomState;
  /** Participants without publish permission. */
  listenerCount: number;
  /** Participants allowed to publish (host, cohosts, speakers on stage). */
  speakerCount: number;
  /** ISO 8601; null only for a scheduled room. */
  startedAt: string | null;
  /** ISO 8601, when the room was announced for; null for rooms started at once. */
  scheduledFor: string | null;
  /** `<PUBLIC_URL>/r/<id>`: a public page about the room. */
  shareUrl: string;
}

export const shareUrlOf = (publicUrl: string, roomId: string) => `${publicUrl}/r/${roomId}`;

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
