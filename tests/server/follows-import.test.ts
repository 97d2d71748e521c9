/**
 * Importing who a user follows on Mastodon (the instance's API, as support/fake-mastodon.ts answers it
 * after mastodon/mastodon), matched through verified handles, synced on demand and periodically, removable
 * at once, private. Bluesky's import against the real AppView: follows-import-bluesky.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { openSse } from '../../scripts/lib/sse-reader.ts';
import type { OutboundSettings } from '../../server/identity/outbound-fetch.ts';
import { FakeMastodon } from './support/fake-mastodon.ts';
import { api, postRoom, signUpUser, type TestUser, useServiceFixture } from './support/service-fixture.ts';
import { useForFile } from './support/use-for-file.ts';

const outbound: OutboundSettings = { allowPrivateNetworks: true, timeoutMs: 1500, hostRules: {} };
const fixture = useServiceFixture({
  identity: { outbound, recheckEveryMs: 300, recheckAfterMs: 60_000, follows: { syncAfterMs: 500 } },
});
const fake = useForFile(async () => {
  const server = await FakeMastodon.start();
  Object.assign(outbound.hostRules!, server.rules('social.example', 'other.example'));
  return server;
});

const profileUrl = (user: TestUser) => `${fixture.service.url}/u/${user.username.toLowerCase()}`;

/** An Earshot user with a verified Mastodon handle `<name>@<domain>` on the fake instance. */
async function mastodonUser(prefix: string, domain = 'social.example', following: string[] = []) {
  const user = await signUpUser(fixture.service, prefix);
  const name = user.username.slice(-8).toLowerCase();
  const account = fake.add({
    username: name,
    domain,
    following,
    fields: [{ name: 'Earshot', value: profileUrl(user) }],
  });
  const verified = await api(fixture.service, '/v1/me/handles/verify', {
    method: 'POST',
    token: user.token,
    body: { site: 'mastodon', handle: `${name}@${domain}` },
  });
  expect(verified.status).toBe(200);
  return { user, account, acct: `${name}@${domain}` };
}

const importedRooms = async (user: TestUser) =>
  (await api(fixture.service, '/v1/me/imported-rooms', { token: user.token })).body;

describe('following imported from Mastodon', () => {
  it('matches followed hosts through verified handles, marks where the follow comes from, removes at once', async () => {
    const host = await mastodonUser('host');
    const other = await mastodonUser('far', 'other.example');
    const claimer = await signUpUser(fixture.service, 'claim');
    await api(fixture.service, '/v1/me', {
      method: 'PATCH',
      token: claimer.token,
      body: { handles: [{ site: 'mastodon', handle: 'famous@social.example' }] },
    });
    fake.add({ username: 'famous', domain: 'social.example' });
    // 200 more follows than one page holds, so the Link header pagination is walked.
    const filler = Array.from({ length: 200 }, (_, i) => `filler${i}@social.example`);
    const me = await mastodonUser('me', 'social.example', [
      host.acct,
      other.acct,
      'famous@social.example',
      ...filler,
    ]);
    const hostRoom = (await postRoom(fixture.service, host.user, { title: 'Followed there' })).room;
    const otherRoom = (await postRoom(fixture.service, other.user, { title: 'Across instances' })).room;
    await postRoom(fixture.service, claimer, { title: 'Only claimed' });

    const synced = await api(fixture.service, '/v1/me/follow-imports/mastodon', {
      method: 'PUT',
      token: me.user.token,
    });
    expect(synced.status).toBe(200);
    expect(synced.headers.get('cache-control')).toBe('private, no-store');
    expect(synced.body).toEqual({
      site: 'mastodon',
      handle: me.acct,
      followCount: 203,
      truncated: false,
      syncedAt: expect.any(String),
    });
    const rooms = await importedRooms(me.user);
    expect(rooms.live.map((r: { id: string; via: string[] }) => [r.id, r.via]).sort()).toEqual(
      [
        [hostRoom.id, ['mastodon']],
        [otherRoom.id, ['mastodon']],
      ].sort(),
    );
    // Nobody else learns who follows whom: imported follows are not Earshot follows, nor shown anywhere public.
    const following = await api(fixture.service, `/v1/accounts/${me.user.username}/following`);
    expect(following.body.accounts).toEqual([]);
    const followers = await api(fixture.service, `/v1/accounts/${host.user.username}/followers`);
    expect(followers.body.accounts).toEqual([]);
    const profile = JSON.stringify((await api(fixture.service, `/v1/accounts/${me.user.username}`)).body);
    expect(profile).not.toContain(host.acct);
    expect(profile).not.toContain('import');
    expect((await api(fixture.service, '/v1/me/imported-rooms')).status).toBe(401);
    expect((await importedRooms(host.user)).live).toEqual([]);

    const again = await api(fixture.service, '/v1/me/follow-imports/mastodon', {
      method: 'PUT',
      token: me.user.token,
    });
    expect(again.status).toBe(429);

    const removed = await api(fixture.service, '/v1/me/follow-imports/mastodon', {
      method: 'DELETE',
      token: me.user.token,
    });
    expect(removed.status).toBe(204);
    expect(await importedRooms(me.user)).toEqual({ live: [], upcoming: [] });
    expect((await api(fixture.service, '/v1/me/follow-imports', { token: me.user.token })).body).toEqual({
      imports: [],
    });
    const [row] = await fixture.service.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM imported_follows WHERE account_id = $1',
      [me.user.id],
    );
    expect(row?.n).toBe(0);
  });

  it('keeps the previous list when the instance fails midway (nothing half-saved), and syncs periodically', async () => {
    const host = await mastodonUser('late');
    const filler = Array.from({ length: 100 }, (_, i) => `f${i}@other.example`);
    const me = await mastodonUser('sync', 'other.example', [...filler]);
    expect(
      (await api(fixture.service, '/v1/me/follow-imports/mastodon', { method: 'PUT', token: me.user.token }))
        .body.followCount,
    ).toBe(100);

    fake.faults.set('other.example', { kind: 'next-page-down' });
    me.account.following = [host.acct, ...filler];
    await fixture.service.db.query(
      "UPDATE follow_imports SET synced_at = now() - interval '1 hour' WHERE account_id = $1",
      [me.user.id],
    );
    const failed = await api(fixture.service, '/v1/me/follow-imports/mastodon', {
      method: 'PUT',
      token: me.user.token,
    });
    expect(failed.status).toBe(502);
    expect(failed.body.error.message).toContain('other.example could not be reached');
    const status = (await api(fixture.service, '/v1/me/follow-imports', { token: me.user.token })).body
      .imports;
    expect(status).toEqual([expect.objectContaining({ followCount: 100 })]);

    // The instance comes back: the periodic job (syncAfterMs 500) picks the new follow up by itself.
    fake.faults.delete('other.example');
    const room = (await postRoom(fixture.service, host.user, { title: 'Picked up by the sync' })).room;
    await expect
      .poll(async () => (await importedRooms(me.user)).live.map((r: { id: string }) => r.id), {
        timeout: 8000,
        interval: 200,
      })
      .toEqual([room.id]);
  });

  it('puts those rooms in the directory marked followedVia, and tells the follower when they go live', async () => {
    const host = await mastodonUser('dirhost');
    const earshotHost = await signUpUser(fixture.service, 'plain');
    const me = await mastodonUser('dirme', 'social.example', [host.acct]);
    await api(fixture.service, `/v1/me/following/${earshotHost.username}`, {
      method: 'PUT',
      token: me.user.token,
    });
    expect(
      (await api(fixture.service, '/v1/me/follow-imports/mastodon', { method: 'PUT', token: me.user.token }))
        .status,
    ).toBe(200);
    const events = await openSse(`${fixture.service.url}/v1/events`, me.user.token);
    try {
      await events.next((e) => e.event === 'ready');
      const room = (await postRoom(fixture.service, host.user, { title: 'Heard of on Mastodon' })).room;
      const live = await events.next((e) => e.event === 'room.live');
      expect(JSON.parse(live.data).room).toMatchObject({ id: room.id, state: 'live' });
      const earshotRoom = (await postRoom(fixture.service, earshotHost, { title: 'Followed here' })).room;
      const directory = (await api(fixture.service, '/v1/directory', { token: me.user.token })).body;
      const shown = Object.fromEntries(
        directory.live.map((r: { id: string; followedVia?: string[] }) => [r.id, r.followedVia ?? 'earshot']),
      );
      expect(shown).toEqual({ [room.id]: ['mastodon'], [earshotRoom.id]: 'earshot' });
    } finally {
      events.close();
    }
  });

  it('needs a verified handle on that site first', async () => {
    const user = await signUpUser(fixture.service, 'nolink');
    const response = await api(fixture.service, '/v1/me/follow-imports/mastodon', {
      method: 'PUT',
      token: user.token,
    });
    expect(response.status).toBe(422);
    expect(
      (await api(fixture.service, '/v1/me/follow-imports/x', { method: 'PUT', token: user.token })).status,
    ).toBe(404);
  });
});
