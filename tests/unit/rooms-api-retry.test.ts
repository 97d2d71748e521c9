/** The extension's rooms service client sends a call again only when that is safe (utils/background/retry-policy.ts). */
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { isRetrySafe, RETRY_DELAYS_MS } from '@/utils/background/retry-policy';
import { createServiceRequest, RoomsApiError } from '@/utils/background/rooms-api-request';

const Anything = v.unknown();
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const refused = () => {
  throw new TypeError('Failed to fetch');
};

/** A client over scripted answers (one per try), recording each try's method, path and headers. */
function scripted(answers: Array<() => Response>) {
  const tries: Array<{ method: string; path: string; headers: Record<string, string> }> = [];
  const pauses: number[] = [];
  const fetchImpl = (async (input: URL, init: RequestInit) => {
    tries.push({
      method: init.method ?? 'GET',
      path: new URL(input).pathname,
      headers: { ...(init.headers as Record<string, string>) },
    });
    const next = answers[Math.min(tries.length - 1, answers.length - 1)]!;
    return next();
  }) as typeof fetch;
  const request = createServiceRequest(
    async () => 'http://127.0.0.1:8787',
    async () => 'token',
    fetchImpl,
    {
      sleep: async (ms) => {
        pauses.push(ms);
      },
    },
  );
  return { request, tries, pauses };
}

describe('retries', () => {
  it('retries an idempotent call that got no answer or a 502/503, with growing pauses', async () => {
    const { request, tries, pauses } = scripted([
      refused,
      () => json(502, null),
      () => json(503, null),
      () => json(200, { ok: 1 }),
    ]);
    await expect(request(Anything, '/v1/rooms/Room1/join', { method: 'POST', body: {} })).resolves.toEqual({
      ok: 1,
    });
    expect(tries).toHaveLength(4);
    expect(pauses).toEqual([...RETRY_DELAYS_MS]);
  });

  it('gives up after the last retry with the last failure', async () => {
    const { request, tries } = scripted([refused]);
    await expect(request(Anything, '/v1/directory')).rejects.toMatchObject({
      code: 'unreachable',
      status: 0,
    });
    expect(tries).toHaveLength(1 + RETRY_DELAYS_MS.length);
  });

  it('never repeats a call that is not idempotent', async () => {
    for (const [method, path] of [
      ['POST', '/v1/accounts'],
      ['POST', '/v1/rooms/Room1/reactions'],
      ['DELETE', '/v1/sessions/current'],
    ] as const) {
      const { request, tries } = scripted([refused]);
      await expect(request(Anything, path, { method, body: {} })).rejects.toBeInstanceOf(RoomsApiError);
      expect(tries, `${method} ${path}`).toHaveLength(1);
    }
  });

  it('does not retry answers that are not about the service being unreachable', async () => {
    for (const answer of [
      () => json(404, { error: { code: 'room_not_found', message: 'No such room' } }),
      () => json(500, null),
      () => json(503, { error: { code: 'room_reconnecting', message: 'Reconnecting' } }),
    ]) {
      const { request, tries } = scripted([answer]);
      await expect(
        request(Anything, '/v1/rooms/Room1/join', { method: 'POST', body: {} }),
      ).rejects.toBeInstanceOf(RoomsApiError);
      expect(tries).toHaveLength(1);
    }
  });

  it('sends one Idempotency-Key with every try of a room creation, a new one per creation', async () => {
    const { request, tries } = scripted([refused, () => json(201, { room: {} })]);
    await request(Anything, '/v1/rooms', { method: 'POST', body: { title: 'T' } });
    await request(Anything, '/v1/rooms', { method: 'POST', body: { title: 'T' } });
    const keys = tries.map((t) => t.headers['idempotency-key']);
    expect(keys[0]).toMatch(/^[A-Za-z0-9_-]{8,100}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[0]);
    expect(tries.every((t) => t.headers.authorization === 'Bearer token')).toBe(true);
  });

  it('follows the service README list of idempotent calls', () => {
    const safe = [
      ['GET', '/v1/rooms'],
      ['PUT', '/v1/me/following/bob'],
      ['DELETE', '/v1/me/following/bob'],
      ['PATCH', '/v1/me'],
      ['POST', '/v1/sessions'],
      ['POST', '/v1/rooms/lookup'],
      ['POST', '/v1/live-lookup'],
      ['POST', '/v1/rooms/Room1/start'],
      ['POST', '/v1/rooms/Room1/end'],
      ['DELETE', '/v1/rooms/Room1'],
      ['POST', '/v1/rooms/Room1/hand'],
      ['DELETE', '/v1/rooms/Room1/hand'],
      ['POST', '/v1/rooms/Room1/stage'],
      ['POST', '/v1/rooms/Room1/mute'],
      ['POST', '/v1/rooms/Room1/bans'],
      ['POST', '/v1/rooms/Room1/cohosts'],
      ['DELETE', '/v1/rooms/Room1/cohosts/acc1'],
      ['POST', '/earshot/v1/rooms/Room1/join'],
    ];
    for (const [method, path] of safe) expect(isRetrySafe(method!, path!), `${method} ${path}`).toBe(true);
    for (const [method, path] of [
      ['POST', '/v1/accounts'],
      ['DELETE', '/v1/sessions/current'],
      ['POST', '/v1/rooms/Room1/reactions'],
      ['POST', '/v1/rooms/Room1/join/extra'],
    ])
      expect(isRetrySafe(method!, path!), `${method} ${path}`).toBe(false);
  });
});
