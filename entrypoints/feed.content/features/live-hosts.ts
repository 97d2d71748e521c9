/**
 * Who is live now on this site (`feed:live-hosts`, polled like the directory), so post authors are matched
 * here rather than asked about; and, while that list is complete and short, the interest selector: the posts
 * it matches (room links, live hosts' posts) are the only ones read.
 */
import { refreshWhileVisible, watch } from '@/utils/feed/abortable';
import { normalizeHandle } from '@/utils/feed/sites/types';
import { type FeedContext, NO_LIVE_HOSTS } from '../feed-context';
import { REFRESH_MS } from './directory';

/**
 * Past this many live hosts on the site, the interest selector stops being a cheap filter (the browser tries
 * every alternative of it on each element of a post; not measured past a few): every post is then read, and its
 * author looked up in the list.
 */
const MAX_HOSTS_IN_SELECTOR = 100;

export function loadLiveHosts({ adapter, ask, state }: FeedContext, signal: AbortSignal): Promise<void> {
  watch(() => {
    const { byHandle, complete } = state.liveHosts.value;
    state.interest.value =
      complete && byHandle.size <= MAX_HOSTS_IN_SELECTOR
        ? adapter.interest([...byHandle.keys()], state.readContext.value)
        : null;
  }, signal);
  const load = async () => {
    try {
      const { hosts, truncated } = await ask('feed:live-hosts', { site: adapter.site });
      state.liveHosts.value = {
        byHandle: new Map(hosts.map(({ handle, room }) => [normalizeHandle(handle), room])),
        complete: !truncated,
        roomIds: new Set(hosts.map(({ room }) => room.id)),
      };
    } catch {
      state.liveHosts.value = NO_LIVE_HOSTS; // an older service: authors are asked about one batch at a time
    }
  };
  return refreshWhileVisible(load, REFRESH_MS, signal);
}
