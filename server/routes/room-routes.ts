/** Rooms: list, create, start, end, listen and join (the public share page is in share-routes.ts). */
import type { Context, Hono } from 'hono';
import { readJsonBody } from '../json-body.ts';
import { CreateRoomBody, ListenBody } from '../request-schemas.ts';
import { parseIdempotencyKey } from '../rooms/room-creation-keys.ts';
import type { RouteDeps } from './types.ts';

export function roomRoutes(app: Hono, { services, auth }: RouteDeps): void {
  const { rooms } = services;

  app.get('/v1/rooms', async (c) => c.json({ rooms: await rooms.listLive() }));

  app.post('/v1/rooms', async (c) => {
    const hostId = await auth.required(c);
    const body = await readJsonBody(c, CreateRoomBody);
    const key = parseIdempotencyKey(c.req.header('idempotency-key'));
    return c.json(await rooms.create(hostId, body, key), 201);
  });

  app.get('/v1/rooms/:id', async (c) => c.json({ room: await rooms.get(c.req.param('id')) }));

  app.post('/v1/rooms/:id/start', async (c) => {
    const accountId = await auth.required(c);
    return c.json(await rooms.start(accountId, c.req.param('id')));
  });

  const end = async (c: Context) => {
    const accountId = await auth.required(c);
    await rooms.end(accountId, c.req.param('id') ?? '');
    return c.body(null, 204);
  };
  app.post('/v1/rooms/:id/end', end);
  app.delete('/v1/rooms/:id', end);

  app.post('/v1/rooms/:id/listen', async (c) => {
    const body = await readJsonBody(c, ListenBody);
    return c.json(await rooms.listen(c.req.param('id'), body));
  });

  app.post('/v1/rooms/:id/join', async (c) => {
    // The session is checked in the join's own query (one round trip for session, room, role and ban).
    const sessionToken = auth.optionalToken(c);
    const body = await readJsonBody(c, ListenBody);
    return c.json(await rooms.join(c.req.param('id'), sessionToken, body));
  });
}
