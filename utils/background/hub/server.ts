/**
 * Which Earshot server: the one in use, and choosing another. A new server is checked before it is saved;
 * moving to it leaves the room, signs out of the old server (its session token means nothing to the new one)
 * and forgets the old server's reminders and cached lists. The microphone and Mastodon instances stay.
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
  const current = (await hub.deps.serviceUrl?.()) ?? server.defaultUrl;
  const moving = !sameServer(current, address.origin);
  if (moving) await forgetOldServer(hub);
  await server.save(address.origin);
  if (moving) hub.deps.accountChanged?.();
  return { ok: true, serviceUrl: address.origin, version: health.version };
}

export const serverHandlers = {
  'server:get': async (_request, hub) => {
    const chosen = (await hub.deps.server?.chosen()) ?? null;
    const defaultUrl = hub.deps.server?.defaultUrl ?? '';
    return {
      serviceUrl: chosen ?? (await hub.deps.serviceUrl?.()) ?? defaultUrl,
      chosen: chosen !== null,
      defaultUrl,
    };
  },
  'server:choose': (request, hub) => choose(request.url, hub),
} satisfies Partial<HandlerMap>;
