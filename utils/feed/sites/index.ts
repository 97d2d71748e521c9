/** Which site adapter applies to the page, and the page's route as that site sees it. */
import { bskyAdapter } from './bsky';
import { isMastodon, mastodonAdapter } from './mastodon';
import type { SiteAdapter } from './types';
import { xAdapter } from './x';

const BY_HOST: Record<string, SiteAdapter> = {
  'x.com': xAdapter,
  'twitter.com': xAdapter,
  'mobile.twitter.com': xAdapter,
  'bsky.app': bskyAdapter,
};

const BY_NAME: Record<string, SiteAdapter> = { x: xAdapter, bsky: bskyAdapter, mastodon: mastodonAdapter };

/**
 * Test builds only: fixture pages served at `/fixtures/<site>/…` on loopback stand for the real sites.
 * `import.meta.env.MODE` is a build-time constant, so production builds drop this branch.
 */
const FIXTURE_PATH = /^\/fixtures\/(x|bsky|mastodon)(\/.*)?$/;

export interface DetectedSite {
  adapter: SiteAdapter;
  /** The route path as the site sees it. */
  path(location: Location): string;
}

export function detectSite(location: Location, doc: Document): DetectedSite | null {
  if (import.meta.env.MODE === 'test') {
    const fixture = FIXTURE_PATH.exec(location.pathname);
    if (fixture) {
      const adapter = BY_NAME[fixture[1]!]!;
      return { adapter, path: (loc) => FIXTURE_PATH.exec(loc.pathname)?.[2] || '/' };
    }
  }
  const adapter = BY_HOST[location.hostname] ?? (isMastodon(doc) ? mastodonAdapter : undefined);
  return adapter ? { adapter, path: (loc) => loc.pathname } : null;
}

export type { SiteAdapter } from './types';
export { bskyAdapter, mastodonAdapter, xAdapter };
