/**
 * Room events over Postgres LISTEN/NOTIFY: with a real Postgres every instance connected to the same
 * database receives every event; with PGlite (one process) it is an in-process channel.
 */
import type { Database } from '../db/database.ts';
import { parseRoomEvent, type RoomEvent, type RoomEventBus } from './room-events.ts';

const CHANNEL = 'earshot_room_events';

export async function createDatabaseEventBus(db: Database): Promise<RoomEventBus> {
  const handlers = new Set<(event: RoomEvent) => void>();
  const unlisten = await db.listen(CHANNEL, (payload) => {
    const event = parseRoomEvent(payload);
    if (!event) return;
    for (const handler of handlers) handler(event);
  });
  return {
    async publish(event) {
      await db.notify(CHANNEL, JSON.stringify(event));
    },
    subscribe(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    async close() {
      handlers.clear();
      await unlisten();
    },
  };
}
