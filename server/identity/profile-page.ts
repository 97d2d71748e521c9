/**
 * The public Earshot profile page `/u/<username>`: the address users put in a Mastodon profile field or
 * their Bluesky description. It carries `rel="me"` links back to the account's fediverse profiles, so
 * Mastodon's own link verification (mastodon/mastodon app/services/verify_link_service.rb looks for
 * `a[rel~=me]` / `link[rel~=me]` pointing to the account) shows the link as verified there too.
 * Everything the account wrote is escaped; the page runs no script.
 */
import type { ShownHandle } from '../accounts.ts';
import { escapeHtml } from '../share-page.ts';

/** A fediverse handle's profile address, as Mastodon writes it (https://instance/@user). */
export const fediverseProfileUrl = (handle: string) => {
  const [user, domain] = handle.split('@');
  return `https://${domain}/@${user}`;
};

const siteNames = { x: 'X', bsky: 'Bluesky', mastodon: 'Mastodon' } as const;

function handleItem(handle: ShownHandle): string {
  const status = handle.status === 'verified' ? 'verified' : 'claimed, not verified';
  const name = escapeHtml(`${siteNames[handle.site]}: @${handle.handle}`);
  if (handle.site === 'mastodon') {
    const href = escapeHtml(fediverseProfileUrl(handle.handle));
    return `<li><a rel="me" href="${href}">${name}</a> (${status})</li>`;
  }
  return `<li>${name} (${status})</li>`;
}

export function renderProfilePage(profile: {
  username: string;
  displayName: string;
  handles: ShownHandle[];
  url: string;
}): string {
  const meLinks = profile.handles
    .filter((h) => h.site === 'mastodon')
    .map((h) => `<link rel="me" href="${escapeHtml(fediverseProfileUrl(h.handle))}">`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(`${profile.displayName} (@${profile.username}) on Earshot`)}</title>
<link rel="canonical" href="${escapeHtml(profile.url)}">
${meLinks}
</head><body>
<main>
<h1>${escapeHtml(profile.displayName)}</h1>
<p>@${escapeHtml(profile.username)} on Earshot</p>
<ul>
${profile.handles.map(handleItem).join('\n')}
</ul>
</main>
</body></html>`;
}
