/**
 * The page as the features see it, through the post scanner (utils/feed/post-scanner.ts): frames after the page
 * changed, the new (or recycled) posts with what they show, and the site's route changes.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { type Listeners, listeners, throttled, watch } from '@/utils/feed/abortable';
import { createPostScanner, type ScanInterest } from '@/utils/feed/post-scanner';
import type { PostInfo, SiteAdapter } from '@/utils/feed/sites/types';
import type { FeedState } from './feed-context';
import { isOwnElement } from './shadow-ui';

export interface ScannedPost {
  post: Element;
  info: PostInfo;
}

export interface FeedPage {
  /**
   * A frame after the page changed, and before each batch of posts, with its time when known and whether nodes
   * may have been removed from the page (when only posts were added or found, no UI was taken away).
   */
  onFrame: Listeners<[time: number | undefined, removed: boolean]>['add'];
  /** New or recycled posts, and posts of interest whose content changed. */
  onPosts: Listeners<[posts: ScannedPost[]]>['add'];
  /** The site changed its route (an SPA navigation). */
  onRoute: Listeners<[]>['add'];
  /** Scans what is on the page, then watches it, until `signal` aborts. */
  start(signal: AbortSignal): void;
}

/** What a post that is of no interest shows (a room link or a live author would have made it interesting). */
const NOTHING: PostInfo = Object.freeze({
  key: '',
  author: null,
  links: Object.freeze([]) as unknown as string[],
});

/** What an interest selects, as one string (null: every post is read). */
const interestKey = (interest: ScanInterest | null) =>
  interest ? `${interest.inside}\n${interest.self}` : null;

/** Frames look for a route change the Navigation API did not tell this often at most. */
const ROUTE_CHECK_MS = 250;

export function createFeedPage(ctx: ContentScriptContext, adapter: SiteAdapter, state: FeedState): FeedPage {
  const frames = listeners<[time: number | undefined, removed: boolean]>();
  const posts = listeners<[posts: ScannedPost[]]>();
  const routes = listeners<[]>();
  return {
    onFrame: frames.add,
    onPosts: posts.add,
    onRoute: routes.add,
    start(signal) {
      const scanner = createPostScanner({
        root: document.body,
        postSelector: adapter.postSelector,
        read: (post) => adapter.readPost(post, state.readContext.value),
        nothing: NOTHING,
        interest: () => state.interest.value,
        isOwn: isOwnElement,
        onPosts: posts.emit,
        onFrame: frames.emit,
      });
      scanner.start();
      signal.addEventListener('abort', () => scanner.stop(), { once: true });
      // Posts already on the page that the new interest asks for (a followed host went live, the viewer signed
      // in) are read now, not only those that come next. The list is loaded again every 30 s: only a changed
      // selector scans.
      let interest = interestKey(state.interest.peek());
      watch(() => {
        const next = interestKey(state.interest.value);
        if (next === interest) return;
        interest = next;
        scanner.rescanInterest();
      }, signal);
      // A route change is told once `location` has changed. WXT's event comes from the Navigation API's
      // `navigate`, which fires while `history.pushState` runs, before `location` changes: it only asks for a
      // check after the current task. Frames check too (an SPA route change changes the page), a few times a
      // second at most: reading `location` from a content script costs, and an infinite scroll has a frame with
      // mutations per batch of posts (bench:feed).
      let href = location.href;
      const checkRoute = () => {
        if (signal.aborted || location.href === href) return;
        href = location.href;
        routes.emit();
      };
      const checkOnFrame = throttled(ROUTE_CHECK_MS, checkRoute, signal);
      frames.add((time) => checkOnFrame(time), signal);
      ctx.addEventListener(window, 'wxt:locationchange', () => {
        setTimeout(checkRoute, 0);
      });
      ctx.addEventListener(window, 'popstate', checkRoute);
    },
  };
}
