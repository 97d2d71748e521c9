/** Reading rooms: by id, the live ones, those LiveKit lost, and those of the hosts an account follows. */
import type { Queryable } from '../db/database.ts';
import { liveOrder, type RoomRow, roomSelect, type StoredRoom, toRoom } from './room-rows.ts';

/**
 * Open rooms of `$1` and of the accounts it follows, live first (most listeners first), then scheduled, at most
 * `$2`. The hosts come first (the account and its follows: one index range), so each room shown costs one
 * lookup of its host's name; written as `EXISTS (follows)` on the rooms, Postgres hashed every account for
 * the names (O(users) per request; BENCHMARKS.md, "Rooms service at 100,000 users").
 */
export const followedHostsRoomsSql = `${roomSelect}
  JOIN (SELECT $1::text AS id UNION SELECT f.followee_id FROM follows f WHERE f.follower_id = $1) hosts
    ON hosts.id = r.host_id
  WHERE r.state <> 'ended' AND r.media_lost_at IS NULL
  ORDER BY r.state = 'live' DESC, ${liveOrder.replace('r.id', 'r.scheduled_for, r.id')}
  LIMIT $2`;

export function createRoomQueries(db: Queryable) {
  return {
    async get(id: string): Promise<StoredRoom | undefined> {
      const [row] = await db.query<RoomRow>(`${roomSelect} WHERE r.id = $1`, [id]);
      return row && toRoom(row);
    },

    /** Rooms with those ids, in any state; unknown ids are left out. */
    async byIds(ids: readonly string[]): Promise<StoredRoom[]> {
      if (ids.length === 0) return [];
      const rows = await db.query<RoomRow>(`${roomSelect} WHERE r.id = ANY($1::text[]) ORDER BY r.id`, [ids]);
      return rows.map(toRoom);
    },

    /** Live rooms LiveKit has been missing since before `before`. */
    async mediaLostBefore(before: Date): Promise<StoredRoom[]> {
      const rows = await db.query<RoomRow>(
        `${roomSelect} WHERE r.state = 'live' AND r.media_lost_at < $1 ORDER BY r.id LIMIT 500`,
        [before],
      );
      return rows.map(toRoom);
    },

    /** Every live room, most listeners first. */
    async listLive(limit = 500): Promise<StoredRoom[]> {
      const rows = await db.query<RoomRow>(
        `${roomSelect} WHERE r.state = 'live' ORDER BY ${liveOrder} LIMIT $1`,
        [limit],
      );
      return rows.map(toRoom);
    },

    /** Live and scheduled rooms hosted by `accountId` or by accounts it follows. */
    async ofFollowedHosts(
      accountId: string,
      limit = 500,
    ): Promise<{ live: StoredRoom[]; upcoming: StoredRoom[] }> {
      const rows = await db.query<RoomRow>(followedHostsRoomsSql, [accountId, limit]);
      const rooms = rows.map(toRoom);
      return {
        live: rooms.filter((room) => room.state === 'live'),
        upcoming: rooms
          .filter((room) => room.state === 'scheduled')
          .sort(
            (a, b) =>
              (a.scheduledFor?.getTime() ?? 0) - (b.scheduledFor?.getTime() ?? 0) || a.id.localeCompare(b.id),
          ),
      };
    },
  };
}
