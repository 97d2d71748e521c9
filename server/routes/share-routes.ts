/** Share links: the public room page `/r/<id>` (with the web player), the player's files, the preview image. */
import type { Context, Hono } from 'hono';
import { ApiError } from '../api-error.ts';
import {
  langFromAcceptLanguage,
  renderMissingRoomPage,
  renderSharePage,
  sharePageCsp,
} from '../share-page.ts';
import { createWebPlayerFiles, isPlayerFileName, type WebPlayerFiles } from '../web-player-files.ts';
import type { RouteDeps } from './types.ts';

const YEAR_SECONDS = 365 * 24 * 60 * 60;

export function shareRoutes(
  app: Hono,
  { services }: RouteDeps,
  files: WebPlayerFiles = createWebPlayerFiles(),
) {
  const { rooms } = services;
  const csp = sharePageCsp(services.livekitUrl);

  function pageHeaders(c: Context): void {
    c.header('Content-Security-Policy', csp);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('Vary', 'Accept-Language');
  }

  async function missing(c: Context) {
    pageHeaders(c);
    c.header('Cache-Control', 'no-store');
    const lang = langFromAcceptLanguage(c.req.header('accept-language'));
    return c.html(renderMissingRoomPage({ lang, assets: await files.assets() }), 404);
  }

  app.get('/r/:id', async (c) => {
    let room: Awaited<ReturnType<typeof rooms.get>>;
    try {
      room = await rooms.get(c.req.param('id'));
    } catch (error) {
      if (error instanceof ApiError && error.code === 'room_not_found') return missing(c);
      throw error;
    }
    pageHeaders(c);
    c.header('Cache-Control', 'public, max-age=30');
    const lang = langFromAcceptLanguage(c.req.header('accept-language'));
    return c.html(renderSharePage(room, { lang, assets: await files.assets() }));
  });
  // Anything deeper under /r/ is a link that went wrong: the same page as an unknown room.
  app.get('/r/*', missing);
  app.get('/r', missing);

  app.get('/player/:file', async (c) => {
    const name = c.req.param('file');
    const found = isPlayerFileName(name) ? await files.file(name) : undefined;
    if (!found) throw new ApiError(404, 'not_found', 'No such file');
    const pinned = c.req.query('v') === found.version;
    c.header('Content-Type', found.contentType);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Cache-Control', pinned ? `public, max-age=${YEAR_SECONDS}, immutable` : 'public, max-age=300');
    // The preview image is fetched by X, Bluesky and Mastodon from their servers: no CORS needed either way.
    return c.body(new Uint8Array(found.bytes));
  });
}
