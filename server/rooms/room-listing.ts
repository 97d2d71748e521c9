/**
 * Reading rooms: the live ones, and one room by id.
 *
 * `GET /v1/rooms` used to ask LiveKit about every live room on every call (ListRooms, then one
 * ListParticipants per room, then a counts write per room): O(live rooms) LiveKit calls per request,
 * the bottleneck of the route. Now each instance remembers, for a short while, which rooms LiveKit
 * had; the rooms themselves and their counts come from the database on every call (counts are kept
 * there by LiveKit's webhooks and by these checks), so a room that ended or started is listed
 * correctly at once. Only a room LiveKit lost without telling (a crash: no webhook) can stay listed
 * for up to PRESENCE_TTL_MS; a room whose loss is known (media_lost_at), or that LiveKit lacked at the
 * last check, is checked again on every call.
 */
import type { RoomSummary } from '../../wire/room-summary.ts';
import type { StoredRoom } from '../store/rooms-store.ts';
import type { LiveKitRecovery } from './livekit-recovery.ts';
import type { RoomsContext } from './rooms-context.ts';

/** How long LiveKit having a room is trusted without asking again. */
const PRESENCE_TTL_MS = 2000;

interface PresenceCheck {
  at: number;
  present: boolean;
}

/** Which live rooms LiveKit has, asked at most once per PRESENCE_TTL_MS per room and instance. */
function createPresenceCache(recovery: LiveKitRecovery, clock: () => number = Date.now) {
  const checks = new Map<string, PresenceCheck>();
  // Requests arriving while a check runs wait for it rather than asking LiveKit again.
  let running: Promise<void> | undefined;

  const isStale = (room: StoredRoom, now: number) => {
    const check = checks.get(room.id);
    // A room LiveKit lacked is asked about again each time: its host may have brought it back.
    return !check?.present || now - check.at >= PRESENCE_TTL_MS || room.mediaLostAt !== null;
  };

  /** Asks LiveKit about `rooms`; false when it cannot tell right now (nothing is remembered then). */
  async function check(rooms: StoredRoom[]): Promise<boolean> {
    const presence = await recovery.presenceOf(rooms);
    if (!presence) return false;
    const at = clock();
    for (const room of rooms) checks.set(room.id, { at, present: presence.has(room.id) });
    return true;
  }

  return {
    /**
     * Which of `rooms` LiveKit has (undefined when it cannot tell: callers then list them all), and
     * whether LiveKit was asked just now (its counts were written, lost rooms may have been ended).
     */
    async present(rooms: StoredRoom[]): Promise<{ present?: Set<string>; asked: boolean }> {
      if (running && rooms.some((room) => isStale(room, clock()))) await running.catch(() => {});
      const stale = rooms.filter((room) => isStale(room, clock()));
      if (stale.length > 0) {
        const done = check(stale);
        const settled = done.then(
          () => {},
          () => {},
        );
        running = settled;
        void settled.then(() => {
          if (running === settled) running = undefined;
        });
        if (!(await done)) return { asked: true };
      }
      // Forget rooms no longer live, so the map stays the size of the live list.
      const live = new Set(rooms.map((room) => room.id));
      for (const id of checks.keys()) if (!live.has(id)) checks.delete(id);
      const present = new Set(rooms.filter((room) => checks.get(room.id)?.present).map((room) => room.id));
      return { present, asked: stale.length > 0 };
    },
  };
}

export function createRoomListing(context: RoomsContext, recovery: LiveKitRecovery) {
  const { stores, summarize } = context;
  const presence = createPresenceCache(recovery);
  return {
    /** Live rooms, most listeners first (rooms LiveKit lost are left out). */
    async listLive(): Promise<RoomSummary[]> {
      const live = await stores.rooms.listLive();
      if (live.length === 0) return [];
      const { present, asked } = await presence.present(live);
      // Asking LiveKit wrote fresher counts (and may have ended rooms lost past their grace period).
      const rooms = asked && present ? await stores.rooms.listLive() : live;
      return rooms
        .filter((room) => !present || present.has(room.id))
        .map(summarize)
        .sort(
          (a, b) => b.listenerCount - a.listenerCount || (b.startedAt ?? '').localeCompare(a.startedAt ?? ''),
        );
    },

    async get(roomId: string): Promise<RoomSummary> {
      return summarize(await context.existingRoom(roomId));
    },
  };
}
