/** The background tells views when the rooms service cannot be reached, so they can say so and retry. */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createRoomsApi } from '@/utils/background/rooms-api';
import { createTestHub } from './fakes';

function hubOver(fetchImpl: typeof fetch) {
  const api = createRoomsApi(
    async () => 'http://127.0.0.1:8787',
    async () => 'session-token',
    fetchImpl,
  );
  return createTestHub(api);
}

const ask = (type: string, extra: Record<string, unknown> = {}) => ({ target: 'background', type, ...extra });
const answer = (status: number, body: unknown) => async () =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

beforeEach(() => fakeBrowser.reset());

describe('rooms service unreachable', () => {
  it('a refused connection (service down, or offline) is answered `unreachable`', async () => {
    const hub = hubOver(async () => {
      throw new TypeError('Failed to fetch');
    });
    for (const request of [ask('directory:get'), ask('follow:set', { username: 'bob', following: true })]) {
      expect(await hub.handle(request)).toMatchObject({ ok: false, error: { code: 'unreachable' } });
    }
  });

  it('a proxy saying the service is down (502, 503, 504) too', async () => {
    for (const status of [502, 503, 504]) {
      const hub = hubOver(answer(status, null));
      expect(await hub.handle(ask('directory:get'))).toMatchObject({
        ok: false,
        error: { code: 'unreachable' },
      });
    }
  });

  it('but a service that answers with an error is not unreachable', async () => {
    const hub = hubOver(answer(404, { error: { code: 'not_found', message: 'No such account' } }));
    expect(await hub.handle(ask('follow:set', { username: 'nobody', following: true }))).toEqual({
      ok: false,
      error: { code: 'failed', message: 'No such account' },
    });
  });
});
