import { ask } from '@/utils/protocol/ask';
import type { AccountModel } from './use-account';
import type { ActionErrors } from './use-action-errors';
import type { DirectoryModel } from './use-directory';

/**
 * Signing in and out, following, finding people. What the service answers changes what the popup lists, so
 * each reloads the account and the rooms; forms get their failures in the user's words.
 */
export function useAccountActions(
  account: AccountModel,
  directory: DirectoryModel,
  { act, inWords }: Pick<ActionErrors, 'act' | 'inWords'>,
) {
  const reload = async () => {
    await account.load();
    await directory.loadRooms();
  };
  return {
    signIn: inWords(async (input: { username: string; password: string }) => {
      await ask('account:sign-in', input);
      await reload();
    }),
    signUp: inWords(async (input: { username: string; password: string; displayName?: string }) => {
      await ask('account:sign-up', input);
      await reload();
    }),
    signOut: () =>
      act(async () => {
        await ask('account:sign-out');
        await reload();
      }),
    /** Follows or unfollows; a failure (e.g. offline) rejects in the user's words, and nothing changes. */
    follow: inWords(async (username: string, follow: boolean) => {
      await ask('follow:set', { username, following: follow });
      const next = new Set(directory.following.value ?? []);
      if (follow) next.add(username);
      else next.delete(username);
      directory.following.value = next;
      await directory.loadRooms();
    }),
    search: inWords((prefix: string) => ask('accounts:search', { prefix })),
  };
}

export type AccountActions = ReturnType<typeof useAccountActions>;
