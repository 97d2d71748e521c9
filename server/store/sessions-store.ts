/** Sessions, keyed by the SHA-256 of their token. */
import type { Queryable } from '../db/database.ts';

export function createSessionsStore(db: Queryable) {
  return {
    async insert(tokenHash: string, accountId: string, expiresAt: Date): Promise<void> {
      await db.query('INSERT INTO sessions (token_hash, account_id, expires_at) VALUES ($1, $2, $3)', [
        tokenHash,
        accountId,
        expiresAt,
      ]);
    },

    /** The session behind `tokenHash` if it has not expired at `now`. */
    async find(tokenHash: string, now: Date): Promise<{ tokenHash: string; accountId: string } | undefined> {
      const [row] = await db.query<{ token_hash: string; account_id: string }>(
        'SELECT token_hash, account_id FROM sessions WHERE token_hash = $1 AND expires_at > $2',
        [tokenHash, now],
      );
      return row && { tokenHash: row.token_hash, accountId: row.account_id };
    },

    async delete(tokenHash: string): Promise<void> {
      await db.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
    },

    async deleteExpired(now: Date): Promise<number> {
      return (await db.query('DELETE FROM sessions WHERE expires_at <= $1 RETURNING 1', [now])).length;
    },
  };
}

export type SessionsStore = ReturnType<typeof createSessionsStore>;
