/**
 * Who is live now on this site (`feed:live-hosts`, polled like the directory), so post authors are matched
 * here rather than asked about; and, while that list is complete and short, the interest selector: the posts
 * it matches (room links, live hosts' posts) are the only ones read.
 *
 * On X the list is the viewer's own: the hosts they follow on Earshot (X handles cannot be verified; signed
 * out, only verified handles, and there are none on X). It is the whole truth there, so X never falls back to
 * asking about authors.
 */
import { watch } from '@/utils/feed/abortable';
import { normalizeHandle } from '@/utils/feed/sites/types';
import { type FeedContext, NO_LIVE_HOSTS } from '../feed-context';
import { refreshForViewer } from './directory';

/**
 * Past this many live hosts on the site, the interest selector stops being a cheap filter (the browser tries
 * every alternative of it on each element of a post; not measured past a few): every post is then read, and its
 * author looked up in the list.
 */
const MAX_HOSTS_IN_SELECTOR = 100;

/** X without the viewer's list: nobody live, and nobody to ask about. */
const NO_X_HOSTS = { ...NO_LIVE_HOSTS, complete: true };

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
      // The service never matches X handles by lookup: on X, no list means no chips.
      // Elsewhere, an older service: authors are asked about one batch at a time.
      state.liveHosts.value = adapter.site === 'x' ? NO_X_HOSTS : NO_LIVE_HOSTS;
    }
  };
  // X's list is the viewer's follows: a sign-in or sign-out changes it.
  return refreshForViewer(load, signal);
}
