/**
 * Live chips on X: no X handle can be verified (see server/README.md, "X handles"), so X handles make chips
 * only for the hosts a viewer follows on Earshot, in that viewer's own, private list. A verified X handle (none
 * today: nothing verifies one) would be public, as on the other sites, and wins over a followed host's claim
 * of the same handle.
 */
import { LIMITS } from '../../wire/limits.ts';
import type { Database } from '../db/database.ts';
import type { LiveHosts } from '../directory.ts';
import { summarizeRoom } from '../room-summary.ts';
import { createLiveHostQueries } from '../store/live-host-queries.ts';

export function createFollowedXHosts({ db, publicUrl }: { db: Database; publicUrl: string }) {
  const queries = createLiveHostQueries(db);
  return async (viewerId: string, limit: number = LIMITS.liveHostsMax): Promise<LiveHosts> => {
    const verified = await queries.liveHostsOnSite('x', limit + 1);
    const followed = await queries.liveFollowedOnSite(viewerId, 'x', limit + 1);
    const byHandle = new Map(followed.map((host) => [host.handle, host]));
    for (const host of verified) byHandle.set(host.handle, host);
    const found = [...byHandle.values()].sort(
      (a, b) =>
        b.room.listenerCount - a.room.listenerCount ||
        (b.room.startedAt?.getTime() ?? 0) - (a.room.startedAt?.getTime() ?? 0) ||
        a.handle.localeCompare(b.handle),
    );
    return {
      site: 'x',
      hosts: found
        .slice(0, limit)
        .map(({ handle, room }) => ({ handle, room: summarizeRoom(room, publicUrl) })),
      truncated: found.length > limit,
    };
  };
}
