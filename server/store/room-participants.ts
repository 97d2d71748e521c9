/** Who is in a live room (from LiveKit's webhooks) and the listener and speaker counts kept from it. */
import type { Queryable } from '../db/database.ts';
import type { RoomCounts } from './room-rows.ts';

export function createRoomParticipants(db: Queryable) {
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
