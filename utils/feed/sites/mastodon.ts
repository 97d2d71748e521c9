/**
 * Mastodon's web UI, on any instance the user enabled (recognised by its app holder, not by host name), as
 * mastodon/mastodon renders it: app/javascript/mastodon/components/status.jsx (the boost prepend, the header's
 * display name, the stub an off-screen post becomes, content only once a content warning is opened) and the
 * single-column or advanced (multi-column) layout of features/ui/components/columns_area.
 */
import { cssString } from '../room-links';
import { anchorAt, barOnRoutes, hrefsIn, type PostInfo, type SiteAdapter, systemTheme } from './types';

export const MASTODON_SELECTORS = {
  appHolder: '#mastodon[data-props]',
  /** The timeline's feed list in the single-column layout's main panel. */
  feed: '.columns-area__panels__main [role="feed"]',
  /** The advanced layout has no main panel: the bar goes above the Home column's feed (its header's home icon). */
  homeColumnFeed: '.column:has(.column-header__icon.icon-home) [role="feed"]',
  post: 'article[data-id]',
  /** The header's author link; a boost's prepend has one too, for the booster, marked `muted`. */
  displayName: 'a.status__display-name:not(.muted)',
  nameText: 'a.status__display-name:not(.muted) .display-name',
  content: '.status__content',
  /** The server's state for the web app: its `meta.domain` is the domain of local handles. */
  initialState: 'script#initial-state',
} as const;

/** `/@alice` (local), `/@alice@other.example` (remote), or the same as absolute URLs. */
const ACCT = /\/@([A-Za-z0-9_.-]+(?:@[A-Za-z0-9.-]+)?)\/?$/;
const DOMAIN_IN_STATE = /"domain"\s*:\s*"([A-Za-z0-9.-]+)"/;

const BAR_ROUTES = new Set(['/', '/home', '/public', '/public/local']);

export function isMastodon(doc: Document): boolean {
  return doc.querySelector(MASTODON_SELECTORS.appHolder) !== null;
}

export const mastodonAdapter: SiteAdapter = {
  site: 'mastodon',
  postSelector: MASTODON_SELECTORS.post,
  barAllowed: barOnRoutes(BAR_ROUTES),
  barAnchor: (doc) =>
    anchorAt(doc, MASTODON_SELECTORS.feed, 'before') ??
    anchorAt(doc, MASTODON_SELECTORS.homeColumnFeed, 'before'),
  readPost(post, context): PostInfo {
    const href = post.querySelector(MASTODON_SELECTORS.displayName)?.getAttribute('href');
    const acct = href ? ACCT.exec(href)?.[1] : undefined;
    const author = acct ? (acct.includes('@') ? acct : `${acct}@${context.pageHost}`) : null;
    const links = post.querySelector(context.roomLinks) ? hrefsIn(post, context.roomLinks) : [];
    // What the post shows, not only its id: an article Mastodon turned into a stub (off screen), or whose
    // content warning is still closed, keeps its id and reads as changed when its content comes back.
    const id = post.getAttribute('data-id') ?? '';
    return { key: `${id} ${author ?? ''} ${links.join(' ')}`, author, links };
  },
  // The display name links to the author: `/@alice` for a local account, `/@alice@host` for a remote one.
  // The live hosts' names as one `:is(…)` after the display name's selector, not one selector each (see
  // room-links.ts).
  interest: (handles, context) => {
    const ends = handles.flatMap((handle) => {
      const [user, host] = handle.split('@');
      return host === context.pageHost.toLowerCase() ? [`/@${user}`, `/@${handle}`] : [`/@${handle}`];
    });
    const hosts = ends.map((end) => `[href$="${cssString(end)}" i]`).join(', ');
    return {
      inside: hosts
        ? `${context.roomLinks}, ${MASTODON_SELECTORS.displayName}:is(${hosts})`
        : context.roomLinks,
      self: null,
    };
  },
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
  localDomain(doc) {
    // `meta` comes first in the state: its start is enough (the whole state can be hundreds of kB).
    const text = doc.querySelector(MASTODON_SELECTORS.initialState)?.textContent?.slice(0, 4000) ?? '';
    return DOMAIN_IN_STATE.exec(text)?.[1]?.toLowerCase() ?? null;
  },
};
