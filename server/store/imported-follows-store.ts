/**
 * Follow lists imported from Bluesky and Mastodon: stored only to find, for the account itself, the hosts
 * it follows there (through verified handles). Never listed to anyone, and deleted at once on request.
 */
import type { Queryable } from '../db/database.ts';
import { type RoomRow, roomSelect, type StoredRoom, toRoom } from './room-rows.ts';

export type ImportSite = 'bsky' | 'mastodon';

export interface FollowImport {
  site: ImportSite;
  /** The linked account it came from (DID, actor id). */
  source: string;
  followCount: number;
  truncated: boolean;
  syncedAt: Date;
}

export function createImportedFollowsStore(db: Queryable) {
  return {
    /** Replaces the account's import for `site` with `targets` (run it in a transaction: all or nothing). */
    async replace(
      accountId: string,
      site: ImportSite,
      source: string,
      targets: readonly string[],
      truncated: boolean,
      at: Date,
    ): Promise<void> {
      await db.query('DELETE FROM imported_follows WHERE account_id = $1 AND site = $2', [accountId, site]);
      await db.query(
        `INSERT INTO imported_follows (account_id, site, target)
         SELECT $1, $2, t FROM unnest($3::text[]) AS t ON CONFLICT DO NOTHING`,
        [accountId, site, [...targets]],
      );
      await db.query(
        `INSERT INTO follow_imports (account_id, site, source, follow_count, truncated, synced_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (account_id, site) DO UPDATE
           SET source = $3, follow_count = $4, truncated = $5, synced_at = $6`,
        [accountId, site, source, new Set(targets).size, truncated, at],
      );
    },

    /** Forgets the account's import for `site` (or every site). */
    async remove(accountId: string, site?: ImportSite): Promise<void> {
      const bySite = site ? ' AND site = $2' : '';
      const params = site ? [accountId, site] : [accountId];
      await db.query(`DELETE FROM imported_follows WHERE account_id = $1${bySite}`, params);
      await db.query(`DELETE FROM follow_imports WHERE account_id = $1${bySite}`, params);
    },

    async imports(accountId: string): Promise<FollowImport[]> {
      const rows = await db.query<{
        site: ImportSite;
        source: string;
        follow_count: number;
        truncated: boolean;
        synced_at: Date;
      }>('SELECT * FROM follow_imports WHERE account_id = $1 ORDER BY site', [accountId]);
      return rows.map((row) => ({
        site: row.site,
        source: row.source,
        followCount: row.follow_count,
        truncated: row.truncated,
        syncedAt: row.synced_at,
      }));
    },

    /** Imports last synced before `before`, oldest first. */
    async dueForSync(before: Date, limit: number): Promise<Array<{ accountId: string; site: ImportSite }>> {
      const rows = await db.query<{ account_id: string; site: ImportSite }>(
        'SELECT account_id, site FROM follow_imports WHERE synced_at < $1 ORDER BY synced_at LIMIT $2',
        [before, limit],
      );
      return rows.map((row) => ({ accountId: row.account_id, site: row.site }));
    },

    /**
     * Open rooms (live, upcoming) of hosts the account follows on Bluesky or Mastodon, matched through the
     * hosts' verified handles, each with the sites the follow comes from.
     */
    async roomsOfImportedHosts(
      accountId: string,
      limit = 500,
    ): Promise<Array<{ room: StoredRoom; via: ImportSite[] }>> {
      const rows = await db.query<RoomRow & { via: ImportSite[] }>(
        `WITH hosts AS (
           SELECT h.account_id AS host_id, array_agg(DISTINCT f.site ORDER BY f.site) AS via
           FROM imported_follows f
           JOIN claimed_handles h
             ON h.verified_at IS NOT NULL AND h.site = f.site AND h.subject = f.target
           WHERE f.account_id = $1 AND h.account_id <> $1
           GROUP BY h.account_id
         )
         SELECT q.*, hosts.via FROM (${roomSelect} WHERE r.state <> 'ended' AND r.media_lost_at IS NULL) q
         JOIN hosts ON hosts.host_id = q.host_id
         ORDER BY q.state = 'live' DESC, q.listener_count DESC, q.scheduled_for, q.id
         LIMIT $2`,
        [accountId, limit],
      );
      return rows.map((row) => ({ room: toRoom(row), via: row.via }));
    },
  };
}
