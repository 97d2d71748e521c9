/**
 * Which Earshot server: the one in use, and choosing another. A new server is checked before it is saved;
 * moving to it leaves the room, signs out of the old one (its session token means nothing to the new one)
 * and forgets the old server's reminders and cached lists. The microphone and Mastodon instances stay.
 *
 * The background also follows the browser's permissions: when the user removes the chosen server's site access,
 * the session says `serverAccess: 'missing'` (every view asks again) until it is granted back.
 */
import { parseServerAddress, type ServerChoice, sameServer } from '../../protocol/server-address';
import type { HandlerMap, HubContext } from './context';
import { leave } from './listening';
import { createLiveHostsCache } from './live-hosts-cache';

async function forgetOldServer(hub: HubContext): Promise<void> {
  await hub.session.serial(() => leave(hub));
  // Signing out tells the old server (while it is still the one the API calls) and always forgets the token.
  await hub.deps.account.signOut();
  // Reminders name the old server's rooms, which the new one does not have.
  await hub.deps.reminders?.save({});
  await hub.viewCache.clear();
  hub.liveHosts = createLiveHostsCache(hub.deps);
}

async function choose(url: string, hub: HubContext): Promise<ServerChoice> {
  const server = hub.deps.server;
  if (!server) throw new Error('Choosing a server is not available here');
  const address = parseServerAddress(url);
  if (!address.ok) return address;
  const health = await server.check(address.origin);
  if (!health.ok) return { ...health, origin: address.origin };
  const current = await serverInUse(hub);
  const moving = !sameServer(current, address.origin);
  if (moving) await forgetOldServer(hub);
  await server.save(address.origin);
  await refreshServerAccess(hub, address.origin);
  if (moving) hub.deps.accountChanged?.();
  return { ok: true, serviceUrl: address.origin, version: health.version };
}

const chosenServer = async (hub: HubContext): Promise<string | null> =>
  (await hub.deps.server?.chosen()) ?? null;

const serverInUse = async (hub: HubContext): Promise<string> =>
  (await hub.deps.serviceUrl?.()) ?? hub.deps.server?.defaultUrl ?? '';

/** Checks the chosen server's access now and puts the answer in the session; returns whether it is held. */
export async function refreshServerAccess(hub: HubContext, chosen: string | null): Promise<boolean> {
  const access = hub.deps.server?.access;
  if (!access) return true;
  await hub.session.restored;
  // Before the first choice nothing was asked for yet: the first-run form is what the views show then.
  const granted = chosen ? await access.has(chosen) : true;
  const current = hub.session.current;
  if (granted !== (current.serverAccess === 'missing')) return granted;
  hub.session.set({ ...current, serverAccess: granted ? undefined : 'missing' });
  return granted;
}

/** Follows the browser's permission changes from now on (call once, when the background starts). */
export function followServerAccess(hub: HubContext): void {
  const access = hub.deps.server?.access;
  if (!access) return;
  const check = () => void chosenServer(hub).then((chosen) => refreshServerAccess(hub, chosen));
  access.watch(check);
  check(); // it may have changed while the background was not running
}

export const serverHandlers = {
  'server:get': async (_request, hub) => {
    const chosen = await chosenServer(hub);
    // Pages ask this as they open: a good moment to make sure the session's word on access is current.
    void refreshServerAccess(hub, chosen);
    const defaultUrl = hub.deps.server?.defaultUrl ?? '';
    return {
      serviceUrl: chosen ?? (await hub.deps.serviceUrl?.()) ?? defaultUrl,
      chosen: chosen !== null,
      defaultUrl,
    };
  },
  'server:choose': (request, hub) => choose(request.url, hub),
} satisfies Partial<HandlerMap>;
