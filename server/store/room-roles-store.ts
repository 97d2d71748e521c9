/** Who may do what in a room beyond listening: cohosts and speakers, raised hands and bans. */
import type { RoomRole } from '../../wire/roles.ts';
import type { Queryable } from '../db/database.ts';

/** The roles stored per room (the host is the room's host; everyone else listens). */
export type StageRole = Exclude<RoomRole, 'host' | 'listener'>;

export interface RaisedHand {
  accountId: string;
  username: string;
  displayName: string;
  raisedAt: Date;
}

export function createRoomRolesStore(db: Queryable) {
  return {
    /** The role of `accountId` in the room hosted by `hostId`. */
    async roleOf(roomId: string, hostId: string, accountId: string): Promise<RoomRole> {
      if (accountId === hostId) return 'host';
      const [row] = await db.query<{ role: StageRole }>(
        'SELECT role FROM room_roles WHERE room_id = $1 AND account_id = $2',
        [roomId, accountId],
      );
      return row?.role ?? 'listener';
    },

    /** In one query: what joining needs to know about an account in a room (undefined: no such account). */
    async joinerIn(
      roomId: string,
      hostId: string,
      accountId: string,
    ): Promise<{ displayName: string; role: RoomRole; banned: boolean } | undefined> {
      const [row] = await db.query<{ display_name: string; role: StageRole | null; banned: boolean }>(
        `SELECT a.display_name,
           (SELECT role FROM room_roles WHERE room_id = $1 AND account_id = a.id) AS role,
           EXISTS (SELECT 1 FROM room_bans WHERE room_id = $1 AND account_id = a.id) AS banned
         FROM accounts a WHERE a.id = $2`,
        [roomId, accountId],
      );
      if (!row) return undefined;
      const role: RoomRole = accountId === hostId ? 'host' : (row.role ?? 'listener');
      return { displayName: row.display_name, role, banned: row.banned };
    },

    /** Sets a cohost or speaker role, or back to listener with `undefined`. */
    async setRole(roomId: string, accountId: string, role: StageRole | undefined): Promise<void> {
      if (role === undefined) {
        await db.query('DELETE FROM room_roles WHERE room_id = $1 AND account_id = $2', [roomId, accountId]);
        return;
      }
      await db.query(
        `INSERT INTO room_roles (room_id, account_id, role) VALUES ($1, $2, $3)
         ON CONFLICT (room_id, account_id) DO UPDATE SET role = EXCLUDED.role, granted_at = now()`,
        [roomId, accountId, role],
      );
    },

    /** How many hold each stage role (the host is not counted). */
    async stageCounts(roomId: string): Promise<{ cohosts: number; speakers: number }> {
      const [row] = await db.query<{ cohosts: number; speakers: number }>(
        `SELECT count(*) FILTER (WHERE role = 'cohost')::int AS cohosts,
                count(*) FILTER (WHERE role = 'speaker')::int AS speakers
         FROM room_roles WHERE room_id = $1`,
        [roomId],
      );
      return { cohosts: Number(row?.cohosts ?? 0), speakers: Number(row?.speakers ?? 0) };
    },

    /** Serializes stage changes of one room within the current transaction. */
    async lockRoom(roomId: string): Promise<void> {
      await db.query('SELECT 1 FROM rooms WHERE id = $1 FOR UPDATE', [roomId]);
    },

    async raiseHand(roomId: string, accountId: string): Promise<void> {
      await db.query('INSERT INTO hand_raises (room_id, account_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
        roomId,
        accountId,
      ]);
    },

    async lowerHand(roomId: string, accountId: string): Promise<void> {
      await db.query('DELETE FROM hand_raises WHERE room_id = $1 AND account_id = $2', [roomId, accountId]);
    },

    /** Raised hands, oldest first. */
    async raisedHands(roomId: string): Promise<RaisedHand[]> {
      const rows = await db.query<{
        account_id: string;
        username: string;
        display_name: string;
        raised_at: Date;
      }>(
        `SELECT h.account_id, a.username, a.display_name, h.raised_at
         FROM hand_raises h JOIN accounts a ON a.id = h.account_id
         WHERE h.room_id = $1 ORDER BY h.raised_at, h.account_id`,
        [roomId],
      );
      return rows.map((row) => ({
        accountId: row.account_id,
        username: row.username,
        displayName: row.display_name,
        raisedAt: row.raised_at,
      }));
    },

    async ban(roomId: string, accountId: string, bannedBy: string): Promise<void> {
      await db.query(
        'INSERT INTO room_bans (room_id, account_id, banned_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
        [roomId, accountId, bannedBy],
      );
      await db.query('DELETE FROM room_roles WHERE room_id = $1 AND account_id = $2', [roomId, accountId]);
      await db.query('DELETE FROM hand_raises WHERE room_id = $1 AND account_id = $2', [roomId, accountId]);
    },

    async isBanned(roomId: string, accountId: string): Promise<boolean> {
      const rows = await db.query('SELECT 1 FROM room_bans WHERE room_id = $1 AND account_id = $2', [
        roomId,
        accountId,
      ]);
      return rows.length > 0;
    },
  };
}

export type RoomRolesStore = ReturnType<typeof createRoomRolesStore>;
