/** Importing follows from the verified Bluesky / Mastodon account: status, sync now, remove, and the rooms they give. Private to the account. */
import type { Context, Hono } from 'hono';
import { ApiError, rateLimited } from '../api-error.ts';
import type { ImportSite } from '../store/imported-follows-store.ts';
import type { RouteDeps } from './types.ts';

/** One sync per account and site per minute: each reads up to hundreds of pages from another server. */
const MIN_SYNC_INTERVAL_MS = 60_000;

function importSite(c: Context): ImportSite {
  const site = c.req.param('site');
  if (site !== 'bsky' && site !== 'mastodon')
    throw new ApiError(404, 'not_found', 'Follows import from bsky or mastodon only');
  return site;
}

export function followImportRoutes(
  app: Hono,
  { services, auth }: Pick<RouteDeps, 'services' | 'auth'>,
): void {
  const { follows } = services.identity;
  const privately = (c: Context) => c.header('Cache-Control', 'private, no-store');

  app.get('/v1/me/follow-imports', async (c) => {
    const accountId = await auth.required(c);
    privately(c);
    return c.json({ imports: await follows.status(accountId) });
  });

  app.put('/v1/me/follow-imports/:site', async (c) => {
    const accountId = await auth.required(c);
    const site = importSite(c);
    const last = (await follows.status(accountId)).find((s) => s.site === site);
    const wait = last ? Date.parse(last.syncedAt) + MIN_SYNC_INTERVAL_MS - Date.now() : 0;
    if (wait > 0) throw rateLimited(wait);
    privately(c);
    return c.json(await follows.sync(accountId, site));
  });

  app.delete('/v1/me/follow-imports/:site', async (c) => {
    await follows.remove(await auth.required(c), importSite(c));
    return c.body(null, 204);
  });

  app.get('/v1/me/imported-rooms', async (c) => {
    const accountId = await auth.required(c);
    privately(c);
    return c.json(await follows.rooms(accountId));
  });
}
