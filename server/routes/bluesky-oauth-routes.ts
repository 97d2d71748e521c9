/** "Sign in with Bluesky": start (for the signed-in account), the callback page, and the client metadata. */
import type { Context, Hono } from 'hono';
import { ApiError } from '../api-error.ts';
import { readJsonBody } from '../json-body.ts';
import { BlueskyOAuthStartBody } from '../request-schemas.ts';
import { escapeHtml } from '../share-page.ts';
import type { RouteDeps } from './types.ts';

function page(c: Context, status: 200 | 400 | 422 | 502, title: string, text: string) {
  c.header('Content-Security-Policy', "default-src 'none'; base-uri 'none'; form-action 'none'");
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
  return c.html(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></main></body></html>`,
    status,
  );
}

export function blueskyOAuthRoutes(
  app: Hono,
  { services, auth }: Pick<RouteDeps, 'services' | 'auth'>,
): void {
  const oauth = () => services.identity.blueskyOAuth();

  app.post('/v1/me/bluesky/oauth', async (c) => {
    const accountId = await auth.required(c);
    const { handle } = await readJsonBody(c, BlueskyOAuthStartBody);
    return c.json({ url: await oauth().start(accountId, handle) });
  });

  app.get('/oauth/bluesky/client-metadata.json', (c) => c.json(oauth().metadata()));

  app.get('/oauth/bluesky/callback', async (c) => {
    const params = new URL(c.req.url).searchParams;
    if (params.has('error')) {
      return page(
        c,
        400,
        'Not linked',
        `Bluesky said: ${params.get('error_description') ?? params.get('error')}`,
      );
    }
    try {
      const { handle } = await oauth().finish(params);
      return page(
        c,
        200,
        'Bluesky account linked',
        `@${handle} is now verified on Earshot. You can close this tab.`,
      );
    } catch (error) {
      if (error instanceof ApiError)
        return page(c, error.status === 502 ? 502 : 422, 'Not linked', error.message);
      throw error;
    }
  });
}
