/**
 * Resolves what new posts point to: rooms linked from them and whether their authors host a live room.
 * Answers already known (from the room directory or an earlier lookup, for a minute) are used at once;
 * the rest of a batch goes to the background in one `feed:lookup` request (split only past the message's
 * limits). A failed lookup (service down, or an older service without the routes) is quiet: nothing is
 * shown for those posts, and the lookup rests for a while before trying again.
 */
import type { FeedSite, HostHandle } from '@/utils/messages';
import type { FeedLookupResult, RoomSummary } from '@/utils/session-state';
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
  const rooms = new Map<string, Cached<RoomSummary | null>>();
  const hosts = new Map<string, Cached<RoomSummary | null>>();
  let restUntil = 0;
  let requests = 0;

  const fresh = <T>(entry: Cached<T> | undefined): entry is Cached<T> =>
    entry !== undefined && now() - entry.at < FRESH_MS;

  /** Shows what is known about `found`; `onlyNew` limits it to what was not known before (no repeats). */
  function apply(found: FoundPost, onlyNew?: Unknown) {
    for (const id of found.roomIds) {
      if (onlyNew && !onlyNew.ids.includes(id)) continue;
      const room = rooms.get(id);
      if (fresh(room) && room.value) deps.onRoom(found.post, room.value);
    }
    if (found.handle && (!onlyNew || onlyNew.handle)) {
      const hosted = hosts.get(normalizeHandle(found.handle));
      if (fresh(hosted) && hosted.value) deps.onLiveHost(found.post, hosted.value);
    }
  }

  interface Unknown {
    ids: string[];
    handle: boolean;
  }
  function unknownOf(found: FoundPost): Unknown | null {
    const ids = found.roomIds.filter((id) => !fresh(rooms.get(id)));
    const handle =
      found.handle !== null &&
      HANDLE[deps.site].test(normalizeHandle(found.handle)) &&
      !fresh(hosts.get(normalizeHandle(found.handle)));
    return ids.length > 0 || handle ? { ids, handle } : null;
  }

  let waiting: Array<{ found: FoundPost; unknown: Unknown }> = [];
  let flushed: Promise<void> | null = null;

  async function flush() {
    const batch = waiting;
    waiting = [];
    flushed = null;
    const ids = new Set<string>();
    const handles = new Set<string>();
    for (const { found, unknown } of batch) {
      for (const id of unknown.ids) if (!fresh(rooms.get(id))) ids.add(id);
      if (unknown.handle && found.handle) {
        const handle = normalizeHandle(found.handle);
        if (!fresh(hosts.get(handle))) handles.add(handle);
      }
    }
    if ((ids.size > 0 || handles.size > 0) && now() >= restUntil) {
      const idList = [...ids];
      const handleList = [...handles];
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
    for (const { found, unknown } of batch) if (found.post.isConnected) apply(found, unknown);
  }

  async function request(ids: string[], handles: string[]) {
    requests += 1;
    const result = await deps.lookup(
      ids,
      handles.map((handle) => ({ site: deps.site, handle })),
    );
    const at = now();
    for (const id of ids) rooms.set(id, { value: null, at });
    for (const room of result.rooms) rooms.set(room.id, { value: room, at });
    for (const handle of handles) hosts.set(handle, { value: null, at });
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
      for (const found of posts) {
        apply(found); // what is known already shows at once
        const unknown = unknownOf(found);
        if (unknown) waiting.push({ found, unknown });
      }
      if (waiting.length === 0) return Promise.resolve();
      flushed ??= new Promise<void>((resolve) => {
        setTimeout(() => void flush().finally(resolve), deps.batchMs ?? BATCH_MS);
      });
      return flushed;
    },
  };
}
