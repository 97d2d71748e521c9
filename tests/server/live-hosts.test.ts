/** GET /v1/live-hosts: everyone live now on one site, for content scripts that match post authors locally. */
import { describe, expect, it } from 'vitest';
import { createDirectory } from '../../server/directory.ts';
import { createStores } from '../../server/store/stores.ts';
import { api, postRoom, signUpUser, type TestUser, useServiceFixture } from './support/service-fixture.ts';
import { markHandlesVerified } from './support/verified-handles.ts';

const fixture = useServiceFixture();

/** Claims the handles, then marks them verified as a passed proof would: only verified handles are listed. */
const claim = async (user: TestUser, handles: Array<{ site: string; handle: string }>) => {
  const response = await api(fixture.service, '/v1/me', {
    method: 'PATCH',
    token: user.token,
    body: { handles },
  });
  expect(response.status).toBe(200);
  await markHandlesVerified(fixture.service, user.id, handles);
};
const createRoom = async (host: TestUser, body: Record<string, unknown>) =>
  (await postRoom(fixture.service, host, body)).room;
const setListeners = (roomId: string, count: number) =>
  fixture.service.db.query('UPDATE rooms SET listener_count = $2 WHERE id = $1', [roomId, count]);
type Listed = { site: string; hosts: Array<{ handle: string; room: { id: string } }>; truncated: boolean };
const liveHosts = async (site: string) => {
  const response = await api(fixture.service, `/v1/live-hosts?site=${site}`);
  expect(response.status).toBe(200);
  return response.body as Listed;
};
/** This test's hosts only (others in the file share the service). */
const mine = (listed: Listed, suffix: string) => listed.hosts.filter((h) => h.handle.includes(suffix));

describe('GET /v1/live-hosts', () => {
  it('lists the live hosts of one site, normalized, most listeners first', async () => {
    const [busy, quiet, scheduled, ended, lost, idle] = await Promise.all(
      ['busy', 'quiet', 'sched', 'ended', 'lost', 'idle'].map((name) => signUpUser(fixture.service, name)),
    );
    const suffix = busy!.id.slice(0, 6).toLowerCase();
    await claim(busy!, [
      { site: 'x', handle: `@Busy_${suffix}` },
      { site: 'mastodon', handle: `@Busy@Social${suffix}.Example` },
    ]);
    await claim(quiet!, [
      { site: 'x', handle: `quiet_${suffix}` },
      { site: 'bsky', handle: `quiet${suffix}.bsky.social` },
    ]);
    await claim(scheduled!, [{ site: 'x', handle: `sched_${suffix}` }]);
    await claim(ended!, [{ site: 'x', handle: `ended_${suffix}` }]);
    await claim(lost!, [{ site: 'x', handle: `lost_${suffix}` }]);
    await claim(idle!, [{ site: 'x', handle: `idle_${suffix}` }]);

    const quietRoom = await createRoom(quiet!, { title: 'Quiet' });
    const busyRoom = await createRoom(busy!, { title: 'Busy' });
    // A host with two live rooms is listed once, with the busier one.
    const busyOther = await createRoom(busy!, { title: 'Busy, other' });
    await setListeners(busyRoom.id, 7);
    await setListeners(busyOther.id, 2);
    await setListeners(quietRoom.id, 1);
    await createRoom(scheduled!, {
      title: 'Later',
      scheduledFor: new Date(Date.now() + 3600_000).toISOString(),
    });
    const endedRoom = await createRoom(ended!, { title: 'Over' });
    expect(
      (
        await api(fixture.service, `/v1/rooms/${endedRoom.id}/end`, {
          method: 'POST',
          token: ended!.token,
          body: {},
        })
      ).status,
    ).toBeLessThan(300);
    const lostRoom = await createRoom(lost!, { title: 'Lost' });
    await fixture.service.db.query(
      'UPDATE rooms SET media_lost_at = now(), listener_count = 99 WHERE id = $1',
      [lostRoom.id],
    );

    const response = await api(fixture.service, '/v1/live-hosts?site=x');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=10');
    expect(response.body).toMatchObject({ site: 'x', truncated: false });
    expect(mine(response.body, suffix)).toEqual([
      {
        handle: `busy_${suffix}`,
        room: expect.objectContaining({ id: busyRoom.id, state: 'live', listenerCount: 7, title: 'Busy' }),
      },
      { handle: `quiet_${suffix}`, room: expect.objectContaining({ id: quietRoom.id, listenerCount: 1 }) },
    ]);

    const mastodon = await liveHosts('mastodon');
    expect(mastodon.site).toBe('mastodon');
    expect(mine(mastodon, suffix)).toEqual([
      { handle: `busy@social${suffix}.example`, room: expect.objectContaining({ id: busyRoom.id }) },
    ]);
    const bsky = await liveHosts('bsky');
    expect(mine(bsky, suffix)).toEqual([
      { handle: `quiet${suffix}.bsky.social`, room: expect.objectContaining({ id: quietRoom.id }) },
    ]);

    // Whole list order: listener counts never go up along it.
    const counts = (await liveHosts('x')).hosts.map(
      (h) => (h.room as unknown as { listenerCount: number }).listenerCount,
    );
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });

  it('caps the list and says when it did (limit + 1 fetched)', async () => {
    const hosts = await Promise.all([1, 2, 3].map(() => signUpUser(fixture.service, 'many')));
    const suffix = hosts[0]!.id.slice(0, 6).toLowerCase();
    const rooms: string[] = [];
    for (const [i, host] of hosts.entries()) {
      await claim(host, [{ site: 'bsky', handle: `many${i}${suffix}.bsky.social` }]);
      const room = await createRoom(host, { title: `Many ${i}` });
      // Far busier than anything else in this file, so these three lead the list.
      await setListeners(room.id, 10_000 + i);
      rooms.push(room.id);
    }
    const directory = createDirectory({ db: fixture.service.db, publicUrl: fixture.service.url });
    const two = await directory.liveHosts('bsky', 2);
    expect(two.truncated).toBe(true);
    expect(two.hosts.map((h) => h.room.id)).toEqual([rooms[2], rooms[1]]);
    const all = await directory.liveHosts('bsky', 1000);
    expect(all.truncated).toBe(false);
    expect(all.hosts.slice(0, 3).map((h) => h.handle)).toEqual(
      [2, 1, 0].map((i) => `many${i}${suffix}.bsky.social`),
    );

    const stores = createStores(fixture.service.db);
    expect(await stores.rooms.liveHostsOnSite('bsky', 3)).toHaveLength(3);
    expect((await stores.rooms.liveHostsOnSite('bsky', 1)).map((h) => h.room.id)).toEqual([rooms[2]]);
  });

  it('never lists a handle only claimed, even by many accounts at once', async () => {
    const [impostor, other] = await Promise.all(
      ['impostor', 'other'].map((n) => signUpUser(fixture.service, n)),
    );
    const suffix = impostor!.id.slice(0, 6).toLowerCase();
    const famous = [{ site: 'bsky', handle: `famous${suffix}.bsky.social` }];
    for (const user of [impostor!, other!]) {
      const response = await api(fixture.service, '/v1/me', {
        method: 'PATCH',
        token: user.token,
        body: { handles: famous },
      });
      expect(response.status).toBe(200);
      expect(response.body.handles).toEqual([{ ...famous[0], status: 'claimed', verifiedAt: null }]);
    }
    await createRoom(impostor!, { title: 'Not who you think' });
    expect(mine(await liveHosts('bsky'), suffix)).toEqual([]);
    const lookup = await api(fixture.service, '/v1/live-lookup', {
      method: 'POST',
      body: { handles: famous },
    });
    expect(lookup.body.matches).toEqual([]);
  });

  it.each([
    ['a missing site', '/v1/live-hosts'],
    ['an unknown site', '/v1/live-hosts?site=myspace'],
    ['an empty site', '/v1/live-hosts?site='],
    ['a site in another case', '/v1/live-hosts?site=X'],
  ])('refuses %s with 400 invalid_query', async (_name, path) => {
    const response = await api(fixture.service, path);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      error: { code: 'invalid_query', message: 'site must be one of x, bsky, mastodon' },
    });
  });
});
