/** X / Twitter (x.com, twitter.com). Rows are virtualised and recycled; links are t.co redirects. */
import { visibleUrlText } from '../room-links';
import { type SiteAdapter, systemTheme, themeOfColor } from './types';

export const X_SELECTORS = {
  primaryColumn: '[data-testid="primaryColumn"]',
  /** The home timeline's region inside the primary column. */
  timelineRegion: '[data-testid="primaryColumn"] section[role="region"]',
  post: 'article[data-testid="tweet"]',
  userName: '[data-testid="User-Name"]',
  authorLink: '[data-testid="User-Name"] a[href^="/"]',
  permalink: 'a[href*="/status/"]',
  text: '[data-testid="tweetText"]',
} as const;

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
  postSelector: X_SELECTORS.post,
  barAllowed: (path) => BAR_ROUTES.has(path.replace(/\/+$/, '') || '/'),
  barAnchor(doc) {
    const region = doc.querySelector(X_SELECTORS.timelineRegion);
    return region ? { anchor: region, placement: 'first' } : null;
  },
  postKey: (post) => post.querySelector(X_SELECTORS.permalink)?.getAttribute('href') ?? null,
  author(post, _host, key) {
    // The permalink (the post key) starts with the author: /alice/status/123. One query saved per post.
    const fromKey = key ? /^\/([A-Za-z0-9_]{1,15})\/status\//.exec(key)?.[1] : undefined;
    if (fromKey && !RESERVED.has(fromKey.toLowerCase())) return fromKey;
    const href = post.querySelector(X_SELECTORS.authorLink)?.getAttribute('href');
    const handle = href ? /^\/([A-Za-z0-9_]{1,15})$/.exec(href)?.[1] : undefined;
    return handle && !RESERVED.has(handle.toLowerCase()) ? handle : null;
  },
  linkCandidates(post) {
    const text = post.querySelector(X_SELECTORS.text);
    if (!text) return [];
    const out: string[] = [];
    for (const link of text.querySelectorAll('a')) {
      const href = link.getAttribute('href');
      if (!href) continue;
      out.push(href);
      // t.co hides the target; the text (visible part + hidden spans) spells it out. Mentions and hashtags
      // (relative links) carry no URL.
      if (!href.startsWith('/') && link.textContent) out.push(visibleUrlText(link.textContent));
    }
    return out;
  },
  cardAnchor(post) {
    const text = post.querySelector(X_SELECTORS.text);
    return text ? { anchor: text, placement: 'after' } : null;
  },
  chipAnchor(post) {
    const name = post.querySelector(X_SELECTORS.userName);
    return name ? { anchor: name, placement: 'last' } : null;
  },
  theme(doc) {
    // X paints its theme (light, dim, lights out) as the body's inline background colour.
    return themeOfColor(doc.body?.style.backgroundColor) ?? systemTheme();
  },
};
