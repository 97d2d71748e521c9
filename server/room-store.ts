/**
 * Where rooms are remembered. Kept small and async so a database-backed store can replace the
 * in-memory one without touching its callers.
 */

export interface StoredRoom {
  id: string;
  title: string;
  hostName: string;
  hostIdentity: string;
  startedAt: Date;
  /** Set once the room has ended; ended rooms are never listed again. */
  endedAt?: Date;
}

export interface RoomStore {
  insert(room: StoredRoom): Promise<void>;
  /** The room if it exists and has not ended. */
  getLive(id: string): Promise<StoredRoom | undefined>;
  /** Rooms that have not ended, in no particular order. */
  listLive(): Promise<StoredRoom[]>;
  /** Ends a live room; false when there was no live room with that id. */
  markEnded(id: string, endedAt: Date): Promise<boolean>;
}

/** A RoomStore in this process's memory: rooms are forgotten on restart. */
export function createMemoryRoomStore(): RoomStore {
  const rooms = new Map<string, StoredRoom>();
  const copy = (room: StoredRoom): StoredRoom => structuredClone(room);

  return {
    async insert(room) {
      if (rooms.has(room.id)) throw new Error(`Room ${room.id} already exists`);
      rooms.set(room.id, copy(room));
    },
    async getLive(id) {
      const room = rooms.get(id);
      return room && !room.endedAt ? copy(room) : undefined;
    },
    async listLive() {
      return [...rooms.values()].filter((room) => !room.endedAt).map(copy);
    },
    async markEnded(id, endedAt) {
      const room = rooms.get(id);
      if (!room || room.endedAt) return false;
      room.endedAt = endedAt;
      return true;
    },
  };
}
