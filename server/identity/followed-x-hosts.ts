/**
 * Live chips on X: no X handle can be verified (see server/README.md, "X handles"), so X handles make
 * chips only for the hosts a viewer follows on Earshot, in that viewer's own, private list.
 */
import { LIMITS } from '../../wire/limits.ts';
import type { Database } from '../db/database.ts';
import type { LiveHosts } from '../directory.ts';
import { summarizeRoom } from '../room-summary.ts';
import { createLiveHostQueries } from '../store/live-host-queries.ts';

export function createFollowedXHosts({ db, publicUrl }: { db: Database; publicUrl: string }) {
  const queries = createLiveHostQueries(db);
  return async (viewerId: string, limit: number = LIMITS.liveHostsMax): Promise<LiveHosts> => {
    const found = await queries.liveFollowedOnSite(viewerId, 'x', limit + 1);
    return {
      site: 'x',
      hosts: found
        .slice(0, limit)
        .map(({ handle, room }) => ({ handle, room: summarizeRoom(room, publicUrl) })),
      truncated: found.length > limit,
    };
  };
}
