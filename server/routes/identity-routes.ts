/** Handle verification (POST /v1/me/handles/verify) and the public profile page `/u/<username>` with its rel="me" links. */
import type { Hono } from 'hono';
import { ApiError } from '../api-error.ts';
import { createFollowedXHosts } from '../identity/followed-x-hosts.ts';
import { renderProfilePage } from '../identity/profile-page.ts';
import { readJsonBody } from '../json-body.ts';
import { VerifyHandleBody } from '../request-schemas.ts';
import { blueskyOAuthRoutes } from './bluesky-oauth-routes.ts';
import { followImportRoutes } from './follow-import-routes.ts';
import type { RouteDeps } from './types.ts';

export function identityRoutes(app: Hono, { services, auth }: RouteDeps): void {
  const followedXHosts = createFollowedXHosts({
    db: services.identity.db,
    publicUrl: services.identity.publicUrl,
  });

  /** X's live hosts for one viewer: the hosts they follow on Earshot only (X handles cannot be verified). */
  app.get('/v1/me/live-hosts/x', async (c) => {
    const body = await followedXHosts(await auth.required(c));
    c.header('Cache-Control', 'private, no-store');
    return c.json(body);
  });

  app.post('/v1/me/handles/verify', async (c) => {
    const accountId = await auth.required(c);
    const body = await readJsonBody(c, VerifyHandleBody);
    await services.identity.verify(accountId, body);
    return c.json(await services.accounts.me(accountId));
  });

  followImportRoutes(app, { services, auth });
  blueskyOAuthRoutes(app, { services, auth });

  app.get('/u/:username', async (c) => {
    const username = c.req.param('username');
    let profile: Awaited<ReturnType<typeof services.accounts.byUsername>>;
    try {
      profile = await services.accounts.byUsername(username);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return c.text('No such Earshot account', 404);
      throw error;
    }
    c.header('Content-Security-Policy', "default-src 'none'; base-uri 'none'; form-action 'none'");
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Cache-Control', 'public, max-age=60');
    return c.html(renderProfilePage({ ...profile, url: services.identity.profileUrl(profile.username) }));
  });
}
