/**
 * Who a linked account follows, read from the network it lives on:
 * - Bluesky: `app.bsky.graph.getFollows` through the AppView (public; 100 per page, `cursor`);
 * - Mastodon: `GET /api/v1/accounts/lookup?acct=` then `GET /api/v1/accounts/:id/following` (80 per page,
 *   next page from the Link header, as mastodon/mastodon's following_accounts_controller.rb writes it).
 * Each page goes through the outbound fetch (public addresses, bounded); the whole list is bounded too.
 */
import { splitAcct } from './mastodon-identity.ts';
import { MalformedAnswer, type OutboundSettings, outboundJson } from './outbound-fetch.ts';

export interface FollowList {
  /** DIDs (Bluesky) or ActivityPub actor ids (Mastodon). */
  targets: string[];
  /** More follows than `max` existed: the rest were not read. */
  truncated: boolean;
}

export interface ListSettings {
  outbound: OutboundSettings;
  /** At most this many follows are read. */
  max: number;
  /** The whole list, every page included. */
  deadlineMs: number;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function checkDeadline(startedAt: number, settings: ListSettings): void {
  if (performance.now() - startedAt > settings.deadlineMs) {
    throw new MalformedAnswer(`The follow list took longer than ${settings.deadlineMs / 1000} s`);
  }
}

export async function blueskyFollows(
  did: string,
  appviewUrl: string,
  settings: ListSettings,
): Promise<FollowList> {
  const startedAt = performance.now();
  const targets: string[] = [];
  let cursor: string | undefined;
  for (;;) {
    checkDeadline(startedAt, settings);
    const query = new URLSearchParams({ actor: did, limit: '100', ...(cursor ? { cursor } : {}) });
    const { json } = await outboundJson(
      `${appviewUrl}/xrpc/app.bsky.graph.getFollows?${query}`,
      settings.outbound,
    );
    if (!isRecord(json) || !Array.isArray(json.follows))
      throw new MalformedAnswer('The AppView answered no follow list');
    for (const follow of json.follows) {
      if (isRecord(follow) && typeof follow.did === 'string' && follow.did.startsWith('did:'))
        targets.push(follow.did);
    }
    if (targets.length >= settings.max) return { targets: targets.slice(0, settings.max), truncated: true };
    // A page may come back short (the AppView leaves out accounts it cannot show): the cursor says whether more follow.
    const next = typeof json.cursor === 'string' && json.cursor !== cursor ? json.cursor : undefined;
    if (!next) return { targets, truncated: false };
    cursor = next;
  }
}

/** The `rel="next"` address of a Link header, if any. */
function nextLink(header: string | string[] | undefined): string | undefined {
  const text = Array.isArray(header) ? header.join(',') : header;
  return text?.match(/<([^>]+)>\s*;\s*rel="?next"?/)?.[1];
}

export async function mastodonFollows(handle: string, settings: ListSettings): Promise<FollowList> {
  const startedAt = performance.now();
  const { user, domain } = splitAcct(handle);
  const base = `https://${domain}`;
  const { json: account } = await outboundJson(
    `${base}/api/v1/accounts/lookup?acct=${encodeURIComponent(user)}`,
    settings.outbound,
  );
  if (!isRecord(account) || typeof account.id !== 'string')
    throw new MalformedAnswer(`${domain} answered no account`);
  const targets: string[] = [];
  let address: string | undefined =
    `${base}/api/v1/accounts/${encodeURIComponent(account.id)}/following?limit=80`;
  const seen = new Set<string>();
  while (address && !seen.has(address)) {
    checkDeadline(startedAt, settings);
    seen.add(address);
    const page = await outboundJson(address, settings.outbound);
    if (!Array.isArray(page.json)) throw new MalformedAnswer(`${domain} answered no following list`);
    for (const followed of page.json) {
      if (isRecord(followed) && typeof followed.uri === 'string') targets.push(followed.uri);
    }
    if (targets.length >= settings.max) return { targets: targets.slice(0, settings.max), truncated: true };
    address = page.json.length === 0 ? undefined : nextLink(page.headers.link);
  }
  return { targets, truncated: false };
}
