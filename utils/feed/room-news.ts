/**
 * The latest known summary of each room shown in a card or a chip: the views follow their room's news (listener
 * counts, state) from the directory, the live hosts and lookups. One signal for all rooms (`version`), not one per
 * room: the views are updated together by one effect (entrypoints/feed.content/shadow-ui.tsx), and a per-room
 * signal and effect per card were most of a cold card's mount (bench:feed).
 */
import { signal } from '@preact/signals';
import type { RoomSummary } from '@/wire/room-summary';

export interface RoomNews {
  /** Follows `room` from now on (made known the first time, or its news if it is newer than what is known). */
  follow(room: RoomSummary): void;
  /** The latest summary of a followed room (read in an effect, the effect follows every room's news). */
  get(roomId: string): RoomSummary | undefined;
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
  const rooms = new Map<string, RoomSummary>();
  /** Changes each time a followed room's summary changed: reading it (`get`) follows every room's news. */
  const version = signal(0);
  // Same news again keeps the object and the version, or every view would render again. (`peek`: this may run
  // in an effect, which must not come to depend on the version.)
  const update = (known: RoomSummary, room: RoomSummary) => {
    if (sameRoom(known, room)) return;
    rooms.set(room.id, room);
    version.value = version.peek() + 1;
  };
  return {
    follow(room) {
      const known = rooms.get(room.id);
      if (known) update(known, room);
      else rooms.set(room.id, room);
    },
    get(roomId) {
      version.value; // tracked: a view reading its room follows the news
      return rooms.get(roomId);
    },
    refresh(list) {
      for (const room of list) {
        const known = rooms.get(room.id);
        if (known) update(known, room);
      }
    },
  };
}
