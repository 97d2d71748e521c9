/** A room's life: inserted scheduled or live, started, lost by LiveKit and restored, ended. */
import type { Queryable } from '../db/database.ts';

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

export function createRoomLifecycle(db: Queryable) {
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
  };
}
