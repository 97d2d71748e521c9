/**
 * What happens to rooms, as published between service instances: small messages naming the room
 * and its host; each instance reads the room itself before telling its connected users.
 */

export type RoomEventType = 'room.live' | 'room.ended' | 'room.counts';

export interface RoomEvent {
  type: RoomEventType;
  roomId: string;
  hostId: string;
}

/** Carries room events to every service instance (including the one that published them). */
export interface RoomEventBus {
  publish(event: RoomEvent): Promise<void>;
  /** Calls `handler` for every event published from now on; returns the unsubscribe. */
  subscribe(handler: (event: RoomEvent) => void): () => void;
  close(): Promise<void>;
}

const eventTypes = new Set<string>(['room.live', 'room.ended', 'room.counts']);

/** A RoomEvent from untrusted JSON, or undefined. */
export function parseRoomEvent(payload: string): RoomEvent | undefined {
  try {
    const value = JSON.parse(payload) as Partial<RoomEvent>;
    if (
      eventTypes.has(String(value.type)) &&
      typeof value.roomId === 'string' &&
      typeof value.hostId === 'string'
    ) {
      return { type: value.type as RoomEventType, roomId: value.roomId, hostId: value.hostId };
    }
  } catch {
    // not ours
  }
  return undefined;
}
