/**
 * A site adapter: everything the feed features need to know about one site's markup, with its selectors in
 * one place. Every method only queries the DOM (no layout reads) and returns null when the markup it expects
 * is missing, so a site redesign degrades to "nothing shown" rather than a broken page.
 */
import type { FeedSite } from '@/wire/sites';

export type Theme = 'light' | 'dark';

/** Where to put a UI relative to an anchor element (WXT's `append` modes we use). */
export type Placement = 'first' | 'last' | 'before' | 'after';

/** What `readPost` needs besides the post. */
export interface ReadContext {
  /**
   * The domain local accounts' handles belong to (Mastodon shows local handles without one, and an instance's
   * account domain may differ from its web host: see `localDomain`).
   */
  pageHost: string;
  /** Links whose href carries a room URL (RoomLinkMatcher.linkSelector). */
  roomLinks: string;
}

/** What one post shows, as the feed features need it. */
export interface PostInfo {
  /** Changes when a recycled post element shows another post ('' when the site gives none). */
  key: string;
  /**
   * The author's handle as the site shows it (X: `alice`; Bluesky: `alice.bsky.social`; Mastodon: `alice@host`),
   * or null.
   */
  author: string | null;
  /** Strings that may hold a room URL: link targets and, where the site hides them, link texts. */
  links: string[];
  /**
   * Link previews that stand for a link the post's text no longer shows (X removes a URL that has a card):
   * the previewed site's host and the page's title, as the card shows them.
   */
  previews?: LinkPreview[];
}

export interface LinkPreview {
  host: string;
  title: string;
}

/**
 * What makes a post worth reading, as selectors (`inside` for its descendants, `self` for the post element):
 * a link that may carry a room, or the author link of a host who is live now. A query that finds nothing, which
 * is what most posts give, costs a content script far less than reading the post (bench:feed).
 */
export interface PostInterest {
  inside: string;
  self: string | null;
}

export interface SiteAdapter {
  site: FeedSite;
  /** Matches every post element on the page. */
  postSelector: string;
  /** Whether the room bar belongs on this route (the home timeline, not settings or messages). */
  barAllowed(path: string): boolean;
  /** The element the room bar goes next to, and how; null when the timeline is not on the page. */
  barAnchor(doc: Document): { anchor: Element; placement: Placement } | null;
  /**
   * What the scanner needs from a new post. Every DOM call from a content script's isolated world costs, most of
   * all those that hand back elements (each needs the world's own wrapper) or walk a whole post (bench:feed):
   * adapters read the key and author with a query that stops early or an attribute, and look for room links with
   * one `querySelector` that finds nothing in most posts (`context.roomLinks`, or on X, where t.co hides the
   * target, t.co links), reading the links only then. Selectors without descendant combinators where it matters:
   * Chromium checks each candidate's ancestors up to the document for those.
   */
  readPost(post: Element, context: ReadContext): PostInfo;
  /**
   * Selectors for posts that link to a room or whose author is one of `liveHandles` (normalised, as the service
   * sends them): the feed reads only the posts they match while it knows every live host of the site.
   */
  interest(liveHandles: readonly string[], context: ReadContext): PostInterest;
  /** Where a room card goes in the post. */
  cardAnchor(post: Element): { anchor: Element; placement: Placement } | null;
  /** Where the "Live" chip goes in the post's header. */
  chipAnchor(post: Element): { anchor: Element; placement: Placement } | null;
  /** The site's current theme (read from attributes and inline styles only). */
  theme(doc: Document): Theme;
  /** The domain of local accounts' handles, when the page says it (Mastodon); else the page's host is. */
  localDomain?(doc: Document): string | null;
}

/** Light or dark from a CSS colour such as `rgb(21, 32, 43)` or `#ffffff`; null when it cannot tell. */
export function themeOfColor(color: string | null | undefined): Theme | null {
  if (!color) return null;
  let rgb: number[] | null = null;
  const fn = /rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)/i.exec(color);
  if (fn) rgb = [Number(fn[1]), Number(fn[2]), Number(fn[3])];
  const hex = /^#([0-9a-f]{6})$/i.exec(color.trim());
  if (hex) {
    const n = Number.parseInt(hex[1]!, 16);
    rgb = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  }
  if (!rgb) return null;
  const [r, g, b] = rgb as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 128 ? 'dark' : 'light';
}

/** The browser's preference, for sites that follow it. */
export function systemTheme(): Theme {
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches
    ? 'dark'
    : 'light';
}

/** Where the first element `selector` finds in `root` says a UI goes (`placement`); null when there is none. */
export function anchorAt(
  root: ParentNode,
  selector: string,
  placement: Placement,
): { anchor: Element; placement: Placement } | null {
  const anchor = root.querySelector(selector);
  return anchor ? { anchor, placement } : null;
}

/**
 * Whether `element` is rendered (not inside a `display: none` subtree): sites keep hidden tab pages in the
 * document (Bluesky's pager). `checkVisibility` needs styles, not layout; where it is missing, true.
 */
export function isShown(element: Element): boolean {
  const check = (element as Element & { checkVisibility?: () => boolean }).checkVisibility;
  return typeof check === 'function' ? check.call(element) : true;
}

/** `barAllowed` for a site whose bar belongs on `routes` (paths without a trailing slash, `/` for the root). */
export const barOnRoutes =
  (routes: ReadonlySet<string>) =>
  (path: string): boolean =>
    routes.has(path.replace(/\/+$/, '') || '/');

/** A handle as the service compares them: no leading @, lower case. */
export function normalizeHandle(handle: string): string {
  return handle.trim().replace(/^@/, '').toLowerCase();
}

/** The `href` of each element `selector` finds in `post`; `text` also keeps what the link shows. */
export function hrefsIn(post: Element, selector: string, text?: (shown: string) => string): string[] {
  const out: string[] = [];
  for (const link of post.querySelectorAll(selector)) {
    const href = link.getAttribute('href');
    if (href) out.push(href);
    const shown = text && link.textContent;
    if (shown) out.push(text(shown));
  }
  return out;
}
