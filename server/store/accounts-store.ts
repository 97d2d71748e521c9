/** Accounts (their handles on other sites: handles-store.ts). */

import type { Queryable } from '../db/database.ts';
import { isUniqueViolation } from '../db/errors.ts';

export interface Account {
  id: string;
  username: string;
  displayName: string;
  avatarUrl: string | null;
  createdAt: Date;
}

interface AccountRow {
  id: string;
  username: string;
  display_name: string;
  avatar_url: string | null;
  created_at: Date;
}

const accountColumns = 'id, username, display_name, avatar_url, created_at';

const toAccount = (row: AccountRow): Account => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  avatarUrl: row.avatar_url,
  createdAt: row.created_at,
});

/** A username for comparisons: case-insensitive. */
export const usernameKey = (username: string) => username.toLowerCase();

export { normalizeHandle } from './handles-store.ts';

/** Escapes LIKE wildcards so user input matches literally. */
const likePrefix = (prefix: string) => `${prefix.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

export function createAccountsStore(db: Queryable) {
  return {
    /** The new account, or undefined when the username is taken (in any case). */
    async insert(input: {
      id: string;
      username: string;
      displayName: string;
      passwordHash: string;
    }): Promise<Account | undefined> {
      try {
        const [row] = await db.query<AccountRow>(
          `INSERT INTO accounts (id, username, display_name, password_hash) VALUES ($1, $2, $3, $4)
           RETURNING ${accountColumns}`,
          [input.id, input.username, input.displayName, input.passwordHash],
        );
        return toAccount(row!);
      } catch (error) {
        if (isUniqueViolation(error)) return undefined;
        throw error;
      }
    },

    async byId(id: string): Promise<Account | undefined> {
      const [row] = await db.query<AccountRow>(`SELECT ${accountColumns} FROM accounts WHERE id = $1`, [id]);
      return row && toAccount(row);
    },

    async byUsername(username: string): Promise<Account | undefined> {
      const [row] = await db.query<AccountRow>(
        `SELECT ${accountColumns} FROM accounts WHERE lower(username) = $1`,
        [usernameKey(username)],
      );
      return row && toAccount(row);
    },

    /** The account and its password hash, for signing in. */
    async credentials(username: string): Promise<{ account: Account; passwordHash: string } | undefined> {
      const [row] = await db.query<AccountRow & { password_hash: string }>(
        `SELECT ${accountColumns}, password_hash FROM accounts WHERE lower(username) = $1`,
        [usernameKey(username)],
      );
      return row && { account: toAccount(row), passwordHash: row.password_hash };
    },

    async updateProfile(
      id: string,
      changes: { displayName?: string; avatarUrl?: string | null },
    ): Promise<Account | undefined> {
      const [row] = await db.query<AccountRow>(
        `UPDATE accounts SET
           display_name = COALESCE($2, display_name),
           avatar_url = CASE WHEN $3::boolean THEN $4 ELSE avatar_url END
         WHERE id = $1 RETURNING ${accountColumns}`,
        [id, changes.displayName ?? null, changes.avatarUrl !== undefined, changes.avatarUrl ?? null],
      );
      return row && toAccount(row);
    },

    /** Accounts whose username starts with `prefix` (any case), alphabetically. */
    async searchByUsernamePrefix(prefix: string, limit: number): Promise<Account[]> {
      const rows = await db.query<AccountRow>(
        `SELECT ${accountColumns} FROM accounts WHERE lower(username) LIKE $1
         ORDER BY lower(username) LIMIT $2`,
        [likePrefix(usernameKey(prefix)), limit],
      );
      return rows.map(toAccount);
    },
  };
}

export type AccountsStore = ReturnType<typeof createAccountsStore>;
