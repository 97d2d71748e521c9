/** Bluesky's web app (bsky.app): react-native-web markup with test ids; links may go through a redirect. */
import { cssString } from '../room-links';
import { anchorAt, barOnRoutes, hrefsIn, type PostInfo, type SiteAdapter, systemTheme } from './types';

export const BSKY_SELECTORS = {
  /** The home feed's list (following, discover, custom feeds). */
  feedList: '[data-testid$="-feed-flatlist"]',
  post: '[data-testid^="feedItem-by-"]',
  profileLink: 'a[href^="/profile/"]',
  text: '[data-testid="postText"]',
} as const;

const HANDLE = /^[A-Za-z0-9.-]+$/;
const TEST_ID_PREFIX = 'feedItem-by-';

const BAR_ROUTES = new Set(['/', '/home']);

export const bskyAdapter: SiteAdapter = {
  site: 'bsky',
  postSelector: BSKY_SELECTORS.post,
  barAllowed: barOnRoutes(BAR_ROUTES),
  barAnchor: (doc) => anchorAt(doc, BSKY_SELECTORS.feedList, 'before'),
  readPost(post, context): PostInfo {
    const testId = post.getAttribute('data-testid') ?? '';
    const handle = testId.slice(TEST_ID_PREFIX.length);
    const links = post.querySelector(context.roomLinks) ? hrefsIn(post, context.roomLinks) : [];
    // The key is what the post shows us (its author and room links), not its own link: Bluesky's list keys its
    // cells by post, so an element is not reused for another post, and the link query is saved on every post.
    const key = links.length > 0 ? `${testId} ${links.join(' ')}` : testId;
    return { key, author: handle && HANDLE.test(handle) ? handle : null, links };
  },
  // The author is named on the post element itself (`$=`: a prefilter, the read checks the author; and
  // happy-dom, which the unit tests use, ignores the `i` flag on `=`).
  interest: (handles, context) => ({
    inside: context.roomLinks,
    self:
      handles.length > 0
        ? handles.map((handle) => `[data-testid$="${TEST_ID_PREFIX}${cssString(handle)}" i]`).join(', ')
        : null,
  }),
  cardAnchor: (post) => anchorAt(post, BSKY_SELECTORS.text, 'after'),
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
