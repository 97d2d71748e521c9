/** The signed-in account, whom it follows, and the scheduled rooms it asked to be reminded of. */
import type { AccountState } from '../../protocol/session-state';
import type { HandlerMap, HubContext } from './context';
import { createLiveHostsCache } from './live-hosts-cache';

/**
 * Sign-in and sign-out change what is live for the user: the live watcher and the badge start over, and the
 * feeds are told (deps.accountChanged; the live-hosts cache is kept per account already).
 */
async function accountChanged(hub: HubContext, account: AccountState): Promise<AccountState> {
  hub.deps.accountChanged?.();
  await hub.viewCache.profile(account.profile);
  return account;
}

/** The account, also kept for the popup's next opening. */
async function accountState(hub: HubContext): Promise<AccountState> {
  const account = await hub.deps.account.state();
  void hub.viewCache.profile(account.profile);
  return account;
}

export const accountHandlers = {
  'account:get': (_request, hub) => accountState(hub),
  'account:sign-in': async ({ username, password }, hub) =>
    accountChanged(hub, await hub.deps.account.signIn({ username, password })),
  'account:sign-up': async ({ username, password, displayName }, hub) =>
    accountChanged(
      hub,
      await hub.deps.account.signUp({ username, password, ...(displayName ? { displayName } : {}) }),
    ),
  'account:sign-out': async (_request, hub) => accountChanged(hub, await hub.deps.account.signOut()),
  'accounts:search': (request, hub) => hub.deps.api.searchAccounts(request.prefix),
  'follows:list': async (_request, hub) => {
    const me = (await hub.deps.account.state()).profile;
    const following = me ? (await hub.deps.api.following(me.username)).map((a) => a.username) : [];
    void hub.viewCache.following(following, me);
    return following;
  },
  'follow:set': async (request, hub) => {
    await hub.deps.api.follow(request.username, request.following);
    // X's live hosts are the people the viewer follows: a cached list would hide the new one's chip (or keep
    // an unfollowed one's) until it expires. The next feed refresh asks again.
    hub.liveHosts = createLiveHostsCache(hub.deps);
    return null;
  },
  'room:remind': async (request, hub) => {
    const reminders = { ...((await hub.deps.reminders?.load()) ?? {}) };
    if (request.on) reminders[request.roomId] = request.title;
    else delete reminders[request.roomId];
    await hub.deps.reminders?.save(reminders);
    return reminders;
  },
  'reminders:list': async (_request, hub) => (await hub.deps.reminders?.load()) ?? {},
} satisfies Partial<HandlerMap>;
