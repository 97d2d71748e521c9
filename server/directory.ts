/** The directory (rooms of followed hosts) and the public lookups the content scripts batch. */
import { LIMITS } from '../wire/limits.ts';
import type { Directory, RoomSummary } from '../wire/room-summary.ts';
import type { FeedSite, SiteHandle } from '../wire/sites.ts';
import type { Database } from './db/database.ts';
import { withImportedFollows } from './identity/imported-directory.ts';
import { summarizeRoom } from './room-summary.ts';
import { normalizeHandle } from './store/accounts-store.ts';
import { createStores } from './store/stores.ts';

export interface LiveMatch {
  site: FeedSite;
  /** As the caller sent it. */
  handle: string;
  room: RoomSummary;
}

export interface LiveHosts {
  site: FeedSite;
  /** Normalized as claimed (lower case, no leading @; mastodon `user@instance`), most listeners first. */
  hosts: Array<{ handle: string; room: RoomSummary }>;
  /** More hosts are live than were listed. */
  truncated: boolean;
}

export function createDirectory(deps: { db: Database; publicUrl: string }) {
  const stores = createStores(deps.db);
  const summarize = (room: Parameters<typeof summarizeRoom>[0]) => summarizeRoom(room, deps.publicUrl);

  return {
    /** Live rooms (most listeners first) and upcoming ones (soonest first) hosted by me or by accounts I follow (also on Bluesky/Mastodon). */
    async forAccount(accountId: string): Promise<Directory> {
      const { live, upcoming } = await stores.rooms.ofFollowedHosts(accountId);
      return withImportedFollows(deps, accountId, {
        live: live.map(summarize),
        upcoming: upcoming.map(summarize),
      });
    },

    /** Rooms by id, in any state; unknown ids are left out. */
    async roomsByIds(ids: readonly string[]): Promise<RoomSummary[]> {
      const unique = [...new Set(ids)].filter((id) => /^[A-Za-z0-9]{10}$/.test(id));
      return (await stores.rooms.byIds(unique)).map(summarize);
    },

    /** Which of these handles belong to hosts that are live now (case-insensitive, leading @ ignored). */
    async liveByHandles(handles: readonly SiteHandle[]): Promise<LiveMatch[]> {
      const byKey = new Map<string, SiteHandle[]>();
      for (const asked of handles) {
        const key = `${asked.site}\u0000${normalizeHandle(asked.handle)}`;
        byKey.set(key, [...(byKey.get(key) ?? []), asked]);
      }
      const normalized = [...byKey.keys()].map((key) => {
        const [site, handle] = key.split('\u0000') as [FeedSite, string];
        return { site, handle };
      });
      const found = await stores.rooms.liveByHostHandles(normalized);
      return found.flatMap((match) =>
        (byKey.get(`${match.site}\u0000${match.handle}`) ?? []).map((asked) => ({
          site: asked.site,
          handle: asked.handle,
          room: summarize(match.room),
        })),
      );
    },

    /** Every claimed handle on `site` whose host is live now (their busiest room), most listeners first. */
    async liveHosts(site: FeedSite, limit: number = LIMITS.liveHostsMax): Promise<LiveHosts> {
      const found = await stores.rooms.liveHostsOnSite(site, limit + 1);
      return {
        site,
        hosts: found.slice(0, limit).map(({ handle, room }) => ({ handle, room: summarize(room) })),
        truncated: found.length > limit,
      };
    },
  };
}

export type DirectoryService = ReturnType<typeof createDirectory>;
