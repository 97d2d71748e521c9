/** Sign up, sign in and out, sessions, profiles and claimed handles, independent of HTTP. */
import type { SiteHandle } from '../wire/sites.ts';
import { ApiError, accountNotFound, unauthenticated } from './api-error.ts';
import { decoyPasswordHash, hashPassword, verifyPassword } from './auth/passwords.ts';
import { hashSessionToken, newSessionToken, SESSION_TTL_MS, sameDigest } from './auth/session-tokens.ts';
import type { Database } from './db/database.ts';
import { randomId } from './random-id.ts';
import type { Account } from './store/accounts-store.ts';
import { createHandlesStore, normalizeHandle, type StoredHandle } from './store/handles-store.ts';
import { createStores } from './store/stores.ts';

/**
 * A handle as shown: `verified` when the service checked the proof (see server/identity/), `claimed` when
 * the account only says so. Only verified handles are used to put Live chips on posts.
 */
export interface ShownHandle extends SiteHandle {
  status: 'claimed' | 'verified';
  /** When the proof last passed; null for a claim. */
  verifiedAt: string | null;
}

export interface Profile {
  id: string;
  username: string;
  displayName: string;
  avatarUrl: string | null;
  handles: ShownHandle[];
  createdAt: string;
}

export interface NewSession {
  account: Profile;
  session: { token: string; expiresAt: string };
}

export interface AccountsDeps {
  db: Database;
  now: () => Date;
}

export const ACCOUNT_ID_LENGTH = 12;

const showHandle = (handle: StoredHandle): ShownHandle => ({
  site: handle.site,
  handle: handle.handle,
  status: handle.verifiedAt ? 'verified' : 'claimed',
  verifiedAt: handle.verifiedAt?.toISOString() ?? null,
});

export function createAccounts({ db, now }: AccountsDeps) {
  const stores = createStores(db);

  async function profileOf(account: Account): Promise<Profile> {
    const handles = await createHandlesStore(db).ofAccount(account.id);
    return {
      id: account.id,
      username: account.username,
      displayName: account.displayName,
      avatarUrl: account.avatarUrl,
      handles: handles.map(showHandle),
      createdAt: account.createdAt.toISOString(),
    };
  }

  async function openSession(account: Account): Promise<NewSession> {
    const token = newSessionToken();
    const expiresAt = new Date(now().getTime() + SESSION_TTL_MS);
    await stores.sessions.insert(hashSessionToken(token), account.id, expiresAt);
    return { account: await profileOf(account), session: { token, expiresAt: expiresAt.toISOString() } };
  }

  return {
    profileOf,

    async signUp(input: { username: string; password: string; displayName?: string }): Promise<NewSession> {
      const passwordHash = await hashPassword(input.password);
      const account = await stores.accounts.insert({
        id: randomId(ACCOUNT_ID_LENGTH),
        username: input.username,
        displayName: input.displayName ?? input.username,
        passwordHash,
      });
      if (!account) throw new ApiError(409, 'username_taken', `The username "${input.username}" is taken`);
      return openSession(account);
    },

    async signIn(input: { username: string; password: string }): Promise<NewSession> {
      const found = await stores.accounts.credentials(input.username);
      // Unknown usernames cost one argon2 verification too, so timing does not tell which exist.
      const valid = await verifyPassword(found?.passwordHash ?? (await decoyPasswordHash()), input.password);
      if (!found || !valid) throw new ApiError(401, 'invalid_credentials', 'Wrong username or password');
      return openSession(found.account);
    },

    /** Forgets sessions that have expired; returns how many. */
    deleteExpiredSessions: () => stores.sessions.deleteExpired(now()),

    async signOut(token: string): Promise<void> {
      await stores.sessions.delete(hashSessionToken(token));
    },

    /** The account id of a valid, unexpired session token, or undefined. */
    async accountIdOf(token: string): Promise<string | undefined> {
      const tokenHash = hashSessionToken(token);
      const session = await stores.sessions.find(tokenHash, now());
      return session && sameDigest(session.tokenHash, tokenHash) ? session.accountId : undefined;
    },

    async me(accountId: string): Promise<Profile> {
      const account = await stores.accounts.byId(accountId);
      if (!account) throw unauthenticated();
      return profileOf(account);
    },

    async byUsername(username: string): Promise<Profile> {
      const account = await stores.accounts.byUsername(username);
      if (!account) throw accountNotFound();
      return profileOf(account);
    },

    async search(prefix: string, limit: number): Promise<Profile[]> {
      const accounts = await stores.accounts.searchByUsernamePrefix(prefix, limit);
      return Promise.all(accounts.map(profileOf));
    },

    async updateProfile(
      accountId: string,
      changes: { displayName?: string; avatarUrl?: string | null; handles?: SiteHandle[] },
    ): Promise<Profile> {
      const account = await db.transaction(async (tx) => {
        const txStores = createStores(tx);
        const updated = await txStores.accounts.updateProfile(accountId, changes);
        if (!updated) throw unauthenticated();
        if (changes.handles) {
          // A claim is not a reservation: claiming a handle someone else claimed (or verified) is allowed.
          const unique = new Map(changes.handles.map((h) => [`${h.site}:${normalizeHandle(h.handle)}`, h]));
          await createHandlesStore(tx).replaceClaims(accountId, [...unique.values()]);
        }
        return updated;
      });
      return profileOf(account);
    },
  };
}

export type Accounts = ReturnType<typeof createAccounts>;
