/**
 * `feed:live-hosts` on X: X handles cannot be verified, so X's list is the signed-in viewer's own
 * (`GET /v1/me/live-hosts/x`, the hosts they follow on Earshot), kept for that account alone; signed out, the
 * public list (verified handles only: none on X in production).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { LIVE_HOSTS_TTL_MS } from '@/utils/background/hub';
import { createRoomsApi } from '@/utils/background/rooms-api';
import { accountItem } from '@/utils/storage/settings';
import { createTestHub, FakeRoomsApi } from './fakes';

const signIn = (id: string) =>
  accountItem.setValue({
    token: `token-${id}`,
    expiresAt: '2099-01-01T00:00:00Z',
    profile: { id, username: id, displayName: id, avatarUrl: null },
  });

function setup() {
  const clock = { now: 1_000_000 };
  const api = new FakeRoomsApi(async () => (await accountItem.getValue())?.token ?? null);
  const hub = createTestHub(api, { now: () => clock.now });
  const ask = (site: string) => hub.handle({ target: 'background', type: 'feed:live-hosts', site });
  return { hub, api, clock, ask };
}

beforeEach(() => {
  fakeBrowser.reset();
});

describe('feed:live-hosts on X', () => {
  it('signed out: the public list (verified handles only), never the viewer route', async () => {
    const { api, ask } = setup();
    await ask('x');
    await ask('bsky');
    expect(api.followedXAsked).toEqual([]);
    expect(api.liveHostsAsked).toEqual(['x', 'bsky']);
  });

  it('signed in: the viewer’s own list, with their session, cached 10 s for that account', async () => {
    const { api, ask, clock } = setup();
    await signIn('ada');
    const first = await ask('x');
    expect(first).toMatchObject({ ok: true, value: { hosts: [{ handle: 'ada' }], truncated: false } });
    expect(api.followedXAsked).toEqual(['token-ada']);
    clock.now += LIVE_HOSTS_TTL_MS - 1;
    expect(await ask('x')).toEqual(first);
    expect(api.followedXAsked).toEqual(['token-ada']);
    clock.now += 1;
    await ask('x');
    expect(api.followedXAsked).toEqual(['token-ada', 'token-ada']);
  });

  it('following or unfollowing someone drops the cached list: the next ask sees the change', async () => {
    const { api, ask, hub } = setup();
    await signIn('ada');
    await ask('x');
    await ask('x');
    expect(api.followedXAsked).toEqual(['token-ada']);
    await hub.handle({ target: 'background', type: 'follow:set', username: 'bob', following: true });
    await ask('x');
    expect(api.followedXAsked).toEqual(['token-ada', 'token-ada']);
    await hub.handle({ target: 'background', type: 'follow:set', username: 'bob', following: false });
    await ask('x');
    expect(api.followedXAsked).toHaveLength(3);
  });

  it('another account never gets the first one’s list, even while it is fresh', async () => {
    const { api, ask } = setup();
    await signIn('ada');
    const ada = await ask('x');
    await signIn('bob');
    const bob = await ask('x');
    expect(api.followedXAsked).toEqual(['token-ada', 'token-bob']);
    expect(bob).not.toEqual(ada); // the fake's answers differ by call
    // Ada's list was forgotten when Bob asked: back to Ada, it is asked for again.
    await signIn('ada');
    await ask('x');
    expect(api.followedXAsked).toEqual(['token-ada', 'token-bob', 'token-ada']);
    // Signed out: the public list, not Ada's.
    await accountItem.setValue(null);
    await ask('x');
    expect(api.followedXAsked).toHaveLength(3);
    expect(api.liveHostsAsked).toHaveLength(4);
  });
});

describe('RoomsApi.followedLiveHostsOnX', () => {
  it('GETs /v1/me/live-hosts/x with the session token and validates the answer', async () => {
    const seen: Array<{ url: string; authorization: string | null }> = [];
    const answer = (body: unknown) =>
      createRoomsApi(
        async () => 'http://127.0.0.1:8787',
        async () => 'secret',
        async (input, init) => {
          seen.push({ url: String(input), authorization: new Headers(init?.headers).get('authorization') });
          return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
        },
      );
    expect(await answer({ site: 'x', hosts: [], truncated: false }).followedLiveHostsOnX()).toEqual({
      hosts: [],
      truncated: false,
    });
    expect(seen).toEqual([
      { url: 'http://127.0.0.1:8787/v1/me/live-hosts/x', authorization: 'Bearer secret' },
    ]);
    await expect(
      answer({ site: 'x', hosts: [{ handle: 'ada' }] }).followedLiveHostsOnX(),
    ).rejects.toMatchObject({
      code: 'bad_response',
    });
  });
});
