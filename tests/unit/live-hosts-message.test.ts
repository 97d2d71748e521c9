/** `feed:live-hosts`: every host live now on a site, cached 10 s per site, one request for concurrent asks. */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { LIVE_HOSTS_TTL_MS } from '@/utils/background/hub';
import { createRoomsApi } from '@/utils/background/rooms-api';
import { accountItem } from '@/utils/storage/settings';
import { createTestHub, FakeRoomsApi } from './fakes';

function setup(api = new FakeRoomsApi()) {
  const clock = { now: 1_000_000 };
  const hub = createTestHub(api, { now: () => clock.now });
  return { hub, api, clock };
}

const ask = (site: unknown, extra: Record<string, unknown> = {}) => ({
  target: 'background',
  type: 'feed:live-hosts',
  site,
  ...extra,
});

beforeEach(async () => {
  fakeBrowser.reset();
  // Signed in: X's list is the viewer's own (live-hosts-x.test.ts covers signed out and account changes).
  await accountItem.setValue({
    token: 'secret-token',
    expiresAt: '2099-01-01T00:00:00Z',
    profile: { id: 'a1', username: 'ada', displayName: 'Ada', avatarUrl: null },
  });
});

describe('feed:live-hosts', () => {
  it('answers with the site’s live hosts', async () => {
    const { hub, api } = setup();
    expect(await hub.handle(ask('x'))).toEqual({
      ok: true,
      value: { hosts: [{ handle: 'ada', room: expect.objectContaining({ id: 'r1' }) }], truncated: false },
    });
    expect(await hub.handle(ask('bsky'))).toEqual({ ok: true, value: { hosts: [], truncated: false } });
    expect(api.liveHostsAsked).toEqual(['x', 'bsky']);
  });

  it('answers from memory for 10 s per site, then asks again', async () => {
    const { hub, api, clock } = setup();
    const first = await hub.handle(ask('x'));
    clock.now += LIVE_HOSTS_TTL_MS - 1;
    expect(await hub.handle(ask('x'))).toEqual(first);
    expect(api.liveHostsAsked).toEqual(['x']);
    // Another site has its own entry.
    await hub.handle(ask('mastodon'));
    expect(api.liveHostsAsked).toEqual(['x', 'mastodon']);

    clock.now += 1;
    const fresh = await hub.handle(ask('x'));
    expect(api.liveHostsAsked).toEqual(['x', 'mastodon', 'x']);
    expect(fresh).toMatchObject({ ok: true, value: { hosts: [{ room: { listenerCount: 3 } }] } });
    expect(fresh).not.toEqual(first);
    // The new answer is cached in turn.
    clock.now += LIVE_HOSTS_TTL_MS - 1;
    expect(await hub.handle(ask('x'))).toEqual(fresh);
    expect(api.liveHostsAsked).toHaveLength(3);
  });

  it('concurrent asks for one site share one request', async () => {
    const { hub, api } = setup();
    api.liveHostsDelayMs = 20;
    const replies = await Promise.all([
      hub.handle(ask('x')),
      hub.handle(ask('x')),
      hub.handle(ask('bsky')),
      hub.handle(ask('x')),
    ]);
    // One request per site (X reads the viewer first, so its request may go out second).
    expect([...api.liveHostsAsked].sort()).toEqual(['bsky', 'x']);
    expect(replies[0]).toMatchObject({ ok: true, value: { hosts: [{ handle: 'ada' }] } });
    expect(replies[1]).toEqual(replies[0]);
    expect(replies[3]).toEqual(replies[0]);
  });

  it('errors reach every asker and are not cached', async () => {
    const { hub, api } = setup();
    api.liveHostsDelayMs = 10;
    api.failLiveHosts = Object.assign(new Error('The rooms service answered 500'), { status: 500 });
    const replies = await Promise.all([hub.handle(ask('x')), hub.handle(ask('x'))]);
    for (const reply of replies) {
      expect(reply).toEqual({
        ok: false,
        error: { code: 'failed', message: 'The rooms service answered 500' },
      });
    }
    expect(api.liveHostsAsked).toEqual(['x']);
    api.failLiveHosts = Object.assign(new Error('down'), { code: 'unreachable' });
    expect(await hub.handle(ask('x'))).toMatchObject({ ok: false, error: { code: 'unreachable' } });
    api.failLiveHosts = null;
    expect(await hub.handle(ask('x'))).toMatchObject({ ok: true, value: { hosts: [{ handle: 'ada' }] } });
    expect(api.liveHostsAsked).toEqual(['x', 'x', 'x']);
  });

  it.each([
    ['an unknown site', ask('myspace')],
    ['a site in another case', ask('X')],
    ['no site', { target: 'background', type: 'feed:live-hosts' }],
    ['a site that is not a string', ask(['x'])],
    ['an unexpected field', ask('x', { hosts: [] })],
  ])('refuses %s as an invalid message, without asking the service', async (_name, raw) => {
    const { hub, api } = setup();
    const reply = await hub.handle(raw);
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_message' } });
    if (!reply.ok) expect(reply.error.message).toMatch(/^Invalid message "feed:live-hosts": .+/);
    expect(api.liveHostsAsked).toEqual([]);
  });
});

describe('RoomsApi.liveHosts', () => {
  const room = {
    id: 'Room000001',
    title: 'On air',
    description: '',
    language: null,
    hostName: 'Ada',
    hostUsername: 'ada',
    listenerCount: 4,
    speakerCount: 1,
    startedAt: '2026-11-25T10:00:00.000Z',
    scheduledFor: null,
    state: 'live',
    shareUrl: 'http://127.0.0.1:8787/r/Room000001',
  };
  const over = (body: unknown, status = 200) => {
    const urls: string[] = [];
    const api = createRoomsApi(
      async () => 'http://127.0.0.1:8787',
      async () => null,
      async (input) => {
        urls.push(String(input));
        return new Response(JSON.stringify(body), {
          status,
          headers: { 'content-type': 'application/json' },
        });
      },
    );
    return { api, urls };
  };

  it('GETs /v1/live-hosts for the site and returns hosts and truncated', async () => {
    const { api, urls } = over({
      site: 'mastodon',
      hosts: [{ handle: 'ada@social.example', room }],
      truncated: true,
    });
    expect(await api.liveHosts('mastodon')).toEqual({
      hosts: [{ handle: 'ada@social.example', room }],
      truncated: true,
    });
    expect(urls).toEqual(['http://127.0.0.1:8787/v1/live-hosts?site=mastodon']);
  });

  it('refuses an answer of the wrong shape, and passes the service’s errors on', async () => {
    await expect(
      over({ site: 'x', hosts: [{ handle: 'ada' }], truncated: false }).api.liveHosts('x'),
    ).rejects.toMatchObject({
      code: 'bad_response',
    });
    await expect(over({ site: 'x', hosts: [] }).api.liveHosts('x')).rejects.toMatchObject({
      code: 'bad_response',
    });
    await expect(
      over(
        { error: { code: 'invalid_query', message: 'site must be one of x, bsky, mastodon' } },
        400,
      ).api.liveHosts('x'),
    ).rejects.toMatchObject({ status: 400, code: 'invalid_query' });
  });
});
