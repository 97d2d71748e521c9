/** Mastodon's web UI, on any instance the user enabled (recognised by its app holder, not by host name). */
import { cssString } from '../room-links';
import { anchorAt, barOnRoutes, hrefsIn, type PostInfo, type SiteAdapter, systemTheme } from './types';

export const MASTODON_SELECTORS = {
  appHolder: '#mastodon[data-props]',
  /** The home (or any) timeline's feed list inside the main column. */
  feed: '.columns-area__panels__main [role="feed"]',
  post: 'article[data-id]',
  displayName: '.status__display-name',
  nameText: '.status__display-name .display-name',
  content: '.status__content',
  text: '.status__content__text',
} as const;

/** `/@alice` (local) or `https://host/@alice@other.example` (remote). */
const ACCT = /\/@([A-Za-z0-9_.-]+(?:@[A-Za-z0-9.-]+)?)\/?$/;

const BAR_ROUTES = new Set(['/', '/home', '/public', '/public/local']);

export function isMastodon(doc: Document): boolean {
  return doc.querySelector(MASTODON_SELECTORS.appHolder) !== null;
}

export const mastodonAdapter: SiteAdapter = {
  site: 'mastodon',
  postSelector: MASTODON_SELECTORS.post,
  barAllowed: barOnRoutes(BAR_ROUTES),
  barAnchor: (doc) => anchorAt(doc, MASTODON_SELECTORS.feed, 'before'),
  readPost(post, context): PostInfo {
    const href = post.querySelector(MASTODON_SELECTORS.displayName)?.getAttribute('href');
    const acct = href ? ACCT.exec(href)?.[1] : undefined;
    const links = post.querySelector(context.roomLinks) ? hrefsIn(post, context.roomLinks) : [];
    return {
      key: post.getAttribute('data-id') ?? '',
      author: acct ? (acct.includes('@') ? acct : `${acct}@${context.pageHost}`) : null,
      links,
    };
  },
  // The display name links to the author: `/@alice` on their own instance, `…/@alice@host` elsewhere.
  interest: (handles, context) => ({
    inside: [
      context.roomLinks,
      ...handles.flatMap((handle) => {
        const [user, host] = handle.split('@');
        const ends = host === context.pageHost.toLowerCase() ? [`/@${user}`, `/@${handle}`] : [`/@${handle}`];
        return ends.map((end) => `${MASTODON_SELECTORS.displayName}[href$="${cssString(end)}" i]`);
      }),
    ].join(', '),
    self: null,
  }),
  cardAnchor: (post) => anchorAt(post, MASTODON_SELECTORS.content, 'after'),
  // Inside the name, after the handle: the header's layout (name left, time right) stays as it is.
  // The chip cancels the link's navigation itself.
  chipAnchor: (post) => anchorAt(post, MASTODON_SELECTORS.nameText, 'last'),
  theme(doc) {
    const scheme = doc.documentElement.getAttribute('data-color-scheme');
    if (scheme === 'light' || scheme === 'dark') return scheme;
    if (scheme === 'auto') return systemTheme();
    const body = doc.body?.className ?? '';
    if (/\btheme-mastodon-light\b/.test(body)) return 'light';
    if (/\btheme-(default|contrast)\b/.test(body)) return 'dark';
    return systemTheme();
  },
};
