/** Rooms to show: the directory (popup and room bar), and what the feed content script looks up. */
import type { Directory } from '@/wire/room-summary';
import type { HandlerMap, HubContext } from './context';

async function loadDirectory(hub: HubContext): Promise<Directory> {
  if (await hub.deps.account.token()) return hub.deps.api.directory();
  // Signed out: every live room the service lists.
  return { live: await hub.deps.api.listRooms(), upcoming: [] };
}

/** The directory, also kept for the popup's next opening (for the account it was loaded for). */
async function directory(hub: HubContext): Promise<Directory> {
  const { profile } = await hub.deps.account.state();
  const loaded = await loadDirectory(hub);
  void hub.viewCache.directory(loaded, profile);
  return loaded;
}

export const feedHandlers = {
  'rooms:list': (_request, hub) => hub.deps.api.listRooms(),
  'directory:get': (_request, hub) => directory(hub),
  'feed:config': async (_request, hub) => ({ serviceUrl: (await hub.deps.serviceUrl?.()) ?? '' }),
  'feed:lookup': async (request, hub) => {
    const [rooms, liveHosts] = await Promise.all([
      hub.deps.api.lookupRooms(request.roomIds),
      hub.deps.api.liveLookup(request.hosts),
    ]);
    return { rooms, liveHosts };
  },
  'feed:live-hosts': (request, hub) => hub.liveHosts(request.site),
} satisfies Partial<HandlerMap>;
