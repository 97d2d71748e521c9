/**
 * Every tab of a feed site polls its live hosts: one request per site at a time, answered from memory for a while.
 *
 * X is the exception: X handles cannot be verified (server/README.md, "X handles"), so X chips come from the
 * signed-in viewer's own list, `GET /v1/me/live-hosts/x` (the hosts they follow on Earshot). That list is private:
 * it is cached for that account alone and dropped when another account asks. Signed out, X gets the public list,
 * which holds verified handles only: none on X, since nothing verifies an X handle; so no X chips.
 */
import type { FeedSite } from '@/wire/sites';
import type { LiveHosts } from '../../protocol/session-state';
import type { AccountService } from '../account-service';
import type { RoomsApi } from '../rooms-api';

/** How long a site's list of live hosts is answered from memory. */
export const LIVE_HOSTS_TTL_MS = 10_000;

export interface LiveHostsSources {
  api: Pick<RoomsApi, 'liveHosts' | 'followedLiveHostsOnX'>;
  account: Pick<AccountService, 'state'>;
  /** Milliseconds since the epoch. Default Date.now. */
  now?: () => number;
}

/** Where one site's list comes from for the current viewer, and its key in the cache. */
async function sourceFor(site: FeedSite, { api, account }: LiveHostsSources) {
  const viewer = site === 'x' ? ((await account.state()).profile?.id ?? null) : null;
  if (viewer === null) return { key: site, load: () => api.liveHosts(site) };
  return { key: `x\u0000${viewer}`, load: () => api.followedLiveHostsOnX() };
}

export function createLiveHostsCache(sources: LiveHostsSources) {
  const now = sources.now ?? Date.now;
  /** Per key (a site; X: X and the viewer's id): the last list and when it arrived, and the request under way. */
  const cache = new Map<string, { at: number; value: LiveHosts }>();
  const asked = new Map<string, Promise<LiveHosts>>();
  /** Forgets other viewers' X lists: they are theirs alone. */
  const keepOnlyViewer = (key: string) => {
    for (const other of cache.keys()) if (other.startsWith('x\u0000') && other !== key) cache.delete(other);
  };
  return async (site: FeedSite): Promise<LiveHosts> => {
    const { key, load } = await sourceFor(site, sources);
    if (site === 'x') keepOnlyViewer(key);
    const cached = cache.get(key);
    if (cached && now() - cached.at < LIVE_HOSTS_TTL_MS) return cached.value;
    const pending = asked.get(key);
    if (pending) return pending;
    const asking = load()
      .then((value) => {
        cache.set(key, { at: now(), value });
        return value;
      })
      .finally(() => asked.delete(key));
    asked.set(key, asking);
    return asking;
  };
}
