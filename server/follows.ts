/** Following accounts, and the paginated lists of who follows whom. */
import { ApiError, accountNotFound } from './api-error.ts';
import type { Database } from './db/database.ts';
import { type FollowCursor, TIMESTAMP_TEXT } from './store/follows-store.ts';
import { createStores } from './store/stores.ts';

export interface FollowEntry {
  id: string;
  username: string;
  displayName: string;
  avatarUrl: string | null;
  followedAt: string;
}

export interface FollowList {
  accounts: FollowEntry[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export const encodeCursor = (cursor: FollowCursor) =>
  Buffer.from(JSON.stringify([cursor.createdAt, cursor.accountId])).toString('base64url');

/** The cursor, or undefined when it is not one this service wrote. */
export function decodeCursor(text: string): FollowCursor | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return undefined;
    const [createdAt, accountId] = value as unknown[];
    if (typeof createdAt !== 'string' || !TIMESTAMP_TEXT.test(createdAt)) return undefined;
    if (typeof accountId !== 'string' || accountId.length > 40) return undefined;
    return { createdAt, accountId };
  } catch {
    return undefined;
  }
}

export function createFollows({ db }: { db: Database }) {
  const stores = createStores(db);

  async function accountIdOf(username: string): Promise<string> {
    const account = await stores.accounts.byUsername(username);
    if (!account) throw accountNotFound();
    return account.id;
  }

  async function list(
    direction: 'following' | 'followers',
    username: string,
    limit: number,
    cursor: FollowCursor | undefined,
  ): Promise<FollowList> {
    const accountId = await accountIdOf(username);
    const page = await stores.follows[direction](accountId, limit, cursor);
    return {
      accounts: page.accounts.map((account) => ({
        id: account.id,
        username: account.username,
        displayName: account.displayName,
        avatarUrl: account.avatarUrl,
        followedAt: account.followedAt.toISOString(),
      })),
      nextCursor: page.next ? encodeCursor(page.next) : null,
    };
  }

  return {
    /** Idempotent. */
    async follow(followerId: string, username: string): Promise<void> {
      const followeeId = await accountIdOf(username);
      if (followeeId === followerId)
        throw new ApiError(400, 'cannot_follow_self', 'You cannot follow yourself');
      await stores.follows.follow(followerId, followeeId);
    },

    /** Idempotent. */
    async unfollow(followerId: string, username: string): Promise<void> {
      await stores.follows.unfollow(followerId, await accountIdOf(username));
    },

    following: (username: string, limit: number, cursor?: FollowCursor) =>
      list('following', username, limit, cursor),
    followers: (username: string, limit: number, cursor?: FollowCursor) =>
      list('followers', username, limit, cursor),
  };
}

export type Follows = ReturnType<typeof createFollows>;
