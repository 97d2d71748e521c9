/** The directory of followed hosts' rooms (with ETag), and the public batch lookups for content scripts. */
import { createHash } from 'node:crypto';
import type { Hono } from 'hono';
import { readJsonBody } from '../json-body.ts';
import { siteParam } from '../query-params.ts';
import { LiveLookupBody, RoomLookupBody } from '../request-schemas.ts';
import type { RouteDeps } from './types.ts';

const etagOf = (body: string) => `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;

/** Whether an If-None-Match header names `etag` (weak comparison, as for GET). */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => bare(tag) === bare(etag));
}

export function discoveryRoutes(app: Hono, { services, auth }: RouteDeps): void {
  app.get('/v1/directory', async (c) => {
    const accountId = await auth.required(c);
    const body = JSON.stringify(await services.directory.forAccount(accountId));
    const etag = etagOf(body);
    c.header('ETag', etag);
    c.header('Cache-Control', 'private, no-cache');
    c.header('Vary', 'Authorization, Origin');
    if (matchesEtag(c.req.header('if-none-match'), etag)) return c.body(null, 304);
    return c.body(body, 200, { 'Content-Type': 'application/json' });
  });

  app.post('/v1/rooms/lookup', async (c) => {
    const { ids } = await readJsonBody(c, RoomLookupBody);
    return c.json({ rooms: await services.directory.roomsByIds(ids) });
  });

  app.post('/v1/live-lookup', async (c) => {
    const { handles } = await readJsonBody(c, LiveLookupBody);
    return c.json({ matches: await services.directory.liveByHandles(handles) });
  });

  /** Everyone live now on one site: content scripts poll this and match post authors locally. */
  app.get('/v1/live-hosts', async (c) => {
    const body = await services.directory.liveHosts(siteParam(c));
    c.header('Cache-Control', 'public, max-age=10');
    return c.json(body);
  });
}
