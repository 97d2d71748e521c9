/**
 * Resolves what new posts point to: rooms linked from them and whether their authors host a live room.
 * Answers already known (from the room directory or an earlier lookup, for a minute) are used at once;
 * the rest of a batch goes to the background in one `feed:lookup` request (split only past the message's
 * limits). A failed lookup (service down, or an older service without the routes) is quiet: nothing is
 * shown for those posts, and the lookup rests for a while before trying again.
 */
import type { FeedLookupResult, RoomSummary } from '@/utils/protocol/session-state';
import type { FeedSite, SiteHandle as HostHandle } from '@/wire/sites';
import { normalizeHandle } from './sites/types';

/** Handles as the rooms service accepts them; others are never sent (one bad handle fails the whole request). */
const HANDLE: Record<FeedSite, RegExp> = {
  x: /^[a-z0-9_]{1,15}$/,
  bsky: /^(?=.{3,253}$)[a-z0-9-]+(\.[a-z0-9-]+)+$/,
  mastodon: /^[a-z0-9_]{1,30}@(?=.{3,253}$)[a-z0-9-]+(\.[a-z0-9-]+)+$/,
};

export const MAX_ROOM_IDS = 100;
export const MAX_HOSTS = 200;
const FRESH_MS = 60_000;
const BATCH_MS = 1000;
const REST_AFTER_FAILURE_MS = 30_000;

export interface FoundPost {
  post: Element;
  roomIds: string[];
  handle: string | null;
}

export interface FeedLookupDeps {
  site: FeedSite;
  lookup(roomIds: string[], hosts: HostHandle[]): Promise<FeedLookupResult>;
  /** A room linked from `post` is known. */
  onRoom(post: Element, room: RoomSummary): void;
  /** `post`'s author hosts `room`, live now. */
  onLiveHost(post: Element, room: RoomSummary): void;
  now?: () => number;
  /** New posts are gathered this long before one request goes out (infinite scroll adds a few per frame). */
  batchMs?: number;
}

interface Cached<T> {
  value: T;
  at: number;
}

export interface FeedLookup {
  /** Handles one frame's new posts. */
  resolve(posts: FoundPost[]): Promise<void>;
  /** Rooms the directory lists (fresh data, no request needed). */
  seedRooms(rooms: RoomSummary[]): void;
  /** Requests sent so far (for tests and benchmarks). */
  readonly requests: number;
}

export function createFeedLookup(deps: FeedLookupDeps): FeedLookup {
  const now = deps.now ?? Date.now;
  const validHandle = HANDLE[deps.site];
  const rooms = new Map<string, Cached<RoomSummary | null>>();
  const hosts = new Map<string, Cached<RoomSummary | null>>();
  let restUntil = 0;
  let requests = 0;

  const isFresh = <T>(entry: Cached<T> | undefined, at: number): entry is Cached<T> =>
    entry !== undefined && at - entry.at < FRESH_MS;

  // The batch's posts waiting for an answer, by the room id or (normalised) handle nobody knew yet.
  let roomsAsked = new Map<string, Element[]>();
  let hostsAsked = new Map<string, Element[]>();
  const wait = (map: Map<string, Element[]>, key: string, post: Element) => {
    const posts = map.get(key);
    if (posts) posts.push(post);
    else map.set(key, [post]);
  };
  let flushed: Promise<void> | null = null;

  async function flush() {
    const roomsWaiting = roomsAsked;
    const hostsWaiting = hostsAsked;
    roomsAsked = new Map();
    hostsAsked = new Map();
    flushed = null;
    const at = now();
    const idList = [...roomsWaiting.keys()].filter((id) => !isFresh(rooms.get(id), at));
    const handleList = [...hostsWaiting.keys()].filter((handle) => !isFresh(hosts.get(handle), at));
    if ((idList.length > 0 || handleList.length > 0) && at >= restUntil) {
      try {
        // One request per batch; a batch past the message limits is split.
        for (
          let i = 0, j = 0;
          i < idList.length || j < handleList.length;
          i += MAX_ROOM_IDS, j += MAX_HOSTS
        ) {
          await request(idList.slice(i, i + MAX_ROOM_IDS), handleList.slice(j, j + MAX_HOSTS));
        }
      } catch {
        restUntil = now() + REST_AFTER_FAILURE_MS;
      }
    }
    // Shows what was learnt, on the posts that waited for it (whether a post is still on the page is asked only
    // when there is something to show on it).
    const answeredAt = now();
    const show = (
      waiting: Map<string, Element[]>,
      known: Map<string, Cached<RoomSummary | null>>,
      onFound: (post: Element, room: RoomSummary) => void,
    ) => {
      for (const [key, posts] of waiting) {
        const entry = known.get(key);
        if (!isFresh(entry, answeredAt) || !entry.value) continue;
        for (const post of posts) if (post.isConnected) onFound(post, entry.value);
      }
    };
    show(roomsWaiting, rooms, deps.onRoom);
    show(hostsWaiting, hosts, deps.onLiveHost);
  }

  async function request(ids: string[], handles: string[]) {
    requests += 1;
    const result = await deps.lookup(
      ids,
      handles.map((handle) => ({ site: deps.site, handle })),
    );
    const at = now();
    const none = { value: null, at }; // one entry for every "nothing there" of this answer
    for (const id of ids) rooms.set(id, none);
    for (const room of result.rooms) rooms.set(room.id, { value: room, at });
    for (const handle of handles) hosts.set(handle, none);
    for (const match of result.liveHosts) {
      if (match.site === deps.site) hosts.set(normalizeHandle(match.handle), { value: match.room, at });
    }
  }

  return {
    get requests() {
      return requests;
    },
    seedRooms(list) {
      const at = now();
      for (const room of list) rooms.set(room.id, { value: room, at });
    },
    resolve(posts) {
      const at = now();
      for (const found of posts) {
        // What is known already shows at once; the rest waits for the batch's request.
        for (const id of found.roomIds) {
          const room = rooms.get(id);
          if (!isFresh(room, at)) wait(roomsAsked, id, found.post);
          else if (room.value) deps.onRoom(found.post, room.value);
        }
        if (found.handle !== null) {
          const handle = normalizeHandle(found.handle);
          const hosted = hosts.get(handle);
          if (!isFresh(hosted, at)) {
            if (validHandle.test(handle)) wait(hostsAsked, handle, found.post);
          } else if (hosted.value) deps.onLiveHost(found.post, hosted.value);
        }
      }
      if (roomsAsked.size === 0 && hostsAsked.size === 0) return Promise.resolve();
      flushed ??= new Promise<void>((resolve) => {
        setTimeout(() => void flush().finally(resolve), deps.batchMs ?? BATCH_MS);
      });
      return flushed;
    },
  };
}
