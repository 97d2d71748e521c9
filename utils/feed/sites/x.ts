/** X / Twitter (x.com, twitter.com). Rows are virtualised and recycled; links are t.co redirects. */
import { cssString, visibleUrlText } from '../room-links';
import {
  anchorAt,
  barOnRoutes,
  hrefsIn,
  type PostInfo,
  type SiteAdapter,
  systemTheme,
  themeOfColor,
} from './types';

export const X_SELECTORS = {
  primaryColumn: '[data-testid="primaryColumn"]',
  /**
   * A timeline row, which holds one post at most: the adapter's unit. Rows are what X adds, removes and recycles;
   * taking them as the posts saves finding the article in each (rows without a post read as nothing).
   */
  row: '[data-testid="cellInnerDiv"]',
  /** The home timeline's region inside the primary column. */
  timelineRegion: '[data-testid="primaryColumn"] section[role="region"]',
  post: 'article[data-testid="tweet"]',
  userName: '[data-testid="User-Name"]',
  authorLink: '[data-testid="User-Name"] a[href^="/"]',
  permalink: 'a[href*="/status/"]',
  text: '[data-testid="tweetText"]',
} as const;

/** X wraps every link that leaves the site in t.co (mentions, hashtags and media links are relative). */
const TCO_LINK = 'a[href^="https://t.co/"]';
const HANDLE_IN_KEY = /^\/([A-Za-z0-9_]{1,15})\/status\//;
const HANDLE_LINK = /^\/([A-Za-z0-9_]{1,15})$/;

/** Routes with a home timeline. Settings, messages, notifications, profiles: no bar. */
const BAR_ROUTES = new Set(['/', '/home']);
const RESERVED = new Set([
  'home',
  'i',
  'settings',
  'messages',
  'explore',
  'notifications',
  'search',
  'compose',
]);

export const xAdapter: SiteAdapter = {
  site: 'x',
  postSelector: X_SELECTORS.row,
  barAllowed: barOnRoutes(BAR_ROUTES),
  barAnchor: (doc) => anchorAt(doc, X_SELECTORS.timelineRegion, 'first'),
  // `context.roomLinks` is no use here: t.co links hide their target, so any link that leaves the site is read.
  readPost(post): PostInfo {
    // The permalink is the post's key and starts with the author: /alice/status/123.
    const key = post.querySelector(X_SELECTORS.permalink)?.getAttribute('href') ?? '';
    let author = HANDLE_IN_KEY.exec(key)?.[1];
    if (!author || RESERVED.has(author.toLowerCase())) {
      const href = post.querySelector(X_SELECTORS.authorLink)?.getAttribute('href');
      author = href ? HANDLE_LINK.exec(href)?.[1] : undefined;
      if (author && RESERVED.has(author.toLowerCase())) author = undefined;
    }
    // t.co hides the target; the link's text (visible part + hidden spans) spells it out.
    const links = post.querySelector(TCO_LINK) ? hrefsIn(post, TCO_LINK, visibleUrlText) : [];
    return { key, author: author ?? null, links };
  },
  // Any t.co link (it may hide a room), or a permalink of a live host's post (/alice/status/…).
  interest: (handles) => ({
    inside: [TCO_LINK, ...handles.map((handle) => `a[href^="/${cssString(handle)}/status/" i]`)].join(', '),
    self: null,
  }),
  cardAnchor: (post) => anchorAt(post, X_SELECTORS.text, 'after'),
  chipAnchor: (post) => anchorAt(post, X_SELECTORS.userName, 'last'),
  theme(doc) {
    // X paints its theme (light, dim, lights out) as the body's inline background colour.
    return themeOfColor(doc.body?.style.backgroundColor) ?? systemTheme();
  },
};
