/** The feed sites Earshot decorates, and where a host's handle on them comes from. */

export const FEED_SITES = ['x', 'bsky', 'mastodon'] as const;
export type FeedSite = (typeof FEED_SITES)[number];

/** An account handle on a feed site: lower case, without a leading @ (Mastodon: user@domain). */
export interface SiteHandle {
  site: FeedSite;
  handle: string;
}
