/**
 * Live rooms found by their hosts' verified handles on feed sites (post decorations, live chips). A handle
 * only claimed is never used: anyone can claim anyone's handle, and a chip on someone's posts pointing at
 * another person's room is impersonation.
 */
import type { FeedSite, SiteHandle } from '../../wire/sites.ts';
import type { Queryable } from '../db/database.ts';
import { type RoomRow, roomSelect, type StoredRoom, toRoom } from './room-rows.ts';

/** Rooms on air now whose media has not been lost: what a Live chip may point at. */
const liveRooms = `${roomSelect} WHERE r.state = 'live' AND r.media_lost_at IS NULL`;

/**
 * SQL: the busiest live room (most listeners, then the latest started) of each handle `h` that `from`
 * and `where` select, most listeners first, at most `limit` rows (a placeholder such as `$2`). `from`
 * names `claimed_handles h`, joined to whatever else `where` filters on.
 */
const busiestLiveRoomPerHandle = (handles: { from: string; where: string }, limit: string) =>
  `SELECT * FROM (
     SELECT DISTINCT ON (h.handle) h.handle, q.*
     FROM ${handles.from}
     JOIN (${liveRooms}) q ON q.host_id = h.account_id
     WHERE ${handles.where}
     ORDER BY h.handle, q.listener_count DESC, q.started_at DESC
   ) busiest
   ORDER BY busiest.listener_count DESC, busiest.started_at DESC, busiest.handle
   LIMIT ${limit}`;

export function createLiveHostQueries(db: Queryable) {
  /** Runs busiestLiveRoomPerHandle with `params` for `handles`' placeholders ($1…), then `limit`. */
  const busiestLiveRooms = async (
    handles: { from: string; where: string },
    params: readonly unknown[],
    limit: number,
  ): Promise<Array<{ handle: string; room: StoredRoom }>> => {
    const rows = await db.query<RoomRow & { handle: string }>(
      busiestLiveRoomPerHandle(handles, `$${params.length + 1}`),
      [...params, limit],
    );
    return rows.map((row) => ({ handle: row.handle, room: toRoom(row) }));
  };

  return {
    /** For each of `handles` (normalized) whose verified owner hosts a live room: that room (the busiest one). */
    async liveByHostHandles(
      handles: readonly SiteHandle[],
    ): Promise<Array<SiteHandle & { room: StoredRoom }>> {
      if (handles.length === 0) return [];
      const rows = await db.query<RoomRow & { site: FeedSite; handle: string }>(
        `SELECT DISTINCT ON (h.site, h.handle) h.site, h.handle, q.*
         FROM claimed_handles h
         JOIN (${liveRooms}) q ON q.host_id = h.account_id
         WHERE h.verified_at IS NOT NULL AND (h.site, h.handle) IN (SELECT * FROM unnest($1::text[], $2::text[]))
         ORDER BY h.site, h.handle, q.listener_count DESC, q.started_at DESC`,
        [handles.map((h) => h.site), handles.map((h) => h.handle)],
      );
      return rows.map((row) => ({ site: row.site, handle: row.handle, room: toRoom(row) }));
    },

    /**
     * Every verified handle on `site` whose owner hosts a live room now, with that room (the busiest one),
     * most listeners first; at most `limit` of them.
     */
    liveHostsOnSite: (site: FeedSite, limit: number) =>
      busiestLiveRooms(
        { from: 'claimed_handles h', where: 'h.site = $1 AND h.verified_at IS NOT NULL' },
        [site],
        limit,
      ),

    /**
     * The handles on `site` (claimed or verified) of hosts `viewerId` follows on Earshot who are live now,
     * with their busiest room. For X, where no handle can be verified: the viewer chose to follow these hosts,
     * so their word about their X handle is shown to the viewer, and to no one else.
     */
    liveFollowedOnSite: (viewerId: string, site: FeedSite, limit: number) =>
      busiestLiveRooms(
        {
          from: 'follows f JOIN claimed_handles h ON h.account_id = f.followee_id AND h.site = $2',
          where: 'f.follower_id = $1',
        },
        [viewerId, site],
        limit,
      ),
  };
}
