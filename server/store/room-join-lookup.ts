/**
 * Everything a join needs from the database in one statement: the caller's session, the room, and the
 * caller's name, stage role and ban in it. The join route used to make three queries for these (session,
 * room, role and ban): three round trips per join, its main cost after the LiveKit check was cached.
 */

import type { RoomRole } from '../../wire/roles.ts';
import type { Queryable } from '../db/database.ts';
import { type RoomRow, roomSelect, type StoredRoom, toRoom } from './room-rows.ts';

type StageRole = Exclude<RoomRole, 'host' | 'listener'>;

export interface JoinLookup {
  /** The room, in any state; undefined when unknown. */
  room: StoredRoom | undefined;
  /** The session behind the token hash, if one was given and it has not expired. */
  session: { tokenHash: string; accountId: string } | undefined;
  /** The session's account in this room; undefined without a session or when the account is gone. */
  joiner: { displayName: string; stageRole: StageRole | undefined; banned: boolean } | undefined;
}

type LookupRow = Partial<RoomRow> & {
  session_token_hash: string | null;
  session_account_id: string | null;
  joiner_name: string | null;
  joiner_role: StageRole | null;
  joiner_banned: boolean;
};

// A row always comes back (from `one`), so a missing room or session is a row of nulls, not no row.
const lookupSql = `WITH session AS (
    SELECT token_hash, account_id FROM sessions WHERE token_hash = $2::text AND expires_at > $3
  ), room AS (
    ${roomSelect} WHERE r.id = $1::text
  )
  SELECT room.*, session.token_hash AS session_token_hash, session.account_id AS session_account_id,
    joiner.display_name AS joiner_name,
    (SELECT role FROM room_roles WHERE room_id = $1::text AND account_id = joiner.id) AS joiner_role,
    EXISTS (SELECT 1 FROM room_bans WHERE room_id = $1::text AND account_id = joiner.id) AS joiner_banned
  FROM (SELECT 1) AS one
    LEFT JOIN room ON true
    LEFT JOIN session ON true
    LEFT JOIN accounts joiner ON joiner.id = session.account_id`;

export function createRoomJoinLookup(db: Queryable) {
  return {
    /** `roomId` null (malformed) or `tokenHash` null (anonymous) each read as "none". */
    async lookup(roomId: string | null, tokenHash: string | null, now: Date): Promise<JoinLookup> {
      const [row] = await db.query<LookupRow>(lookupSql, [roomId, tokenHash, now]);
      if (!row) throw new Error('the join lookup returned no row');
      return {
        room: row.id ? toRoom(row as RoomRow) : undefined,
        session:
          row.session_token_hash && row.session_account_id
            ? { tokenHash: row.session_token_hash, accountId: row.session_account_id }
            : undefined,
        joiner:
          row.joiner_name === null
            ? undefined
            : {
                displayName: row.joiner_name,
                stageRole: row.joiner_role ?? undefined,
                banned: row.joiner_banned,
              },
      };
    },
  };
}

export type RoomJoinLookup = ReturnType<typeof createRoomJoinLookup>;
