/** The background's linked-accounts requests: the session token stays in the background, and Sign in with Bluesky opens only a web page. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { accountItem } from '@/utils/storage/settings';
import { createTestHub, FakeRoomsApi } from './fakes';

const ask = (type: string, extra: Record<string, unknown> = {}) => ({ target: 'background', type, ...extra });

/** A rooms service answering the identity calls; records method, path, token and body. */
function fakeService(oauthUrl = 'https://pds.example/oauth/authorize?request_uri=urn:x') {
  const calls: string[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input));
    const auth = new Headers(init?.headers).get('authorization');
    calls.push(`${init?.method ?? 'GET'} ${url.pathname} ${auth} ${init?.body ?? ''}`);
    const json = (body: unknown) =>
      new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
    if (url.pathname === '/v1/me') {
      return json({
        id: 'a1',
        username: 'Ada',
        displayName: 'Ada',
        avatarUrl: null,
        handles: [{ site: 'x', handle: 'ada_x', status: 'claimed' }],
      });
    }
    if (url.pathname === '/v1/me/follow-imports') return json({ imports: [] });
    if (url.pathname === '/v1/me/bluesky/oauth') return json({ url: oauthUrl });
    return new Response(null, { status: 204 });
  });
  vi.stubGlobal('fetch', fetchMock);
  return calls;
}

function hub() {
  return createTestHub(new FakeRoomsApi(), { serviceUrl: async () => 'https://rooms.example' });
}

beforeEach(async () => {
  fakeBrowser.reset();
  await accountItem.setValue({
    token: 'secret-token',
    profile: { id: 'a1', username: 'Ada', displayName: 'Ada', avatarUrl: null },
  } as never);
});
afterEach(() => vi.unstubAllGlobals());

describe('linked accounts in the background', () => {
  it('answers the profile address and handles, calling the service with the session token', async () => {
    const calls = fakeService();
    const reply = await hub().handle(ask('identity:get'));
    expect(reply).toEqual({
      ok: true,
      value: {
        profileUrl: 'https://rooms.example/u/ada',
        handles: [{ site: 'x', handle: 'ada_x', status: 'claimed' }],
        imports: [],
      },
    });
    expect(calls.every((call) => call.includes('Bearer secret-token'))).toBe(true);
  });

  it('verifies: claims the handle keeping the others, then asks the service to check it', async () => {
    const calls = fakeService();
    await hub().handle(ask('identity:verify', { site: 'mastodon', handle: 'ada@social.example' }));
    expect(calls).toContain(
      'PATCH /v1/me Bearer secret-token {"handles":[{"site":"x","handle":"ada_x"},{"site":"mastodon","handle":"ada@social.example"}]}',
    );
    expect(calls).toContain(
      'POST /v1/me/handles/verify Bearer secret-token {"site":"mastodon","handle":"ada@social.example"}',
    );
  });

  it('opens the Bluesky authorization page in a tab, and nothing that is not a web page', async () => {
    fakeService();
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    expect(await hub().handle(ask('identity:bluesky-oauth', { handle: 'ada.bsky.social' }))).toEqual({
      ok: true,
      value: null,
    });
    expect(create).toHaveBeenCalledWith({ url: 'https://pds.example/oauth/authorize?request_uri=urn:x' });

    create.mockClear();
    fakeService('javascript:alert(1)');
    const refused = await hub().handle(ask('identity:bluesky-oauth', { handle: 'ada.bsky.social' }));
    expect(refused).toMatchObject({ ok: false });
    expect(create).not.toHaveBeenCalled();
  });
});
