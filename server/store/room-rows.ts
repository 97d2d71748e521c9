/** How a room is read from the database: its row, the select every room query starts from, and the mapping. */
import type { RoomState } from '../../wire/room-summary.ts';

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

export interface RoomRow {
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

export const roomSelect = `SELECT r.id, r.host_id, a.display_name AS host_name, a.username AS host_username,
  r.title, r.description, r.language, r.state, r.scheduled_for, r.started_at, r.ended_at,
  r.listener_count, r.speaker_count, r.media_lost_at, r.vacated_at
  FROM rooms r JOIN accounts a ON a.id = r.host_id`;

export const toRoom = (row: RoomRow): StoredRoom => ({
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
export const liveOrder = 'r.listener_count DESC, r.started_at DESC, r.id';
