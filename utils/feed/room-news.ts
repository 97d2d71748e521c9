/**
 * The latest known summary of each room shown in a card or a chip, one signal per room: the views follow
 * their room's news (listener counts, state) from the directory, the live hosts and lookups.
 */
import { type ReadonlySignal, type Signal, signal } from '@preact/signals';
import type { RoomSummary } from '@/wire/room-summary';

export interface RoomNews {
  /** The signal of `room` (made the first time), now holding `room` if it is news. */
  follow(room: RoomSummary): ReadonlySignal<RoomSummary>;
  /** Fresh news of rooms; only rooms already followed are kept. */
  refresh(rooms: readonly RoomSummary[]): void;
}

/** What a card or a chip shows of a room; other fields changing is no news. */
const sameRoom = (a: RoomSummary, b: RoomSummary) =>
  a.title === b.title &&
  a.hostName === b.hostName &&
  a.listenerCount === b.listenerCount &&
  a.state === b.state &&
  a.startedAt === b.startedAt &&
  a.scheduledFor === b.scheduledFor;

export function createRoomNews(): RoomNews {
  const rooms = new Map<string, Signal<RoomSummary>>();
  // Same news again keeps the object, or every view of that room would render again. (`peek`: this may run
  // in an effect, which must not come to depend on every room.)
  const update = (known: Signal<RoomSummary>, room: RoomSummary) => {
    if (!sameRoom(known.peek(), room)) known.value = room;
  };
  return {
    follow(room) {
      const known = rooms.get(room.id);
      if (known) {
        update(known, room);
        return known;
      }
      const created = signal(room);
      rooms.set(room.id, created);
      return created;
    },
    refresh(list) {
      for (const room of list) {
        const known = rooms.get(room.id);
        if (known) update(known, room);
      }
    },
  };
}
