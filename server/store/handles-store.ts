/**
 * Handles accounts claim on feed sites, and which of them the service verified. A claim reserves nothing
 * (anyone may claim anything); a verified handle has one owner at a time and is the only kind used to
 * match a host to posts on the sites (Live chips).
 */
import type { FeedSite, SiteHandle } from '../../wire/sites.ts';
import type { Queryable } from '../db/database.ts';

export type VerificationMethod = 'rel_me' | 'atproto_profile' | 'atproto_oauth';

export interface StoredHandle extends SiteHandle {
  verifiedAt: Date | null;
  method: VerificationMethod | null;
  subject: string | null;
  checkedAt: Date | null;
}

interface HandleRow {
  account_id: string;
  site: FeedSite;
  handle: string;
  verified_at: Date | null;
  method: VerificationMethod | null;
  subject: string | null;
  checked_at: Date | null;
}

const toHandle = (row: HandleRow): StoredHandle => ({
  site: row.site,
  handle: row.handle,
  verifiedAt: row.verified_at,
  method: row.method,
  subject: row.subject,
  checkedAt: row.checked_at,
});

/** A handle as stored: lowercase, without a leading @. */
export const normalizeHandle = (handle: string) => handle.trim().replace(/^@/, '').toLowerCase();

export function createHandlesStore(db: Queryable) {
  return {
    async ofAccount(accountId: string): Promise<StoredHandle[]> {
      const rows = await db.query<HandleRow>(
        'SELECT * FROM claimed_handles WHERE account_id = $1 ORDER BY site, handle',
        [accountId],
      );
      return rows.map(toHandle);
    },

    /**
     * Makes the account's claims exactly `handles` (run it in a transaction). Handles kept keep their
     * verification; new ones start as claims. Nothing here can fail because someone else claimed the same.
     */
    async replaceClaims(accountId: string, handles: readonly SiteHandle[]): Promise<void> {
      const sites = handles.map((h) => h.site);
      const names = handles.map((h) => normalizeHandle(h.handle));
      await db.query(
        `DELETE FROM claimed_handles WHERE account_id = $1
           AND (site, handle) NOT IN (SELECT * FROM unnest($2::text[], $3::text[]))`,
        [accountId, sites, names],
      );
      await db.query(
        `INSERT INTO claimed_handles (account_id, site, handle)
         SELECT $1, s, h FROM unnest($2::text[], $3::text[]) AS t(s, h)
         ON CONFLICT (account_id, site, handle) DO NOTHING`,
        [accountId, sites, names],
      );
    },

    /**
     * Records a passed proof: the handle is the account's (claimed if it was not), verified now and tied to
     * `subject`. Whoever held it verified before loses it: the proof that just passed says who controls it now.
     */
    async markVerified(
      accountId: string,
      handle: SiteHandle,
      proof: { method: VerificationMethod; subject: string },
      at: Date,
    ): Promise<void> {
      const name = normalizeHandle(handle.handle);
      await db.query(
        `UPDATE claimed_handles SET verified_at = NULL, checked_at = $4
         WHERE site = $1 AND handle = $2 AND account_id <> $3 AND verified_at IS NOT NULL`,
        [handle.site, name, accountId, at],
      );
      await db.query(
        `INSERT INTO claimed_handles (account_id, site, handle, verified_at, method, subject, checked_at)
         VALUES ($1, $2, $3, $4, $5, $6, $4)
         ON CONFLICT (account_id, site, handle) DO UPDATE
           SET verified_at = $4, method = $5, subject = $6, checked_at = $4`,
        [accountId, handle.site, name, at, proof.method, proof.subject],
      );
    },

    /** A re-check that did not pass: the handle goes back to being a claim. */
    async markFailed(accountId: string, handle: SiteHandle, at: Date): Promise<void> {
      await db.query(
        `UPDATE claimed_handles SET verified_at = NULL, checked_at = $4
         WHERE account_id = $1 AND site = $2 AND handle = $3`,
        [accountId, handle.site, normalizeHandle(handle.handle), at],
      );
    },

    /** A re-check that could not reach the other side (down, slow): counted as checked, verification kept. */
    async markChecked(accountId: string, handle: SiteHandle, at: Date): Promise<void> {
      await db.query(
        'UPDATE claimed_handles SET checked_at = $4 WHERE account_id = $1 AND site = $2 AND handle = $3',
        [accountId, handle.site, normalizeHandle(handle.handle), at],
      );
    },

    /** A Bluesky handle that follows its DID: the verified row moves to the DID's current handle. */
    async renameVerified(accountId: string, from: SiteHandle, to: string, at: Date): Promise<void> {
      const name = normalizeHandle(to);
      await db.query(
        `DELETE FROM claimed_handles WHERE site = $1 AND handle = $2
           AND (account_id = $3 OR verified_at IS NOT NULL)`,
        [from.site, name, accountId],
      );
      await db.query(
        `UPDATE claimed_handles SET handle = $4, checked_at = $5
         WHERE account_id = $1 AND site = $2 AND handle = $3`,
        [accountId, from.site, normalizeHandle(from.handle), name, at],
      );
    },

    /** Verified handles whose last check is older than `before`, oldest first. */
    async dueForCheck(before: Date, limit: number): Promise<Array<StoredHandle & { accountId: string }>> {
      const rows = await db.query<HandleRow>(
        `SELECT * FROM claimed_handles WHERE verified_at IS NOT NULL AND checked_at < $1
         ORDER BY checked_at LIMIT $2`,
        [before, limit],
      );
      return rows.map((row) => ({ ...toHandle(row), accountId: row.account_id }));
    },

    /** The account that verified this handle, if any. */
    async verifiedOwner(handle: SiteHandle): Promise<string | undefined> {
      const [row] = await db.query<{ account_id: string }>(
        'SELECT account_id FROM claimed_handles WHERE site = $1 AND handle = $2 AND verified_at IS NOT NULL',
        [handle.site, normalizeHandle(handle.handle)],
      );
      return row?.account_id;
    },
  };
}

export type HandlesStore = ReturnType<typeof createHandlesStore>;
