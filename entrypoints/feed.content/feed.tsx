/** Wires the feed features for the page's site: scanner → lookups → UI, plus the bar and the dock. */
import { type Signal, signal } from '@preact/signals';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createLiveChip } from '@/components/feed/live-chip';
import { type DockAction, MiniPlayer } from '@/components/feed/MiniPlayer';
import { RoomBar } from '@/components/feed/RoomBar';
import { createRoomCard } from '@/components/feed/room-card';
import { createFeedLookup, type FoundPost } from '@/utils/feed/feed-lookup';
import { t } from '@/utils/feed/i18n';
import { createIdleMounter } from '@/utils/feed/idle-mount';
import { createPostScanner } from '@/utils/feed/post-scanner';
import { createRoomLinkMatcher, type RoomLinkMatcher } from '@/utils/feed/room-links';
import { readServiceUrl, watchServiceUrl } from '@/utils/feed/service-url';
import { type DetectedSite, detectSite } from '@/utils/feed/sites';
import {
  normalizeHandle,
  type PostInfo,
  type PostInterest,
  type ReadContext,
  type Theme,
} from '@/utils/feed/sites/types';
import { ask as askBackground, watchSession } from '@/utils/protocol/ask';
import {
  IDLE_SESSION,
  joiningSession,
  type RoomSummary,
  type SessionState,
} from '@/utils/protocol/session-state';
import { type FeedUi, isOwnElement, mountFeedUi, mountFeedView } from './shadow-ui';

const DIRECTORY_REFRESH_MS = 30_000;
const NO_ROOMS: string[] = [];
/**
 * Past this many live hosts on the site, the interest selector stops being a cheap filter (the browser tries
 * every alternative of it on each element of a post; not measured past a few): every post is then read, and its
 * author looked up in the list.
 */
const MAX_HOSTS_IN_SELECTOR = 100;
/** What a post that is of no interest shows (a room link or a live author would have made it interesting). */
const NOTHING: PostInfo = Object.freeze({
  key: '',
  author: null,
  links: Object.freeze([]) as unknown as string[],
});
const THEME_CHECK_MS = 500;

const sameRoom = (a: RoomSummary, b: RoomSummary) =>
  a.title === b.title &&
  a.hostName === b.hostName &&
  a.listenerCount === b.listenerCount &&
  a.state === b.state &&
  a.startedAt === b.startedAt &&
  a.scheduledFor === b.scheduledFor;

export function startFeed(ctx: ContentScriptContext): void {
  const detected = detectSite(location, document);
  if (!detected || !document.body) return;
  void run(ctx, detected).catch(() => undefined); // never break the page, never log into its console
}

async function run(ctx: ContentScriptContext, detected: DetectedSite) {
  const { adapter } = detected;
  const theme = signal<Theme>(adapter.theme(document));
  const session = signal<SessionState>(IDLE_SESSION);
  const liveRooms = signal<RoomSummary[]>([]);
  /** Latest known summary of each room shown in a card or chip. */
  const roomSignals = new Map<string, Signal<RoomSummary>>();
  const roomSignal = (room: RoomSummary) => {
    const existing = roomSignals.get(room.id);
    if (existing) {
      // Same news again: keep the object, or every card of this room would render again.
      if (!sameRoom(existing.value, room)) existing.value = room;
      return existing;
    }
    const created = signal(room);
    roomSignals.set(room.id, created);
    return created;
  };
  /** Fresh news of rooms already shown in cards or chips (listener counts, state). */
  const refreshRooms = (rooms: readonly RoomSummary[]) => {
    for (const room of rooms) {
      const known = roomSignals.get(room.id);
      if (known && !sameRoom(known.value, room)) known.value = room;
    }
  };
  /** A room as the cards show it: for the room the user is in, the engine's own listener count. */
  const live = (room: RoomSummary): RoomSummary => {
    const s = session.value;
    return s.status === 'connected' && s.room?.id === room.id
      ? { ...room, listenerCount: s.listenerCount }
      : room;
  };
  const currentRoomId = () => {
    const s = session.value;
    return s.status === 'idle' || s.status === 'error' ? null : (s.room?.id ?? null);
  };

  const join = (room: RoomSummary) => {
    if (currentRoomId() === room.id) return;
    session.value = joiningSession(room);
    askBackground('room:join', { roomId: room.id })
      .then((state) => {
        session.value = state;
      })
      .catch(() => {
        session.value = IDLE_SESSION;
      });
  };
  // The stage from the dock: mute when on stage, raise hand (signed in) and a quick reaction.
  const signedIn = signal(false);
  const refreshAccount = () =>
    askBackground('account:get')
      .then((account) => {
        signedIn.value = account.profile !== null;
      })
      .catch(() => undefined);
  const keepSession = (request: Promise<SessionState | null>) =>
    request
      .then((state) => {
        if (state) session.value = state;
      })
      .catch(() => undefined);
  const dockActions = (state: SessionState): DockAction[] => {
    const local = state.local;
    if (state.status !== 'connected' || !local) return [];
    const actions: DockAction[] = [];
    if (local.canPublish) {
      actions.push({
        id: 'microphone',
        label: t(local.micEnabled ? 'mute' : 'unmute'),
        icon: local.micEnabled ? '🎙️' : '🔇',
        pressed: local.micEnabled,
        onClick: () => keepSession(askBackground('room:microphone', { enabled: !local.micEnabled })),
      });
    } else if (signedIn.value) {
      actions.push({
        id: 'hand',
        label: t(state.handRaised ? 'lowerHand' : 'raiseHand'),
        icon: '✋',
        pressed: state.handRaised,
        onClick: () => keepSession(askBackground('room:hand', { raised: !state.handRaised })),
      });
    }
    if (signedIn.value) {
      actions.push({
        id: 'react',
        label: t('reactWith', '👏'),
        icon: '👏',
        onClick: () => keepSession(askBackground('room:react', { emoji: '👏' })),
      });
    }
    return actions;
  };

  // Content scripts cannot open the popup: the background does (the toolbar popup or a small window).
  const startRoom = () => {
    askBackground('popup:start-room').catch(() => undefined);
  };

  const leave = () => {
    askBackground('room:leave')
      .then((state) => {
        session.value = state;
      })
      .catch(() => undefined);
  };

  // ---- what links and hosts mean ------------------------------------------------------------------
  let matcher: RoomLinkMatcher = createRoomLinkMatcher(await readServiceUrl());
  const readContext: ReadContext = {
    pageHost: location.host,
    roomLinks: matcher.linkSelector,
  };
  // ---- live hosts: who is live now on this site, fetched with the directory ---------------------------
  /** Live rooms by their host's normalised handle on this site. */
  let liveHosts = new Map<string, RoomSummary>();
  /** Whether `liveHosts` is every live host of the site (else unknown authors are asked about). */
  let liveHostsComplete = false;
  /** The rooms of the site's live hosts when the list is complete (a chip whose room left it hides), else null. */
  const liveHostRooms = signal<ReadonlySet<string> | null>(null);
  /** Set while the live hosts are all known and few: only the posts it matches are read. */
  let interest: PostInterest | null = null;
  const updateInterest = () => {
    interest =
      liveHostsComplete && liveHosts.size <= MAX_HOSTS_IN_SELECTOR
        ? adapter.interest([...liveHosts.keys()], readContext)
        : null;
  };
  const loadLiveHosts = async () => {
    try {
      const answer = await askBackground('feed:live-hosts', { site: adapter.site });
      liveHosts = new Map(answer.hosts.map(({ handle, room }) => [normalizeHandle(handle), room]));
      liveHostsComplete = !answer.truncated;
      liveHostRooms.value = liveHostsComplete ? new Set(answer.hosts.map(({ room }) => room.id)) : null;
      refreshRooms(answer.hosts.map(({ room }) => room));
    } catch {
      liveHosts = new Map();
      liveHostsComplete = false; // an older service: authors are asked about one batch at a time
      liveHostRooms.value = null;
    }
    updateInterest();
  };
  watchServiceUrl((url) => {
    matcher = createRoomLinkMatcher(url);
    readContext.roomLinks = matcher.linkSelector;
    updateInterest();
  }, ctx.signal);
  const decorations = new WeakMap<Element, FeedUi[]>();
  const decorated = new WeakMap<Element, Set<string>>();
  // Cards and chips mount in idle time, out of the frame that found their post.
  const idle = createIdleMounter();
  ctx.onInvalidated(() => idle.stop());
  const clearPost = (post: Element) => {
    idle.cancel(post);
    for (const ui of decorations.get(post) ?? []) ui.remove();
    decorations.delete(post);
    decorated.delete(post);
  };
  /** Mounts one UI per post and kind+room, once, in idle time. */
  const decorate = (post: Element, key: string, mount: () => Promise<FeedUi> | null) => {
    const done = decorated.get(post) ?? new Set<string>();
    if (done.has(key)) return;
    done.add(key);
    decorated.set(post, done);
    idle.add(post, () => {
      if (decorated.get(post) !== done) return; // the post was recycled meanwhile
      void mount()
        ?.then((ui) => {
          if (decorated.get(post) !== done) return ui.remove(); // recycled while mounting
          decorations.set(post, [...(decorations.get(post) ?? []), ui]);
        })
        .catch(() => undefined);
    });
  };

  const showLiveHost = (post: Element, room: RoomSummary) => {
    const summary = roomSignal(room);
    decorate(post, `chip:${room.id}`, () => {
      const target = adapter.chipAnchor(post);
      return target
        ? mountFeedView(ctx, 'earshot-chip', target, theme, createLiveChip(join), () => ({
            room: live(summary.value),
            here: currentRoomId() === room.id,
            live: liveHostRooms.value?.has(room.id) ?? true,
          }))
        : null;
    });
  };
  const lookup = createFeedLookup({
    site: adapter.site,
    lookup: (roomIds, hosts) => askBackground('feed:lookup', { roomIds, hosts }),
    onRoom(post, room) {
      const summary = roomSignal(room);
      decorate(post, `card:${room.id}`, () => {
        const target = adapter.cardAnchor(post);
        return target
          ? mountFeedView(ctx, 'earshot-card', target, theme, createRoomCard(join), () => ({
              room: live(summary.value),
              here: currentRoomId() === room.id,
            }))
          : null;
      });
    },
    onLiveHost: showLiveHost,
  });

  const onPosts = (posts: Array<{ post: Element; info: PostInfo }>) => {
    const found: FoundPost[] = [];
    for (const { post, info } of posts) {
      if (decorated.has(post)) clearPost(post); // recycled for another post
      let roomIds: string[] = NO_ROOMS;
      for (const candidate of info.links) {
        const id = matcher.roomIdOf(candidate);
        if (!id || roomIds.includes(id)) continue;
        if (roomIds === NO_ROOMS) roomIds = [];
        roomIds.push(id);
      }
      // The author: live by the site's list of live hosts, or (when that list is not complete) asked about.
      let handle: string | null = null;
      if (info.author !== null) {
        const hosted = liveHosts.get(normalizeHandle(info.author));
        if (hosted) showLiveHost(post, hosted);
        else if (!liveHostsComplete) handle = info.author;
      }
      if (roomIds === NO_ROOMS && handle === null) continue;
      found.push({ post, roomIds, handle });
    }
    if (found.length > 0) void lookup.resolve(found);
  };

  // ---- room bar -------------------------------------------------------------------------------------
  let bar: FeedUi | null = null;
  let barAnchor: Element | null = null;
  let barMounting = false;
  let routeChanged = true;
  const syncBar = () => {
    if (barMounting || (bar?.connected && !routeChanged)) return;
    routeChanged = false;
    const target = adapter.barAllowed(detected.path(location)) ? adapter.barAnchor(document) : null;
    if (bar && (!target || target.anchor !== barAnchor || !bar.connected)) {
      bar.remove();
      bar = null;
    }
    if (!target || bar) return;
    barMounting = true;
    barAnchor = target.anchor;
    mountFeedUi(ctx, 'earshot-bar', target, theme, () => (
      <RoomBar
        rooms={liveRooms.value.map(live)}
        currentRoomId={currentRoomId()}
        onJoin={join}
        onStart={currentRoomId() === null ? startRoom : undefined}
      />
    ))
      .then((ui) => {
        bar = ui;
      })
      .catch(() => undefined)
      .finally(() => {
        barMounting = false;
      });
  };

  // ---- directory ------------------------------------------------------------------------------------
  const loadDirectory = async () => {
    if (document.visibilityState === 'hidden') return;
    try {
      const directory = await askBackground('directory:get');
      liveRooms.value = directory.live;
      lookup.seedRooms([...directory.live, ...directory.upcoming]);
      refreshRooms(directory.live);
    } catch {
      liveRooms.value = []; // the bar collapses; nothing else to say
    }
  };
  // ---- dock -----------------------------------------------------------------------------------------
  let dock: FeedUi | null = null;
  let dockMounting = false;
  const syncDock = () => {
    const inRoom = session.value.status !== 'idle' && session.value.room !== null;
    if (!inRoom) {
      dock?.remove();
      dock = null;
      return;
    }
    if (dockMounting || dock?.connected) return;
    dock?.remove();
    dockMounting = true;
    mountFeedUi(ctx, 'earshot-dock', { anchor: document.body, placement: 'last' }, theme, () => (
      <MiniPlayer session={session.value} actions={dockActions(session.value)} onLeave={leave} />
    ))
      .then((ui) => {
        dock = ui;
        if (session.value.status === 'idle') syncDock();
      })
      .catch(() => undefined)
      .finally(() => {
        dockMounting = false;
      });
  };
  ctx.onInvalidated(
    watchSession((state) => {
      const before = session.value;
      session.value = state;
      if (before.status !== state.status && state.status === 'connected') void refreshAccount();
      syncDock();
      // Joined or left: listener counts changed, refresh the bar.
      if (before.status !== state.status && (state.status === 'connected' || state.status === 'idle')) {
        void loadDirectory();
      }
    }),
  );

  // ---- first data, then the observer -----------------------------------------------------------------
  await Promise.all([loadDirectory(), loadLiveHosts()]);
  ctx.setInterval(() => {
    if (document.visibilityState === 'hidden') return;
    void loadDirectory();
    void loadLiveHosts();
  }, DIRECTORY_REFRESH_MS);
  ctx.addEventListener(document, 'visibilitychange', () => {
    if (document.visibilityState === 'visible') {
      void loadDirectory();
      void loadLiveHosts();
    }
  });

  let themeSignature = '';
  let themeCheckedAt = Number.NEGATIVE_INFINITY;
  let themeTimer = false;
  /**
   * The theme lives in a few attributes of <html> and <body>: look at them twice a second at most (a check
   * skipped now runs a little later), and read the theme again only when they changed.
   */
  const checkTheme = (time = performance.now()) => {
    if (time - themeCheckedAt < THEME_CHECK_MS) {
      if (!themeTimer) {
        themeTimer = true;
        ctx.setTimeout(() => {
          themeTimer = false;
          checkTheme();
        }, THEME_CHECK_MS);
      }
      return;
    }
    themeCheckedAt = time;
    const html = document.documentElement;
    const body = document.body;
    const signature = `${html.className}|${html.getAttribute('data-color-scheme')}|${body.className}|${body.getAttribute('style')}`;
    if (signature !== themeSignature) {
      themeSignature = signature;
      theme.value = adapter.theme(document);
    }
  };
  // ---- one observer for the page --------------------------------------------------------------------
  const scanner = createPostScanner({
    root: document.body,
    postSelector: adapter.postSelector,
    read: (post) => adapter.readPost(post, readContext),
    nothing: NOTHING,
    interest: () => interest,
    isOwn: isOwnElement,
    onPosts,
    onFrame(time) {
      checkTheme(time);
      syncBar();
      if (dock && !dock.connected) syncDock();
    },
  });
  scanner.start();
  ctx.onInvalidated(() => scanner.stop());
  ctx.addEventListener(window, 'wxt:locationchange', () => {
    routeChanged = true;
    syncBar();
  });
  syncBar();
  syncDock();
}
