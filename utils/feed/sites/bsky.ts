/** Bluesky's web app (bsky.app): react-native-web markup with test ids; links may go through a redirect. */
import { linksIn, type SiteAdapter, systemTheme } from './types';

export const BSKY_SELECTORS = {
  /** The home feed's list (following, discover, custom feeds). */
  feedList: '[data-testid$="-feed-flatlist"]',
  post: '[data-testid^="feedItem-by-"]',
  postLink: 'a[href*="/post/"]',
  profileLink: 'a[href^="/profile/"]',
  text: '[data-testid="postText"]',
} as const;

const BAR_ROUTES = new Set(['/', '/home']);

export const bskyAdapter: SiteAdapter = {
  site: 'bsky',
  postSelector: BSKY_SELECTORS.post,
  barAllowed: (path) => BAR_ROUTES.has(path.replace(/\/+$/, '') || '/'),
  barAnchor(doc) {
    const list = doc.querySelector(BSKY_SELECTORS.feedList);
    return list ? { anchor: list, placement: 'before' } : null;
  },
  postKey: (post) =>
    post.querySelector(BSKY_SELECTORS.postLink)?.getAttribute('href') ?? post.getAttribute('data-testid'),
  author(post) {
    const handle = post.getAttribute('data-testid')?.slice('feedItem-by-'.length);
    return handle && /^[A-Za-z0-9.-]+$/.test(handle) ? handle : null;
  },
  linkCandidates: (post) => linksIn(post.querySelector(BSKY_SELECTORS.text)),
  cardAnchor(post) {
    const text = post.querySelector(BSKY_SELECTORS.text);
    return text ? { anchor: text, placement: 'after' } : null;
  },
  chipAnchor(post) {
    // The header's profile links: avatar first, then display name and handle.
    const links = post.querySelectorAll(BSKY_SELECTORS.profileLink);
    const name = links[1] ?? links[0];
    return name ? { anchor: name, placement: 'after' } : null;
  },
  theme(doc) {
    // `theme--light`, `theme--dark` or `theme--dim` on <html>.
    const match = /\btheme--(light|dark|dim)\b/.exec(doc.documentElement.className);
    if (match) return match[1] === 'light' ? 'light' : 'dark';
    return systemTheme();
  },
};
