/** Who follows whom, with keyset pagination (newest follow first). */
import type { Queryable } from '../db/database.ts';
import type { Account } from './accounts-store.ts';

/**
 * Where a page of a follow list continues: the last row's follow time, as Postgres prints it (full
 * microsecond precision: a JS Date would round it and repeat or skip rows), and its account id.
 */
export interface FollowCursor {
  createdAt: string;
  accountId: string;
}

/** The shape of a timestamptz printed by Postgres (DateStyle ISO). */
export const TIMESTAMP_TEXT = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:\d{2})?|Z)?$/;

export interface FollowPage {
  accounts: Array<Account & { followedAt: Date }>;
  next: FollowCursor | undefined;
}

interface Row {
  id: string;
  username: string;
  display_name: string;
  avatar_url: string | null;
  created_at: Date;
  followed_at: Date;
  followed_at_key: string;
}

export function createFollowsStore(db: Queryable) {
  /** `direction` following: accounts `accountId` follows; followers: accounts following it. */
  async function page(
    direction: 'following' | 'followers',
    accountId: string,
    limit: number,
    after?: FollowCursor,
  ): Promise<FollowPage> {
    const [self, other] =
      direction === 'following' ? ['follower_id', 'followee_id'] : ['followee_id', 'follower_id'];
    // The cursor's time goes in as text: typed timestamptz, the postgres driver would round it to ms.
    const rows = await db.query<Row>(
      `SELECT a.id, a.username, a.display_name, a.avatar_url, a.created_at, f.created_at AS followed_at,
         f.created_at::text AS followed_at_key
       FROM follows f JOIN accounts a ON a.id = f.${other}
       WHERE f.${self} = $1
         AND ($2::text IS NULL OR (f.created_at, f.${other}) < ($2::text::timestamptz, $3::text))
       ORDER BY f.created_at DESC, f.${other} DESC
       LIMIT $4`,
      [accountId, after?.createdAt ?? null, after?.accountId ?? '', limit + 1],
    );
    const page = rows.slice(0, limit);
    const accounts = page.map((row) => ({
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      avatarUrl: row.avatar_url,
      createdAt: row.created_at,
      followedAt: row.followed_at,
    }));
    const last = page.at(-1);
    return {
      accounts,
      next: rows.length > limit && last ? { createdAt: last.followed_at_key, accountId: last.id } : undefined,
    };
  }

  return {
    /** Idempotent: following twice keeps the first follow. */
    async follow(followerId: string, followeeId: string): Promise<void> {
      await db.query(
        'INSERT INTO follows (follower_id, followee_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
        [followerId, followeeId],
      );
    },

    async unfollow(followerId: string, followeeId: string): Promise<void> {
      await db.query('DELETE FROM follows WHERE follower_id = $1 AND followee_id = $2', [
        followerId,
        followeeId,
      ]);
    },

    async isFollowing(followerId: string, followeeId: string): Promise<boolean> {
      const rows = await db.query('SELECT 1 FROM follows WHERE follower_id = $1 AND followee_id = $2', [
        followerId,
        followeeId,
      ]);
      return rows.length > 0;
    },

    following: (accountId: string, limit: number, after?: FollowCursor) =>
      page('following', accountId, limit, after),
    followers: (accountId: string, limit: number, after?: FollowCursor) =>
      page('followers', accountId, limit, after),

    /** Those of `candidateIds` that follow `followeeId` (who of the connected users to notify). */
    async followersAmong(followeeId: string, candidateIds: readonly string[]): Promise<string[]> {
      if (candidateIds.length === 0) return [];
      const rows = await db.query<{ follower_id: string }>(
        'SELECT follower_id FROM follows WHERE followee_id = $1 AND follower_id = ANY($2::text[])',
        [followeeId, candidateIds],
      );
      return rows.map((row) => row.follower_id);
    },
  };
}

export type FollowsStore = ReturnType<typeof createFollowsStore>;
