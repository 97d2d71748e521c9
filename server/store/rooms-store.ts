/** Rooms, their state and counts, and the queries that list them (directory, lookups). */

import type { RoomState } from '../../wire/room-summary.ts';
import type { FeedSite, SiteHandle } from '../../wire/sites.ts';
import type { Queryable } from '../db/database.ts';

export interface StoredRoom {
  id: string;
  hostId: string;
  hostName: string;
  hostUsername: string;
  title: string;
  description: string;
  language: string | null;
  state: RoomState;
  scheduledFor: Date | null;
  startedAt: Date | null;
  endedAt: Date | null;
  listenerCount: number;
  speakerCount: number;
  /** When LiveKit was first seen without this live room (restart, crash); null while it has it. */
  mediaLostAt: Date | null;
  /** When the last participant left (null while someone is in, or if nobody ever was). */
  vacatedAt: Date | null;
}

export interface RoomCounts {
  listenerCount: number;
  speakerCount: number;
}

interface RoomRow {
  id: string;
  host_id: string;
  host_name: string;
  host_username: string;
  title: string;
  description: string;
  language: string | null;
  state: RoomState;
  scheduled_for: Date | null;
  started_at: Date | null;
  ended_at: Date | null;
  listener_count: number;
  speaker_count: number;
  media_lost_at: Date | null;
  vacated_at: Date | null;
}

const roomSelect = `SELECT r.id, r.host_id, a.display_name AS host_name, a.username AS host_username,
  r.title, r.description, r.language, r.state, r.scheduled_for, r.started_at, r.ended_at,
  r.listener_count, r.speaker_count, r.media_lost_at, r.vacated_at
  FROM rooms r JOIN accounts a ON a.id = r.host_id`;

const toRoom = (row: RoomRow): StoredRoom => ({
  id: row.id,
  hostId: row.host_id,
  hostName: row.host_name,
  hostUsername: row.host_username,
  title: row.title,
  description: row.description,
  language: row.language,
  state: row.state,
  scheduledFor: row.scheduled_for,
  startedAt: row.started_at,
  endedAt: row.ended_at,
  listenerCount: Number(row.listener_count),
  speakerCount: Number(row.speaker_count),
  mediaLostAt: row.media_lost_at,
  vacatedAt: row.vacated_at,
});

/** Most listeners first, then the most recently started. */
const liveOrder = 'r.listener_count DESC, r.started_at DESC, r.id';

export interface NewRoom {
  id: string;
  hostId: string;
  title: string;
  description: string;
  language: string | null;
  /** A live room starts at `startedAt`; a scheduled one at `scheduledFor`. */
  state: 'scheduled' | 'live';
  scheduledFor: Date | null;
  startedAt: Date | null;
}

export function createRoomsStore(db: Queryable) {
  const recount = async (roomId: string): Promise<RoomCounts | undefined> => {
    const [row] = await db.query<{ listener_count: number; speaker_count: number }>(
      `UPDATE rooms SET
         listener_count = (SELECT count(*) FROM room_participants WHERE room_id = $1 AND NOT is_speaker),
         speaker_count = (SELECT count(*) FROM room_participants WHERE room_id = $1 AND is_speaker),
         vacated_at = CASE WHEN EXISTS (SELECT 1 FROM room_participants WHERE room_id = $1) THEN NULL
                      ELSE COALESCE(vacated_at, now()) END
       WHERE id = $1 AND state = 'live' RETURNING listener_count, speaker_count`,
      [roomId],
    );
    return row && { listenerCount: Number(row.listener_count), speakerCount: Number(row.speaker_count) };
  };

  return {
    async insert(room: NewRoom): Promise<void> {
      await db.query(
        `INSERT INTO rooms (id, host_id, title, description, language, state, scheduled_for, started_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          room.id,
          room.hostId,
          room.title,
          room.description,
          room.language,
          room.state,
          room.scheduledFor,
          room.startedAt,
        ],
      );
    },

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
      const rows = await db.query<RoomRow>(
        `${roomSelect}
         WHERE r.state <> 'ended' AND r.media_lost_at IS NULL
           AND (r.host_id = $1
             OR EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = $1 AND f.followee_id = r.host_id))
         ORDER BY r.state = 'live' DESC, ${liveOrder.replace('r.id', 'r.scheduled_for, r.id')}
         LIMIT $2`,
        [accountId, limit],
      );
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

    /** For each of `handles` (normalized) whose claimant hosts a live room: that room (the busiest one). */
    async liveByHostHandles(
      handles: readonly SiteHandle[],
    ): Promise<Array<SiteHandle & { room: StoredRoom }>> {
      if (handles.length === 0) return [];
      const rows = await db.query<RoomRow & { site: FeedSite; handle: string }>(
        `SELECT DISTINCT ON (h.site, h.handle) h.site, h.handle, q.*
         FROM claimed_handles h
         JOIN (${roomSelect} WHERE r.state = 'live' AND r.media_lost_at IS NULL) q ON q.host_id = h.account_id
         WHERE (h.site, h.handle) IN (SELECT * FROM unnest($1::text[], $2::text[]))
         ORDER BY h.site, h.handle, q.listener_count DESC, q.started_at DESC`,
        [handles.map((h) => h.site), handles.map((h) => h.handle)],
      );
      return rows.map((row) => ({ site: row.site, handle: row.handle, room: toRoom(row) }));
    },

    /**
     * Every claimed handle on `site` whose claimant hosts a live room now, with that room (the busiest one),
     * most listeners first; at most `limit` of them.
     */
    async liveHostsOnSite(
      site: FeedSite,
      limit: number,
    ): Promise<Array<{ handle: string; room: StoredRoom }>> {
      const rows = await db.query<RoomRow & { handle: string }>(
        `SELECT * FROM (
           SELECT DISTINCT ON (h.handle) h.handle, q.*
           FROM claimed_handles h
           JOIN (${roomSelect} WHERE r.state = 'live' AND r.media_lost_at IS NULL) q ON q.host_id = h.account_id
           WHERE h.site = $1
           ORDER BY h.handle, q.listener_count DESC, q.started_at DESC
         ) busiest
         ORDER BY busiest.listener_count DESC, busiest.started_at DESC, busiest.handle
         LIMIT $2`,
        [site, limit],
      );
      return rows.map((row) => ({ handle: row.handle, room: toRoom(row) }));
    },

    /** scheduled → live. False when the room was not scheduled. */
    async markLive(id: string, at: Date): Promise<boolean> {
      const rows = await db.query(
        `UPDATE rooms SET state = 'live', started_at = $2 WHERE id = $1 AND state = 'scheduled' RETURNING 1`,
        [id, at],
      );
      return rows.length > 0;
    },

    /**
     * LiveKit does not have this live room: remember since when (the first sighting wins). Returns that
     * time, or undefined when the room is not live.
     */
    async markMediaLost(id: string, at: Date): Promise<Date | undefined> {
      const rows = await db.query<{ media_lost_at: Date }>(
        `UPDATE rooms SET media_lost_at = COALESCE(media_lost_at, $2)
         WHERE id = $1 AND state = 'live' RETURNING media_lost_at`,
        [id, at],
      );
      return rows[0]?.media_lost_at;
    },

    /** LiveKit has the room again. False when it was not marked lost. */
    async clearMediaLost(id: string): Promise<boolean> {
      const rows = await db.query(
        'UPDATE rooms SET media_lost_at = NULL WHERE id = $1 AND media_lost_at IS NOT NULL RETURNING 1',
        [id],
      );
      return rows.length > 0;
    },

    /** scheduled|live → ended; forgets who is in it and the raised hands. False when already ended or unknown. */
    async markEnded(id: string, at: Date): Promise<boolean> {
      const rows = await db.query(
        `UPDATE rooms SET state = 'ended', ended_at = $2, started_at = COALESCE(started_at, $2),
           listener_count = 0, speaker_count = 0, media_lost_at = NULL, vacated_at = NULL
         WHERE id = $1 AND state <> 'ended' RETURNING 1`,
        [id, at],
      );
      if (rows.length === 0) return false;
      await db.query('DELETE FROM room_participants WHERE room_id = $1', [id]);
      await db.query('DELETE FROM hand_raises WHERE room_id = $1', [id]);
      return true;
    },

    /** A participant joined (or changed publish permission); returns the new counts of a live room. */
    async upsertParticipant(
      roomId: string,
      identity: string,
      isSpeaker: boolean,
    ): Promise<RoomCounts | undefined> {
      await db.query(
        `INSERT INTO room_participants (room_id, identity, is_speaker)
         SELECT $1, $2, $3 WHERE EXISTS (SELECT 1 FROM rooms WHERE id = $1 AND state = 'live')
         ON CONFLICT (room_id, identity) DO UPDATE SET is_speaker = EXCLUDED.is_speaker`,
        [roomId, identity, isSpeaker],
      );
      return recount(roomId);
    },

    /** Changes a present participant's speaker flag; does not add someone who is not there. */
    async setParticipantSpeaker(
      roomId: string,
      identity: string,
      isSpeaker: boolean,
    ): Promise<RoomCounts | undefined> {
      await db.query('UPDATE room_participants SET is_speaker = $3 WHERE room_id = $1 AND identity = $2', [
        roomId,
        identity,
        isSpeaker,
      ]);
      return recount(roomId);
    },

    async removeParticipant(roomId: string, identity: string): Promise<RoomCounts | undefined> {
      await db.query('DELETE FROM room_participants WHERE room_id = $1 AND identity = $2', [
        roomId,
        identity,
      ]);
      return recount(roomId);
    },

    /** Counts read from LiveKit directly (when listing rooms). */
    async setCounts(roomId: string, counts: RoomCounts): Promise<void> {
      await db.query(
        `UPDATE rooms SET listener_count = $2, speaker_count = $3
         WHERE id = $1 AND state = 'live' AND (listener_count, speaker_count) IS DISTINCT FROM ($2, $3)`,
        [roomId, counts.listenerCount, counts.speakerCount],
      );
    },
  };
}

export type RoomsStore = ReturnType<typeof createRoomsStore>;
