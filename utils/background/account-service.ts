/**
 * The signed-in account, as the background keeps it. The session token stays here: views only ever see the
 * profile. Storage is extension-local and, where the browser supports it, closed to content scripts.
 */
import type { AccountState } from '../protocol/session-state';
import type { NewSession, Profile, RoomsApi } from './rooms-api';

export interface StoredAccount {
  token: string;
  expiresAt: string;
  profile: Profile;
}

export interface AccountStore {
  load(): Promise<StoredAccount | null>;
  save(account: StoredAccount | null): Promise<void>;
}

export interface AccountService {
  state(): Promise<AccountState>;
  /** The session token for API calls, or null when signed out or expired. */
  token(): Promise<string | null>;
  signIn(input: { username: string; password: string }): Promise<AccountState>;
  signUp(input: { username: string; password: string; displayName?: string }): Promise<AccountState>;
  signOut(): Promise<AccountState>;
}

export function createAccountService(
  api: () => RoomsApi,
  store: AccountStore,
  now: () => number = Date.now,
): AccountService {
  async function current(): Promise<StoredAccount | null> {
    const account = await store.load();
    if (account && Date.parse(account.expiresAt) <= now()) {
      await store.save(null);
      return null;
    }
    return account;
  }

  async function keep(session: NewSession): Promise<AccountState> {
    await store.save({
      token: session.session.token,
      expiresAt: session.session.expiresAt,
      profile: session.account,
    });
    return { profile: session.account };
  }

  return {
    async state() {
      return { profile: (await current())?.profile ?? null };
    },
    async token() {
      return (await current())?.token ?? null;
    },
    signIn: async (input) => keep(await api().signIn(input)),
    signUp: async (input) => keep(await api().signUp(input)),
    async signOut() {
      // Forget the session here even if the service cannot be told (offline): signing out must always work.
      await api()
        .signOut()
        .catch(() => undefined);
      await store.save(null);
      return { profile: null };
    },
  };
}
