/** Importing who a user follows on Bluesky through the real AppView (@atproto/dev-env), matched by DID. */
import { describe, expect, it } from 'vitest';
import type { IdentitySettings } from '../../server/identity/handle-verification.ts';
import { type BlueskyUser, startBlueskyNetwork } from './support/bluesky-network.ts';
import { api, postRoom, signUpUser, type TestUser, useServiceFixture } from './support/service-fixture.ts';
import { useForFile } from './support/use-for-file.ts';

const identity: IdentitySettings = { recheckEveryMs: 0 };
const bluesky = useForFile(async () => {
  const started = await startBlueskyNetwork();
  identity.outbound = started.outbound;
  identity.plcUrl = started.plcUrl;
  identity.follows = { appviewUrl: started.appviewUrl };
  return started;
});
const fixture = useServiceFixture({ identity });

/** An Earshot user whose Bluesky account `<name>.test` is verified. */
async function linked(name: string): Promise<{ user: TestUser; account: BlueskyUser }> {
  const user = await signUpUser(fixture.service, name);
  const account = await bluesky.createUser(name);
  await bluesky.setDescription(account, `${fixture.service.url}/u/${user.username.toLowerCase()}`);
  const verified = await api(fixture.service, '/v1/me/handles/verify', {
    method: 'POST',
    token: user.token,
    body: { site: 'bsky', handle: account.handle },
  });
  expect(verified.status).toBe(200);
  return { user, account };
}

describe('following imported from Bluesky (real AppView)', () => {
  it('imports getFollows, matches hosts by DID (even after a handle change), and removes at once', async () => {
    const me = await linked('readerone');
    const host = await linked('hostone');
    const stranger = await bluesky.createUser('someoneelse');
    await bluesky.follow(me.account, [host.account.did, stranger.did]);
    const room = (await postRoom(fixture.service, host.user, { title: 'From Bluesky' })).room;

    const synced = await api(fixture.service, '/v1/me/follow-imports/bsky', {
      method: 'PUT',
      token: me.user.token,
    });
    expect(synced.status).toBe(200);
    expect(synced.body).toMatchObject({
      site: 'bsky',
      handle: 'readerone.test',
      followCount: 2,
      truncated: false,
    });
    const rooms = (await api(fixture.service, '/v1/me/imported-rooms', { token: me.user.token })).body;
    expect(rooms.live).toEqual([expect.objectContaining({ id: room.id, via: ['bsky'] })]);
    // Matched by DID: the host changing handle changes nothing.
    await bluesky.changeHandle(host.account, 'hostone-renamed.test');
    const after = (await api(fixture.service, '/v1/me/imported-rooms', { token: me.user.token })).body;
    expect(after.live.map((r: { id: string }) => r.id)).toEqual([room.id]);

    const removed = await api(fixture.service, '/v1/me/follow-imports/bsky', {
      method: 'DELETE',
      token: me.user.token,
    });
    expect(removed.status).toBe(204);
    expect((await api(fixture.service, '/v1/me/imported-rooms', { token: me.user.token })).body.live).toEqual(
      [],
    );
  });
});
