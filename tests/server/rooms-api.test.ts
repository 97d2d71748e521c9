/** The rooms service's HTTP API against a real LiveKit server. */
import { TokenVerifier } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeTcpPort } from '../../scripts/lib/free-port.ts';
import { createMemoryRoomStore } from '../../server/room-store.ts';
import { startService } from '../../server/start-service.ts';
import { api, type ServiceFixture, startServiceFixture } from './support/service-fixture.ts';

let fixture: ServiceFixture;
beforeAll(async () => {
  fixture = await startServiceFixture();
});
afterAll(async () => {
  await fixture?.stop();
});

const createRoom = (body: unknown) => api(fixture.service, '/v1/rooms', { method: 'POST', body });
const listRoomIds = async () =>
  (await api(fixture.service, '/v1/rooms')).body.rooms.map((room: { id: string }) => room.id) as string[];

describe('rooms API', () => {
  it('answers health checks', async () => {
    expect(await api(fixture.service, '/health')).toMatchObject({ status: 200, body: { ok: true } });
  });

  it('creates a room that is then listed, with a host grant for LiveKit', async () => {
    const created = await createRoom({ title: '  Morning show  ', hostName: 'Ada' });
    expect(created.status).toBe(201);
    const { room, host } = created.body;
    expect(room).toMatchObject({ title: 'Morning show', hostName: 'Ada', listenerCount: 0, speakerCount: 0 });
    expect(room.id).toMatch(/^[A-Za-z0-9]{10}$/);
    expect(Date.parse(room.startedAt)).not.toBeNaN();
    expect(host.url).toBe(fixture.livekit.url);
    expect(host.identity).toMatch(/^host-/);

    const claims = await new TokenVerifier(fixture.livekit.apiKey, fixture.livekit.apiSecret).verify(
      host.token,
    );
    expect(claims.sub).toBe(host.identity);
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
  });

  it('gives listeners a token that can only subscribe, for that room only, for an hour', async () => {
    const { room } = (await createRoom({ title: 'Listen only' })).body;
    expect(room.hostName).toBe('Host');

    const listen = await api(fixture.service, `/v1/rooms/${room.id}/listen`, {
      method: 'POST',
      body: { name: 'Bo' },
    });
    expect(listen.status).toBe(200);
    expect(listen.body).toMatchObject({
      url: fixture.livekit.url,
      room: { id: room.id, title: 'Listen only' },
    });
    expect(listen.body.identity).toMatch(/^listener-/);

    const claims = await new TokenVerifier(fixture.livekit.apiKey, fixture.livekit.apiSecret).verify(
      listen.body.token,
    );
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

  it('ends a room: it is no longer listed, joined or ended again', async () => {
    const { room } = (await createRoom({ title: 'Short lived' })).body;
    expect(await listRoomIds()).toContain(room.id);

    const ended = await fetch(new URL(`/v1/rooms/${room.id}`, fixture.service.url), { method: 'DELETE' });
    expect(ended.status).toBe(204);
    expect(await listRoomIds()).not.toContain(room.id);

    const listen = await api(fixture.service, `/v1/rooms/${room.id}/listen`, { method: 'POST', body: {} });
    expect(listen).toMatchObject({ status: 404, body: { error: { code: 'room_not_found' } } });
    const again = await api(fixture.service, `/v1/rooms/${room.id}`, { method: 'DELETE' });
    expect(again).toMatchObject({ status: 404, body: { error: { code: 'room_not_found' } } });
  });
});

describe('bad requests', () => {
  const cases: [string, Parameters<typeof api>[2] & { path?: string }, number, string][] = [
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
      'a host name of the wrong type',
      { method: 'POST', body: { title: 'ok', hostName: 7 } },
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
      'a listener name of the wrong type',
      { method: 'POST', path: '/v1/rooms/AAAAAAAAAA/listen', body: { name: 1 } },
      400,
      'invalid_body',
    ],
    ['an unknown route', { method: 'GET', path: '/v2/nothing' }, 404, 'not_found'],
  ];

  it.each(cases)('rejects %s with a precise error and changes nothing', async (_, request, status, code) => {
    await createRoom({ title: 'Already here' });
    const before = await listRoomIds();

    const response = await api(fixture.service, request.path ?? '/v1/rooms', request);
    expect(response.status).toBe(status);
    expect(response.body).toEqual({ error: { code, message: expect.any(String) } });
    expect(response.body.error.message.length).toBeGreaterThan(0);

    expect(await listRoomIds()).toEqual(before);
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
      expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('content-type');
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
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('access-control-allow-origin')).toBe(origin);
  });

  it('refuses requests from web pages before doing anything', async () => {
    const before = await listRoomIds();
    const response = await api(fixture.service, '/v1/rooms', {
      method: 'POST',
      body: { title: 'From a web page' },
      headers: { origin: 'https://evil.example' },
    });
    expect(response).toMatchObject({ status: 403, body: { error: { code: 'origin_not_allowed' } } });
    expect(await listRoomIds()).toEqual(before);
  });
});

describe('when LiveKit is unavailable', () => {
  it('still lists stored rooms (with zero counts) and refuses to create rooms with 503', async () => {
    const store = createMemoryRoomStore();
    await store.insert({
      id: 'Stored0001',
      title: 'Remembered',
      hostName: 'Host',
      hostIdentity: 'host-x',
      startedAt: new Date('2026-01-01T00:00:00Z'),
    });
    const deadPort = await freeTcpPort();
    const service = await startService({
      port: 0,
      store,
      livekit: { url: `ws://127.0.0.1:${deadPort}`, apiKey: 'devkey', apiSecret: 'secret' },
    });
    try {
      const listed = await api(service, '/v1/rooms');
      expect(listed.status).toBe(200);
      expect(listed.body.rooms).toEqual([
        {
          id: 'Stored0001',
          title: 'Remembered',
          hostName: 'Host',
          listenerCount: 0,
          speakerCount: 0,
          startedAt: '2026-01-01T00:00:00.000Z',
        },
      ]);
      const created = await api(service, '/v1/rooms', { method: 'POST', body: { title: 'New' } });
      expect(created).toMatchObject({ status: 503, body: { error: { code: 'livekit_unavailable' } } });
    } finally {
      await service.stop();
    }
  });
});
