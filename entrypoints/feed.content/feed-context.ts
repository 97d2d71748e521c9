/**
 * What every feed feature is started with: the site's adapter, the state the features share (signals), the
 * page's one observer, a UI mounter and `ask`. A feature is `(context, signal) => …`: everything it starts
 * (listeners, effects, timers, UIs) stops when `signal` aborts.
 */
import { computed, type ReadonlySignal, type Signal, signal } from '@preact/signals';
import { createRoomLinkMatcher, type RoomLinkMatcher } from '@/utils/feed/room-links';
import type { DetectedSite } from '@/utils/feed/sites';
import type { PostInterest, ReadContext, SiteAdapter, Theme } from '@/utils/feed/sites/types';
import type { ask } from '@/utils/protocol/ask';
import { IDLE_SESSION, type SessionState } from '@/utils/protocol/session-state';
import type { Directory, RoomSummary } from '@/wire/room-summary';
import type { FeedPage } from './feed-page';
import type { FeedUiMounter } from './shadow-ui';

export type Ask = typeof ask;

/** The site's live hosts as the feed knows them (see features/live-hosts.ts). */
export interface LiveHostList {
  /** Live rooms by their host's normalised handle on this site. */
  byHandle: ReadonlyMap<string, RoomSummary>;
  /** `byHandle` is every live host of the site (else unknown authors are asked about). */
  complete: boolean;
  /** The rooms in `byHandle`. */
  roomIds: ReadonlySet<string>;
}

export const NO_LIVE_HOSTS: LiveHostList = { byHandle: new Map(), complete: false, roomIds: new Set() };
export const NO_ROOMS: Directory = { live: [], upcoming: [] };

/** The state the features share. Each signal has one feature that writes it, said below. */
export interface FeedState {
  /** The page's theme (theme). */
  readonly theme: Signal<Theme>;
  /** The session: the background's, or the one a Join click expects until the background answers (session.ts). */
  readonly session: Signal<SessionState>;
  /** Live and upcoming rooms of the people followed (directory). */
  readonly directory: Signal<Directory>;
  /** Who is live now on this site (live-hosts). */
  readonly liveHosts: Signal<LiveHostList>;
  /** What makes a post worth reading while every live host is known and few; null: every post is (live-hosts). */
  readonly interest: Signal<PostInterest | null>;
  /** The rooms service's base URL, as the settings say (the controller). */
  readonly serviceUrl: Signal<string>;
  /** Room links to that service. */
  readonly links: ReadonlySignal<RoomLinkMatcher>;
  /** What the adapter needs besides a post to read it. */
  readonly readContext: ReadonlySignal<ReadContext>;
}

export function createFeedState(adapter: SiteAdapter, serviceUrl: string): FeedState {
  const url = signal(serviceUrl);
  const links = computed(() => createRoomLinkMatcher(url.value));
  const localDomain = adapter.localDomain?.(document) ?? location.host;
  return {
    theme: signal(adapter.theme(document)),
    session: signal(IDLE_SESSION),
    directory: signal(NO_ROOMS),
    liveHosts: signal(NO_LIVE_HOSTS),
    interest: signal(null),
    serviceUrl: url,
    links,
    readContext: computed(() => ({ pageHost: localDomain, roomLinks: links.value.linkSelector })),
  };
}

export interface FeedContext {
  readonly site: DetectedSite;
  readonly adapter: SiteAdapter;
  readonly state: FeedState;
  readonly page: FeedPage;
  readonly ui: FeedUiMounter;
  /** `ask` from utils/protocol/ask, except in a content script its extension left (updated or removed). */
  readonly ask: Ask;
}

export type Feature = (context: FeedContext, signal: AbortSignal) => void | Promise<void>;
