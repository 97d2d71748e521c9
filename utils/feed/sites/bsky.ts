/**
 * Bluesky's web app (bsky.app), as bluesky-social/social-app renders it with react-native-web: test ids on the
 * feed items (src/view/com/posts/PostFeedItem.tsx), one feed page per pinned feed with the unselected ones hidden
 * (src/view/com/pager/Pager.web.tsx), the list's rows in a 600 px content column (src/view/com/util/List.web.tsx).
 */
import { cssString } from '../room-links';
import { barOnRoutes, hrefsIn, isShown, type PostInfo, type SiteAdapter, systemTheme } from './types';

export const BSKY_SELECTORS = {
  /** A feed page's list (following, discover, custom feeds); Home has one per pinned feed, one shown at a time. */
  feedList: '[data-testid$="-feed-flatlist"]',
  post: '[data-testid^="feedItem-by-"]',
  text: '[data-testid="postText"]',
} as const;

const HANDLE = /^[A-Za-z0-9.-]+$/;
const TEST_ID_PREFIX = 'feedItem-by-';

const BAR_ROUTES = new Set(['/', '/home']);

/** The author of a post, from its test id (the original author on reposts too). */
function handleOf(post: Element): string | null {
  const handle = (post.getAttribute('data-testid') ?? '').slice(TEST_ID_PREFIX.length);
  return handle && HANDLE.test(handle) ? handle : null;
}

export const bskyAdapter: SiteAdapter = {
  site: 'bsky',
  postSelector: BSKY_SELECTORS.post,
  barAllowed: barOnRoutes(BAR_ROUTES),
  barAnchor(doc) {
    // The selected feed page's list (switching tabs changes no URL, only which page is hidden); the bar goes
    // first in its content column (its second child: the first is a fixed visibility probe), not across the page.
    for (const list of doc.querySelectorAll(BSKY_SELECTORS.feedList)) {
      if (!isShown(list)) continue;
      const column = list.lastElementChild;
      return column ? { anchor: column, placement: 'first' } : { anchor: list, placement: 'before' };
    }
    return null;
  },
  readPost(post, context): PostInfo {
    const testId = post.getAttribute('data-testid') ?? '';
    // Inline links and external embeds carry the real URL in `href` (the go.bsky.app redirect is applied on click).
    const links = post.querySelector(context.roomLinks) ? hrefsIn(post, context.roomLinks) : [];
    // The key is what the post shows (its author and room links): an element that gets its content later, or
    // loses it, reads as changed.
    const key = links.length > 0 ? `${testId} ${links.join(' ')}` : testId;
    return { key, author: handleOf(post), links };
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
  cardAnchor(post) {
    const text = post.querySelector(BSKY_SELECTORS.text);
    return text ? { anchor: text, placement: 'after' } : null;
  },
  chipAnchor(post) {
    // PostMeta (src/view/com/util/PostMeta.tsx): the display name, then the `@handle`, both linking to the
    // profile. A repost's reason ("Reposted by …", src/view/com/posts/PostFeedReason.tsx) and the avatar come
    // first and may link to the same profile: the name is the link just before the handle.
    const handle = handleOf(post);
    if (!handle) return null;
    const links = post.querySelectorAll(`a[href="/profile/${cssString(handle)}"]`);
    for (let i = 0; i + 1 < links.length; i++) {
      const next = (links[i + 1]!.textContent ?? '').replace(/^[\s\u00a0\u200e\u202a-\u202e]+/, '');
      if (next.startsWith('@')) return { anchor: links[i]!, placement: 'after' };
    }
    return null;
  },
  theme(doc) {
    // `theme--light`, `theme--dark` or `theme--dim` on <html>.
    const match = /\btheme--(light|dark|dim)\b/.exec(doc.documentElement.className);
    if (match) return match[1] === 'light' ? 'light' : 'dark';
    return systemTheme();
  },
};
