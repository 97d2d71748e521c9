/** Every tab of a feed site polls its live hosts: one request per site at a time, answered from memory for a while. */
import type { FeedSite } from '@/wire/sites';
import type { LiveHosts } from '../../protocol/session-state';
import type { RoomsApi } from '../rooms-api';

/** How long a site's list of live hosts is answered from memory. */
export const LIVE_HOSTS_TTL_MS = 10_000;

export function createLiveHostsCache(api: Pick<RoomsApi, 'liveHosts'>, now: () => number) {
  /** Per site: the last list of live hosts and when it arrived, and the request under way (shared). */
  const cache = new Map<FeedSite, { at: number; value: LiveHosts }>();
  const asked = new Map<FeedSite, Promise<LiveHosts>>();
  return (site: FeedSite): Promise<LiveHosts> => {
    const cached = cache.get(site);
    if (cached && now() - cached.at < LIVE_HOSTS_TTL_MS) return Promise.resolve(cached.value);
    const pending = asked.get(site);
    if (pending) return pending;
    const asking = api
      .liveHosts(site)
      .then((value) => {
        cache.set(site, { at: now(), value });
        return value;
      })
      .finally(() => asked.delete(site));
    asked.set(site, asking);
    return asking;
  };
}
