/**
 * Posts that link to a room get a card with Join; posts by a host who is live now get a "Live" chip. Authors are
 * matched against the site's live hosts here, and what is not known yet (rooms, and authors while that list is
 * incomplete) is looked up in batches (utils/feed/feed-lookup.ts). Cards and chips follow their room's news.
 */
import { untracked } from '@preact/signals';
import { createLiveChip } from '@/components/feed/live-chip';
import { createRoomCard } from '@/components/feed/room-card';
import { watch } from '@/utils/feed/abortable';
import { createFeedLookup, type FoundPost } from '@/utils/feed/feed-lookup';
import { previewHostOf, roomOfPreview } from '@/utils/feed/link-previews';
import { createPostDecorations } from '@/utils/feed/post-decorations';
import type { RoomLinkMatcher } from '@/utils/feed/room-links';
import { createRoomNews } from '@/utils/feed/room-news';
import { type LinkPreview, normalizeHandle } from '@/utils/feed/sites/types';
import type { RoomSummary } from '@/wire/room-summary';
import type { FeedContext } from '../feed-context';
import type { ScannedPost } from '../feed-page';
import { currentRoomId, joinRoom, withOwnCount } from '../session';

const NO_ROOM_IDS: string[] = [];

export function decoratePosts(context: FeedContext, signal: AbortSignal): void {
  const { adapter, ask, state, page, ui } = context;
  const news = createRoomNews();
  const decorations = createPostDecorations(signal);
  const join = joinRoom.bind(null, context);
  /** Whether `roomId`'s host is still live, as far as the site's complete list of live hosts says. */
  const hostLive = (roomId: string) => {
    const { complete, roomIds } = state.liveHosts.value;
    return !complete || roomIds.has(roomId);
  };
  /**
   * A card or a chip for `room` on `post`: what it shows follows the rooms' news and the session (every view reads
   * the same signals: they are followed by one effect for all views, see shadow-ui.tsx).
   */
  const show = (kind: 'card' | 'chip', post: Element, room: RoomSummary) => {
    news.follow(room);
    decorations.add(post, `${kind}:${room.id}`, () => {
      const target = kind === 'card' ? adapter.cardAnchor(post) : adapter.chipAnchor(post);
      if (!target) return null;
      const shown = () => {
        // Every view reads these three, whatever it shows.
        const session = state.session.value;
        const live = hostLive(room.id);
        const summary = news.get(room.id) ?? room;
        return {
          room: withOwnCount(session, summary),
          here: currentRoomId(session) === room.id,
          live: kind === 'chip' && live,
        };
      };
      return kind === 'card'
        ? ui.view('earshot-card', target, () => createRoomCard(join), shown, signal)
        : ui.view('earshot-chip', target, () => createLiveChip(join), shown, signal);
    });
  };
  const lookup = createFeedLookup({
    site: adapter.site,
    lookup: (roomIds, hosts) => ask('feed:lookup', { roomIds, hosts }),
    onRoom: (post, room) => show('card', post, room),
    onLiveHost: (post, room) => show('chip', post, room),
  });

  // Fresh news of rooms: the directory's (also known without a lookup) and the live hosts'.
  watch(() => {
    const { live, upcoming } = state.directory.value;
    untracked(() => {
      lookup.seedRooms([...live, ...upcoming]);
      news.refresh(live);
    });
  }, signal);
  watch(() => {
    const { byHandle } = state.liveHosts.value;
    untracked(() => news.refresh([...byHandle.values()]));
  }, signal);

  // Content the site took away and gave back (a refilled row, a stub restored) gets its UIs again.
  page.onFrame((_time, removed) => decorations.revive(removed), signal);

  page.onPosts((posts: ScannedPost[]) => {
    const matcher = state.links.value;
    const { byHandle, complete } = state.liveHosts.value;
    const found: FoundPost[] = [];
    for (const { post, info } of posts) {
      if (decorations.has(post)) decorations.clear(post); // recycled for another post
      const roomIds = roomIdsIn(info.links, matcher);
      // The author: live by the site's list of live hosts, or (when that list is not complete) asked about.
      let handle: string | null = null;
      const hosted = info.author === null ? undefined : byHandle.get(normalizeHandle(info.author));
      if (hosted) show('chip', post, hosted);
      else if (info.author !== null && !complete) handle = info.author;
      if (info.previews) showPreviewRooms(post, info.previews, hosted);
      if (roomIds === NO_ROOM_IDS && handle === null) continue;
      found.push({ post, roomIds, handle });
    }
    if (found.length > 0) void lookup.resolve(found);
  }, signal);

  /** Cards for the link previews that stand for a known room (utils/feed/link-previews.ts). */
  function showPreviewRooms(post: Element, previews: LinkPreview[], authorRoom: RoomSummary | undefined) {
    const host = previewHostOf(state.serviceUrl.value);
    const { live, upcoming } = state.directory.value;
    const known = [...live, ...upcoming, ...state.liveHosts.value.byHandle.values()];
    for (const preview of previews) {
      const room = roomOfPreview(preview, host, authorRoom, known);
      if (room) show('card', post, room);
    }
  }
}

/** The rooms `links` point to, each once (the shared empty list when none does). */
function roomIdsIn(links: readonly string[], matcher: RoomLinkMatcher): string[] {
  let roomIds = NO_ROOM_IDS;
  for (const candidate of links) {
    const id = matcher.roomIdOf(candidate);
    if (!id || roomIds.includes(id)) continue;
    if (roomIds === NO_ROOM_IDS) roomIds = [];
    roomIds.push(id);
  }
  return roomIds;
}
