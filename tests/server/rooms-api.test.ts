/** The rooms service's room API against a real LiveKit server: create, list, listen, join, end; bad input; CORS. */
import { TokenVerifier } from 'livekit-server-sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { startService } from '../../server/start-service.ts';
import {
  type ApiInit,
  api,
  deadLiveKit,
  signUpUser,
  type TestUser,
  useServiceFixture,
} from './support/service-fixture.ts';

const fixture = useServiceFixture();
let host: TestUser;
beforeAll(async () => {
  host = await signUpUser(fixture.service, 'host', { displayName: 'Ada' });
});

const createRoom = (body: unknown, token = host.token) =>
  api(fixture.service, '/v1/rooms', { method: 'POST', body, token });
const listRoomIds = async () =>
  (await api(fixture.service, '/v1/rooms')).body.rooms.map((room: { id: string }) => room.id) as string[];
const roomRows = async () => fixture.service.db.query('SELECT id, state, title FROM rooms ORDER BY id');
const verify = (token: string) =>
  new TokenVerifier(fixture.livekit.apiKey, fixture.livekit.apiSecret).verify(token);

describe('rooms API', () => {
  it('answers health checks', async () => {
    expect(await api(fixture.service, '/health')).toMatchObject({ status: 200, body: { ok: true } });
  });

  it('creates a live room for the signed-in host, listed, with a host grant for LiveKit', async () => {
    const created = await createRoom({
      title: '  Morning show  ',
      description: 'Coffee talk',
      language: 'en-GB',
    });
    expect(created.status).toBe(201);
    const { room, host: grant } = created.body;
    expect(room).toMatchObject({
      title: 'Morning show',
      description: 'Coffee talk',
      language: 'en-GB',
      hostName: 'Ada',
      hostUsername: host.username,
      state: 'live',
      listenerCount: 0,
      speakerCount: 0,
      scheduledFor: null,
      shareUrl: `${fixture.service.url}/r/${room.id}`,
    });
    expect(room.id).toMatch(/^[A-Za-z0-9]{10}$/);
    expect(Date.parse(room.startedAt)).not.toBeNaN();
    expect(grant.url).toBe(fixture.livekit.url);
    expect(grant.identity).toBe(`u-${host.id}`);

    const claims = await verify(grant.token);
    expect(claims.sub).toBe(grant.identity);
    expect(claims.video).toMatchObject({
      room: room.id,
      roomJoin: true,
      canPublish: true,
      canPublishData: true,
      canSubscribe: true,
      canPublishSources: ['microphone'],
    });
    expect(claims.video?.roomAdmin).toBeFalsy();
    expect(claims.video?.roomCreate).toBeFalsy();

    const listed = await api(fixture.service, '/v1/rooms');
    expect(listed.status).toBe(200);
    expect(listed.body.rooms).toContainEqual(room);
    expect(await api(fixture.service, `/v1/rooms/${room.id}`)).toMatchObject({ status: 200, body: { room } });
  });

  it('refuses to create a room without a valid session', async () => {
    const before = await roomRows();
    const anonymous = await api(fixture.service, '/v1/rooms', { method: 'POST', body: { title: 'Nobody' } });
    expect(anonymous).toMatchObject({ status: 401, body: { error: { code: 'unauthenticated' } } });
    const forged = await createRoom({ title: 'Forged' }, 'A'.repeat(43));
    expect(forged).toMatchObject({ status: 401, body: { error: { code: 'unauthenticated' } } });
    expect(await roomRows()).toEqual(before);
  });

  it('schedules a room without a LiveKit room; the host starts it later', async () => {
    const scheduledFor = new Date(Date.now() + 3600_000).toISOString();
    const created = await createRoom({ title: 'Later today', scheduledFor });
    expect(created.status).toBe(201);
    expect(created.body.host).toBeUndefined();
    expect(created.body.room).toMatchObject({ state: 'scheduled', startedAt: null, scheduledFor });
    const { id } = created.body.room;
    expect(await listRoomIds()).not.toContain(id);

    const listen = await api(fixture.service, `/v1/rooms/${id}/listen`, { method: 'POST' });
    expect(listen).toMatchObject({ status: 409, body: { error: { code: 'room_not_live' } } });
    const stranger = await signUpUser(fixture.service);
    const notHost = await api(fixture.service, `/v1/rooms/${id}/start`, {
      method: 'POST',
      token: stranger.token,
    });
    expect(notHost).toMatchObject({ status: 403, body: { error: { code: 'not_the_host' } } });

    const started = await api(fixture.service, `/v1/rooms/${id}/start`, {
      method: 'POST',
      token: host.token,
    });
    expect(started.status).toBe(200);
    expect(started.body.room).toMatchObject({ id, state: 'live', scheduledFor });
    expect((await verify(started.body.host.token)).video?.canPublish).toBe(true);
    expect(await listRoomIds()).toContain(id);
    const again = await api(fixture.service, `/v1/rooms/${id}/start`, { method: 'POST', token: host.token });
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'room_not_scheduled' } } });
  });

  it('gives listeners a token that can only subscribe, for that room only, for an hour', async () => {
    const { room } = (await createRoom({ title: 'Listen only' })).body;
    const listen = await api(fixture.service, `/v1/rooms/${room.id}/listen`, {
      method: 'POST',
      body: { name: 'Bo' },
    });
    expect(listen.status).toBe(200);
    expect(listen.body).toMatchObject({
      url: fixture.livekit.url,
      room: { id: room.id, title: 'Listen only' },
    });
    expect(listen.body.identity).toMatch(/^guest-/);

    const claims = await verify(listen.body.token);
    expect(claims.sub).toBe(listen.body.identity);
    expect(claims.name).toBe('Bo');
    expect(claims.video).toEqual({
      room: room.id,
      roomJoin: true,
      canSubscribe: true,
      canPublish: false,
      canPublishData: false,
      canUpdateOwnMetadata: false,
    });
    expect(claims.exp! - claims.nbf!).toBe(3600);

    const withoutBody = await fetch(new URL(`/v1/rooms/${room.id}/listen`, fixture.service.url), {
      method: 'POST',
    });
    expect(withoutBody.status).toBe(200);
  });

  it('joins by role: the host as host, a signed-in listener with a stable identity, a guest anonymously', async () => {
    const { room } = (await createRoom({ title: 'Join me' })).body;
    const listener = await signUpUser(fixture.service, 'listener', { displayName: 'Lee' });
    const join = (token?: string) =>
      api(fixture.service, `/v1/rooms/${room.id}/join`, { method: 'POST', token });

    const asHost = await join(host.token);
    expect(asHost.body).toMatchObject({ role: 'host', identity: `u-${host.id}`, room: { id: room.id } });
    const asListener = await join(listener.token);
    expect(asListener.body).toMatchObject({ role: 'listener', identity: `u-${listener.id}` });
    expect(await verify(asListener.body.token)).toMatchObject({
      name: 'Lee',
      video: { canPublish: false, canPublishData: false, canSubscribe: true },
    });
    expect((await join(listener.token)).body.identity).toBe(`u-${listener.id}`);
    const asGuest = await join();
    expect(asGuest.body).toMatchObject({ role: 'listener', identity: expect.stringMatching(/^guest-/) });
    expect(await join('B'.repeat(43))).toMatchObject({
      status: 401,
      body: { error: { code: 'unauthenticated' } },
    });
  });

  it('ends a room: it is no longer listed, joined or ended again', async () => {
    const { room } = (await createRoom({ title: 'Short lived' })).body;
    expect(await listRoomIds()).toContain(room.id);

    const stranger = await signUpUser(fixture.service);
    const refused = await api(fixture.service, `/v1/rooms/${room.id}`, {
      method: 'DELETE',
      token: stranger.token,
    });
    expect(refused).toMatchObject({ status: 403, body: { error: { code: 'not_a_moderator' } } });
    const anonymous = await api(fixture.service, `/v1/rooms/${room.id}`, { method: 'DELETE' });
    expect(anonymous).toMatchObject({ status: 401, body: { error: { code: 'unauthenticated' } } });
    expect(await listRoomIds()).toContain(room.id);

    const ended = await api(fixture.service, `/v1/rooms/${room.id}`, { method: 'DELETE', token: host.token });
    expect(ended.status).toBe(204);
    expect(await listRoomIds()).not.toContain(room.id);
    expect((await api(fixture.service, `/v1/rooms/${room.id}`)).body.room.state).toBe('ended');

    const listen = await api(fixture.service, `/v1/rooms/${room.id}/listen`, { method: 'POST', body: {} });
    expect(listen).toMatchObject({ status: 404, body: { error: { code: 'room_not_found' } } });
    const again = await api(fixture.service, `/v1/rooms/${room.id}/end`, {
      method: 'POST',
      token: host.token,
    });
    expect(again).toMatchObject({ status: 404, body: { error: { code: 'room_not_found' } } });
  });

  it('rate-limits room creation per account', async () => {
    const limited = await startService({
      livekit: fixture.livekit,
      limits: { roomCreation: { burst: 2, refillMs: 60_000 } },
    });
    try {
      const user = await signUpUser(limited);
      const create = () =>
        api(limited, '/v1/rooms', { method: 'POST', body: { title: 'again' }, token: user.token });
      expect((await create()).status).toBe(201);
      expect((await create()).status).toBe(201);
      const third = await create();
      expect(third).toMatchObject({ status: 429, body: { error: { code: 'rate_limited' } } });
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
      const [{ count }] = (await limited.db.query('SELECT count(*)::int AS count FROM rooms')) as [
        { count: number },
      ];
      expect(count).toBe(2);
      // Another account is not affected.
      const other = await signUpUser(limited);
      expect(
        (await api(limited, '/v1/rooms', { method: 'POST', body: { title: 'mine' }, token: other.token }))
          .status,
      ).toBe(201);
    } finally {
      await limited.stop();
    }
  });
});

describe('bad requests', () => {
  const cases: [string, ApiInit & { path?: string }, number, string][] = [
    ['malformed JSON', { method: 'POST', rawBody: '{"title": "unterminated' }, 400, 'invalid_json'],
    [
      'an oversize body',
      { method: 'POST', body: { title: 'x', padding: 'p'.repeat(17 * 1024) } },
      413,
      'payload_too_large',
    ],
    ['a title of the wrong type', { method: 'POST', body: { title: 42 } }, 400, 'invalid_body'],
    ['a body that is not an object', { method: 'POST', body: ['title'] }, 400, 'invalid_body'],
    ['an empty title', { method: 'POST', body: { title: '   ' } }, 400, 'invalid_body'],
    ['a missing title', { method: 'POST', body: {} }, 400, 'invalid_body'],
    [
      'a title over 100 characters',
      { method: 'POST', body: { title: 't'.repeat(101) } },
      400,
      'invalid_body',
    ],
    [
      'a description over 500 characters',
      { method: 'POST', body: { title: 'ok', description: 'd'.repeat(501) } },
      400,
      'invalid_body',
    ],
    [
      'a language that is not a tag',
      { method: 'POST', body: { title: 'ok', language: 'english please' } },
      400,
      'invalid_body',
    ],
    [
      'a schedule in the past',
      { method: 'POST', body: { title: 'ok', scheduledFor: '2001-01-01T00:00:00Z' } },
      400,
      'invalid_body',
    ],
    [
      'a schedule that is not a timestamp',
      { method: 'POST', body: { title: 'ok', scheduledFor: 'tomorrow' } },
      400,
      'invalid_body',
    ],
    [
      'a body that is not declared as JSON',
      { method: 'POST', rawBody: '{"title":"ok"}', headers: { 'content-type': 'text/plain' } },
      415,
      'unsupported_media_type',
    ],
    [
      'listening to an unknown room',
      { method: 'POST', path: '/v1/rooms/AAAAAAAAAA/listen', body: {} },
      404,
      'room_not_found',
    ],
    [
      'listening to a malformed room id',
      { method: 'POST', path: '/v1/rooms/..%2F/listen', body: {} },
      404,
      'room_not_found',
    ],
    ['ending an unknown room', { method: 'DELETE', path: '/v1/rooms/AAAAAAAAAA' }, 404, 'room_not_found'],
    [
      'starting an unknown room',
      { method: 'POST', path: '/v1/rooms/AAAAAAAAAA/start' },
      404,
      'room_not_found',
    ],
    [
      'a listener name of the wrong type',
      { method: 'POST', path: '/v1/rooms/AAAAAAAAAA/listen', body: { name: 1 } },
      400,
      'invalid_body',
    ],
    ['an unknown route', { method: 'GET', path: '/v2/nothing' }, 404, 'not_found'],
  ];

  it.each(cases)('rejects %s with a precise error and changes nothing', async (_, request, status, code) => {
    await createRoom({ title: 'Already here' });
    const before = await roomRows();

    const response = await api(fixture.service, request.path ?? '/v1/rooms', {
      token: host.token,
      ...request,
    });
    expect(response.status).toBe(status);
    expect(response.body).toEqual({ error: { code, message: expect.any(String) } });
    expect(response.body.error.message.length).toBeGreaterThan(0);

    expect(await roomRows()).toEqual(before);
  });

  it('validates the listen body of a live room too', async () => {
    const { room } = (await createRoom({ title: 'Names matter' })).body;
    const response = await api(fixture.service, `/v1/rooms/${room.id}/listen`, {
      method: 'POST',
      body: { name: 'n'.repeat(51) },
    });
    expect(response).toMatchObject({ status: 400, body: { error: { code: 'invalid_body' } } });
  });
});

describe('CORS', () => {
  const preflight = (origin: string) =>
    fetch(new URL('/v1/rooms', fixture.service.url), {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });

  it.each(['chrome-extension://abc', 'moz-extension://0b3c1f52-6f4e-4a8e-9d3a-2f6a1b7c9e11'])(
    'allows a preflight from %s',
    async (origin) => {
      const response = await preflight(origin);
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(origin);
      expect(response.headers.get('access-control-allow-methods')).toContain('POST');
      expect(response.headers.get('access-control-allow-methods')).toContain('DELETE');
      expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    },
  );

  it.each(['https://evil.example', 'null', 'chrome-extension://abc.evil.example'])(
    'refuses a preflight from %s',
    async (origin) => {
      const response = await preflight(origin);
      expect(response.status).toBe(403);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    },
  );

  it('answers extension requests with CORS headers, errors included', async () => {
    const origin = 'chrome-extension://abc';
    const list = await api(fixture.service, '/v1/rooms', { headers: { origin } });
    expect(list.status).toBe(200);
    expect(list.headers.get('access-control-allow-origin')).toBe(origin);

    const bad = await api(fixture.service, '/v1/rooms', {
      method: 'POST',
      rawBody: '{',
      headers: { origin },
      token: host.token,
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('access-control-allow-origin')).toBe(origin);
  });

  it('refuses requests from web pages before doing anything', async () => {
    const before = await roomRows();
    const response = await api(fixture.service, '/v1/rooms', {
      method: 'POST',
      body: { title: 'From a web page' },
      headers: { origin: 'https://evil.example' },
      token: host.token,
    });
    expect(response).toMatchObject({ status: 403, body: { error: { code: 'origin_not_allowed' } } });
    expect(await roomRows()).toEqual(before);
  });
});

describe('when LiveKit is unavailable', () => {
  it('still lists stored rooms (with stored counts) and refuses to create rooms with 503', async () => {
    const service = await startService({ livekit: await deadLiveKit() });
    try {
      const user = await signUpUser(service);
      await service.db.query(
        `INSERT INTO rooms (id, host_id, title, state, started_at) VALUES ('Stored0001', $1, 'Remembered', 'live', '2026-01-01T00:00:00Z')`,
        [user.id],
      );
      const listed = await api(service, '/v1/rooms');
      expect(listed.status).toBe(200);
      expect(listed.body.rooms).toEqual([
        expect.objectContaining({
          id: 'Stored0001',
          title: 'Remembered',
          listenerCount: 0,
          speakerCount: 0,
          startedAt: '2026-01-01T00:00:00.000Z',
        }),
      ]);
      const created = await api(service, '/v1/rooms', {
        method: 'POST',
        body: { title: 'New' },
        token: user.token,
      });
      expect(created).toMatchObject({ status: 503, body: { error: { code: 'livekit_unavailable' } } });
      const [{ count }] = (await service.db.query('SELECT count(*)::int AS count FROM rooms')) as [
        { count: number },
      ];
      expect(count).toBe(1);
    } finally {
      await service.stop();
    }
  });
});
