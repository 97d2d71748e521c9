/**
 * X / Twitter (x.com, twitter.com). Rows are virtualised and recycled; links are t.co redirects; a link with a
 * preview card is taken out of the text and shown as the card alone. X's source is not public: the selectors
 * follow what insin/control-panel-for-twitter relies on (its central selectors map: tweet, User-Name,
 * socialContext, card.wrapper, card.layoutLarge/Small.media, quoted posts, promoted posts without a time link).
 */
import { cssString, visibleUrlText } from '../room-links';
import {
  anchorAt,
  barOnRoutes,
  hrefsIn,
  type LinkPreview,
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
  /** A link's preview card: its `<a>` (a t.co link) is labelled by the site's domain and the page's title. */
  cardWrapper: '[data-testid="card.wrapper"]',
  cardLink: '[data-testid="card.wrapper"] a[aria-label]',
} as const;

/** X wraps every link that leaves the site in t.co (mentions, hashtags and media links are relative). */
const TCO_HREF = '[href^="https://t.co/"]';
const TCO_LINK = `a${TCO_HREF}`;
const HANDLE_IN_KEY = /^\/([A-Za-z0-9_]{1,15})\/status\//;
const HANDLE_LINK = /^\/([A-Za-z0-9_]{1,15})$/;
/** A card's label: `example.com Title of the page` (the domain, a space, the title). */
const CARD_LABEL = /^\s*([A-Za-z0-9.-]+\.[A-Za-z]{2,}|\d{1,3}(?:\.\d{1,3}){3})\s+(\S.*)$/s;

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
    // The permalink (the time link; the first: a quoted post comes after its quoting one) starts with the
    // author: /alice/status/123. A promoted post has none: its author link names it.
    const permalink = post.querySelector(X_SELECTORS.permalink)?.getAttribute('href') ?? '';
    let author = HANDLE_IN_KEY.exec(permalink)?.[1];
    if (!author || RESERVED.has(author.toLowerCase())) {
      const href = post.querySelector(X_SELECTORS.authorLink)?.getAttribute('href');
      author = href ? HANDLE_LINK.exec(href)?.[1] : undefined;
      if (author && RESERVED.has(author.toLowerCase())) author = undefined;
    }
    // t.co hides the target; the link's text (visible part + hidden spans) spells it out.
    const hasLinks = post.querySelector(TCO_LINK) !== null;
    const links = hasLinks ? hrefsIn(post, TCO_LINK, visibleUrlText) : [];
    // Most t.co links have no preview card: one query that finds nothing before the labels are read.
    const previews = hasLinks && post.querySelector(X_SELECTORS.cardWrapper) !== null ? previewsIn(post) : [];
    // What the row shows now: a recycled row, or one emptied and filled again, reads as changed.
    const key = `${permalink || `@${author ?? ''}`} ${links.join(' ')}`.trim();
    return previews.length > 0
      ? { key, author: author ?? null, links, previews }
      : { key, author: author ?? null, links };
  },
  // Any t.co link (it may hide a room), or a permalink of a live host's post (/alice/status/…), or (a promoted
  // post has no permalink) a link to their profile.
  // One `a:is(…)`, not a list of `a[…]` (see room-links.ts).
  interest: (handles) => ({
    inside: `a:is(${[
      TCO_HREF,
      ...handles.flatMap((handle) => [
        `[href^="/${cssString(handle)}/status/" i]`,
        `[href="/${cssString(handle)}" i]`,
      ]),
    ].join(', ')})`,
    self: null,
  }),
  // After the text; a post that is only a link with a preview card has no text: after the card.
  cardAnchor: (post) =>
    anchorAt(post, X_SELECTORS.text, 'after') ?? anchorAt(post, X_SELECTORS.cardWrapper, 'after'),
  chipAnchor: (post) => anchorAt(post, X_SELECTORS.userName, 'last'),
  theme(doc) {
    // X paints its theme (light, dim, lights out) as the body's inline background colour.
    return themeOfColor(doc.body?.style.backgroundColor) ?? systemTheme();
  },
};

/** The preview cards of `post`, from their links' labels (`domain title`). */
function previewsIn(post: Element): LinkPreview[] {
  const out: LinkPreview[] = [];
  for (const link of post.querySelectorAll(X_SELECTORS.cardLink)) {
    const match = CARD_LABEL.exec(link.getAttribute('aria-label') ?? '');
    if (match) out.push({ host: match[1]!.toLowerCase(), title: match[2]!.trim() });
  }
  return out;
}
